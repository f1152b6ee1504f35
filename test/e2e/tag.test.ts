import { expect } from '@open-wc/testing';
import { CONSENT_LEVELS } from '../../src/consent/levels.js';
import {
  COLLECTOR,
  openPage,
  resetBrowser,
  uniqueAppId,
  waitFor,
  waitForEvents,
  waitForTag,
  storeChoice,
} from '../support/harness.js';
import { findTagFunction, tagFunction } from '../support/globals.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('the Snowplow JS tag (sp.js queue), driven with the same level table', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const from of ['full', 'session'] as const) {
    for (const to of CONSENT_LEVELS) {
      if (to === from) continue;
      it(`${from} -> ${to} through the queue`, async () => {
        const appId = uniqueAppId(`tag-${from}-${to}`);
        const page = await openPage({
          tag: { collector: COLLECTOR, appId, load: 'before-element' },
          attributes: { 'no-consent-events': true },
        });
        await waitForTag(page);
        page.element.setLevel(from);
        tagFunction(page)('trackPageView');
        await waitForEvents(appId, 1);
        page.element.setLevel(to);
        tagFunction(page)('trackPageView');
        if (to !== 'none') {
          const all = await waitForEvents(appId, 2);
          await expectSentAt(to, appId, all[1]!);
        }
        expectStorageObeys(to);
        if (to === 'cookieless' || to === 'none') {
          expect(Object.keys(localStorage).filter((key) => key.startsWith('snowplowOutQueue_'))).to.deep.equal([]);
        }
      });
    }
  }

  it('a tag that arrives after the element (tag-name, named tracker ":sp1") still gets the stored level', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('tag-late');
    const page = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'after-element' },
      attributes: { 'tag-name': 'snowplow', tracker: 'sp1', 'no-consent-events': true },
    });
    // The whole tag arrives 300 ms later, in full mode; the element then applies the level from scratch.
    await waitFor(() => findTagFunction(page) !== undefined, 'the tag to load');
    await waitForTag(page);
    await new Promise((resolve) => setTimeout(resolve, 600));
    tagFunction(page)('trackPageView:sp1');
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expectStorageObeys('cookieless');
  });

  it("withConsent() in the tag's newTracker: the first page view of the tag already obeys the stored level", async () => {
    await storeChoice('session');
    const appId = uniqueAppId('tag-helper');
    await openPage({
      tag: { collector: COLLECTOR, appId, load: 'before-element', useHelper: true, pageViewAtLoad: true },
      attributes: { 'no-consent-events': true },
    });
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('session', appId, pageView!);
  });

  it('sp.js still downloading (1.5 s) under another function name: what the element queued meanwhile applies the level', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('tag-slow');
    const page = await openPage({
      tag: { collector: COLLECTOR, appId, load: 'before-element', functionName: 'spTag', delayMs: 1500 },
      attributes: { 'tag-name': 'spTag', 'no-consent-events': true },
    });
    // The element connects in the same task as the snippet, so it queues its commands long before sp.js runs them.
    const tag = tagFunction(page, 'spTag');
    tag('trackPageView');
    await waitForTag(page, 'spTag');
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expectStorageObeys('cookieless');
  });
});
