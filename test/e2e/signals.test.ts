import { expect } from '@open-wc/testing';
import {
  events,
  ownTrackerPage,
  resetBrowser,
  settle,
  trackerState,
  uniqueAppId,
  waitForEvents,
  storeChoice,
  bannerShown,
} from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

describe('privacy signals', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const dnt of ['1', 'yes']) {
    it(`Do Not Track "${dnt}": level none, no banner, no event, no identifier written`, async () => {
      const appId = uniqueAppId('dnt');
      const page = await ownTrackerPage(appId, { 'page-view': true }, { dnt });
      expect(page.ready).to.include({ level: 'none', source: 'dnt' });
      expect(bannerShown(page)).to.equal(false);
      page.snowplow.trackPageView();
      await settle();
      expect(await events(appId)).to.deep.equal([]);
      expectStorageObeys('none');
      expect(trackerState().cookies).to.deep.equal([]);
    });
  }

  it('Do Not Track wins over a stored "full"', async () => {
    await storeChoice('full');
    const appId = uniqueAppId('dnt-stored');
    const page = await ownTrackerPage(appId, {}, { dnt: '1' });
    expect(page.ready).to.include({ level: 'none', source: 'dnt' });
    page.snowplow.trackPageView();
    await settle();
    expect(await events(appId)).to.deep.equal([]);
    expectStorageObeys('none');
  });

  it('Do Not Track "0" is no signal', async () => {
    const page = await ownTrackerPage(uniqueAppId('dnt0'), {}, { dnt: '0' });
    expect(page.ready).to.include({ level: 'cookieless', source: 'default' });
    expect(bannerShown(page)).to.equal(true);
  });

  it('ignore-dnt: the banner asks as usual', async () => {
    const page = await ownTrackerPage(uniqueAppId('ignore-dnt'), { 'ignore-dnt': true }, { dnt: '1' });
    expect(page.ready).to.include({ level: 'cookieless', source: 'default' });
    expect(bannerShown(page)).to.equal(true);
  });

  it('Global Privacy Control caps a stored "full" at cookieless, without asking', async () => {
    await storeChoice('full');
    const appId = uniqueAppId('gpc');
    const page = await ownTrackerPage(appId, {}, { gpc: true });
    expect(page.ready).to.include({ level: 'cookieless', source: 'gpc' });
    expect(page.element.decided).to.equal(true);
    expect(bannerShown(page)).to.equal(false);
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expectStorageObeys('cookieless');
  });

  it('Global Privacy Control also caps a choice made on the page', async () => {
    const page = await ownTrackerPage(uniqueAppId('gpc-choice'), {}, { gpc: true });
    expect(bannerShown(page)).to.equal(false);
    page.element.acceptAll();
    expect(page.element.level).to.equal('cookieless');
    expect(page.changes.at(-1)).to.include({ level: 'cookieless', source: 'gpc' });
  });

  it('Global Privacy Control leaves a more private stored choice alone', async () => {
    await storeChoice('none');
    const page = await ownTrackerPage(uniqueAppId('gpc-none'), {}, { gpc: true });
    expect(page.ready).to.include({ level: 'none', source: 'stored' });
  });

  it('ignore-gpc: the stored "full" applies', async () => {
    await storeChoice('full');
    const page = await ownTrackerPage(uniqueAppId('ignore-gpc'), { 'ignore-gpc': true }, { gpc: true });
    expect(page.ready).to.include({ level: 'full', source: 'stored' });
  });
});
