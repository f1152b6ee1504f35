// `npm run screenshots`: every state of the banner (banner and preferences, light and dark, left-to-right
// and right-to-left, desktop, 200% and 400% zoom and phone, other positions, forced colours, a privacy signal,
// the skip link, the way back after a decision) photographed on the playground's preview page (demo/preview.html,
// the element's attributes in its address), and the playground itself with its inspector, into demo/gallery/,
// plus demo/gallery.html that shows them, one grid per screen shape. Needs `npm run build` first.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { startDemoServer } from './serve-demo.mjs';

const out = resolve(import.meta.dirname, '../demo/gallery');
/**
 * Screens: a zoomed desktop is a smaller viewport at a higher pixel ratio (200% of 1280 x 800 is 640 x 400 CSS
 * pixels at 2x), so its pictures have the desktop's 1280 x 800 pixels and share its proportions.
 */
const devices = {
  desktop: { width: 1280, height: 800, scale: 1, group: 'desktop' },
  zoom200: { width: 640, height: 400, scale: 2, group: 'zoom' },
  zoom400: { width: 320, height: 200, scale: 4, group: 'zoom' },
  phone: { width: 375, height: 760, scale: 1, group: 'phone' },
};
const GROUPS = {
  desktop: 'Desktop, 1280 × 800',
  zoom: 'Zoomed in: 200% (640 × 400) and 400% (320 × 200) of a 1280 × 800 window',
  phone: 'Phone, 375 × 760',
};
export const shots = [];
/** The shots taken: all of them, unless this build lacks a state (see the reopen control). */
let taken = shots;
for (const view of ['banner', 'preferences']) {
  for (const theme of ['light', 'dark']) {
    for (const lang of ['en', 'ar']) {
      for (const device of ['desktop', 'phone']) shots.push({ view, theme, lang, device, position: 'bottom' });
    }
  }
}
shots.push(
  { view: 'banner', theme: 'light', lang: 'de', device: 'desktop', position: 'bottom-left' },
  { view: 'banner', theme: 'dark', lang: 'fr', device: 'desktop', position: 'bottom-right' },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'top' },
  { view: 'banner', theme: 'light', lang: 'he', device: 'phone', position: 'bottom' },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'center', modal: true },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'center' },
  { view: 'banner', theme: 'light', lang: 'de', device: 'desktop', position: 'bottom-right' },
  { view: 'skip-link', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom' },
  { view: 'reopen', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom' },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom', forcedColors: true },
  { view: 'preferences', theme: 'dark', lang: 'en', device: 'desktop', position: 'bottom', forcedColors: true },
  { view: 'banner', theme: 'light', lang: 'en', device: 'zoom200', position: 'bottom' },
  { view: 'preferences', theme: 'light', lang: 'en', device: 'zoom200', position: 'bottom' },
  { view: 'banner', theme: 'light', lang: 'en', device: 'zoom400', position: 'bottom' },
  { view: 'banner', theme: 'dark', lang: 'de', device: 'zoom400', position: 'bottom' },
  { view: 'preferences', theme: 'light', lang: 'en', device: 'zoom400', position: 'bottom' },
  { view: 'preferences', theme: 'light', lang: 'en', device: 'phone', position: 'bottom', signal: 'gpc' },
  // Purposes beside measurement: the switches, scrolled into view.
  { view: 'preferences', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom', purposes: true },
  { view: 'preferences', theme: 'dark', lang: 'ar', device: 'desktop', position: 'bottom', purposes: true },
  { view: 'preferences', theme: 'light', lang: 'de', device: 'phone', position: 'bottom', purposes: true },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom', purposes: true },
  // The whole first layer on small screens, in long languages with purposes.
  { view: 'banner', theme: 'light', lang: 'de', device: 'phone', position: 'bottom', purposes: true },
  { view: 'banner', theme: 'dark', lang: 'bg', device: 'phone', position: 'bottom', purposes: true },
  { view: 'banner', theme: 'light', lang: 'de', device: 'zoom200', position: 'bottom', purposes: true },
  { view: 'banner', theme: 'light', lang: 'bg', device: 'zoom400', position: 'bottom', purposes: true },
  // Where focus goes after a decision, the page where it was.
  { view: 'after-decision', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom' },
  { view: 'after-decision', theme: 'dark', lang: 'de', device: 'phone', position: 'bottom' },
  { view: 'banner', theme: 'light', lang: 'en', device: 'desktop', position: 'center', modal: true, purposes: true },
  // Opt-out regions (US state privacy laws): no banner, the "Your privacy choices" control.
  { view: 'choices', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom', region: 'US-CA' },
  { view: 'choices', theme: 'dark', lang: 'en', device: 'phone', position: 'bottom', region: 'US-CA' },
  // Gated embeds after "Reject all": their placeholders.
  { view: 'placeholders', theme: 'light', lang: 'en', device: 'desktop', position: 'bottom', purposes: true },
  { view: 'placeholders', theme: 'dark', lang: 'de', device: 'desktop', position: 'bottom', purposes: true },
  { view: 'placeholders', theme: 'light', lang: 'ar', device: 'phone', position: 'bottom', purposes: true },
);

/** The playground itself, at the desktop size: what `prepare` did to it, then photographed. */
export const pageShots = [
  {
    file: 'playground-settings',
    caption: 'The playground: settings beside the preview, a first visit',
    async prepare(page) {
      await page.evaluate(() => document.getElementById('preview').scrollIntoView({ block: 'end' }));
    },
  },
  {
    file: 'playground-code',
    caption: "The playground: a purpose of the site's own, and the code to copy for the settings",
    async prepare(page) {
      await page.fill('#custom-purpose', 'chat');
      await page.fill('#custom-title', 'Live chat');
      await page.locator('#custom-title').press('Tab');
      await page.evaluate(() => document.getElementById('code-title').scrollIntoView({ block: 'start' }));
    },
  },
  {
    file: 'playground-legend',
    caption: 'The inspector explains itself: what each field and colour means',
    async prepare(page) {
      await page.locator('#inspector summary').click();
      await page.evaluate(() => document.querySelector('#inspector summary').scrollIntoView({ block: 'start' }));
    },
  },
  {
    file: 'playground-inspector',
    caption: 'The inspector after “Accept all”: the events of this visit only, identifiers sent in orange',
    async prepare(page) {
      // A click as the page's own script would make it: the preview frame scrolls inside the playground.
      await page
        .frameLocator('#preview')
        .locator('[part~="accept-button"]')
        .evaluate((button) => button.click());
      await page.waitForFunction(() => document.querySelectorAll('#inspector .event').length >= 4);
      await page.evaluate(() => document.querySelector('#inspector .level').scrollIntoView({ block: 'start' }));
    },
  },
];

const name = (shot) =>
  [
    shot.view,
    shot.theme,
    shot.lang,
    shot.device,
    shot.position,
    shot.modal ? 'modal' : '',
    shot.forcedColors ? 'forced-colors' : '',
    shot.signal ?? '',
    shot.purposes ? 'purposes' : '',
    shot.region ?? '',
  ]
    .filter(Boolean)
    .join('-');

/** The texts of the purposes shots: services of a built-in purpose, and the site's own "chat". */
const PURPOSE_STRINGS = {
  purposes: {
    marketing: { services: 'Example Ads' },
    chat: { title: 'Live chat', description: 'A chat window to ask us questions.', services: 'ChatCo' },
  },
};

const LANGUAGES = { en: 'English', ar: 'Arabic', de: 'German', fr: 'French', he: 'Hebrew', bg: 'Bulgarian' };
const RIGHT_TO_LEFT = ['ar', 'he'];
const POSITIONS = {
  bottom: 'at the bottom',
  top: 'at the top',
  'bottom-left': 'bottom left',
  'bottom-right': 'bottom right',
  center: 'in the centre',
};

const VIEWS = {
  banner: 'Banner',
  preferences: 'Preferences',
  'skip-link': 'Skip link focused by the first Tab',
  reopen: 'After "Reject all": the way back',
  'after-decision': 'After "Reject all" by mouse halfway down the page: no scroll, focus on the saved note',
  choices: 'Opt-out region: "Your privacy choices" instead of a banner',
  placeholders: 'Placeholders of a gated video and widget, after "Reject all"',
};
const ZOOM = { zoom200: '200% zoom', zoom400: '400% zoom' };
const SIGNALS = { gpc: 'Global Privacy Control', dnt: 'Do Not Track' };

/** "Preferences, dark, Arabic (right to left), at the bottom": what a picture shows, for its caption. */
function caption(shot) {
  const language = `${LANGUAGES[shot.lang] ?? shot.lang}${RIGHT_TO_LEFT.includes(shot.lang) ? ' (right to left)' : ''}`;
  return [
    VIEWS[shot.view],
    ZOOM[shot.device] ?? '',
    shot.forcedColors ? `forced colours (${shot.theme})` : shot.theme,
    language,
    POSITIONS[shot.position] ?? shot.position,
    shot.modal ? 'modal' : '',
    SIGNALS[shot.signal] ?? '',
    shot.purposes
      ? shot.lang === 'en'
        ? "with three purposes (functional, marketing, the site's own chat)"
        : 'with three purposes (functional, personalisation, marketing)'
      : '',
    shot.region ? `region ${shot.region}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Text for HTML, in an attribute or between tags: captions quote the buttons ("Reject all"). */
function html(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** One picture of the gallery: a link to it full size, its description, its caption. */
function figure(file, width, height, description, text) {
  return [
    '          <figure>',
    `            <a href="${file}"><img src="${file}" width="${width}" height="${height}" alt="${html(description)}" loading="lazy" /></a>`,
    `            <figcaption>${html(text)}</figcaption>`,
    '          </figure>',
  ].join('\n');
}

/** The playground's own pictures, first: the page a site owner decides with. */
function playgroundSection() {
  const { width, height } = devices.desktop;
  const figures = pageShots
    .map((shot) => figure(`gallery/${shot.file}.png`, width, height, shot.caption, shot.caption))
    .join('\n');
  return `      <section>
        <h2>The playground and its inspector</h2>
        <div class="gallery gallery-desktop">
${figures}
        </div>
      </section>`;
}

/** demo/gallery.html: the desktop pictures and the phone pictures in grids of their own, each with its caption. */
export function galleryPage() {
  const sections = Object.entries(GROUPS).map(([group, title]) => {
    const figures = taken
      .filter((shot) => devices[shot.device].group === group)
      .map((shot) => {
        const size = devices[shot.device];
        const text = caption(shot);
        return figure(`gallery/${name(shot)}.png`, size.width * size.scale, size.height * size.scale, `${text}, ${group}`, text);
      })
      .join('\n');
    // Zoomed pictures have the desktop's shape.
    const grid = group === 'zoom' ? 'desktop' : group;
    return `      <section>
        <h2>${title}</h2>
        <div class="gallery gallery-${grid}">
${figures}
        </div>
      </section>`;
  });
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>Screenshot gallery · consent-banner demo</title>
    <link rel="stylesheet" href="./demo.css" />
  </head>
  <body>
    <header>
      <p><a href="../index.html">All scenarios</a></p>
      <h1>Every state of the banner</h1>
      <p>Made by <code>npm run screenshots</code> from the <a href="playground.html">playground</a>. Open a picture to see it full size.</p>
    </header>
    <main class="gallery-page">
${playgroundSection()}
${sections.join('\n')}
    </main>
  </body>
</html>
`;
}

/** `--only=<text>`: shoot again the pictures whose name contains it, keeping the others. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

async function shoot() {
  if (!only) rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { server, url } = await startDemoServer(0);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  taken = [];
  try {
    for (const shot of shots) {
      if (only && !name(shot).includes(only)) {
        if (existsSync(`${out}/${name(shot)}.png`)) taken.push(shot);
        continue;
      }
      const { width, height, scale } = devices[shot.device];
      const context = await browser.newContext({
        viewport: { width, height },
        deviceScaleFactor: scale,
        colorScheme: shot.theme,
        reducedMotion: 'reduce',
        forcedColors: shot.forcedColors ? 'active' : 'none',
      });
      if (shot.signal === 'gpc')
        await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
      if (shot.signal === 'dnt')
        await context.addInitScript(() => Object.defineProperty(navigator, 'doNotTrack', { value: '1' }));
      const page = await context.newPage();
      // Each picture's inspector lists the events of its own page load only.
      await fetch(`${url}/collector/__stream?aid=playground`, { method: 'DELETE' });
      const view = shot.view === 'preferences' ? 'preferences' : 'banner';
      const purposes = shot.lang === 'en' ? 'functional marketing chat' : 'functional personalization marketing';
      const params = new URLSearchParams({ lang: shot.lang, theme: shot.theme, position: shot.position, view });
      if (shot.modal) params.set('modal', 'on');
      if (shot.purposes) {
        params.set('purposes', purposes);
        if (shot.lang === 'en') params.set('strings', JSON.stringify(PURPOSE_STRINGS));
      }
      if (shot.region) params.set('region', shot.region);
      if (shot.view === 'placeholders') params.set('embeds', 'on');
      await page.goto(`${url}/demo/preview.html?${params}`);
      if (shot.view === 'choices') {
        // No banner in an opt-out region: the control, at the end of the page (the preview has no opener of its own).
        const control = page.locator('[part~="privacy-choices"]:not([hidden])');
        await control.waitFor({ state: 'visible', timeout: 5000 });
        await control.scrollIntoViewIfNeeded();
        await page.waitForTimeout(150);
        await page.screenshot({ path: `${out}/${name(shot)}.png` });
        taken.push(shot);
        await context.close();
        continue;
      }
      await page.waitForFunction(
        ({ lang, view }) => {
          const root = document.querySelector('consent-banner')?.shadowRoot;
          const shown = root?.querySelector(view === 'preferences' ? '[part="preferences"]' : '[part="banner"]');
          return shown && root.querySelector('.root')?.getAttribute('lang') === lang;
        },
        { lang: shot.lang, view },
      );
      await page.waitForTimeout(150);
      if (shot.purposes && view === 'preferences') {
        await page.evaluate(() =>
          document.querySelector('consent-banner').shadowRoot.querySelector('.purposes').scrollIntoView({ block: 'start' }),
        );
        await page.waitForTimeout(100);
      }
      if (shot.view === 'skip-link') {
        // The page's first Tab stop.
        await page.locator('body').click({ position: { x: 1, y: 1 } });
        await page.keyboard.press('Tab');
        await page.waitForFunction(() => document.activeElement?.hasAttribute('data-consent-banner-skip'));
      }
      if (shot.view === 'placeholders') {
        await page.locator('[part~="reject-button"]').click();
        await page.waitForFunction(
          () =>
            document.querySelectorAll('consent-placeholder').length === 2 &&
            [...document.querySelectorAll('consent-placeholder')].every((p) =>
              p.shadowRoot.querySelector('[part~="placeholder-allow"]'),
            ),
        );
        await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
        await page.waitForTimeout(150);
      }
      if (shot.view === 'reopen') {
        // The preview page has no data-consent-open control of its own: the built-in way back shows.
        await page.locator('[part~="reject-button"]').click();
        const reopen = page.locator('[part~="reopen-button"]:not([hidden])');
        try {
          await reopen.waitFor({ state: 'visible', timeout: 5000 });
        } catch {
          console.warn(`no "Privacy settings" control after a decision in this build: ${name(shot)} left out`);
          await context.close();
          continue;
        }
        await reopen.scrollIntoViewIfNeeded();
        await page.waitForTimeout(150);
      }
      if (shot.view === 'after-decision') {
        // Without the playground's own data-consent-open control, the way back is at the end of the page.
        await page.evaluate(() => {
          document.querySelectorAll('[data-consent-open]').forEach((opener) => opener.removeAttribute('data-consent-open'));
          // A page long enough to be read halfway down.
          document.body.style.setProperty('min-height', '300vh');
          window.scrollTo({ top: 200, behavior: 'instant' });
        });
        await page.locator('[part~="reject-button"]').click();
        await page.locator('[part~="saved-note"]').waitFor({ state: 'visible', timeout: 5000 });
        await page.waitForTimeout(150);
      }
      await page.screenshot({ path: `${out}/${name(shot)}.png` });
      taken.push(shot);
      await context.close();
    }
    for (const shot of only ? [] : pageShots) {
      const { width, height } = devices.desktop;
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(`${url}/demo/playground.html`);
      await page.waitForFunction(() => window.playgroundReady);
      await page.evaluate(() => window.playgroundReady);
      await page.frameLocator('#preview').locator('[part="banner"]').waitFor();
      await shot.prepare?.(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${shot.file}.png` });
      await context.close();
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  writeFileSync(resolve(import.meta.dirname, '../demo/gallery.html'), galleryPage());
  console.log(`${taken.length + pageShots.length} screenshots in demo/gallery/, shown by demo/gallery.html`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await shoot();
