import { expect } from '@open-wc/testing';
import { pageValue } from '../support/globals.js';
import { openPage, ownTrackerPage, part, resetBrowser, uniqueAppId, waitFor, waitForEvents } from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

describe("a hostile page: strict CSP (no 'unsafe-inline', no 'unsafe-eval') with Trusted Types enforced", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('the policy is really in force on the fixture (an inline script is refused and reported)', async () => {
    const page = await openPage({ attributes: { 'no-consent-events': true } }, {}, 'csp');
    const script = page.window.document.createElement('script');
    expect(() => {
      script.text = 'window.inline = 1';
    }, 'Trusted Types refuse a plain string').to.throw();
    const style = page.window.document.createElement('style');
    style.textContent = 'body { color: red }';
    page.window.document.head.append(style);
    await waitFor(
      () => page.window.fixture.violations!.some((violation) => violation.startsWith('style-src')),
      'the style-src report',
    );
  });

  it('the drop-in works without a single violation: banner, preferences, tracking, gated scripts', async () => {
    const appId = uniqueAppId('csp');
    const page = await ownTrackerPage(appId, { 'page-view': true }, {}, 'csp');
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
    const root = page.element.shadowRoot!;
    expect(part(page.element, 'banner') !== null).to.equal(true);
    expect(getComputedStyle(part(page.element, 'accept-button')!).minHeight, 'styles applied').to.equal('44px');

    page.element.showPreferences();
    await page.element.updateComplete;
    (root.querySelector('input[value="full"]') as HTMLInputElement).click();
    part(page.element, 'save-button')!.click();
    await waitFor(() => pageValue(page, 'externalRuns') === 1, 'the gated script to run');
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);

    expect(page.window.fixture.violations).to.deep.equal([]);
    expect(page.window.fixture.errors).to.deep.equal([]);
  });

  it('attributes with markup or javascript: URLs render inert', async () => {
    const page = await openPage(
      {
        attributes: {
          'privacy-url': 'javascript:window.pwned=1',
          strings: JSON.stringify({ banner: { title: '<img src=x onerror="window.pwned=1">', privacyPolicy: '<b>bold</b>' } }),
          'no-consent-events': true,
        },
      },
      {},
      'csp',
    );
    const root = page.element.shadowRoot!;
    expect(root.querySelector('#banner-title')!.textContent).to.equal('<img src=x onerror="window.pwned=1">');
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('a[href^="javascript"]'), 'no javascript: link').to.equal(null);
    expect(page.warnings.some((warning) => warning.includes('privacy-url'))).to.equal(true);
    expect(pageValue(page, 'pwned')).to.equal(undefined);
    expect(page.window.fixture.violations).to.deep.equal([]);
  });
});
