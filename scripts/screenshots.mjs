// `npm run screenshots`: every state of the banner (banner and preferences, light and dark, left-to-right
// and right-to-left, desktop and phone, other positions) photographed from the demo playground into
// demo/gallery/, plus demo/gallery.html that shows them, desktop and phone apart. Needs `npm run build` first.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { startDemoServer } from './serve-demo.mjs';

const out = resolve(import.meta.dirname, '../demo/gallery');
const devices = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 760 } };
export const shots = [];
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
);

const name = (shot) =>
  [shot.view, shot.theme, shot.lang, shot.device, shot.position, shot.modal ? 'modal' : ''].filter(Boolean).join('-');

const LANGUAGES = { en: 'English', ar: 'Arabic', de: 'German', fr: 'French', he: 'Hebrew' };
const RIGHT_TO_LEFT = ['ar', 'he'];
const POSITIONS = {
  bottom: 'at the bottom',
  top: 'at the top',
  'bottom-left': 'bottom left',
  'bottom-right': 'bottom right',
  center: 'in the centre',
};

/** "Preferences, dark, Arabic (right to left), at the bottom": what a picture shows, for its caption. */
function caption(shot) {
  const language = `${LANGUAGES[shot.lang] ?? shot.lang}${RIGHT_TO_LEFT.includes(shot.lang) ? ' (right to left)' : ''}`;
  const view = shot.view === 'preferences' ? 'Preferences' : 'Banner';
  return [view, shot.theme, language, POSITIONS[shot.position] ?? shot.position, shot.modal ? 'modal' : '']
    .filter(Boolean)
    .join(', ');
}

/** demo/gallery.html: the desktop pictures and the phone pictures in grids of their own, each with its caption. */
export function galleryPage() {
  const sections = Object.entries(devices).map(([device, size]) => {
    const figures = shots
      .filter((shot) => shot.device === device)
      .map((shot) => {
        const file = `gallery/${name(shot)}.png`;
        return [
          '          <figure>',
          `            <a href="${file}"><img src="${file}" width="${size.width}" height="${size.height}" alt="${caption(shot)}, ${device}" loading="lazy" /></a>`,
          `            <figcaption>${caption(shot)}</figcaption>`,
          '          </figure>',
        ].join('\n');
      })
      .join('\n');
    const title = `${device === 'phone' ? 'Phone' : 'Desktop'}, ${size.width} × ${size.height}`;
    return `      <section>
        <h2>${title}</h2>
        <div class="gallery gallery-${device}">
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
${sections.join('\n')}
    </main>
  </body>
</html>
`;
}

async function shoot() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { server, url } = await startDemoServer(0);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    for (const shot of shots) {
      const context = await browser.newContext({
        viewport: devices[shot.device],
        colorScheme: shot.theme,
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      // Each picture's inspector lists the events of its own page load only.
      await fetch(`${url}/collector/__stream?aid=playground`, { method: 'DELETE' });
      const params = new URLSearchParams({ lang: shot.lang, theme: shot.theme, position: shot.position, view: shot.view });
      if (shot.modal) params.set('modal', 'on');
      await page.goto(`${url}/demo/playground.html?${params}`);
      await page.waitForFunction(
        ({ lang, view }) => {
          const root = document.querySelector('consent-banner')?.shadowRoot;
          const shown = root?.querySelector(view === 'preferences' ? '[part="preferences"]' : '[part="banner"]');
          return shown && root.querySelector('.root')?.getAttribute('lang') === lang;
        },
        { lang: shot.lang, view: shot.view },
      );
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${out}/${name(shot)}.png` });
      await context.close();
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  writeFileSync(resolve(import.meta.dirname, '../demo/gallery.html'), galleryPage());
  console.log(`${shots.length} screenshots in demo/gallery/, shown by demo/gallery.html`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await shoot();
