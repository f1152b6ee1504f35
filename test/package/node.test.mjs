// Every entry of the packed package in plain Node, as a server that renders the page (Next.js, Nuxt,
// Astro, ...) imports it: no window, document, location, customElements or HTMLElement. Each check runs
// in a fresh `node` inside the scratch site, so that one entry's imports cannot help another's.
// Run with `node --test test/package/` after `npm run build`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { attempt, packedSite } from './site.mjs';

let site;
let checks = 0;

before(() => {
  site = packedSite('consent-banner-node', ['@snowplow/browser-tracker@4.10.1', 'react@19', 'react-dom@19']);
});

after(() => site?.remove());

/**
 * Runs `body` (an ES module's code, with `report(value)` to hand back a result) in a fresh Node in the
 * site and returns the value; fails with everything it printed (the stack of what threw) otherwise.
 * `body` imports dynamically, after the check that no DOM global exists (lit's Node build adds a
 * `customElements` of its own when it is imported).
 */
async function inNode(body) {
  const file = join(site.project, `check-${++checks}.mjs`);
  writeFileSync(
    file,
    `for (const name of ['window', 'document', 'location', 'navigator', 'customElements', 'HTMLElement']) {
  // navigator exists in Node 21+; everything else is a browser's only.
  if (name !== 'navigator' && typeof globalThis[name] !== 'undefined') throw new Error(name + ' exists: not plain Node');
}
const report = (value) => console.log('RESULT ' + JSON.stringify(value));
${body}`,
  );
  const { code, output } = await attempt(process.execPath, [file], site.project);
  assert.equal(code, 0, `node exited with ${code}:\n${output}`);
  const line = output.split('\n').find((text) => text.startsWith('RESULT '));
  assert.ok(line, `no result:\n${output}`);
  return JSON.parse(line.slice('RESULT '.length));
}

describe('in Node, without a DOM', () => {
  test('consent-banner/headless: withConsent() gives the stored-nothing configuration', async () => {
    const result = await inNode(`const { withConsent } = await import('consent-banner/headless');
const config = withConsent({ appId: 'x' });
report({ ...config, plugins: config.plugins.length, customFetch: typeof config.customFetch });`);
    assert.equal(result.appId, 'x');
    assert.deepEqual(result.anonymousTracking, { withServerAnonymisation: true }, 'anonymous, as before any decision');
    assert.equal(result.stateStorageStrategy, 'none', 'nothing stored');
    assert.equal(result.plugins, 1, 'the guard plugin');
    assert.equal(result.customFetch, 'function', 'the guarded fetch');
  });

  test('consent-banner/headless: setupConsent() does not throw', async () => {
    const result = await inNode(`const { setupConsent } = await import('consent-banner/headless');
const consent = setupConsent({ tracker: 'sp' });
report({ subscribe: typeof consent.subscribe, start: typeof consent.start });`);
    assert.deepEqual(result, { subscribe: 'function', start: 'function' });
  });

  test('consent-banner and consent-banner/element import; both hold the element class (the element is defined by the first stage)', async () => {
    const result = await inNode(`const entry = await import('consent-banner');
const element = await import('consent-banner/element');
report({ entry: typeof entry.ConsentBannerElement, withConsent: typeof entry.withConsent, element: typeof element.ConsentBannerElement });`);
    assert.deepEqual(result, { entry: 'function', withConsent: 'function', element: 'function' });
  });

  test('consent-banner/react imports and renders on the server: the settings become attributes', async () => {
    const result = await inNode(`const { createElement } = await import('react');
const { renderToString } = await import('react-dom/server');
const { ConsentBanner } = await import('consent-banner/react');
report(renderToString(createElement(ConsentBanner, {
  collector: 'https://collector.example.com', appId: 'shop', pageView: true, ignoreDnt: false, cookieDays: '30',
  onConsentChange: () => {},
})));`);
    assert.match(result, /^<consent-banner [^>]*><\/consent-banner>$/);
    for (const attribute of ['collector="https://collector.example.com"', 'app-id="shop"', 'page-view=""', 'cookie-days="30"']) {
      assert.ok(result.includes(attribute), `${attribute} in ${result}`);
    }
    assert.ok(!result.includes('ignore-dnt'), `false leaves the attribute out: ${result}`);
    assert.ok(!/onconsent|function/i.test(result), `no handler in the markup: ${result}`);
  });
});
