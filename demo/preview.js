// The playground's preview: one page of a site with a <consent-banner> whose attributes are this page's address
// (`?default-level=none&purposes=marketing&strings={...}`, made by playground-config.js), sending to the loopback
// collector as app "playground". Runs before the drop-in, so that the library's warnings on those settings are
// kept and shown by the playground around this frame.
(function () {
  var PREFIX = '[consent-banner]';
  /**
   * Attributes the playground decides (its SETTINGS but collector and app-id), and `region`, which the screenshots
   * set for the opt-out pictures; anything else in the address is not the element's.
   */
  var ATTRIBUTES = [
    'page-view',
    'privacy-url',
    'default-level',
    'accept-level',
    'reject-level',
    'levels',
    'purposes',
    'strings',
    'reopen',
    'position',
    'theme',
    'modal',
    'lang',
    'cookie-days',
    'policy-version',
    'google-consent-mode',
    'region',
  ];
  var params = new URLSearchParams(location.search);

  window.consentWarnings = [];
  var warn = console.warn;
  console.warn = function () {
    var text = Array.prototype.join.call(arguments, ' ');
    if (text.indexOf(PREFIX) === 0) {
      window.consentWarnings.push(text);
      if (window.parent !== window) window.parent.postMessage({ consentWarning: text }, location.origin);
    }
    return warn.apply(console, arguments);
  };

  function place() {
    var element = document.createElement('consent-banner');
    element.setAttribute('collector', '/collector');
    element.setAttribute('app-id', 'playground');
    if (!params.has('privacy-url')) element.setAttribute('privacy-url', '/demo/privacy.html');
    ATTRIBUTES.forEach(function (name) {
      if (params.has(name)) element.setAttribute(name, params.get(name));
    });
    // ?embeds=on (the screenshots): a video and a widget that wait for their purposes, with their placeholders
    // meanwhile, which speak the language of where they stand.
    if (params.get('embeds') === 'on') {
      var embeds = document.createElement('section');
      if (params.has('lang')) embeds.lang = params.get('lang');
      embeds.innerHTML =
        '<h2>Embedded content</h2>' +
        '<iframe title="A video" width="480" height="270" data-consent-purpose="functional" data-consent-service="YouTube"' +
        ' data-src="/demo/privacy.html"></iframe>' +
        '<template data-consent-purpose="marketing" data-consent-service="Example Ads">' +
        '<p>The advertising widget is here.</p></template>';
      document.querySelector('main').prepend(embeds);
    }
    document.body.appendChild(element);
    // ?view=preferences (the screenshots): the preferences open as soon as the level is applied.
    if (params.get('view') === 'preferences') {
      element.addEventListener('consent-ready', function () {
        setTimeout(function () {
          window.ConsentBanner.showPreferences();
        });
      });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', place);
  else place();
})();
