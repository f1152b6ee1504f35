// The npm package as a user gets it: `npm pack`, installed into a scratch project with the tracker as its
// own dependency, type-checked, bundled by Vite, and run in Chromium against the loopback collector.
// Run with `node --test test/package/` after `npm run build`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bin, captures, inChromium, packedSite, root, run } from './site.mjs';

let site;
let project;
let packed;

before(() => {
  site = packedSite('consent-banner-package', ['@snowplow/browser-tracker@4.10.1']);
  ({ project, packed } = site);
});

after(() => site?.remove());

describe('npm pack', () => {
  test('contains the entries, their types, the manifest, the drop-in and the languages; no tests, demo or sources', () => {
    for (const path of [
      'dist/index.js',
      'dist/element.js',
      'dist/headless.js',
      'dist/types/element.d.ts',
      'dist/types/index.d.ts',
      'dist/types/headless.d.ts',
      'dist/react.js',
      'dist/types/react.d.ts',
      'dist/types/jsx.d.ts',
      'dist/types/preact.d.ts',
      'dist/types/vue.d.ts',
      'custom-elements.json',
      'dist/consent-banner.min.js',
      'dist/consent-banner-tag.min.js',
      'dist/consent-banner-ui.js',
      'dist/locales/de.json',
      // The consent_state schema, in Iglu's layout, for the site's registry.
      'schemas/dev.consent-banner/consent_state/jsonschema/1-0-0',
      'README.md',
      'package.json',
    ]) {
      assert.ok(packed.includes(path), `${path} is in the package`);
    }
    const unwanted = packed.filter((path) => /^(test|demo|src|scripts|locales)\//.test(path) || path.startsWith('dist/demo/'));
    assert.deepEqual(unwanted, []);
  });

  test("the drop-in's tag build holds no copy of the tracker, the full build one", () => {
    // The collector path appears once in the tracker's code.
    const trackerCopies = (file) =>
      readFileSync(join(root, 'dist', file), 'utf8').split('com.snowplowanalytics.snowplow/tp2').length - 1;
    assert.equal(trackerCopies('consent-banner.min.js'), 1);
    assert.equal(trackerCopies('consent-banner-tag.min.js'), 0);
  });
});

describe('installed into a site', () => {
  test('the entries and their types resolve through the exports map', () => {
    const installed = join(project, 'node_modules/consent-banner');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const entry of ['.', './headless', './react']) {
      const target = manifest.exports[entry];
      assert.ok(existsSync(join(installed, target.default)), `${entry} -> ${target.default}`);
      assert.ok(existsSync(join(installed, target.types)), `${entry} types -> ${target.types}`);
    }
    for (const entry of ['./jsx', './preact', './vue']) {
      const target = manifest.exports[entry];
      assert.deepEqual(Object.keys(target), ['types'], `${entry} is types only`);
      assert.ok(existsSync(join(installed, target.types)), `${entry} types -> ${target.types}`);
    }
    assert.ok(existsSync(join(installed, manifest.customElements)), 'custom-elements.json');
    const elements = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8'));
    const banner = elements.modules.flatMap((module) => module.declarations).find((d) => d.tagName === 'consent-banner');
    assert.ok(banner, 'the manifest describes <consent-banner>');
    assert.deepEqual(banner.events.map((event) => event.name).sort(), ['consent-change', 'consent-ready']);
    for (const name of ['collector', 'accept-level', 'lang'])
      assert.ok(
        banner.attributes.some((a) => a.name === name),
        name,
      );
    assert.ok(banner.cssParts.some((part) => part.name === 'accept-button'));
  });

  test('consent-banner and consent-banner/headless import neither React nor @lit/react', () => {
    const installed = join(project, 'node_modules/consent-banner');
    const files = ['dist/index.js', 'dist/headless.js'];
    const bare = new Set();
    for (const file of files) {
      const code = readFileSync(join(installed, file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)) {
        const local = join(dirname(file), specifier);
        if (!specifier.startsWith('.')) bare.add(specifier);
        else if (!files.includes(local)) files.push(local);
      }
    }
    assert.ok(files.length > 2, `the entries' chunks were followed: ${files.join(', ')}`);
    assert.deepEqual(
      [...bare].filter((name) => /^(react|react-dom|@lit\/react)($|\/)/.test(name)),
      [],
      `imports: ${[...bare].join(', ')}`,
    );
  });

  test('a TypeScript consumer of both entries type-checks', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { newTracker } from '@snowplow/browser-tracker';
import { withConsent, ConsentBannerElement, type ConsentChangeDetail, type ConsentLevel } from 'consent-banner';
import { setupConsent } from 'consent-banner/headless';
const level: ConsentLevel = 'session';
const config = withConsent({ appId: 'site' });
const mode: false | object = config.anonymousTracking;
newTracker('sp', 'https://collector.example.com', withConsent({ appId: 'shop', cookieSameSite: 'Lax' }));
const manager = setupConsent({ tracker: 'sp', acceptLevel: level });
manager.subscribe((detail: ConsentChangeDetail) => detail.level);
const element: ConsentBannerElement | null = document.querySelector('consent-banner');
element?.addEventListener('consent-change', (event) => event.detail.source);
export { mode };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2021',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          skipLibCheck: false,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    run(bin('tsc'), ['-p', 'tsconfig.json'], project);
  });

  test("the element drives the site's own tracker instance (one copy of the tracker in the site's bundle)", async () => {
    writeFileSync(
      join(project, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>site</title><script type="module" src="./main.js"></script></head>
<body><consent-banner tracker="site" no-consent-events></consent-banner></body></html>`,
    );
    writeFileSync(
      join(project, 'main.js'),
      `import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { withConsent } from 'consent-banner/headless';
newTracker('site', location.origin + '/collector', withConsent({ appId: 'packaged', discoverRootDomain: false }, { defaultLevel: 'cookieless' }));
trackPageView();
await import('consent-banner');
const element = document.querySelector('consent-banner');
await customElements.whenDefined('consent-banner');
await element.updateComplete;
element.setLevel('full');
trackPageView();
window.done = true;
`,
    );
    run(bin('vite'), ['build', '--logLevel', 'error', '--outDir', 'out', '--emptyOutDir'], project);
    const assets = join(project, 'out/assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    const code = scripts.map((name) => readFileSync(join(assets, name), 'utf8')).join('\n');
    // The collector path appears once in the tracker's code: twice would mean two tracker copies.
    assert.equal(code.split('com.snowplowanalytics.snowplow/tp2').length - 1, 1, 'one copy of the tracker');
    assert.ok(
      scripts.some((name) => name.startsWith('de-')),
      'German is a chunk of its own, loaded only when needed',
    );

    await inChromium(join(project, 'out'), async ({ page, origin, collector, problems }) => {
      await page.goto(`${origin}/`);
      await page
        .waitForFunction(() => window.done === true, undefined, { timeout: 10_000 })
        .catch(() => {
          throw new Error(`the site's page did not finish: ${problems.join('; ')}`);
        });
      await captures(collector, 2);
      const [first, second] = collector.captures;
      assert.deepEqual(problems, [], 'no warning or error on the page (the element found the tracker it drives)');
      assert.ok(first && second, `two requests reached the collector (got ${collector.captures.length})`);
      assert.equal(first.headers.spAnonymous, '*', 'the first page view, at the default level, is anonymous');
      assert.ok(!first.events[0].duid, 'and has no device id');
      assert.equal(second.headers.spAnonymous, null, 'after setLevel("full") the site tracker is identified');
      assert.ok(second.events[0].duid, 'and sends a device id');
      assert.deepEqual(
        collector.captures.flatMap((capture) => capture.schemaProblems),
        [],
        'every event is valid for the Iglu schemas',
      );
    });
  });

  test("a returning visitor's page loads no UI chunk; opening the preferences loads it", async () => {
    writeFileSync(
      join(project, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>site</title><script type="module" src="./returning.js"></script></head>
<body><consent-banner collector="/collector" app-id="returning" page-view no-consent-events></consent-banner></body></html>`,
    );
    writeFileSync(
      join(project, 'returning.js'),
      `import { pageConsent, showPreferences } from 'consent-banner';
window.openPreferences = showPreferences;
window.levelBeforeUi = pageConsent()?.level;
window.done = true;
`,
    );
    run(bin('vite'), ['build', '--logLevel', 'error', '--outDir', 'out-returning', '--emptyOutDir'], project);
    await inChromium(join(project, 'out-returning'), async ({ page, origin, collector, problems }) => {
      const scripts = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      // A decision stored on an earlier visit (format 2 of the consent cookie).
      const record = JSON.stringify({ v: 2, level: 'session', policy: '1', at: Date.now() - 60_000 });
      await page.context().addCookies([{ name: 'consent_banner', value: encodeURIComponent(record), url: `${origin}/` }]);
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => window.done === true, undefined, { timeout: 10_000 });
      await captures(collector, 1);
      assert.equal(collector.captures[0].events[0].e, 'pv', 'the page view went out');
      assert.ok(collector.captures[0].events[0].sid, 'at the stored level (session): with a session id');
      assert.ok(!collector.captures[0].events[0].duid, 'and no device id');
      await page.waitForTimeout(300);
      const eager = [...scripts];
      assert.ok(eager.length > 0, "the site's scripts were requested");
      assert.equal(await page.evaluate(() => customElements.get('consent-banner')), undefined, 'no element class yet');
      assert.equal(await page.evaluate(() => window.levelBeforeUi), 'session', 'pageConsent() has the level before the UI');
      const uiChunks = readdirSync(join(project, 'out-returning/assets')).filter((name) => name.startsWith('ui-'));
      assert.equal(uiChunks.length, 1, `the bundler made one UI chunk: ${readdirSync(join(project, 'out-returning/assets'))}`);
      assert.ok(!eager.some((path) => path.endsWith(uiChunks[0])), `no UI chunk on a returning visit: ${eager.join(', ')}`);

      await page.evaluate(() => window.openPreferences());
      await page.waitForFunction(
        () => document.querySelector('consent-banner')?.shadowRoot?.querySelector('dialog[part="preferences"]')?.open === true,
        undefined,
        { timeout: 10_000 },
      );
      assert.ok(
        scripts.some((path) => path.endsWith(uiChunks[0])),
        'the UI chunk loaded on demand',
      );
      assert.deepEqual(problems, [], 'no warning or error on the page');
    });
  });
});
