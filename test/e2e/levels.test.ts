import { expect } from '@open-wc/testing';
import { CONSENT_LEVELS } from '../../src/consent/levels.js';
import { events, ownTrackerPage, resetBrowser, settle, uniqueAppId, waitForEvents } from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('each level sends only what the table allows (real tracker, loopback collector)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const level of CONSENT_LEVELS) {
    it(`${level}: page view, headers, cookies and localStorage`, async () => {
      const appId = uniqueAppId(level);
      const page = await ownTrackerPage(appId);
      page.element.setLevel(level);
      page.element.identify('user-42');
      page.snowplow.trackPageView();
      if (level === 'none') {
        await settle();
        expect(await events(appId)).to.deep.equal([]);
      } else {
        const [event] = await waitForEvents(appId, 1);
        expect(event!.e).to.equal('pv');
        await expectSentAt(level, appId, event!, 'user-42');
        if (level !== 'full') expect(event!.uid, 'identify() is held back below full').to.equal(undefined);
      }
      expectStorageObeys(level);
    });
  }
});
