// The demo's live panel: the events of this page's app (`<div id="inspector" data-app-id="...">`) that reached
// the loopback collector, the last LIMIT of them, with the identifiers of each event highlighted, plus the level
// in force and the cookies and localStorage keys of this page. Without data-app-id it shows every app's events.
(function () {
  var LIMIT = 50;
  var IDENTIFIERS = [
    ['uid', 'user id'],
    ['duid', 'device id'],
    ['sid', 'session id'],
    ['vid', 'session index'],
  ];
  var NULL_UUID = '00000000-0000-0000-0000-000000000000';

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

  function renderRequest(capture, appId) {
    var events = capture.events.filter(function (event) {
      return !appId || event.aid === appId;
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

  function start() {
    var panel = document.getElementById('inspector');
    if (!panel) return;
    var appId = panel.getAttribute('data-app-id') || '';
    var query = appId ? '?aid=' + encodeURIComponent(appId) : '';
    var level = el('p', { class: 'level' });
    var storage = el('div', { class: 'storage' });
    var count = el('p', { class: 'count', role: 'status' });
    var clear = el('button', { type: 'button', text: 'Clear the list' });
    var log = el('div', { class: 'log' });
    var dropped = 0;
    panel.appendChild(
      el('h2', { text: appId ? 'What reaches the collector from app "' + appId + '"' : 'What reaches the collector' }),
    );
    panel.appendChild(level);
    panel.appendChild(storage);
    panel.appendChild(el('div', { class: 'log-bar' }, [count, clear]));
    panel.appendChild(log);

    // The element's own `level` arrives with its UI stage, which a returning visitor's page never loads; until
    // then the drop-in's global API, or the last consent-change, tells the level.
    var lastLevel;
    function levelInForce() {
      var banner = document.querySelector('consent-banner');
      if (banner && banner.level) return banner.level;
      if (banner && window.ConsentBanner) return window.ConsentBanner.getLevel();
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
        renderRequest(capture, appId).forEach(function (node) {
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
        dropped = data.earlier || 0;
        return add(data.history);
      }
      add([data]);
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
