// The playground: the element's look and language come from the page address (?lang=ar&theme=dark...),
// so every state can be linked to, and screenshotted by scripts/screenshots.mjs.
(function () {
  var params = new URLSearchParams(location.search);
  var element = document.createElement('consent-banner');
  element.setAttribute('collector', '/collector');
  element.setAttribute('app-id', 'playground');
  element.setAttribute('privacy-url', '/demo/privacy.html');
  ['lang', 'theme', 'position', 'purposes', 'region'].forEach(function (name) {
    if (params.get(name)) element.setAttribute(name, params.get(name));
  });
  if (params.get('modal') === 'on') element.setAttribute('modal', '');
  // ?purposes=functional+marketing+chat: the site's own "chat" gets its texts here.
  if (params.get('purposes')) {
    element.setAttribute(
      'strings',
      JSON.stringify({
        purposes: {
          marketing: { services: 'Example Ads' },
          chat: { title: 'Live chat', description: 'A chat window to ask us questions.', services: 'ChatCo' },
        },
      }),
    );
  }
  // ?region=US-CA: an opt-out region shows its "Your privacy choices" control, which a page control of its
  // own (the playground's "Privacy settings" button) would replace.
  if (params.get('region')) {
    document.querySelectorAll('[data-consent-open]').forEach(function (opener) {
      opener.removeAttribute('data-consent-open');
    });
  }
  // ?embeds=on: a video and a widget that wait for their purposes, with their placeholders meanwhile.
  if (params.get('embeds') === 'on') {
    var embeds = document.createElement('section');
    embeds.className = 'embeds';
    // Placeholders speak the language of where they stand.
    if (params.get('lang')) embeds.lang = params.get('lang');
    embeds.innerHTML =
      '<h2>Embedded content</h2>' +
      '<iframe title="A video" width="480" height="270" data-consent-purpose="functional" data-consent-service="YouTube"' +
      ' data-src="/demo/privacy.html"></iframe>' +
      '<template data-consent-purpose="marketing" data-consent-service="Example Ads">' +
      '<p>The advertising widget is here.</p></template>';
    document.querySelector('main').prepend(embeds);
  }
  document.body.appendChild(element);
  // The global API works before the banner's UI has loaded (a returning visitor's page loads none); the
  // element's own methods arrive with it.
  if (params.get('view') === 'preferences') {
    element.addEventListener('consent-ready', function () {
      setTimeout(function () {
        window.ConsentBanner.showPreferences();
      });
    });
  }
  /** The element once its UI stage has defined it; loading that stage means asking for the preferences. */
  function upgraded() {
    if (typeof element.reset === 'function') return Promise.resolve(element);
    window.ConsentBanner.showPreferences();
    return customElements.whenDefined('consent-banner').then(function () {
      return element;
    });
  }

  var form = document.getElementById('settings');
  Array.prototype.forEach.call(form.elements, function (field) {
    if (!field.name) return;
    if (field.type === 'checkbox') field.checked = params.get(field.name) === 'on';
    else if (params.get(field.name)) field.value = params.get(field.name);
  });
  // Nothing happens until Apply (a reload that forgets the choice is not something a select should do by
  // itself); until then, the page says that what the form shows is not what the banner shows.
  var applied = new URLSearchParams(new FormData(form)).toString();
  var pending = document.getElementById('pending');
  form.addEventListener('change', function () {
    var changed = new URLSearchParams(new FormData(form)).toString() !== applied;
    pending.textContent = changed ? 'Not applied yet: press Apply to see it.' : '';
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var next = new URLSearchParams(new FormData(form));
    upgraded().then(function (banner) {
      banner.reset();
      location.search = next.toString();
    });
  });
})();
