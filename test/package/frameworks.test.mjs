// The packed package in framework apps: a React 19 + TypeScript app (the element in TSX with the JSX
// types, and the `consent-banner/react` wrapper) type-checked strictly, bundled by Vite and run in Chromium
// against the loopback collector; a Preact and a Vue 3 app type-checked (tsc, vue-tsc). Typos in
// attributes and event props must fail those checks: the types are not `any`.
// Run with `node --test test/package/` after `npm run build`.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { attempt, bin, captures, inChromium, packedSite, run } from './site.mjs';

let site;
let project;

/** Writes the scratch site's files: `{path: text}`. */
function write(files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
}

/** The lines of `path` that end with the marker: where the checker must report an error, and only there. */
function markedLines(path, marker) {
  return readFileSync(join(project, path), 'utf8')
    .split('\n')
    .flatMap((line, index) => (line.trimEnd().endsWith(marker) ? [index + 1] : []));
}

/** `file(line,col): error TS...` of a tsc or vue-tsc run, as `file:line` strings. */
function errorLines(output) {
  return [...output.matchAll(/^(\S+?)\((\d+),\d+\): error TS\d+/gm)].map(([, file, line]) => `${file}:${line}`).sort();
}

const REACT_APP = `import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type {} from 'consent-banner/jsx';
import type { ConsentBannerElement } from 'consent-banner';
import { ConsentBanner, type ConsentChangeDetail, type ConsentEvent } from 'consent-banner/react';

declare global {
  interface Window {
    seen: { type: string; detail: ConsentChangeDetail }[];
  }
}
window.seen = [];
const record = (event: ConsentEvent): void => {
  window.seen.push({ type: event.type, detail: event.detail });
};
const collector = \`\${location.origin}/collector\`;

/** The wrapper: camelCase settings, onConsentChange, the element as ref. */
function Wrapper() {
  const banner = useRef<ConsentBannerElement>(null);
  const [level, setLevel] = useState<string>('');
  return (
    <>
      <ConsentBanner
        ref={banner}
        collector={collector}
        appId="react-wrapper"
        pageView
        noConsentEvents
        policyVersion="7"
        theme="dark"
        className="site-banner"
        onConsentChange={(event) => {
          record(event);
          setLevel(event.detail.level);
        }}
        onConsentReady={record}
      >
        <span slot="title">Cookies?</span>
      </ConsentBanner>
      <output id="level">{level}</output>
      <button type="button" id="ref-level" onClick={() => banner.current?.setLevel('session')}>
        session
      </button>
    </>
  );
}

/** The element itself, with the JSX types: React 19 sets attributes and listens before connecting it. */
function Element() {
  return (
    <consent-banner
      collector={collector}
      app-id="react-element"
      page-view
      no-consent-events
      cookie-days="30"
      onconsent-change={record}
      onconsent-ready={record}
    />
  );
}

const App = new URLSearchParams(location.search).has('element') ? Element : Wrapper;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`;

const REACT_TYPOS = `import type {} from 'consent-banner/jsx';
import { ConsentBanner } from 'consent-banner/react';

export const typos = (
  <>
    <consent-banner cookie-days={true} /> {/* type error */}
    <consent-banner onConsentChange={() => {}} /> {/* type error */}
    <consent-banner onconsent-change={(event: MouseEvent) => event.clientX} /> {/* type error */}
    <consent-banner level="full" /> {/* type error */}
    <ConsentBanner cookieDays={180} /> {/* type error */}
    <ConsentBanner onConsentChnage={() => {}} /> {/* type error */}
    <ConsentBanner onConsentChange={(event) => event.detail.levle} /> {/* type error */}
    <consent-banner app-id="fine" onconsent-ready={(event) => event.detail.level} />
    <ConsentBanner appId="fine" onConsentReady={(event) => event.detail.policyVersion} />
  </>
);
`;

const PREACT_APP = `/** @jsxImportSource preact */
import type {} from 'consent-banner/preact';

export const banner = (
  <consent-banner
    collector="https://collector.example.com"
    app-id="preact-site"
    page-view
    onconsent-change={(event) => console.log(event.detail.level, event.detail.source)}
  />
);
`;

const PREACT_TYPOS = `/** @jsxImportSource preact */
import type {} from 'consent-banner/preact';

export const typos = (
  <>
    <consent-banner cookie-days={true} /> {/* type error */}
    <consent-banner onconsent-change={(event: MouseEvent) => event.clientX} /> {/* type error */}
  </>
);
`;

const VUE_APP = `<script setup lang="ts">
import { ref } from 'vue';
import type { ConsentChangeDetail } from 'consent-banner';

const level = ref<string>('');
function changed(event: CustomEvent<ConsentChangeDetail>): void {
  level.value = event.detail.level;
}
</script>

<template>
  <consent-banner collector="https://collector.example.com" app-id="vue-site" cookie-days="30" page-view @consent-change="changed" />
  <consent-banner :cookie-days="'60'" @consent-ready="(event) => (level = event.detail.source)" />
  <p>{{ level }}</p>
</template>
`;

/** Vue's runtime, without a template compiler: \`@consent-change\` in a template compiles to this \`onConsentChange\`. */
const VUE_RUNTIME = `import { createApp, h } from 'vue';
import 'consent-banner';
import type { ConsentChangeDetail } from 'consent-banner';

declare global {
  interface Window {
    seen: { type: string; detail: ConsentChangeDetail }[];
  }
}
window.seen = [];
const record = (event: CustomEvent<ConsentChangeDetail>): void => {
  window.seen.push({ type: event.type, detail: event.detail });
};
createApp({
  render: () =>
    h('consent-banner', {
      collector: \`\${location.origin}/collector\`,
      'app-id': 'vue-runtime',
      'no-consent-events': '',
      onConsentChange: record,
      onConsentReady: record,
    }),
}).mount('#app');
`;

const page = (title, script) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>
<body><div id="root"></div><div id="app"></div><script type="module" src="${script}"></script></body></html>`;

const VUE_TYPOS = `<script setup lang="ts"></script>

<template>
  <consent-banner :cookie-days="true" /><!-- type error -->
  <consent-banner :collector="5" /><!-- type error -->
  <consent-banner @consent-change="(event: MouseEvent) => event.clientX" /><!-- type error -->
  <consent-banner @consent-change="(event) => event.detail.levle" /><!-- type error -->
</template>
`;

before(() => {
  site = packedSite('consent-banner-frameworks', [
    '@snowplow/browser-tracker@4.10.1',
    'react@19',
    'react-dom@19',
    '@types/react@19',
    '@types/react-dom@19',
    'preact@10',
    'vue@3',
    'vue-tsc@3',
    'typescript@5.9',
  ]);
  project = site.project;
  write({
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        isolatedModules: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        skipLibCheck: false,
        types: [],
      },
      files: ['react/main.tsx', 'react/typos.tsx', 'preact/app.tsx', 'preact/typos.tsx'],
    }),
    'react/main.tsx': REACT_APP,
    'react/typos.tsx': REACT_TYPOS,
    'react/index.html': page('react', './main.tsx'),
    'react/vue.html': page('vue', '../vue/runtime.ts'),
    'vue/runtime.ts': VUE_RUNTIME,
    // Both pages in one development build: React's StrictMode mounts twice and its warnings reach the console.
    'vite.config.mjs': `const page = (path) => new URL(path, import.meta.url).pathname;
export default {
  root: 'react',
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: { outDir: 'out', emptyOutDir: true, rollupOptions: { input: [page('react/index.html'), page('react/vue.html')] } },
};
`,
    'preact/app.tsx': PREACT_APP,
    'preact/typos.tsx': PREACT_TYPOS,
    'vue/main.ts': `import type {} from 'consent-banner/vue';
import { createApp } from 'vue';
import App from './App.vue';
import Typos from './Typos.vue';

createApp(App).component('Typos', Typos).mount('#app');
`,
    'vue/App.vue': VUE_APP,
    'vue/Typos.vue': VUE_TYPOS,
    'tsconfig.vue.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'preserve',
        strict: true,
        noEmit: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        skipLibCheck: false,
        types: [],
      },
      include: ['vue/**/*.ts', 'vue/**/*.vue'],
    }),
  });
});

after(() => site?.remove());

describe('types', () => {
  test('React 19 + TypeScript and Preact: the element in TSX and the wrapper type-check (strict); typos fail the check', async () => {
    const { code, output } = await attempt(bin('tsc'), ['-p', 'tsconfig.json'], project);
    assert.notEqual(code, 0, 'the typos fail the check');
    const expected = [
      ...markedLines('react/typos.tsx', '{/* type error */}').map((line) => `react/typos.tsx:${line}`),
      ...markedLines('preact/typos.tsx', '{/* type error */}').map((line) => `preact/typos.tsx:${line}`),
    ].sort();
    assert.equal(expected.length, 9);
    assert.deepEqual(errorLines(output), expected, `an error on each typo, none elsewhere:\n${output}`);
  });

  test('Vue 3: the element in a template type-checks with vue-tsc; typos fail the check', async () => {
    const { code, output } = await attempt(
      join(project, 'node_modules/.bin/vue-tsc'),
      ['--noEmit', '-p', 'tsconfig.vue.json'],
      project,
    );
    assert.notEqual(code, 0, 'the typos fail the check');
    const expected = markedLines('vue/Typos.vue', '<!-- type error -->').map((line) => `vue/Typos.vue:${line}`);
    assert.equal(expected.length, 4);
    assert.deepEqual(errorLines(output), expected, `an error on each typo, none elsewhere:\n${output}`);
  });
});

describe('in Chromium (development build: StrictMode mounts twice, warnings reach the console)', () => {
  before(() => {
    run(bin('vite'), ['build', '--mode', 'development', '--logLevel', 'error'], project, { NODE_ENV: 'development' });
    assert.ok(readdirSync(join(project, 'react/out/assets')).some((name) => name.endsWith('.js')));
  });

  /** The events the page recorded, once `count` arrived. */
  async function seen(page, count) {
    await page
      .waitForFunction((n) => window.seen?.length >= n, count, { timeout: 10_000 })
      .catch(async () => {
        throw new Error(`${count} events expected: ${JSON.stringify(await page.evaluate(() => window.seen))}`);
      });
    return page.evaluate(() => window.seen);
  }

  const realProblems = (problems) => problems.filter((text) => !text.includes('Lit is in dev mode'));

  test('React wrapper: onConsentChange hears the first level, then the accept; settings reach the element before it connects', async () => {
    await inChromium(join(project, 'react/out'), async ({ page, problems, origin, collector }) => {
      await page.goto(`${origin}/`);
      const [change, ready] = await seen(page, 2);
      assert.deepEqual(change, {
        type: 'consent-change',
        detail: {
          level: 'cookieless',
          previousLevel: null,
          source: 'default',
          policyVersion: '7',
          decidedAt: null,
          purposes: [],
        },
      });
      assert.equal(ready.type, 'consent-ready');
      assert.equal(ready.detail.level, 'cookieless');
      assert.equal(await page.textContent('#level'), 'cookieless', 'the handler ran in React (state set)');

      const element = await page.evaluate(() => {
        const banner = document.querySelector('consent-banner');
        return {
          attributes: Object.fromEntries([...banner.attributes].map((a) => [a.name, a.value])),
          slotted: banner.querySelector('[slot="title"]')?.textContent,
        };
      });
      assert.equal(element.attributes['app-id'], 'react-wrapper');
      assert.equal(element.attributes['page-view'], '');
      assert.equal(element.attributes.class, 'site-banner');
      assert.equal(element.slotted, 'Cookies?');

      await page.click('[part="accept-button"]');
      const accepted = (await seen(page, 3))[2];
      assert.equal(accepted.type, 'consent-change');
      assert.deepEqual(
        [accepted.detail.level, accepted.detail.previousLevel, accepted.detail.source],
        ['full', 'cookieless', 'visitor'],
      );
      assert.equal(await page.textContent('#level'), 'full');
      await page.click('#ref-level');
      const viaRef = (await seen(page, 4))[3];
      assert.deepEqual([viaRef.detail.level, viaRef.detail.source], ['session', 'api'], 'the ref is the element');
      assert.equal((await seen(page, 4)).length, 4, 'each event once (StrictMode mounts twice)');

      // The element created its own tracker from the settings, and tracked the page view with its app id.
      const pageViews = (await captures(collector, 1)).flatMap((capture) =>
        capture.events
          .filter((event) => event.e === 'pv')
          .map((event) => ({ aid: event.aid, anonymous: capture.headers.spAnonymous })),
      );
      assert.deepEqual(pageViews[0], { aid: 'react-wrapper', anonymous: '*' }, 'the page view at cookieless');
      assert.deepEqual(realProblems(problems), []);
    });
  });

  test('React 19, the element itself: onconsent-change is on it before it connects, and hears the first level', async () => {
    await inChromium(join(project, 'react/out'), async ({ page, problems, origin }) => {
      await page.goto(`${origin}/?element`);
      const [first, second] = await seen(page, 2);
      assert.deepEqual([first.type, first.detail.level, first.detail.source], ['consent-change', 'cookieless', 'default']);
      assert.equal(second.type, 'consent-ready');
      assert.equal(await page.evaluate(() => document.querySelector('consent-banner').getAttribute('cookie-days')), '30');
      assert.deepEqual(realProblems(problems), []);
    });
  });

  test('Vue 3: the listener of @consent-change is on the element before it connects, and hears the first level', async () => {
    await inChromium(join(project, 'react/out'), async ({ page, problems, origin }) => {
      await page.goto(`${origin}/vue.html`);
      const [first, second] = await seen(page, 2);
      assert.deepEqual([first.type, first.detail.level, first.detail.source], ['consent-change', 'cookieless', 'default']);
      assert.equal(second.type, 'consent-ready');
      assert.equal(await page.evaluate(() => document.querySelector('consent-banner').getAttribute('app-id')), 'vue-runtime');
      assert.deepEqual(realProblems(problems), []);
    });
  });
});
