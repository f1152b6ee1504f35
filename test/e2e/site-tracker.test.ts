import { expect } from '@open-wc/testing';
import { COLLECTOR, openPage, resetBrowser, trackerState, uniqueAppId, waitForEvents, storeChoice } from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe("driving the site's own tracker (no collector attribute)", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('withConsent(): the page view tracked before the element exists already obeys the stored choice', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('helper');
    const page = await openPage({
      siteTracker: { namespace: 'site', collector: COLLECTOR, appId, useHelper: true, pageViewBeforeElement: true },
      attributes: { tracker: 'site' },
    });
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
    expectStorageObeys('cookieless');

    page.element.acceptAll();
    page.snowplow.trackPageView({}, ['site']);
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);
  });

  it('withConsent() at a stored "none": the first page view never leaves, and no identifier is written', async () => {
    await storeChoice('none');
    const appId = uniqueAppId('helper-none');
    await openPage({
      siteTracker: { namespace: 'site', collector: COLLECTOR, appId, useHelper: true, pageViewBeforeElement: true },
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await (await fetch(`/collector/__captures?aid=${appId}`)).json()).to.deep.equal([]);
    expectStorageObeys('none');
  });

  it('a tracker created without the helper is cleaned up as soon as the element applies the stored level', async () => {
    await storeChoice('anonymous');
    const appId = uniqueAppId('no-helper');
    const page = await openPage({ siteTracker: { namespace: 'site', collector: COLLECTOR, appId }, attributes: {} });
    // Construction in full mode wrote a device id; the element (driving all trackers) must remove it.
    expect(trackerState().cookies.filter((name) => name.startsWith('_sp_id.'))).to.deep.equal([]);
    page.snowplow.trackPageView({}, ['site']);
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('anonymous', appId, event!);
    expectStorageObeys('anonymous');
  });
});
