// Page code that adds enumerable keys to Object.prototype before the library loads (prototype pollution, or an
// old library that extends it): keys named like the settings and the stored record's fields (signals.js
// `?pollute=1`, in the fixture's own frame, which goes away with it).
import { expect } from '@open-wc/testing';
import { bannerShown, events, ownTrackerPage, resetBrowser, settle, uniqueAppId, waitForEvents } from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

const POLLUTED = { query: { pollute: '1' } };

describe('page code that pollutes Object.prototype', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('the library starts; the default level, the banner and the events are as without it', async () => {
    const appId = uniqueAppId('polluted');
    const page = await ownTrackerPage(appId, { purposes: 'marketing' }, POLLUTED);
    expect((page.window as unknown as { defaultLevel?: unknown }).defaultLevel, 'the frame is polluted').to.equal('full');
    expect(page.ready).to.deep.include({ level: 'cookieless', source: 'default', purposes: [] });
    expect(page.element.hasConsent('marketing')).to.equal(false);
    expect(bannerShown(page)).to.equal(true);
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
  });

  it('Do Not Track is still honoured (ignoreDnt on the prototype is no setting)', async () => {
    const appId = uniqueAppId('polluted-dnt');
    const page = await ownTrackerPage(appId, {}, { ...POLLUTED, dnt: '1' });
    expect(page.ready).to.include({ level: 'none', source: 'dnt' });
    page.snowplow.trackPageView();
    await settle();
    expect(await events(appId)).to.deep.equal([]);
  });

  it('a stored decision without purposes grants none (p on the prototype is no answer); setConsent() without a level keeps the level', async () => {
    const at = Date.now() - 60_000;
    document.cookie = `consent_banner=${encodeURIComponent(JSON.stringify({ v: 2, level: 'session', policy: '1', at }))}; Path=/`;
    const page = await ownTrackerPage(uniqueAppId('polluted-record'), { purposes: 'marketing' }, POLLUTED);
    expect(page.ready).to.deep.include({ level: 'session', source: 'stored', purposes: [] });
    expect(page.element.hasConsent('marketing')).to.equal(false);
    page.element.setConsent({ purposes: [] });
    expect(page.element.level).to.equal('session');
  });

  it('the drop-in starts too, and its element, global API and tracker API work', async () => {
    const appId = uniqueAppId('polluted-dropin');
    const page = await ownTrackerPage(appId, { purposes: 'marketing' }, POLLUTED, 'dropin');
    expect(page.window.fixture.errors, 'no error in the page').to.deep.equal([]);
    expect(page.ready).to.deep.include({ level: 'cookieless', source: 'default', purposes: [] });
    expect(page.window.ConsentBanner?.level).to.equal('cookieless');
    expect(page.element.hasConsent('marketing')).to.equal(false);
    page.window.ConsentBanner!.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
  });
});
