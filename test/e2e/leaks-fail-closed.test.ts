// What leaves below `full` is what is known to be safe, whoever added it: entities of plugins nobody listed,
// cookies of the site that would ride in the request, the linker's `_sp` in links the page handles itself.
// Each case searches a canary in what reached the loopback collector or what the page could read.
import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  collectorCondition,
  COLLECTOR,
  events,
  openPage,
  ownTrackerPage,
  requestOf,
  resetBrowser,
  uniqueAppId,
  waitFor,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { expectNoLeak, leaksInRequests, leaksInStorage, userCanary } from '../support/leaks.js';

const INVENTED_VENDOR = 'net.unforeseen-vendor';

function randomDigits(): string {
  return String(Math.floor(Math.random() * 1e9)).padStart(9, '7');
}

async function eventTitled(appId: string, title: string): Promise<CapturedEvent> {
  let found: CapturedEvent | undefined;
  await waitFor(async () => {
    found = (await events(appId)).find((event) => event['page'] === title);
    return found !== undefined;
  }, `the event "${title}"`);
  return found!;
}

/**
 * A plugin of the page's own, added to the element's tracker as a site adds any plugin: every event gets the
 * entity the GA cookies plugin 4.x attaches by default (GA4's client id) and an entity of a vendor nobody listed.
 * `@snowplow/browser-plugin-ga-cookies` itself is not installed: this is its output, not its code.
 */
function addThirdPartyEntities(page: Page): { gaCanary: string; vendorCanary: string } {
  const gaCanary = randomDigits();
  const vendorCanary = `visitor-${randomDigits()}`;
  page.snowplow.addPlugin(
    {
      plugin: {
        contexts: () => [
          { schema: 'iglu:com.google.ga4/cookies/jsonschema/1-0-0', data: { _ga: `GA1.1.${gaCanary}.1700000000` } },
          { schema: `iglu:${INVENTED_VENDOR}/visitor_profile/jsonschema/1-0-0`, data: { visitor: vendorCanary } },
        ],
      },
    },
    ['sp'],
  );
  return { gaCanary, vendorCanary };
}

describe('below full, entities leave only when known to be safe', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it("a plugin's GA4 client id and an unknown vendor's entity: gone at cookieless and session, both there at full", async () => {
    const appId = uniqueAppId('unknown-entities');
    const page = await ownTrackerPage(appId);
    const { gaCanary, vendorCanary } = addThirdPartyEntities(page);
    for (const level of ['cookieless', 'session'] as ConsentLevel[]) {
      page.element.setLevel(level);
      page.snowplow.trackPageView({ title: level });
      const event = await eventTitled(appId, level);
      expect(
        event.entities.map((entity) => entity.schema),
        `${level} keeps the tracker's own page entity`,
      ).to.include('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0');
    }
    expectNoLeak(await leaksInRequests(appId, [gaCanary, vendorCanary]), 'requests at cookieless and session');

    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'full' });
    const full = JSON.stringify((await eventTitled(appId, 'full')).entities);
    expect(full, 'at full the GA4 entity is there').to.contain(`GA1.1.${gaCanary}.`);
    expect(full, "at full the vendor's entity is there").to.contain(vendorCanary);
  });

  it('safe-entities naming the vendor keeps its entity below full; the GA4 client id still goes', async () => {
    const appId = uniqueAppId('safe-entities');
    const page = await ownTrackerPage(appId, { 'safe-entities': `${INVENTED_VENDOR}/visitor_profile` });
    const { gaCanary, vendorCanary } = addThirdPartyEntities(page);
    page.snowplow.trackPageView({ title: 'cookieless' });
    const event = await eventTitled(appId, 'cookieless');
    expect(JSON.stringify(event.entities)).to.contain(vendorCanary);
    expectNoLeak(await leaksInRequests(appId, [gaCanary]), 'requests at cookieless');
  });

  it('a self-describing event of an unknown vendor arrives whole at cookieless, its entities cleaned', async () => {
    const appId = uniqueAppId('self-describing');
    const page = await ownTrackerPage(appId);
    const { gaCanary } = addThirdPartyEntities(page);
    const signup = { schema: `iglu:${INVENTED_VENDOR}/signup/jsonschema/1-0-0`, data: { plan: 'gold', step: 2 } };
    page.snowplow.trackSelfDescribingEvent({ event: signup });
    let event: CapturedEvent | undefined;
    await waitFor(async () => {
      event = (await events(appId)).find((candidate) => candidate.e === 'ue');
      return event !== undefined;
    }, 'the self-describing event');
    expect(event!['ue_pr'] ?? event!['ue_px'], 'the event payload (ue_pr or ue_px)').to.be.a('string');
    expect(event!.selfDescribing).to.deep.equal(signup);
    expectNoLeak(await leaksInRequests(appId, [gaCanary]), 'the self-describing event');
  });
});

describe("below full, no cookie of the site rides in the tracker's requests", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('a _ga and a _sp_id of a tracker the element does not drive reach the same-origin collector at full only', async () => {
    const appId = uniqueAppId('credentials');
    const page = await ownTrackerPage(appId);
    const gaCanary = randomDigits();
    const deviceCanary = `d1d1d1d1-${randomDigits()}`;
    // What another tag and an undriven tracker leave on the site's domain, which is also the collector's.
    page.window.document.cookie = `_ga=GA1.1.${gaCanary}.1700000000; Path=/; SameSite=Lax`;
    page.window.document.cookie = `_sp_id.beef=${deviceCanary}.1700000000.1.1700000000.1700000000; Path=/; SameSite=Lax`;
    for (const level of ['cookieless', 'anonymous', 'session'] as ConsentLevel[]) {
      page.element.setLevel(level);
      page.snowplow.trackPageView({ title: level });
      const event = await eventTitled(appId, level);
      expect((await requestOf(appId, event['eid'] as string)).headers.cookie, level).to.equal(null);
    }
    expectNoLeak(await leaksInRequests(appId, [gaCanary, deviceCanary]), 'requests below full');

    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'full' });
    const full = await eventTitled(appId, 'full');
    const cookie = (await requestOf(appId, full['eid'] as string)).headers.cookie ?? '';
    expect(cookie, 'control: at full the browser sends the cookies of the collector domain').to.contain(gaCanary);
  });
});

describe("below full, the linker's _sp stays out of every href the page can read", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  const LINKS = `
    <a id="stopper" href="https://partner.example/stop">Stops propagation</a>
    <a id="opener" href="https://partner.example/open"><span id="opener-text">Opens itself</span></a>
    <a id="plain" href="https://partner.example/plain">Plain</a>`;

  /** A page whose site tracker decorates every link (extended, with the user id), and what its handlers read. */
  async function linkingPage(appId: string) {
    const page = await openPage({ attributes: { 'no-consent-events': true }, markup: LINKS });
    const win = page.window;
    page.snowplow.newTracker(
      'linking',
      COLLECTOR,
      win.fixture.withConsent({ appId, crossDomainLinker: () => true, useExtendedCrossDomainLinker: { userId: true } }),
    );
    page.snowplow.setUserId(`canary-user-${randomDigits()}`, ['linking']);
    const link = (id: string) => win.document.getElementById(id) as HTMLAnchorElement;
    const seen: string[] = [];
    // The page's own handlers, set up after the tracker, as a site's scripts are.
    link('stopper').addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      seen.push(link('stopper').href);
    });
    win.open = (url?: string | URL) => {
      seen.push(String(url));
      return null;
    };
    link('opener').addEventListener('click', function (this: HTMLAnchorElement, event) {
      event.preventDefault();
      win.open(this.href);
    });
    win.document.addEventListener('click', (event) => event.preventDefault());
    return { page, link, seen };
  }

  function press(link: HTMLElement): void {
    link.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    link.click();
  }

  it('a link whose handler stops propagation, and one whose handler opens this.href: no _sp below full', async () => {
    const { link, seen } = await linkingPage(uniqueAppId('link-handlers'));
    press(link('stopper'));
    press(link('opener').querySelector('span')!);
    expect(seen).to.deep.equal(['https://partner.example/stop', 'https://partner.example/open']);
    expect([link('stopper').href, link('opener').href]).to.deep.equal([
      'https://partner.example/stop',
      'https://partner.example/open',
    ]);
  });

  it('control: at full the same handlers read the decorated link', async () => {
    const { page, link, seen } = await linkingPage(uniqueAppId('link-handlers-full'));
    page.element.setLevel('full');
    press(link('stopper'));
    press(link('opener').querySelector('span')!);
    expect(seen).to.have.length(2);
    for (const href of seen) expect(href).to.contain('_sp=');
  });

  it('an _sp added at full leaves every href when the level goes down', async () => {
    const { page, link } = await linkingPage(uniqueAppId('link-downgrade'));
    page.element.setLevel('full');
    for (const id of ['stopper', 'opener', 'plain']) press(link(id));
    expect(['stopper', 'opener', 'plain'].map((id) => link(id).href).filter((href) => href.includes('_sp='))).to.have.length(3);
    page.element.setLevel('session');
    expect(['stopper', 'opener', 'plain'].map((id) => link(id).href)).to.deep.equal([
      'https://partner.example/stop',
      'https://partner.example/open',
      'https://partner.example/plain',
    ]);
  });

  it('an _sp put into an href by other means below full (no event the guard sees) is taken off once the change is seen', async () => {
    const { link } = await linkingPage(uniqueAppId('link-other-means'));
    const plain = link('plain');
    // As another copy of the tracker, or a script that copies the linker's parameter, would write it.
    plain.href = 'https://partner.example/plain?_sp=d1d1d1d1-0000-4000-8000-00000000cafe.1700000000000';
    await waitFor(() => !plain.href.includes('_sp='), 'the href to lose _sp');
    expect(plain.href).to.equal('https://partner.example/plain');
  });
});

describe('after a downgrade, no identifier stays stored in the event queue', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const to of ['session', 'anonymous'] as const) {
    it(`events queued at full while the collector is down, then ${to} and one more event: localStorage holds no D, S or U`, async () => {
      const appId = uniqueAppId(`stored-queue-${to}`);
      const page = await ownTrackerPage(appId);
      page.element.setLevel('full');
      const userId = userCanary();
      page.element.identify(userId);
      page.snowplow.trackPageView({ title: 'sent at full' });
      const sent = await eventTitled(appId, 'sent at full');
      const canaries = [sent.duid!, sent.sid!, userId];
      await collectorCondition(appId, { down: true });
      page.snowplow.trackPageView({ title: 'queued 1' });
      page.snowplow.trackPageView({ title: 'queued 2' });
      const queueKey = 'snowplowOutQueue_sp';
      await waitFor(() => (page.window.localStorage.getItem(queueKey) ?? '').includes('queued 2'), 'the queue to be stored');
      expect(leaksInStorage(page.window, [sent.duid!]), 'control: the stored queue holds D at full').not.to.deep.equal([]);

      const writesBefore = page.window.storageWrites.length;
      page.element.setLevel(to);
      // The tracker stores its whole queue again, the events of full included, with every new event.
      page.snowplow.trackPageView({ title: `queued at ${to}` });
      await waitFor(
        () => (page.window.localStorage.getItem(queueKey) ?? '').includes(`queued at ${to}`),
        'the queue to be stored again',
      );
      const stored = page.window.localStorage.getItem(queueKey)!;
      expect(stored, 'the events of full are still queued').to.contain('queued 1');
      expectNoLeak(leaksInStorage(page.window, canaries, writesBefore), `storage writes and storage at ${to}`);
      await collectorCondition(appId, { down: false });
    });
  }
});
