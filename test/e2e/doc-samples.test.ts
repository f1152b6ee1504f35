// Every code sample of README.md and docs/*.md that a page can run, run in a page of its own against the built
// drop-in and the loopback collector (scripts/doc-samples.mjs lists them; samples that import the package are
// bundled from the source, as a site's build would bundle them). Addresses in the samples are the site's: the
// drop-in's folder becomes /dist/, the collector the loopback one, and `sha384-(from integrity.json)` the file's
// real hash. Samples in other languages (shell, TSX, Vue) are not run here: the package tests build React and Vue
// apps with the same code, and `npm ci`, `npm start` and `npm test` are what CI itself runs.
import { expect } from '@open-wc/testing';
import { COLLECTOR, resetBrowser, settle, waitFor } from '../support/harness.js';

interface DocSample {
  file: string;
  index: number;
  lang: string;
  code: string;
  /** Samples that import the package: their bundle. */
  bundle?: string;
}

type SampleWindow = Window &
  typeof globalThis & {
    errors: string[];
    ConsentBanner?: unknown;
  };

/** The list, read before the tests are declared (one test per sample): a synchronous request, in a test page only. */
function readSamples(): DocSample[] {
  const request = new XMLHttpRequest();
  request.open('GET', '/.cache/doc-samples/index.json', false);
  request.send();
  return JSON.parse(request.responseText) as DocSample[];
}

const samples = readSamples();
const DIST = `${location.origin}/dist/`;

async function sha384(path: string): Promise<string> {
  const bytes = await (await fetch(path)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

/** The sample as it runs here: this machine's files and collector, the hashes of the files as built. */
async function localized(code: string): Promise<string> {
  let local = code
    .replaceAll('https://your.cdn/consent-banner/0.1.0/', DIST)
    .replaceAll('https://your.cdn/consent-banner/', DIST)
    .replaceAll('https://collector.example.com', COLLECTOR);
  if (local.includes('sha384-(from integrity.json)')) {
    // The tag names the drop-in; an import map names the UI file.
    const file = local.includes('type="importmap"') ? 'consent-banner-ui.js' : 'consent-banner.min.js';
    local = local.replaceAll('sha384-(from integrity.json)', await sha384(`/dist/${file}`));
  }
  return local;
}

/** Runs first in every sample's page: uncaught errors and the library's console errors; what samples refer to. */
const RECORDER = `<script>
  window.errors = [];
  window.addEventListener('error', function (event) { window.errors.push(String(event.message)); });
  window.addEventListener('unhandledrejection', function (event) { window.errors.push(String(event.reason)); });
  var consoleError = console.error;
  console.error = function () { window.errors.push(Array.prototype.join.call(arguments, ' ')); consoleError.apply(console, arguments); };
  window.DOC_SAMPLE_COLLECTOR = ${JSON.stringify(COLLECTOR)};
  window.myPlugin = {};
  window.myBanner = {};
</script>`;

/** The Snowplow JS tag's snippet (a queue until sp.js arrives), loading the tests' sp.js stand-in. */
const TAG_SNIPPET = `<script>
  window.GlobalSnowplowNamespace = window.GlobalSnowplowNamespace || [];
  window.GlobalSnowplowNamespace.push('snowplow');
  window.snowplow = function () { (window.snowplow.q = window.snowplow.q || []).push(arguments); };
  window.snowplow.q = [];
</script><script async src="/.cache/sp-standin/sp.js"></script>`;

const DROP_IN = `<script src="${DIST}consent-banner.min.js"></script>`;

const frames: HTMLIFrameElement[] = [];

async function openPage(head: string, body: string): Promise<SampleWindow> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = `<!doctype html><html lang="en"><head>${RECORDER}${head}</head><body><main><h1>A page</h1></main>${body}</body></html>`;
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  return frame.contentWindow as SampleWindow;
}

/** Whether the sample loads the library itself (the drop-in tag, or the CMS snippet). */
function loadsLibrary(code: string): boolean {
  return code.includes('consent-banner.min.js');
}

/** Whether the sample puts a `<consent-banner>` on the page (markup, the tag's data-*, the snippet's settings). */
function placesElement(code: string): boolean {
  return code.includes('<consent-banner') || code.includes('data-collector') || code.includes('queue.settings');
}

async function expectElementStarted(win: SampleWindow, label: string): Promise<void> {
  await waitFor(
    () => (win.document.querySelector('consent-banner') as { consentDetail?: unknown } | null)?.consentDetail !== undefined,
    `${label}: the element to apply its first level`,
  );
}

describe('the code samples of the documentation run', () => {
  beforeEach(resetBrowser);
  afterEach(() => {
    frames.splice(0).forEach((frame) => frame.remove());
    resetBrowser();
  });

  it('the documentation has samples to run', () => {
    expect(samples.filter((sample) => sample.lang === 'html').length).to.be.greaterThan(5);
    expect(samples.filter((sample) => sample.lang === 'js').length).to.be.greaterThan(1);
  });

  for (const sample of samples) {
    const label = `${sample.file}, sample ${sample.index + 1} (${sample.lang})`;
    if (sample.lang === 'html') {
      it(`${label}`, async () => {
        const code = await localized(sample.code);
        // Markup without the script (an element, gated content, the Consent Mode default) gets the drop-in after it.
        const body = loadsLibrary(code)
          ? code
          : `${code}${placesElement(code) ? '' : '<consent-banner></consent-banner>'}${DROP_IN}`;
        const win = await openPage('', body);
        if (placesElement(code) || !loadsLibrary(code)) await expectElementStarted(win, label);
        expect(win.errors, 'no error in the page').to.deep.equal([]);
      });
    } else if (sample.lang === 'js') {
      it(`${label}`, async () => {
        // The sample ran to its end when its last statement set the mark; a module that fails to load says so.
        const done = 'window.DOC_SAMPLE_DONE = true;';
        const win = sample.bundle
          ? await openPage(
              '',
              `<script type="module" src="${sample.bundle}" onerror="window.errors.push('the sample did not load')"></script>`,
            )
          : await openPage(`${TAG_SNIPPET}${DROP_IN}`, `<script>${await localized(sample.code)}\n${done}</script>`);
        await waitFor(
          () => (win as unknown as { DOC_SAMPLE_DONE?: boolean }).DOC_SAMPLE_DONE === true || win.errors.length > 0,
          `${label} to run`,
        );
        await settle(200);
        expect(win.errors, 'no error in the page').to.deep.equal([]);
        if (!sample.bundle) expect(typeof win.ConsentBanner, 'the drop-in ran').to.equal('function');
      });
    } else if (sample.lang === 'css') {
      it(`${label}`, async () => {
        const win = await openPage(`<style>${sample.code}</style>`, `<consent-banner></consent-banner>${DROP_IN}`);
        await expectElementStarted(win, label);
        const declared = [...sample.code.matchAll(/(--consent-banner-[a-z-]+):\s*([^;]+);/g)];
        expect(declared.length, 'the sample sets custom properties').to.be.greaterThan(0);
        const style = win.getComputedStyle(win.document.querySelector('consent-banner')!);
        for (const [, name, value] of declared) expect(style.getPropertyValue(name!).trim(), name).to.equal(value!.trim());
      });
    }
  }
});
