// The privacy promise with the Snowplow JS tag: sp.js (a stand-in in its own bundle, with its own copy of the
// tracker, that replaces newTracker's plugins and runs the snippet's queue once it has downloaded).
import { expect } from '@open-wc/testing';
import {
  COLLECTOR,
  events,
  openPage,
  resetBrowser,
  settle,
  storeChoice,
  uniqueAppId,
  waitFor,
  waitForEvents,
  waitForTag,
} from '../support/harness.js';
import { findTagFunction, pageGlobals, tagFunction } from '../support/globals.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('no identifier leaves through the JS tag', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const delayMs of [0, 1000]) {
    it(`stored none, the element first, then the tag with withConsent and its page view (sp.js ${delayMs} ms late): nothing reaches the collector`, async () => {
      await storeChoice('none');
      const appId = uniqueAppId('tag-none');
      const page = await openPage({
        tag: { collector: COLLECTOR, appId, load: 'after-element', useHelper: true, pageViewAtLoad: true, delayMs },
        attributes: { 'no-consent-events': true },
      });
      await waitFor(() => findTagFunction(page) !== undefined, 'the snippet');
      await waitForTag(page, 'snowplow', 4000);
      tagFunction(page)('trackPageView');
      await settle(500);
      expect(await events(appId)).to.deep.equal([]);
      expectStorageObeys('none');
    });
  }

  it('the tag before the element, sp.js still downloading: its first page view obeys the stored level and leaves no queue behind', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('tag-downloading');
    const page = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'before-element', pageViewAtLoad: true, delayMs: 1500 },
      attributes: { 'no-consent-events': true },
    });
    await waitForTag(page, 'snowplow', 4000);
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
    await settle(300);
    expectStorageObeys('cookieless');
    expect(Object.keys(localStorage).filter((key) => key.startsWith('snowplowOutQueue_'))).to.deep.equal([]);

    // The next page sends nothing of the first one again.
    page.close();
    const next = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'before-element' },
      attributes: { 'no-consent-events': true },
    });
    await waitForTag(next);
    await settle(500);
    expect((await events(appId)).map((event) => event['eid'])).to.deep.equal([pageView!['eid']]);
  });

  it("the site's own snowplow('disableAnonymousTracking') at cookieless is not passed on, with a warning", async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('tag-site-disable');
    const page = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'before-element' },
      attributes: { 'no-consent-events': true },
    });
    await waitForTag(page);
    tagFunction(page)('disableAnonymousTracking', { stateStorageStrategy: 'cookieAndLocalStorage' });
    tagFunction(page)('trackPageView');
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expectStorageObeys('cookieless');
    expect(page.warnings.some((warning) => warning.includes("snowplow('disableAnonymousTracking')"))).to.equal(true);
  });

  it('a tag under another global name, declared after the element, is still driven once sp.js has taken it out of GlobalSnowplowNamespace', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('tag-other-name');
    const page = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'after-element', functionName: 'spx' },
      attributes: { 'no-consent-events': true },
    });
    await waitFor(() => findTagFunction(page, 'spx') !== undefined, 'the snippet');
    await waitForTag(page, 'spx');
    expect(pageGlobals(page).GlobalSnowplowNamespace).to.deep.equal([]);
    tagFunction(page, 'spx')('trackPageView');
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expectStorageObeys('cookieless');
  });
});
