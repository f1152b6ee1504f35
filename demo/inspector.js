// The demo's live panel: the events of this page's app (`<div id="inspector" data-app-id="...">`) that reached
// the loopback collector, the last LIMIT of them, with the identifiers of each event highlighted, plus the level
// in force and the cookies and localStorage keys of this page. Without data-app-id it shows every app's events.
// A page that starts without a stored decision is a first visit: its list starts with this page's events, not
// with those of earlier visits (told apart by the time the tracker created them, `dtm`, against this page's start).
(function () {
  var LIMIT = 50;
  var IDENTIFIERS = [
    ['uid', 'user id'],
    ['duid', 'device id'],
    ['sid', 'session id'],
    ['vid', 'session index'],
  ];
  var NULL_UUID = '00000000-0000-0000-0000-000000000000';
  var CONSENT_COOKIE = 'consent_banner';
  /** What the panel shows, for the visitor of the demo who has not read the README's levels table. */
  var LEGEND = [
    [
      'Level in force',
      'The consent level the element applies now, from the most data to the least: full, session, anonymous, cookieless, none (no event leaves the page).',
    ],
    ['Orange', 'An identifier left the browser with this event, or the collector recorded one.'],
    ['Green', 'Nothing identifying here: the field was empty, or the protective header was sent.'],
    ['user id (uid)', 'The id the site gives a signed-in visitor (identify()). Sent at full only.'],
    ['device id (duid)', "The tracker's id for this browser, kept in its _sp_id cookie. Sent at full only."],
    [
      'session id (sid), session index (vid)',
      "This visit and the visit's number, from the tracker's cookies: at full and session.",
    ],
    ['client_session.userId', 'The device id again, inside the session entity: the null UUID at session.'],
    [
      'network user id',
      "The collector's own cookie (sp) for this browser, the same on every site that uses the collector; the null UUID when SP-Anonymous is sent.",
    ],
    ['IP address', 'What the collector records of the visitor\'s address; "unknown" when SP-Anonymous is sent.'],
    [
      'SP-Anonymous header',
      'Asks the collector to keep neither the IP address nor its cookie. Sent at cookieless; its presence protects (green).',
    ],
    ['rejected by the pipeline', 'Why a Snowplow pipeline would refuse the event (checked against its schemas).'],
    ['Cookies, localStorage', 'The names this page keeps in the browser: what a level leaves behind.'],
  ];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  /** `sent`: the identifier left the browser (highlighted); `protective`: its presence protects the visitor. */
  function field(label, value, sent, protective) {
    var leaks = protective ? !sent : sent;
    return el('li', { class: leaks ? 'sent' : 'absent' }, [
      el('span', { class: 'label', text: label }),
      el('code', { text: sent ? String(value) : '—' }),
    ]);
  }

  function sessionUserId(event) {
    var entity = (event.entities || []).filter(function (e) {
      return e.schema.indexOf('/client_session/') > 0;
    })[0];
    return entity ? entity.data.userId : undefined;
  }

  function eventName(event) {
    if (event.e === 'pv') return 'page view';
    if (event.e === 'ue' && event.selfDescribing) return event.selfDescribing.schema.split('/')[1];
    if (event.e === 'se') return 'structured: ' + event.se_ca + ' / ' + event.se_ac;
    return event.e;
  }

  /**
   * What a Snowplow pipeline would reject in this event (the collector checks the Iglu schemas): its own problems
   * ("event 2 (e=pv, eid ...): ..."), and those of the whole request with the first event shown.
   */
  function schemaProblems(capture, event, first) {
    return (capture.schemaProblems || []).filter(function (problem) {
      if (problem.indexOf('event ') !== 0) return first;
      return event.eid !== undefined && problem.indexOf('eid ' + event.eid + ')') > 0;
    });
  }

  /** `since`: events the tracker created before it (an earlier visit's) are left out; 0 shows all. */
  function renderRequest(capture, appId, since) {
    var events = capture.events.filter(function (event) {
      return (!appId || event.aid === appId) && !(Number(event.dtm) < since);
    });
    return events.map(function (event, index) {
      var session = sessionUserId(event);
      var fields = IDENTIFIERS.map(function (pair) {
        var value = event[pair[0]];
        return field(pair[1] + ' (' + pair[0] + ')', value, value !== undefined && value !== '');
      });
      fields.push(field('client_session.userId', session, session !== undefined && session !== NULL_UUID));
      fields.push(field('network user id (collector cookie)', capture.networkUserId, capture.networkUserId !== NULL_UUID));
      fields.push(field('IP address', capture.ipAddress, capture.ipAddress !== 'unknown'));
      fields.push(field('SP-Anonymous header', capture.headers.spAnonymous, capture.headers.spAnonymous !== null, true));
      schemaProblems(capture, event, index === 0).forEach(function (problem) {
        fields.push(
          el('li', { class: 'sent' }, [
            el('span', { class: 'label', text: 'rejected by the pipeline' }),
            el('code', { text: problem }),
          ]),
        );
      });
      return el('article', { class: 'event' }, [
        el('h3', {
          text:
            eventName(event) +
            ' · ' +
            new Date(capture.time).toLocaleTimeString() +
            (appId ? '' : ' · app ' + (event.aid || '?')),
        }),
        el('ul', { class: 'fields' }, fields),
      ]);
    });
  }

  function storageList() {
    var cookies = document.cookie
      ? document.cookie.split(';').map(function (c) {
          return c.split('=')[0].trim();
        })
      : [];
    var keys;
    try {
      keys = Object.keys(localStorage);
    } catch {
      keys = ['(localStorage unavailable)'];
    }
    return { cookies: cookies, keys: keys };
  }

  function hasCookie(name) {
    return document.cookie.split(';').some(function (part) {
      return part.split('=')[0].trim() === name;
    });
  }

  function legend() {
    var list = el('dl', { class: 'legend' });
    LEGEND.forEach(function (pair) {
      list.appendChild(el('dt', { text: pair[0] }));
      list.appendChild(el('dd', { text: pair[1] }));
    });
    return el('details', { class: 'legend-box' }, [el('summary', { text: 'How to read this panel' }), list]);
  }

  function start() {
    var panel = document.getElementById('inspector');
    if (!panel) return;
    var appId = panel.getAttribute('data-app-id') || '';
    var query = appId ? '?aid=' + encodeURIComponent(appId) : '';
    var level = el('p', { class: 'level' });
    var storage = el('div', { class: 'storage' });
    var count = el('p', { class: 'count', role: 'status' });
    var clear = el('button', { type: 'button', text: 'Clear the list' });
    // A region of its own that keyboard users can scroll (a focusable box, named for screen readers).
    var log = el('div', { class: 'log', tabindex: '0', role: 'region', 'aria-label': 'Events received by the collector' });
    var dropped = 0;
    var since = hasCookie(panel.getAttribute('data-cookie-name') || CONSENT_COOKIE) ? 0 : Math.floor(performance.timeOrigin);
    var firstVisit = el('p', {
      class: 'hint',
      text: since ? 'A first visit: events of earlier visits are not listed.' : 'Events of earlier visits are listed too.',
    });
    panel.appendChild(
      el('h2', { text: appId ? 'What reaches the collector from app "' + appId + '"' : 'What reaches the collector' }),
    );
    panel.appendChild(legend());
    panel.appendChild(level);
    panel.appendChild(storage);
    panel.appendChild(firstVisit);
    panel.appendChild(el('div', { class: 'log-bar' }, [count, clear]));
    panel.appendChild(log);

    // The element's own `level` arrives with its UI stage, which a returning visitor's page never loads; until
    // then the drop-in's global API, or the last consent-change, tells the level.
    var lastLevel;
    // `data-frame="<id>"`: the element is in that frame (the playground's preview), the same origin as this page.
    var frameId = panel.getAttribute('data-frame');
    function levelInForce() {
      var frame = frameId ? document.getElementById(frameId) : null;
      var page = frame ? frame.contentWindow : window;
      var banner = page && page.document.querySelector('consent-banner');
      if (banner && banner.level) return banner.level;
      if (banner && page.ConsentBanner) return page.ConsentBanner.getLevel();
      if (frame) return banner ? '(not decided yet)' : '(no element)';
      return lastLevel || (banner ? '(not decided yet)' : '(no element)');
    }
    function refreshState() {
      level.textContent = 'Level in force: ' + levelInForce();
      var state = storageList();
      storage.replaceChildren(
        el('p', { text: 'Cookies: ' + (state.cookies.join(', ') || 'none') }),
        el('p', { text: 'localStorage: ' + (state.keys.join(', ') || 'none') }),
      );
    }
    ['consent-ready', 'consent-change'].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (event.detail && event.detail.level) lastLevel = event.detail.level;
        setTimeout(refreshState, 50);
      });
    });
    setInterval(refreshState, 1000);
    refreshState();

    function refreshCount() {
      var shown = log.children.length;
      var text;
      if (shown === 0 && dropped === 0) text = appId ? 'No event from this app yet.' : 'No event yet.';
      else if (dropped === 0) text = shown === 1 ? '1 event.' : shown + ' events.';
      else text = 'The last ' + shown + ' events; ' + dropped + ' earlier ' + (dropped === 1 ? 'one' : 'ones') + ' dropped.';
      count.textContent = text;
    }

    function empty() {
      log.replaceChildren();
      dropped = 0;
      refreshCount();
    }

    clear.addEventListener('click', function () {
      // The server forgets the list too (for this app only), so that a reload or another tab starts empty.
      empty();
      fetch('/collector/__stream' + query, { method: 'DELETE' }).catch(function () {});
    });

    function add(captures) {
      captures.forEach(function (capture) {
        renderRequest(capture, appId, since).forEach(function (node) {
          log.appendChild(node);
        });
      });
      while (log.children.length > LIMIT) {
        log.removeChild(log.firstChild);
        dropped++;
      }
      // Newest at the bottom, scrolled into view: inserting at the top would shift the events on screen.
      log.scrollTop = log.scrollHeight;
      refreshCount();
      refreshState();
    }

    refreshCount();
    var source = new EventSource('/collector/__stream' + query + (query ? '&' : '?') + 'last=' + LIMIT);
    source.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.cleared !== undefined) return empty();
      if (data.history) {
        // The first message, again after a reconnection: the list starts over from it.
        log.replaceChildren();
        // On a first visit, the events left out of the history are earlier visits': not "dropped" from this one.
        dropped = since ? 0 : data.earlier || 0;
        return add(data.history);
      }
      add([data]);
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
