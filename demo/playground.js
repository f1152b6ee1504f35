// The playground: a form of every setting a site owner decides, a preview page (preview.html in a frame) that
// each change re-creates with those settings, and the code to copy for them. The form's state is the page's
// address, so that every state has a link of its own.
import { cmsSnippet, dropInTag, elementMarkup, previewQuery } from './playground-config.js';

var form = document.getElementById('settings');
var frame = document.getElementById('preview');
var forgetOnChange = document.getElementById('forget-on-change');
var previewState = document.getElementById('preview-state');
var warningsBox = document.getElementById('warnings');
var stringsProblem = document.getElementById('more-strings-problem');
var copied = document.getElementById('copied');
var APP_ID = 'playground';
var template;

// --- The form and the address ------------------------------------------------------------------------------

/** Fills the form from the address; with no address, the form's own defaults stay. */
function restoreForm() {
  var params = new URLSearchParams(location.search);
  if ([...params.keys()].length === 0) return;
  Array.prototype.forEach.call(form.elements, function (field) {
    if (!field.name) return;
    if (field.type === 'checkbox') {
      var values = params.getAll(field.name);
      field.checked = field.value === 'on' ? values.length > 0 : values.indexOf(field.value) >= 0;
    } else if (params.has(field.name)) field.value = params.get(field.name);
  });
}

function remember() {
  history.replaceState(null, '', '?' + new URLSearchParams(new FormData(form)).toString());
}

// --- Settings from the form ---------------------------------------------------------------------------------

function value(name) {
  var field = form.elements.namedItem(name);
  return field && typeof field.value === 'string' ? field.value.trim() : '';
}

function checked(name) {
  return Array.prototype.filter
    .call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'), function (box) {
      return box.checked;
    })
    .map(function (box) {
      return box.value;
    });
}

/** `target[key]`, an object made there when missing. */
function branch(target, key) {
  if (typeof target[key] !== 'object' || target[key] === null || Array.isArray(target[key])) target[key] = {};
  return target[key];
}

/** The texts: the JSON field first, then the fields of their own on top of it. Bad JSON is named and left out. */
function strings() {
  var texts = {};
  var more = value('more-strings');
  stringsProblem.textContent = '';
  if (more) {
    try {
      var parsed = JSON.parse(more);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      texts = parsed;
    } catch (error) {
      stringsProblem.textContent = 'Left out, not a JSON object: ' + error.message;
    }
  }
  if (value('banner-title')) branch(texts, 'banner').title = value('banner-title');
  if (value('banner-text')) branch(texts, 'banner').text = value('banner-text');
  var custom = value('custom-purpose');
  if (custom && value('custom-title')) {
    var own = branch(branch(texts, 'purposes'), custom);
    own.title = value('custom-title');
    if (value('custom-description')) own.description = value('custom-description');
  }
  if (value('marketing-services')) branch(branch(texts, 'purposes'), 'marketing').services = value('marketing-services');
  return texts;
}

/** The settings as the code to copy has them (the owner's collector and app id). */
function settings() {
  var purposes = checked('purposes');
  // A purpose of the site's own exists only with a title.
  if (value('custom-purpose') && value('custom-title')) purposes.push(value('custom-purpose'));
  return {
    // The tag build has no tracker of its own to send to a collector.
    collector: build() === 'tag' ? '' : value('collector'),
    'app-id': value('app-id'),
    'page-view': checked('page-view').length > 0,
    'privacy-url': value('privacy-url'),
    'default-level': value('default-level'),
    'accept-level': value('accept-level'),
    'reject-level': value('reject-level'),
    levels: checked('levels').join(' '),
    purposes: purposes.join(' '),
    strings: strings(),
    reopen: value('reopen'),
    position: value('position'),
    theme: value('theme'),
    modal: checked('modal').length > 0,
    lang: value('lang'),
    'cookie-days': value('cookie-days'),
    'policy-version': value('policy-version'),
    'google-consent-mode': checked('google-consent-mode').length > 0,
  };
}

// --- The code to copy ---------------------------------------------------------------------------------------

function show(id, text) {
  document.querySelector('#' + id + ' code').textContent = text;
}

/** Which drop-in the code loads: `tag` for a site whose trackers are the Snowplow JS tag's. */
function build() {
  return checked('tag-build').length > 0 ? 'tag' : 'full';
}

function renderCode(chosen) {
  var folder = value('folder');
  show('tag-code', dropInTag(chosen, folder, build()));
  show('markup-code', elementMarkup(chosen, folder, build()));
  if (template === undefined) show('snippet-code', 'Loading the snippet (cms-embed.html of the build)…');
  else if (template === null) show('snippet-code', 'The snippet needs the build: run npm run build (npm start does).');
  else {
    try {
      show('snippet-code', cmsSnippet(chosen, folder, template, build()));
    } catch (error) {
      show('snippet-code', 'No snippet: ' + error.message);
    }
  }
}

document.querySelectorAll('[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var block = document.getElementById(button.getAttribute('data-copy'));
    var what = button.textContent.replace(/^Copy the /, '');
    navigator.clipboard.writeText(block.textContent).then(
      function () {
        copied.textContent = 'Copied: ' + what + '.';
      },
      function () {
        // No clipboard (a browser's setting): the text is selected for Ctrl+C instead.
        getSelection().selectAllChildren(block);
        block.focus();
        copied.textContent = 'Selected: ' + what + '; copy it with Ctrl+C (Cmd+C).';
      },
    );
  });
});

// --- The preview --------------------------------------------------------------------------------------------

var warnings = [];
function renderWarnings() {
  if (warnings.length === 0) return warningsBox.replaceChildren();
  var list = document.createElement('ul');
  warnings.forEach(function (text) {
    var item = document.createElement('li');
    item.textContent = text;
    list.appendChild(item);
  });
  var title = document.createElement('p');
  title.textContent = 'The element warns about these settings:';
  warningsBox.replaceChildren(title, list);
}
addEventListener('message', function (event) {
  if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
  // The same warning from both of the element's stages is one problem of the settings.
  if (event.data && typeof event.data.consentWarning === 'string' && warnings.indexOf(event.data.consentWarning) < 0) {
    warnings.push(event.data.consentWarning);
    renderWarnings();
  }
});

function navigate(url) {
  return new Promise(function (resolve) {
    frame.addEventListener('load', resolve, { once: true });
    frame.src = url;
  });
}

/** Cookies, Web Storage and the inspector's list: nothing left of earlier visits. */
function forgetVisits() {
  document.cookie.split(';').forEach(function (part) {
    var name = part.split('=')[0].trim();
    if (name) document.cookie = name + '=; Path=/; Max-Age=0';
  });
  localStorage.clear();
  sessionStorage.clear();
  // The demo server's list for this app; other servers (the tests') have none to clear.
  return fetch('/collector/__stream?aid=' + APP_ID, { method: 'DELETE' }).then(
    function () {},
    function () {},
  );
}

var loading = Promise.resolve();
/**
 * Re-creates the preview with the form's settings. The old page goes first (to about:blank), so that none of
 * its events arrives after the log was cleared, or in the new page's list.
 */
function reload(firstVisit) {
  var query = previewQuery(Object.assign(settings(), { collector: '', 'app-id': '' }));
  loading = loading.then(function () {
    previewState.textContent = firstVisit ? 'Starting a first visit…' : 'Re-creating the banner…';
    warnings = [];
    renderWarnings();
    return navigate('about:blank')
      .then(function () {
        return firstVisit ? forgetVisits() : undefined;
      })
      .then(function () {
        return navigate('./preview.html?' + query);
      })
      .then(function () {
        previewState.textContent = firstVisit
          ? 'A first visit with these settings: nothing stored, no earlier event.'
          : 'The banner was re-created with these settings; the stored decision was kept.';
      });
  });
  return loading;
}

function update() {
  remember();
  renderCode(settings());
}

form.addEventListener('change', function (event) {
  update();
  // The address of the files and the collector are in the code only: the preview stays as it is.
  if (['collector', 'app-id', 'folder', 'tag-build'].indexOf(event.target.name) >= 0) return;
  void reload(forgetOnChange.checked);
});
form.addEventListener('input', update);
form.addEventListener('submit', function (event) {
  event.preventDefault();
});
document.getElementById('first-visit').addEventListener('click', function () {
  void reload(true);
});

restoreForm();
update();
fetch('../dist/cms-embed.html')
  .then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return response.text();
  })
  .then(
    function (text) {
      template = text;
    },
    function () {
      template = null;
    },
  )
  .then(update);
// Opening the playground is a first visit: the list of events starts empty too.
window.playgroundReady = reload(true);
