import { expect } from '@open-wc/testing';
import { COLLECTOR, openPage, resetBrowser, storeChoice, uniqueAppId, waitForEvents } from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('the headless entry: a site with its own consent UI drives its tracker through the core', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('applies the stored level to the first page view, then every level the site gives it', async () => {
    await storeChoice('session');
    const appId = uniqueAppId('headless');
    const page = await openPage(
      { siteTracker: { namespace: 'own-ui', collector: COLLECTOR, appId, pageViewBeforeElement: true } },
      {},
      'headless',
    );
    const consent = page.window.fixture.consent!;
    const [first] = await waitForEvents(appId, 1);
    await expectSentAt('session', appId, first!);
    expect(consent.level).to.equal('session');
    expect(consent.detail.source).to.equal('stored');

    consent.setLevel('cookieless');
    page.snowplow.trackPageView({}, ['own-ui']);
    const all = await waitForEvents(appId, 2);
    await expectSentAt('cookieless', appId, all[1]!);
    expectStorageObeys('cookieless');
    expect(page.changes.at(-1)).to.include({ level: 'cookieless', previousLevel: 'session', source: 'api' });
    expect(page.window.document.querySelector('consent-banner'), 'no element, no UI').to.equal(null);
  });
});
