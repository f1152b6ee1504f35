// Decisions taken in the site's other consent manager, read through its own API: IAB's TCF libraries, the
// published vanilla-cookieconsent, gtag's dataLayer, and stand-ins of the commercial managers written from
// their documentation (test/fixtures/cmp/). Each step is checked on the loopback collector and in storage.
import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import { parseRecord } from '../../src/consent/record.js';
import type { CmpControl } from '../fixtures/cmp/control.js';
import {
  COLLECTOR,
  cookieValue,
  events,
  openPage,
  resetBrowser,
  settle,
  uniqueAppId,
  waitFor,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

type CmpWindow = Window & { cmp: CmpControl; sourceReady(): Promise<void> };

/** Per source: the purposes its default map grants when the visitor grants advertising and refuses measurement. */
const SOURCES: { name: string; marketingOnly: string[] }[] = [
  { name: 'tcf', marketingOnly: ['functional', 'marketing'] },
  { name: 'vanilla-cookieconsent', marketingOnly: ['marketing'] },
  { name: 'gcm', marketingOnly: ['marketing'] },
  { name: 'onetrust', marketingOnly: ['marketing'] },
  { name: 'cookiebot', marketingOnly: ['marketing'] },
  { name: 'usercentrics', marketingOnly: ['marketing'] },
  { name: 'didomi', marketingOnly: ['functional', 'marketing'] },
];

async function sourcePage(source: string, appId: string): Promise<Page & { cmp: CmpControl }> {
  const page = await openPage(
    {
      cmp: source,
      attributes: {
        collector: COLLECTOR,
        'app-id': appId,
        'page-view': true,
        purposes: 'functional marketing',
        'consent-source': source,
      },
    },
    {},
    'cmp-page',
  );
  const win = page.window as unknown as CmpWindow;
  await win.sourceReady();
  return { ...page, cmp: win.cmp };
}

/**
 * Waits for the n-th page view of this app and returns it. Consent events travel beside them, and an event still
 * unacknowledged when a page closes is sent again by the next page (the tracker delivers at least once): counted once.
 */
async function nthPageView(appId: string, count: number): Promise<CapturedEvent> {
  let views: CapturedEvent[] = [];
  await waitFor(async () => {
    const unique = new Map((await events(appId)).filter((event) => event.e === 'pv').map((event) => [event['eid'], event]));
    views = [...unique.values()];
    return views.length >= count;
  }, `page view ${count} of ${appId}`);
  return views[count - 1]!;
}

/** A page view tracked now (the n-th of this app) reaches the collector as `level` allows; storage obeys it too. */
async function pageViewSentAt(page: Page, level: ConsentLevel, appId: string, count: number): Promise<void> {
  page.snowplow.trackPageView();
  await expectSentAt(level, appId, await nthPageView(appId, count));
  expectStorageObeys(level);
}

/** The decision in our consent cookie, as the next page reads it. */
function storedDecision(): { level: string; purposes: string[] } | undefined {
  const reading = parseRecord(cookieValue('consent_banner'), { policyVersion: '1', maxAgeMs: 1e10, now: Date.now() });
  if (!('record' in reading)) return undefined;
  const granted = [...reading.record.purposes].filter(([, answer]) => answer).map(([name]) => name);
  return { level: reading.record.level, purposes: granted };
}

function bannerRendered(page: Page): boolean {
  return page.element.shadowRoot?.querySelector('[part~="banner"]') != null;
}

describe('decision sources: the site keeps its consent manager', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const { name, marketingOnly } of SOURCES) {
    describe(`consent-source="${name}"`, () => {
      it('first visit: the default level until it answers, and never our banner', async () => {
        const appId = uniqueAppId(name);
        const page = await sourcePage(name, appId);
        expect(page.ready).to.include({ level: 'cookieless', source: 'default' });
        await page.cmp.load();
        await settle(100);
        expect(page.element.level, 'no decision in the manager yet').to.equal('cookieless');
        expect(bannerRendered(page), 'our banner').to.equal(false);
        await expectSentAt('cookieless', appId, await nthPageView(appId, 1));
        expectStorageObeys('cookieless');
        expect(storedDecision()).to.equal(undefined);
      });

      it('accept, a partial choice, and a withdrawal there reach the trackers before the next event', async () => {
        const appId = uniqueAppId(name);
        const page = await sourcePage(name, appId);
        await page.cmp.load();
        await nthPageView(appId, 1);

        await page.cmp.acceptAll();
        expect(page.changes.at(-1)).to.deep.include({ level: 'full', source: 'cmp', purposes: ['functional', 'marketing'] });
        expect(storedDecision()).to.deep.equal({ level: 'full', purposes: ['functional', 'marketing'] });
        await pageViewSentAt(page, 'full', appId, 2);

        await page.cmp.marketingOnly();
        expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', source: 'cmp', purposes: marketingOnly });
        expect(storedDecision()).to.deep.equal({ level: 'cookieless', purposes: marketingOnly });
        await pageViewSentAt(page, 'cookieless', appId, 3);

        await page.cmp.acceptAll();
        await page.cmp.withdraw();
        expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', source: 'cmp', purposes: [] });
        expect(storedDecision()).to.deep.equal({ level: 'cookieless', purposes: [] });
        await pageViewSentAt(page, 'cookieless', appId, 4);
        expect(bannerRendered(page), 'our banner').to.equal(false);
        const reopen = page.element.shadowRoot?.querySelector('[part~="reopen-button"]:not([hidden])');
        expect(reopen ?? null, 'our "Privacy settings" control').to.equal(null);
      });

      it('a returning visit: the decision stored from it applies at once, and its same answer changes nothing', async () => {
        const appId = uniqueAppId(name);
        const first = await sourcePage(name, appId);
        await first.cmp.load();
        await first.cmp.acceptAll();
        first.close();

        const page = await sourcePage(name, appId);
        expect(page.ready).to.include({ level: 'full', source: 'stored' });
        await expectSentAt('full', appId, await nthPageView(appId, 2));
        const changesBefore = page.changes.length;
        await page.cmp.load();
        await settle(100);
        expect(page.changes.length, 'the same answer again is no new decision').to.equal(changesBefore);
        await pageViewSentAt(page, 'full', appId, 3);
        expect(bannerRendered(page), 'our banner').to.equal(false);
      });
    });
  }
});
