// The benchmark pages: one simple page with a large text block (the "anchor"), in variants that differ
// only in the consent manager they load. Every variant starts with the same measuring probe.

/**
 * The probe, inlined first in <head> of every variant so its observers see everything:
 * - Element Timing for the anchor (`elementtiming="anchor"` on the <h1> and the text block) and for the
 *   banner: as soon as the banner's root element exists (a MutationObserver on the document, or on the
 *   element's shadow root, which the probe gets by wrapping `attachShadow`), the probe puts
 *   `elementtiming="banner"` on it and every element inside it, in the same task, before any frame could
 *   paint it. Element Timing then reports the first frame in which that element was painted *visibly*
 *   (not clipped away, not at opacity 0) with its presentation time, on the same clock as the anchor's.
 *   Chromium does not report Element Timing for elements in shadow trees, so the probe also adds, in the
 *   same task, a one-character light-DOM sentinel (`elementtiming="banner-frame"`, fixed, near-white):
 *   the frame that paints the banner paints the sentinel, and its entry gives that frame's time.
 * - rAF-after-insert, as a cross-check: the `performance.now()` after the frame following the insertion
 *   (rAF callback, then a MessageChannel task that runs after that frame's rendering work).
 * - largest-contentful-paint, first-contentful-paint, layout-shift, longtask and event (Event Timing) observers.
 * - the consent-ready and consent-change events (level, decidedAt, time), caught on the document.
 */
function probe(watch) {
  const B = (window.__bench = { watch, marks: {}, element: [], lcp: [], shifts: [], longtasks: [], paints: [], errors: [] });
  const observe = (type, handler) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(handler)).observe({ type, buffered: true });
    } catch (error) {
      B.errors.push(`${type}: ${error.message}`);
    }
  };
  observe('element', (e) =>
    B.element.push({
      id: e.identifier,
      renderTime: e.renderTime,
      loadTime: e.loadTime,
      tag: e.element ? e.element.localName : null,
    }),
  );
  observe('largest-contentful-paint', (e) =>
    B.lcp.push({ startTime: e.startTime, renderTime: e.renderTime, size: e.size, tag: e.element ? e.element.localName : null }),
  );
  observe('layout-shift', (e) => B.shifts.push({ startTime: e.startTime, value: e.value, hadRecentInput: e.hadRecentInput }));
  observe('longtask', (e) => B.longtasks.push({ startTime: e.startTime, duration: e.duration, name: e.name }));
  observe('paint', (e) => B.paints.push({ name: e.name, startTime: e.startTime }));
  // consent-ready / consent-change (dispatched on the element, bubbling and composed): the level the page got,
  // and when, whether or not the element was upgraded by the UI stage.
  B.consent = [];
  for (const type of ['consent-ready', 'consent-change']) {
    document.addEventListener(
      type,
      (event) =>
        B.consent.push({ type, at: performance.now(), level: event.detail?.level, decidedAt: event.detail?.decidedAt ?? null }),
      true,
    );
  }
  B.events = [];
  try {
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) =>
        B.events.push({
          name: e.name,
          startTime: e.startTime,
          processingStart: e.processingStart,
          processingEnd: e.processingEnd,
          duration: e.duration,
        }),
      ),
    ).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (error) {
    B.errors.push(`event: ${error.message}`);
  }
  if (!watch) return;

  let found = false;
  const mark = (element) => {
    found = true;
    B.marks.inserted = performance.now();
    performance.mark('bench:banner-inserted');
    for (const node of [element, ...element.querySelectorAll('*')]) node.setAttribute('elementtiming', 'banner');
    // Chromium reports no Element Timing inside shadow trees: a one-character light-DOM sentinel, added
    // in the same task, is painted in the same frame as the banner and reports that frame's time.
    const sentinel = document.createElement('span');
    sentinel.setAttribute('elementtiming', 'banner-frame');
    sentinel.setAttribute('aria-hidden', 'true');
    sentinel.textContent = 'x';
    sentinel.style.cssText = 'position:fixed;left:0;top:0;font:6px/1 sans-serif;color:#fafafa;pointer-events:none';
    (document.body || document.documentElement).appendChild(sentinel);
    requestAnimationFrame(() => {
      B.marks.raf = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (B.marks.afterFrame = performance.now());
      channel.port2.postMessage(0);
    });
  };
  const watchRoot = (root) => {
    const check = () => {
      if (found) return true;
      const element = root.querySelector(watch.selector);
      if (element) mark(element);
      return found;
    };
    if (check()) return;
    const observer = new MutationObserver(() => check() && observer.disconnect());
    observer.observe(root, { childList: true, subtree: true });
  };
  if (watch.host) {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      if (this.localName === watch.host) watchRoot(root);
      return root;
    };
  } else {
    watchRoot(document);
  }
}

const TEXT = [
  'Consent banners are judged by what they cost the page they sit on. This page is the control: a heading and a few',
  'paragraphs of text, the kind of content a visitor came for, painted by the browser as soon as the HTML arrives.',
  'A banner that needs a visible decision should appear no later than this text does, without moving it, without',
  'blocking the main thread for long, and without making the text wait. The paragraphs below are long enough to',
  'be the largest contentful element of the page, so the anchor is what the browser itself considers the main content.',
].join(' ');

const STYLE = `body{margin:0;padding:2rem;font:18px/1.6 Georgia,'DejaVu Serif',serif;color:#1f2328;background:#fff}
main{max-width:62rem;margin:0 auto}h1{font-size:3rem;line-height:1.15;margin:0 0 1.5rem}p{margin:0 0 1rem}`;

/** vanilla-cookieconsent 3 with texts equivalent to ours; its default "box" consent modal. */
const COOKIECONSENT_CONFIG = {
  hideFromBots: false, // the default hides it from navigator.webdriver, i.e. from any automated browser
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Your privacy on this site',
          description:
            'We measure how this site is used to improve it. You decide how much we may remember about your visits. You can change your choice at any time.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject',
          showPreferencesBtn: 'Choose',
        },
        preferencesModal: {
          title: 'Privacy settings',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject',
          savePreferencesBtn: 'Save',
          sections: [
            { title: 'Necessary', linkedCategory: 'necessary' },
            { title: 'Measurement', description: 'How this site is used.', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
};

let trackerOnly;
/**
 * The Snowplow tracker alone, as a site without a consent manager would run it: the same package the
 * drop-in bundles, one tracker configured like the element's at level full, one page view. Bundled with
 * esbuild into a minified IIFE (built once per process): `{code, map}`; the map is not served.
 */
export function trackerOnlyScript(root) {
  trackerOnly ??= buildTrackerOnly(root);
  return trackerOnly;
}

/** {code, map}: the map (not served) lets the long-task attribution find the tracker's functions in it. */
async function buildTrackerOnly(root) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: {
      contents: `import { newTracker, trackPageView } from '@snowplow/browser-tracker';
newTracker('sp', location.origin + '/collector', { appId: 'bench', eventMethod: 'post', contexts: { session: true }, discoverRootDomain: false });
trackPageView();`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2021',
    write: false,
    logLevel: 'silent',
    sourcemap: 'external',
    absWorkingDir: root,
    outfile: '.cache/bench/tracker-only.js',
  });
  const file = (suffix) => result.outputFiles.find((output) => output.path.endsWith(suffix)).text;
  return { code: file('.js'), map: JSON.parse(file('.js.map')) };
}

/**
 * A stored vanilla-cookieconsent 3 decision (its `cc_cookie`, as its own `acceptCategory('all')` writes it)
 * that it accepts as valid for COOKIECONSENT_CONFIG: a consentId, both timestamps, the categories, revision 0.
 * With it, `CookieConsent.run()` shows nothing (`validConsent()` is true, no `#cc-main` is created).
 */
export function cookieConsentCookie(origin) {
  const decidedAt = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const categories = Object.keys(COOKIECONSENT_CONFIG.categories);
  const value = {
    categories,
    revision: 0,
    data: null,
    consentTimestamp: decidedAt.toISOString(),
    consentId: crypto.randomUUID(),
    services: Object.fromEntries(categories.map((category) => [category, []])),
    languageCode: 'en',
    lastConsentTimestamp: decidedAt.toISOString(),
    expirationTime: decidedAt.getTime() + 182 * 24 * 60 * 60 * 1000,
  };
  return { name: 'cc_cookie', value: encodeURIComponent(JSON.stringify(value)), url: `${origin}/`, sameSite: 'Lax' };
}

/** The site's config file for vanilla-cookieconsent: runs it once the library (loaded `async` too) is there. */
export function cookieConsentConfigScript() {
  return `(function () {
  var config = ${JSON.stringify(COOKIECONSENT_CONFIG)};
  function run() { window.CookieConsent.run(config); }
  if (window.CookieConsent) run();
  else document.querySelector('script[data-cookieconsent]').addEventListener('load', run);
})();
`;
}

/** The language of the bench pages (`<html lang>`) unless a variant says otherwise: what a first visit downloads follows it. */
export const BENCH_LANG = 'en';
/**
 * The rendered banner inside `<consent-banner>`'s shadow root. The element itself is defined on every page by
 * the eager stage, so its being defined says nothing about the UI stage: the rendered banner does.
 */
export const BANNER_SELECTOR = '[part~="banner"]';

/**
 * The variants:
 * - `baseline`: the page alone.
 * - `tracker`: plus only the Snowplow tracker (see trackerOnlyScript), no consent manager.
 * - `ours`: plus the drop-in (`async` in <head>, as the README shows) and `<consent-banner collector page-view>`.
 * - `cookieconsent`: plus vanilla-cookieconsent 3: its CSS and UMD script in <head>, and the site's config
 *   file that calls `CookieConsent.run(config)`, both scripts `async` like ours.
 * - `tracker-cookieconsent`: the `tracker` page plus the `cookieconsent` head: a Snowplow site with
 *   vanilla-cookieconsent (which has no tracker of its own); for the returning visitor, next to `ours`.
 */
export function benchPage(variant, { lang = BENCH_LANG } = {}) {
  let head = '';
  let body = '';
  let watch = null;
  const cookieConsentHead = [
    '<link rel="stylesheet" href="/vendor/cookieconsent/cookieconsent.css">',
    '<script src="/vendor/cookieconsent/cookieconsent.umd.js" async data-cookieconsent></script>',
    '<script src="/bench/cookieconsent-config.js" async></script>',
  ].join('\n');
  if (variant === 'ours') {
    head = '<script src="/dist/consent-banner.min.js" async></script>';
    body = '<consent-banner collector="/collector" app-id="bench" page-view></consent-banner>';
    watch = { host: 'consent-banner', selector: BANNER_SELECTOR };
  } else if (variant === 'cookieconsent') {
    head = cookieConsentHead;
    watch = { host: null, selector: '#cc-main .cm' };
  } else if (variant === 'tracker') {
    head = '<script src="/bench/tracker-only.js" async></script>';
  } else if (variant === 'tracker-cookieconsent') {
    head = `<script src="/bench/tracker-only.js" async></script>\n${cookieConsentHead}`;
    watch = { host: null, selector: '#cc-main .cm' };
  } else if (variant !== 'baseline') {
    throw new Error(`unknown page variant ${variant}`);
  }
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Benchmark page (${variant})</title>
<script>(${probe.toString()})(${JSON.stringify(watch)});</script>
<style>${STYLE}</style>
${head}
</head>
<body>
<main>
<h1 elementtiming="anchor">Measured content: the page a visitor came for</h1>
<p elementtiming="anchor">${TEXT} ${TEXT}</p>
<p>${TEXT}</p>
</main>
${body}
</body>
</html>
`;
}
