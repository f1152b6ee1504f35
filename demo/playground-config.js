// The playground's settings as a site owner copies them: the drop-in tag (settings as data-* attributes), the
// element's markup (with the script it still needs) and the CMS embed snippet (settings as properties). One
// settings object feeds all three and the live preview, so what the owner sees is what they copy.

/** The consent levels, from the most data to the least (README, "Consent levels"). */
export const LEVELS = ['full', 'session', 'anonymous', 'cookieless', 'none'];

/** The purposes with built-in texts; any other needs a title of the site's own. */
export const BUILT_IN_PURPOSES = ['functional', 'personalization', 'marketing'];

/** The settings the playground decides, in the order the code lists them, with the element's own defaults. */
export const SETTINGS = [
  { attribute: 'collector' },
  { attribute: 'app-id' },
  { attribute: 'page-view', flag: true },
  { attribute: 'privacy-url' },
  // The three levels are the owner's legal decision: written even at their defaults, so the copy says them.
  { attribute: 'default-level', always: true },
  { attribute: 'accept-level', always: true },
  { attribute: 'reject-level', always: true },
  { attribute: 'levels', default: 'full session cookieless none' },
  { attribute: 'purposes' },
  { attribute: 'strings', json: true },
  { attribute: 'reopen', default: 'inline' },
  { attribute: 'position', default: 'bottom' },
  { attribute: 'theme', default: 'auto' },
  { attribute: 'modal', flag: true },
  { attribute: 'lang' },
  { attribute: 'cookie-days', default: '180' },
  { attribute: 'policy-version', default: '1' },
  { attribute: 'google-consent-mode', flag: true },
];

/**
 * The settings to write, as `[attribute, value]` pairs in the order of SETTINGS: flags that are on (value
 * `true`), texts that are set and differ from the element's default, `strings` as an object when not empty.
 * `settings` maps attribute names to a text, a boolean (flags) or an object (`strings`).
 */
export function chosenSettings(settings) {
  var chosen = [];
  SETTINGS.forEach(function (setting) {
    var value = settings[setting.attribute];
    if (setting.flag) {
      if (value === true) chosen.push([setting.attribute, true]);
    } else if (setting.json) {
      if (value && typeof value === 'object' && Object.keys(value).length > 0) chosen.push([setting.attribute, value]);
    } else if (typeof value === 'string' && value.trim() !== '') {
      var text = value.trim();
      if (setting.always || text !== setting.default) chosen.push([setting.attribute, text]);
    }
  });
  return chosen;
}

/** The element's property for an attribute (`app-id`: `appId`), as the CMS snippet's settings name it. */
export function propertyName(attribute) {
  return attribute.replace(/-([a-z])/g, function (_, letter) {
    return letter.toUpperCase();
  });
}

/** An attribute's value as the element reads it: JSON for `strings`, the text otherwise. */
function attributeText(value) {
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/**
 * ` name="value"`, or ` name` for a flag. JSON is quoted with single quotes, so that its own double quotes
 * stay readable (as the README writes `strings='{...}'`); `&` and the quote are escaped.
 */
function htmlAttribute(name, value) {
  if (value === true) return name;
  var text = attributeText(value).replace(/&/g, '&amp;');
  if (text.indexOf('"') >= 0) return name + "='" + text.replace(/'/g, '&#39;') + "'";
  return name + '="' + text + '"';
}

/** A start tag with one attribute per line, and its end tag. */
function tag(name, attributes) {
  var lines = attributes.map(function (attribute) {
    return '  ' + attribute;
  });
  return ['<' + name].concat(lines, ['></' + name + '>']).join('\n');
}

/**
 * The drop-in's script: the full build, or for a site whose trackers are the Snowplow JS tag's the tag build,
 * without a tracker of its own (it takes no `collector`).
 */
export var DROP_IN_FILES = { full: 'consent-banner.min.js', tag: 'consent-banner-tag.min.js' };

function scriptUrl(folder, build) {
  return folder + (folder === '' || folder.slice(-1) === '/' ? '' : '/') + DROP_IN_FILES[build || 'full'];
}

/** The drop-in tag: the script, with the settings as its data-* attributes (it adds the element itself). */
export function dropInTag(settings, folder, build) {
  var attributes = ['async', htmlAttribute('src', scriptUrl(folder, build))].concat(
    chosenSettings(settings).map(function (pair) {
      return htmlAttribute('data-' + pair[0], pair[1]);
    }),
  );
  return tag('script', attributes);
}

/** The element written in the page, with the script it needs (no data-*: the element has the settings). */
export function elementMarkup(settings, folder, build) {
  var element = tag(
    'consent-banner',
    chosenSettings(settings).map(function (pair) {
      return htmlAttribute(pair[0], pair[1]);
    }),
  );
  return '<script async src="' + scriptUrl(folder, build).replace(/&/g, '&amp;') + '"></script>\n' + element;
}

/**
 * The settings the CMS snippet can take: every chosen one but `lang` (the snippet takes the element's
 * properties, and the language is the global attribute, not a property: the banner follows `<html lang>`).
 */
export function snippetSettings(settings) {
  var object = {};
  chosenSettings(settings).forEach(function (pair) {
    if (pair[0] !== 'lang') object[propertyName(pair[0])] = pair[1];
  });
  return object;
}

/** JSON that is safe inside an inline script: `</script>` or `<!--` in a text cannot end or bend it. */
function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The snippet's settings object, one property per line, as the template writes it. */
function settingsObject(object) {
  var lines = Object.keys(object).map(function (name) {
    return '    ' + name + ': ' + scriptJson(object[name]) + ',';
  });
  return '{\n' + lines.join('\n') + '\n  }';
}

/**
 * The folder and settings of src/snippet/cms-embed.html, as it ships them (the placeholders replaced here);
 * whatever the quotes and the indentation, so that a reformatted copy of the template is filled in too.
 */
var TEMPLATE_ARGUMENTS = /\}\)\(window, document, (['"])[^'"]*\1, \{[\s\S]*?\n\s*\}\);/;

/** The script the template loads (the full build), whatever the quotes. */
var TEMPLATE_SCRIPT = new RegExp('([\'"])' + DROP_IN_FILES.full.replace(/\./g, '\\.') + '\\1');

/**
 * The CMS embed snippet for these settings: the shipped template (`cms-embed.html`, as text) with its folder,
 * settings object and, for the tag build, script replaced. Throws when the template no longer has the shape this
 * replaces, rather than hand out a snippet with the example's settings or the wrong script.
 */
export function cmsSnippet(settings, folder, template, build) {
  if (!TEMPLATE_ARGUMENTS.test(template)) throw new Error('cms-embed.html has no "(window, document, folder, {...})" to fill in');
  if (!TEMPLATE_SCRIPT.test(template)) throw new Error('cms-embed.html loads no ' + DROP_IN_FILES.full);
  var replacement = '})(window, document, ' + scriptJson(folder) + ', ' + settingsObject(snippetSettings(settings)) + ');';
  return template
    .replace(TEMPLATE_SCRIPT, function (_, quote) {
      return quote + DROP_IN_FILES[build || 'full'] + quote;
    })
    .replace(TEMPLATE_ARGUMENTS, function () {
      return replacement;
    });
}

/** The address of the preview page for these settings (the element's attributes as its query). */
export function previewQuery(settings) {
  var query = new URLSearchParams();
  chosenSettings(settings).forEach(function (pair) {
    query.set(pair[0], pair[1] === true ? '' : attributeText(pair[1]));
  });
  return query.toString();
}
