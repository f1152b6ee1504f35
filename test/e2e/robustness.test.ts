import { expect } from '@open-wc/testing';
import { events, ownTrackerPage, resetBrowser, settle, uniqueAppId, waitForEvents } from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

describe('bad input and a hostile browser never break the page nor raise the level', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('cookies disabled: the choice lives in memory for the page and is applied', async () => {
    const appId = uniqueAppId('no-cookies');
    const page = await ownTrackerPage(appId, {}, { cookiesOff: true });
    page.element.acceptAll();
    expect(page.element.level).to.equal('full');
    expect(page.element.decided).to.equal(true);
    page.element.setLevel('none');
    page.snowplow.trackPageView();
    await settle();
    // The opt-out cookie cannot be written here: the guard plugin alone keeps the event in.
    expect(await events(appId)).to.deep.equal([]);
  });

  it('localStorage that throws: levels still apply, nothing escapes into the page', async () => {
    const appId = uniqueAppId('storage-throws');
    const page = await ownTrackerPage(appId, {}, { storageThrows: true });
    page.element.setLevel('session');
    page.element.setLevel('cookieless');
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
  });

  const badAttributes: [string, string, string][] = [
    ['default-level', 'everything', 'cookieless'],
    ['accept-level', 'ful', 'cookieless'],
    ['cookie-days', 'forever', '180'],
    ['cookie-days', '9000', '395'],
    ['cookie-name', 'bad name;', 'consent_banner'],
    ['cookie-domain', 'example.org', 'host only'],
    ['policy-version', 'a-policy-version-that-is-far-too-long', 'a-policy-versio'],
    ['collector', 'javascript:alert(1)', 'no tracker is created'],
  ];
  for (const [attribute, value, used] of badAttributes) {
    it(`${attribute}="${value}" warns, naming the attribute and what was used instead`, async () => {
      const page = await ownTrackerPage(uniqueAppId('bad'), { [attribute]: value });
      const warning = page.warnings.find((w) => w.includes(attribute));
      expect(warning, JSON.stringify(page.warnings)).to.be.a('string');
      expect(warning).to.contain(used);
      expect(page.element.level).to.equal('cookieless');
    });
  }

  it('a default level above the reject level is capped (before a decision nobody gets more than a "no")', async () => {
    const page = await ownTrackerPage(uniqueAppId('cap'), { 'default-level': 'full', 'reject-level': 'anonymous' });
    expect(page.ready.level).to.equal('anonymous');
    expect(page.warnings.some((w) => w.includes('default-level') && w.includes('"anonymous"'))).to.equal(true);
  });

  it('setLevel() with an unknown level warns and keeps the level', async () => {
    const page = await ownTrackerPage(uniqueAppId('bad-set'));
    page.element.setLevel('full');
    page.element.setLevel('maximum' as never);
    expect(page.element.level).to.equal('full');
    expect(page.warnings.some((w) => w.includes('"maximum"'))).to.equal(true);
  });
});
