import { expect } from '@open-wc/testing';
import { CONSENT_LEVELS } from '../../src/consent/levels.js';
import {
  cookieValue,
  events,
  ownTrackerPage,
  resetBrowser,
  settle,
  uniqueAppId,
  waitForEvents,
  bannerShown,
} from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

const COOKIE = 'consent_banner';
const DAY = 24 * 60 * 60 * 1000;
const VALID_ID = '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6';

function storeRaw(value: string): void {
  document.cookie = `${COOKIE}=${encodeURIComponent(value)}; Path=/; SameSite=Lax`;
}

function storeRecord(fields: Record<string, unknown>): void {
  storeRaw(JSON.stringify({ v: 1, level: 'full', policy: '1', at: Date.now() - DAY, id: VALID_ID, ...fields }));
}

describe('the stored choice', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const level of CONSENT_LEVELS) {
    it(`a reload with "${level}" stored: the very first event (the automatic page view) already obeys it`, async () => {
      const appId = uniqueAppId(`reload-${level}`);
      const first = await ownTrackerPage(appId);
      first.element.setLevel(level);
      first.snowplow.trackPageView();
      const before = level === 'none' ? 0 : (await waitForEvents(appId, 1)).length;
      first.close();

      const second = await ownTrackerPage(appId, { 'page-view': true });
      expect(second.ready.level).to.equal(level);
      expect(second.ready.source).to.equal('stored');
      expect(second.element.decided).to.equal(true);
      expect(bannerShown(second), 'banner hidden once decided').to.equal(false);
      if (level === 'none') {
        await settle();
        expect(await events(appId)).to.deep.equal([]);
      } else {
        const all = await waitForEvents(appId, before + 1);
        const pageView = all[before]!;
        expect(pageView.e).to.equal('pv');
        await expectSentAt(level, appId, pageView);
      }
      expectStorageObeys(level);
    });
  }

  it('stores level, policy version and decision time in a SameSite=Lax cookie, and no identifier', async () => {
    const page = await ownTrackerPage(uniqueAppId('record'));
    const before = Date.now();
    page.element.acceptAll();
    const record = JSON.parse(cookieValue(COOKIE)!) as Record<string, unknown>;
    expect(record['level']).to.equal('full');
    expect(record['policy']).to.equal('1');
    expect(record['at']).to.be.within(before - 5, Date.now() + 5);
    expect(Object.keys(record).sort()).to.deep.equal(['at', 'level', 'policy', 'v']);
    expect(page.changes.at(-1)).to.include({ level: 'full', previousLevel: 'cookieless', source: 'api', policyVersion: '1' });
    expect(page.changes.at(-1)!.decidedAt).to.equal(new Date(record['at'] as number).toISOString());
  });

  it('a decision stored by version 0.1 (format 1, with a random id) still counts, and loses the id when rewritten', async () => {
    storeRecord({ level: 'session' });
    const page = await ownTrackerPage(uniqueAppId('format-1'));
    expect([page.ready.level, page.ready.source, bannerShown(page)]).to.deep.equal(['session', 'stored', false]);
    expect(cookieValue(COOKIE)).to.contain(VALID_ID);
    page.element.setLevel('anonymous');
    expect(cookieValue(COOKIE)).not.to.contain(VALID_ID);
    expect(JSON.parse(cookieValue(COOKIE)!)).to.include({ v: 2, level: 'anonymous' });
  });

  const tampered: [string, () => void][] = [
    ['not JSON', () => storeRaw('full')],
    ['an unknown level', () => storeRecord({ level: 'everything' })],
    ['a level of the wrong type', () => storeRecord({ level: 4 })],
    ['a decision time as a string', () => storeRecord({ at: String(Date.now()) })],
    ['a decision time in the future', () => storeRecord({ at: Date.now() + 400 * DAY })],
    ['an extra field', () => storeRecord({ admin: true })],
    ['a missing consent id', () => storeRaw(JSON.stringify({ v: 1, level: 'full', policy: '1', at: Date.now(), id: '' }))],
    ['an unknown format version', () => storeRecord({ v: 3 })],
    ['format 2 with an id', () => storeRecord({ v: 2 })],
    ['a format 1 record without its id', () => storeRaw(JSON.stringify({ v: 1, level: 'full', policy: '1', at: Date.now() }))],
    ['an array', () => storeRaw('[1,2,3]')],
    ['a decision older than cookie-days (expired)', () => storeRecord({ at: Date.now() - 181 * DAY })],
    ['another policy version', () => storeRecord({ policy: '0' })],
  ];
  for (const [what, store] of tampered) {
    it(`a record with ${what} counts as undecided: default level, banner shown`, async () => {
      store();
      const appId = uniqueAppId('tampered');
      const page = await ownTrackerPage(appId);
      expect(page.ready).to.include({ level: 'cookieless', source: 'default', decidedAt: null });
      expect(page.element.decided).to.equal(false);
      expect(bannerShown(page)).to.equal(true);
      page.snowplow.trackPageView();
      const [event] = await waitForEvents(appId, 1);
      await expectSentAt('cookieless', appId, event!);
    });
  }

  it('a policy version bump asks again; the new decision is stored under the new version', async () => {
    storeRecord({ level: 'full', policy: '1' });
    const page = await ownTrackerPage(uniqueAppId('policy'), { 'policy-version': '2024-06' });
    expect(page.ready.level).to.equal('cookieless');
    expect(bannerShown(page)).to.equal(true);
    page.element.rejectAll();
    expect(JSON.parse(cookieValue(COOKIE)!)).to.include({ level: 'cookieless', policy: '2024-06' });
    expect(page.changes.at(-1)!.policyVersion).to.equal('2024-06');
  });

  it('cookie-name, cookie-days and the default level are honoured', async () => {
    const page = await ownTrackerPage(uniqueAppId('names'), {
      'cookie-name': 'site_consent',
      'cookie-days': '30',
      'default-level': 'none',
    });
    expect(page.ready.level).to.equal('none');
    page.element.setLevel('session');
    expect(JSON.parse(cookieValue('site_consent')!)).to.include({ level: 'session' });
    expect(cookieValue(COOKIE)).to.equal(undefined);
    page.close();
    storeRaw(''); // clear the default name; the custom one holds the decision
    const again = await ownTrackerPage(uniqueAppId('names'), { 'cookie-name': 'site_consent', 'cookie-days': '30' });
    expect(again.ready).to.include({ level: 'session', source: 'stored' });
  });

  it('reset() forgets the decision: default level, banner shown again, cookie gone', async () => {
    const page = await ownTrackerPage(uniqueAppId('reset'));
    page.element.acceptAll();
    page.element.reset();
    await page.element.updateComplete;
    expect(page.element.level).to.equal('cookieless');
    expect(page.element.decided).to.equal(false);
    expect(cookieValue(COOKIE)).to.equal(undefined);
    expect(bannerShown(page)).to.equal(true);
    expect(page.changes.at(-1)).to.include({ level: 'cookieless', previousLevel: 'full', source: 'default' });
  });
});
