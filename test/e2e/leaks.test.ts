// The privacy promise tried as an auditor would: identifiers given out at `full` (canaries: the device id D,
// the session id S, a user id U) are searched in every request, cookie and Web Storage write after the
// visitor gave less. Control tests first show that each detector finds the leak on an unguarded tracker.
import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  collectorCondition,
  COLLECTOR,
  cookieValue,
  events,
  openPage,
  ownTrackerPage,
  requestOf,
  requests,
  resetBrowser,
  sessionEntity,
  settle,
  uniqueAppId,
  waitFor,
  waitForEvents,
  part,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';
import { expectNoLeak, leaksInRequests, leaksInStorage, userCanary } from '../support/leaks.js';

const COOKIE = 'consent_banner';
const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/';

/** A page at `full` whose tracker has sent one page view, and the identifiers it carried. */
async function identifiedPage(appId: string, attributes: Record<string, string | boolean> = {}) {
  const page = await ownTrackerPage(appId, attributes);
  page.element.setLevel('full');
  const userId = userCanary();
  page.element.identify(userId);
  page.snowplow.trackPageView({ title: 'at full' });
  const [event] = await waitForEvents(appId, 1);
  const canaries = [event!.duid!, event!.sid!, userId];
  expect(canaries.every(Boolean), 'D, S and U were sent at full').to.equal(true);
  return { page, canaries, event: event! };
}

function pageViewId(event: CapturedEvent): unknown {
  return event.entities.find((entity) => entity.schema.startsWith(WEB_PAGE))?.data['id'];
}

async function eventTitled(appId: string, title: string): Promise<CapturedEvent> {
  let found: CapturedEvent | undefined;
  await waitFor(async () => {
    found = (await events(appId)).find((event) => event['page'] === title);
    return found !== undefined;
  }, `the event "${title}"`);
  return found!;
}

describe('leak detectors find leaks (controls: a tracker created after the element, without withConsent)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  async function bareTracker(page: Page, appId: string): Promise<CapturedEvent> {
    page.snowplow.newTracker('bare', COLLECTOR, { appId, discoverRootDomain: false, contexts: { session: true, browser: true } });
    const userId = userCanary();
    page.snowplow.setUserId(userId, ['bare']);
    page.snowplow.trackPageView({}, ['bare']);
    const [event] = await waitForEvents(appId, 1);
    return { ...event!, uid: userId };
  }

  it('the request detector finds the device, session and user id of an unguarded tracker', async () => {
    const appId = uniqueAppId('control-requests');
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    const event = await bareTracker(page, appId);
    const found = await leaksInRequests(appId, [event.duid!, event.sid!, event.uid!]);
    expect(found).to.have.length(3);
  });

  it('the storage detector finds the device id in the cookie writes and the tab id in sessionStorage', async () => {
    const appId = uniqueAppId('control-storage');
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    const event = await bareTracker(page, appId);
    const tabId = event.entities.find((entity) => entity.schema.includes('/browser_context/'))?.data['tabId'] as string;
    expect(leaksInStorage(page.window, [event.duid!]).some((where) => where.includes('cookie write'))).to.equal(true);
    expect(leaksInStorage(page.window, [tabId]).some((where) => where.includes('sessionStorage'))).to.equal(true);
  });
});

describe('no identifier leaves after the visitor gives less', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const to of ['session', 'anonymous'] as const) {
    it(`events queued at full while the collector is down, then ${to}, then a reload: they arrive without D, U or the full session`, async () => {
      const appId = uniqueAppId(`queued-${to}`);
      const { page, canaries } = await identifiedPage(appId);
      await collectorCondition(appId, { down: true });
      page.snowplow.trackPageView({ title: 'queued 1' });
      page.snowplow.trackPageView({ title: 'queued 2' });
      await settle(300);
      page.element.setLevel(to);
      const writesBefore = page.window.storageWrites.length;
      page.close();
      await collectorCondition(appId, { down: false });
      const next = await ownTrackerPage(appId);
      expect(next.element.level).to.equal(to);
      next.snowplow.trackPageView({ title: 'next page' });
      await eventTitled(appId, 'next page');
      await settle(300);
      expectNoLeak(await leaksInRequests(appId, canaries, 1), 'requests after the downgrade');
      expectNoLeak(leaksInStorage(next.window, canaries), 'the next page');
      expect(writesBefore).to.be.above(0);
    });
  }

  it('events waiting in memory at a downgrade to cookieless leave without D and with SP-Anonymous', async () => {
    const appId = uniqueAppId('in-memory');
    const { page, canaries } = await identifiedPage(appId);
    await collectorCondition(appId, { delayMs: 600 });
    page.snowplow.trackPageView({ title: 'in flight' });
    page.snowplow.trackPageView({ title: 'waiting 1' });
    page.snowplow.trackPageView({ title: 'waiting 2' });
    page.element.setLevel('cookieless');
    await collectorCondition(appId, { delayMs: 0 });
    for (const title of ['waiting 1', 'waiting 2']) {
      const event = await eventTitled(appId, title);
      await expectSentAt('cookieless', appId, event);
    }
    const all = await requests(appId);
    const after = all.findIndex((request) => request.events.some((event) => event['page'] === 'waiting 1'));
    expectNoLeak(await leaksInRequests(appId, canaries, after), 'requests sent after the downgrade');
  });

  it("the visitor's click on Reject is tracked by the page's click listener under the level it gives", async () => {
    const appId = uniqueAppId('reject-click');
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'at full' });
    const [first] = await waitForEvents(appId, 1);
    // The visitor is at full and asked again (the banner shows after a reset), then rejects.
    page.element.setLevel('full');
    page.element.reset();
    await page.element.updateComplete;
    // Like the button-click tracking plugin: a click listener in the capture phase of the document.
    page.window.document.addEventListener('click', () => page.snowplow.trackPageView({ title: 'the click' }), { capture: true });
    part(page.element, 'reject-button')!.click();
    const click = await eventTitled(appId, 'the click');
    await expectSentAt('cookieless', appId, click);
    expectNoLeak(await leaksInRequests(appId, [first!.duid!, first!.sid!], 1), 'after the click');
  });

  it('after full -> session, and after cookieless -> full, events do not reuse the page view id of the other level', async () => {
    const appId = uniqueAppId('page-view-id');
    const { page, event: atFull } = await identifiedPage(appId);
    page.element.setLevel('session');
    page.snowplow.trackPageView({ title: 'at session' });
    const atSession = await eventTitled(appId, 'at session');
    expect(pageViewId(atSession)).to.be.a('string');
    expect(pageViewId(atSession)).not.to.equal(pageViewId(atFull));

    resetBrowser();
    const appId2 = uniqueAppId('page-view-id-up');
    const second = await ownTrackerPage(appId2);
    second.snowplow.trackPageView({ title: 'anonymous' });
    const anonymous = await eventTitled(appId2, 'anonymous');
    second.element.setLevel('full');
    second.snowplow.trackPageView({ title: 'identified' });
    const identified = await eventTitled(appId2, 'identified');
    expect(identified.duid).to.be.a('string');
    expect(pageViewId(identified)).not.to.equal(pageViewId(anonymous));
  });

  it('a landing URL with the linker _sp and ad click ids: cookieless events carry neither, in url or refr', async () => {
    const appId = uniqueAppId('landing');
    const query = {
      _sp: 'd1d1d1d1-0000-4000-8000-00000000cafe.1700000000000',
      gclid: 'gclid-canary',
      fbclid: 'fbclid-canary',
      msclkid: 'msclkid-canary',
    };
    const page = await openPage({ attributes: { collector: COLLECTOR, 'app-id': appId, 'no-consent-events': true } }, { query });
    page.snowplow.trackPageView({ title: 'landing' });
    const event = await eventTitled(appId, 'landing');
    expect(String(event['url'])).to.contain('/test/fixtures/page.html');
    expectNoLeak(await leaksInRequests(appId, Object.values(query)), 'requests at cookieless');
  });

  it("the cross-domain linker (extended, with the user id) adds nothing to the page's links below full", async () => {
    const appId = uniqueAppId('linker');
    const page = await openPage({
      attributes: { 'no-consent-events': true },
      markup: '<a id="partner" href="https://partner.example/shop">Partner</a>',
    });
    const withConsent = page.window.fixture.withConsent;
    page.snowplow.newTracker(
      'linking',
      COLLECTOR,
      withConsent({ appId, crossDomainLinker: () => true, useExtendedCrossDomainLinker: { userId: true } }),
    );
    const userId = userCanary();
    page.snowplow.setUserId(userId, ['linking']);
    const link = page.window.document.getElementById('partner') as HTMLAnchorElement;
    page.window.document.addEventListener('click', (event) => event.preventDefault());
    link.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    link.click();
    expect(link.href).to.equal('https://partner.example/shop');
    page.element.setLevel('full');
    link.click();
    expect(link.href, 'at full the linker works as configured').to.contain('_sp=');
  });

  it('identity entities (the ecommerce user, the GA cookies) are removed below full', async () => {
    const appId = uniqueAppId('entities');
    const page = await ownTrackerPage(appId);
    const userId = userCanary();
    // The entities as the ecommerce and GA cookies plugins attach them to every event.
    const context = [
      {
        schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/user/jsonschema/1-0-0',
        data: { id: userId, email: `${userId}@example.com` },
      },
      { schema: 'iglu:com.google.analytics/cookies/jsonschema/1-0-0', data: { _ga: 'GA1.1.canary-ga.1700000000' } },
    ];
    for (const level of ['session', 'cookieless'] as ConsentLevel[]) {
      page.element.setLevel(level);
      page.snowplow.trackPageView({ title: level, context });
      await eventTitled(appId, level);
    }
    expectNoLeak(await leaksInRequests(appId, [userId, 'canary-ga']), 'requests below full');
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'full', context });
    const full = await eventTitled(appId, 'full');
    expect(JSON.stringify(full.entities), 'at full the entities stay').to.contain(userId);
  });

  it('withConsent() trackers: no cookie extension call and no root-domain probe cookie below full', async () => {
    const appId = uniqueAppId('extension');
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    const seen: string[] = [];
    const spy = (request: Request) => {
      seen.push(request.url);
      return page.window.fetch(request);
    };
    const writes = page.window.storageWrites.length;
    page.snowplow.newTracker(
      'extended',
      COLLECTOR,
      page.window.fixture.withConsent({ appId, cookieExtensionService: `${COLLECTOR}/cookie-extension`, customFetch: spy }),
    );
    page.snowplow.trackPageView({}, ['extended']);
    await waitForEvents(appId, 1);
    expect(seen.filter((url) => url.includes('cookie-extension'))).to.deep.equal([]);
    expect(seen.some((url) => url.includes('/com.snowplowanalytics.snowplow/tp2'))).to.equal(true);
    const cookieWrites = page.window.storageWrites.slice(writes).filter((write) => write.area === 'cookie');
    expect(cookieWrites.map((write) => write.value).filter((value) => value.startsWith('_sp_'))).to.deep.equal([]);
  });

  it('full -> cookieless removes the tab id from sessionStorage; events carry none', async () => {
    const appId = uniqueAppId('tab-id');
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    page.element.setLevel('full');
    // A site tracker with the browser entity, which carries the tab id.
    page.snowplow.newTracker('tabs', COLLECTOR, page.window.fixture.withConsent({ appId, contexts: { browser: true } }));
    page.snowplow.trackPageView({ title: 'full' }, ['tabs']);
    const atFull = await eventTitled(appId, 'full');
    const tabId = page.window.sessionStorage.getItem('_sp_tab_id');
    expect(tabId).to.be.a('string');
    expect(JSON.stringify(atFull.entities)).to.contain(tabId);
    page.element.setLevel('cookieless');
    expect(page.window.sessionStorage.getItem('_sp_tab_id')).to.equal(null);
    page.snowplow.trackPageView({ title: 'cookieless' }, ['tabs']);
    const event = await eventTitled(appId, 'cookieless');
    const browser = event.entities.find((entity) => entity.schema.includes('/browser_context/'));
    expect(browser?.data['tabId'] ?? null).to.equal(null);
  });

  it('a decision written on another subdomain (the shared cookie, no message) is in force before the next event', async () => {
    const appId = uniqueAppId('subdomain');
    const { page, canaries } = await identifiedPage(appId);
    const other = await openPage({ attributes: { 'no-consent-events': true } });
    // What the other subdomain's banner stores, without the broadcast that cannot reach this origin.
    const stored = JSON.stringify({ v: 2, level: 'cookieless', policy: '1', at: Date.now() });
    other.window.document.cookie = `${COOKIE}=${encodeURIComponent(stored)}; Path=/; SameSite=Lax`;
    other.close();
    const requestsBefore = (await requests(appId)).length;
    page.snowplow.trackPageView({ title: 'next event' });
    const event = await eventTitled(appId, 'next event');
    await expectSentAt('cookieless', appId, event);
    expectNoLeak(await leaksInRequests(appId, canaries, requestsBefore), 'requests after the other decision');
    await waitFor(() => page.element.level === 'cookieless', 'the page to adopt the stored decision');
  });

  it("two tabs deciding at once converge on what is stored, not on the other tab's message", async () => {
    const appId = uniqueAppId('converge');
    const { page: first, canaries } = await identifiedPage(appId);
    const second = await ownTrackerPage(appId);
    await waitFor(() => second.element.level === 'full', 'the second tab at full');
    // The second tab rejects; the first tab's "full" message, sent a moment earlier, arrives after it.
    second.element.rejectAll();
    const stale = new second.window.BroadcastChannel(`consent-banner:${COOKIE}`);
    stale.postMessage({ value: JSON.stringify({ v: 2, level: 'full', policy: '1', at: Date.now() }) });
    stale.close();
    await settle(200);
    expect(JSON.parse(cookieValue(COOKIE)!)).to.include({ level: 'cookieless' });
    await waitFor(() => first.element.level === 'cookieless', 'the first tab to follow the stored decision');
    expect(second.element.level).to.equal('cookieless');
    const requestsBefore = (await requests(appId)).length;
    first.snowplow.trackPageView({ title: 'first tab' });
    second.snowplow.trackPageView({ title: 'second tab' });
    await eventTitled(appId, 'first tab');
    await eventTitled(appId, 'second tab');
    expectNoLeak(await leaksInRequests(appId, canaries, requestsBefore), 'requests of both tabs');
  });

  it("the site's own disableAnonymousTracking at cookieless: the next event still carries no session and no network id", async () => {
    const appId = uniqueAppId('site-disable');
    const page = await ownTrackerPage(appId);
    page.snowplow.disableAnonymousTracking({ stateStorageStrategy: 'cookieAndLocalStorage' });
    page.snowplow.trackPageView({ title: 'after the site switched' });
    const event = await eventTitled(appId, 'after the site switched');
    expect([event.duid, event.sid, sessionEntity(event)]).to.deep.equal([undefined, undefined, undefined]);
    expect((await requestOf(appId, event['eid'] as string)).headers.spAnonymous).to.equal('*');
  });
});
