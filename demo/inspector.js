// The demo's live panel: every request that reached the loopback collector, with the identifiers of each
// event highlighted, plus the level in force and the cookies and localStorage keys of this page.
(function () {
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

  /** What a Snowplow pipeline would reject in this event (the collector checks the Iglu schemas). */
  function schemaProblems(capture, index) {
    return (capture.schemaProblems || []).filter(function (problem) {
      var own = problem.indexOf('event ' + index + ' (') === 0;
      var wholeRequest = problem.indexOf('event ') !== 0;
      return own || (wholeRequest && index === 0);
    });
  }

  function renderRequest(capture) {
    return capture.events.map(function (event, index) {
      var session = sessionUserId(event);
      var fields = IDENTIFIERS.map(function (pair) {
        var value = event[pair[0]];
        return field(pair[1] + ' (' + pair[0] + ')', value, value !== undefined && value !== '');
      });
      fields.push(field('client_session.userId', session, session !== undefined && session !== NULL_UUID));
      fields.push(field('network user id (collector cookie)', capture.networkUserId, capture.networkUserId !== NULL_UUID));
      fields.push(field('IP address', capture.ipAddress, capture.ipAddress !== 'unknown'));
      fields.push(field('SP-Anonymous header', capture.headers.spAnonymous, capture.headers.spAnonymous !== null, true));
      schemaProblems(capture, index).forEach(function (problem) {
        fields.push(
          el('li', { class: 'sent' }, [
            el('span', { class: 'label', text: 'rejected by the pipeline' }),
            el('code', { text: problem }),
          ]),
        );
      });
      return el('article', { class: 'event' }, [
        el('h3', {
          text: eventName(event) + ' · ' + new Date(capture.time).toLocaleTimeString() + ' · app ' + (event.aid || '?'),
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
    var level = el('p', { class: 'level' });
    var storage = el('div', { class: 'storage' });
    var log = el('div', { class: 'log', 'aria-live': 'polite' });
    panel.appendChild(el('h2', { text: 'What reaches the collector' }));
    panel.appendChild(level);
    panel.appendChild(storage);
    panel.appendChild(log);

    function refreshState() {
      var banner = document.querySelector('consent-banner');
      level.textContent = 'Level in force: ' + (banner && banner.level ? banner.level : '(no element)');
      var state = storageList();
      storage.replaceChildren(
        el('p', { text: 'Cookies: ' + (state.cookies.join(', ') || 'none') }),
        el('p', { text: 'localStorage: ' + (state.keys.join(', ') || 'none') }),
      );
    }
    document.addEventListener('consent-change', function () {
      setTimeout(refreshState, 50);
    });
    setInterval(refreshState, 1000);
    refreshState();

    var source = new EventSource('/collector/__stream');
    source.onmessage = function (message) {
      var data = JSON.parse(message.data);
      var captures = data.history ? data.history : [data];
      captures.forEach(function (capture) {
        renderRequest(capture).forEach(function (node) {
          log.appendChild(node);
        });
      });
      // Newest at the bottom, scrolled into view: inserting at the top would shift the events on screen.
      log.scrollTop = log.scrollHeight;
      refreshState();
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
