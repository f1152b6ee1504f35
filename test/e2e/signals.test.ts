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
  cookieValue,
  part,
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

  for (const [signal, settings, level] of [
    ['Global Privacy Control', { gpc: true }, 'cookieless'],
    ['Do Not Track', { dnt: '1' }, 'none'],
  ] as const) {
    it(`${signal}: "Accept all" stores what the banner allowed (${level}, marketing refused), which the next visit without the signal keeps`, async () => {
      const attributes = { purposes: 'functional marketing' };
      const page = await ownTrackerPage(uniqueAppId('signal-accept'), attributes, settings);
      expect(bannerShown(page), 'functional is still to ask').to.equal(true);
      part(page.element, 'accept-button')!.click();
      expect(page.changes.at(-1)).to.deep.include({ level, purposes: ['functional'] });
      expect(JSON.parse(cookieValue('consent_banner')!)).to.deep.include({ level, p: { functional: 1, marketing: 0 } });
      page.close();

      const appId = uniqueAppId('signal-accept-next');
      const next = await ownTrackerPage(appId, attributes);
      expect(next.ready).to.deep.include({ level, source: 'stored', purposes: ['functional'] });
      expect(next.element.hasConsent('marketing')).to.equal(false);
      expect(bannerShown(next)).to.equal(false);
      next.snowplow.trackPageView();
      if (level === 'none') {
        await settle();
        expect(await events(appId)).to.deep.equal([]);
      } else {
        const [event] = await waitForEvents(appId, 1);
        await expectSentAt(level, appId, event!);
      }
    });
  }

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
