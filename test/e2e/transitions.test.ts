import { expect } from '@open-wc/testing';
import { CONSENT_LEVELS } from '../../src/consent/levels.js';
import {
  events,
  ownTrackerPage,
  requestOf,
  resetBrowser,
  settle,
  storedDeviceId,
  uniqueAppId,
  waitForEvents,
} from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('every transition between two levels (20): the next event and what the browser keeps', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const from of CONSENT_LEVELS) {
    for (const to of CONSENT_LEVELS) {
      if (from === to) continue;
      it(`${from} -> ${to}`, async () => {
        const appId = uniqueAppId(`${from}-${to}`);
        const page = await ownTrackerPage(appId);
        page.element.setLevel(from);
        page.element.identify('user-7');
        page.snowplow.trackPageView();
        const before = from === 'none' ? [] : await waitForEvents(appId, 1);

        page.element.setLevel(to);
        expect(page.element.level).to.equal(to);
        page.snowplow.trackPageView();
        if (to === 'none') {
          await settle();
          expect((await events(appId)).length, 'no event at none').to.equal(before.length);
        } else {
          const all = await waitForEvents(appId, before.length + 1);
          const event = all[all.length - 1]!;
          await expectSentAt(to, appId, event, 'user-7');
          // Not even the collector's own network id cookie, set while at full, rides along.
          if (to !== 'full') {
            const request = await requestOf(appId, event['eid'] as string);
            expect(request.headers.cookie, 'cookies sent below full').to.equal(null);
          }
        }
        expectStorageObeys(to);
        if (from === 'full' && to !== 'full') expect(storedDeviceId() ?? '', 'device id gone').to.equal('');
      });
    }
  }

  it('full -> session -> full starts a new device id: the old one never comes back', async () => {
    const appId = uniqueAppId('roundtrip');
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    page.snowplow.trackPageView();
    const [first] = await waitForEvents(appId, 1);
    page.element.setLevel('session');
    page.element.setLevel('full');
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    expect(all[1]!.duid).to.be.a('string').and.not.equal(first!.duid);
    expect(all[1]!.sid).not.to.equal(first!.sid);
  });
});
