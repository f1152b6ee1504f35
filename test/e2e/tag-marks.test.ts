// The Snowplow JS tag, found by Snowplow's own marks only and guarded wherever sp.js lets a page reach its
// trackers: other vendors' look-alike snippets, tags pasted later, second trackers and namespaces,
// `newTracker:name`, a fresh `window.snowplow`, and functions in the queue that call trackers directly.
// Each case searches the collector's log for a user id canary, and checks the device id is neither sent nor kept.
import { expect } from '@open-wc/testing';
import { installTagSnippet, spStandinUrl } from '../fixtures/sp-standin/snippet.js';
import {
  COLLECTOR,
  events,
  openPage,
  resetBrowser,
  settle,
  storeChoice,
  uniqueAppId,
  waitFor,
  waitForEvents,
  waitForTag,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { findTagFunction, globalsByName, pageGlobals, queuedTagCalls, tagFunction } from '../support/globals.js';
import { expectNoLeak, leaksInRequests, tagUserCanary, userCanary } from '../support/leaks.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';
import { vendorQueues, VENDOR_NAMES } from '../support/vendors.js';

/** A tag tracker in the tag's own configuration: identified, cookies and localStorage. */
function siteConfig(appId: string): Record<string, unknown> {
  return { appId, discoverRootDomain: false, eventMethod: 'post', contexts: { session: true } };
}

/** Every event of the app reached the collector as `cookieless` allows, and the canary with none of them. */
async function expectAllCookieless(appId: string, received: CapturedEvent[], canary: string): Promise<void> {
  for (const event of received) await expectSentAt('cookieless', appId, event);
  expectStorageObeys('cookieless');
  expectNoLeak(await leaksInRequests(appId, [canary]), 'the user id canary in requests');
}

/** Pastes a tag snippet under `name` into the page, creates a tracker in the site's configuration and tracks. */
function pasteSecondTag(page: Page, name: string, appId: string, canary: string): void {
  installTagSnippet(name, spStandinUrl(), page.window);
  const tag = tagFunction(page, name);
  tag('newTracker', 'sp2', COLLECTOR, siteConfig(appId));
  tag('setUserId', canary);
  tag('trackPageView');
}

describe('the Snowplow tag is found by its own marks only, without polling', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it("other vendors' functions with a q array come first: a Snowplow tag declared under another name is guarded, and their queues receive nothing", async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-vendors');
    const canary = tagUserCanary(appId);
    const page = await openPage({
      vendorSnippets: true,
      tag: { collector: COLLECTOR, appId, load: 'after-element', functionName: 'spOther', setUserId: true },
      attributes: { 'no-consent-events': true },
    });
    await waitFor(() => findTagFunction(page, 'spOther') !== undefined, 'the snippet');
    await waitForTag(page, 'spOther');
    page.element.setLevel('anonymous');
    page.element.setLevel('cookieless');
    tagFunction(page, 'spOther')('trackPageView');
    await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);

    const untouched = Object.fromEntries(VENDOR_NAMES.map((name) => [name, { plainQueue: true, received: [] }]));
    expect(vendorQueues(page.window)).to.deep.equal(untouched);
  });

  it('a tag pasted later is guarded in the task that defines it, and still driven after sp.js took its name off the list', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-late');
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    await settle(300);
    installTagSnippet('spLate', spStandinUrl(), page.window);
    tagFunction(page, 'spLate')('newTracker', 'sp1', COLLECTOR, siteConfig(appId));
    // Same task, no timer involved: the command already carries the level's mode, and the guard plugin follows.
    const queued = queuedTagCalls(page, 'spLate');
    expect(queued.map((call) => call[0])).to.deep.equal(['newTracker', 'addPlugin:sp1']);
    expect(queued[0]![3]).to.include({ stateStorageStrategy: 'none' });
    expect(queued[0]![3]).to.have.deep.property('anonymousTracking', { withServerAnonymisation: true });

    await waitForTag(page, 'spLate');
    expect(pageGlobals(page).GlobalSnowplowNamespace).to.deep.equal([]);
    tagFunction(page, 'spLate')('trackPageView');
    const [first] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, first!);

    // The name left the list, the element remembers it: the visitor's `full` reaches the tag's tracker.
    page.element.setLevel('full');
    tagFunction(page, 'spLate')('trackPageView');
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);
  });

  it('a page that replaces GlobalSnowplowNamespace with its own list after the element: a snippet pushed there is guarded at once', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-own-list');
    const canary = userCanary();
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    pageGlobals(page).GlobalSnowplowNamespace = [];
    pasteSecondTag(page, 'spOwnList', appId, canary);
    expect(queuedTagCalls(page, 'spOwnList').map((call) => call[0])).to.deep.equal([
      'newTracker',
      'addPlugin:sp2',
      'setUserId',
      'trackPageView',
    ]);
    await waitForTag(page, 'spOwnList');
    await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
  });

  it('a page that defines GlobalSnowplowNamespace as a plain property of its own after the element: the tag still loads and is guarded', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-defined-list');
    const canary = userCanary();
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    Object.defineProperty(page.window, 'GlobalSnowplowNamespace', { value: [], writable: true, configurable: true });
    installTagSnippet('spDefined', spStandinUrl(1000), page.window);
    const tag = tagFunction(page, 'spDefined');
    tag('newTracker', 'sp2', COLLECTOR, siteConfig(appId));
    tag('setUserId', canary);
    tag('trackPageView');
    // That list is not observed; the element reads it when it next acts, here on the visitor's choice.
    page.element.setLevel('cookieless');
    await waitForTag(page, 'spDefined');
    await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
  });
});

describe("sp.js's other ways to a tracker stay within the level", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const load of ['loaded-before-element', 'before-element'] as const) {
    it(`tracker="sp1" on the element and the site's own sp2 (sp.js ${load === 'loaded-before-element' ? 'ran before the element' : 'still loading'}): both send at cookieless with SP-Anonymous`, async () => {
      await storeChoice('cookieless');
      const appId = uniqueAppId('marks-second-tracker');
      const canary = tagUserCanary(appId);
      const page = await openPage({
        tag: { collector: COLLECTOR, appId, load, moreTrackers: ['sp2'], setUserId: true },
        attributes: { tracker: 'sp1', 'no-consent-events': true },
      });
      await waitForTag(page);
      tagFunction(page)('trackPageView');
      const received = await waitForEvents(appId, 2);
      expect(received.map((event) => event['tna']).sort()).to.deep.equal(['sp1', 'sp2']);
      await expectAllCookieless(appId, received, canary);
    });
  }

  it('a second tag namespace that appears after the first is guarded', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-second-namespace');
    const canary = userCanary();
    const page = await openPage({
      tag: { collector: COLLECTOR, appId: uniqueAppId('marks-first-namespace'), load: 'before-element' },
      attributes: { 'no-consent-events': true },
    });
    await waitForTag(page);
    pasteSecondTag(page, 'spSecond', appId, canary);
    await waitForTag(page, 'spSecond');
    await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
  });

  it('newTracker:sp2 through the loaded tag gets the guard like newTracker', async () => {
    await storeChoice('cookieless');
    const appId = uniqueAppId('marks-newtracker-suffix');
    const canary = userCanary();
    const page = await openPage({
      tag: { collector: COLLECTOR, appId: uniqueAppId('marks-sp1'), load: 'before-element' },
      attributes: { 'no-consent-events': true },
    });
    await waitForTag(page);
    const tag = tagFunction(page);
    tag('newTracker:sp2', 'sp2', COLLECTOR, siteConfig(appId));
    tag('setUserId:sp2', canary);
    tag('trackPageView:sp2');
    await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
  });

  for (const removal of ['assigned undefined', 'deleted'] as const) {
    it(`window.snowplow ${removal} and a fresh snippet put in its place: the fresh queue is guarded`, async () => {
      await storeChoice('cookieless');
      const appId = uniqueAppId('marks-fresh-snippet');
      const canary = userCanary();
      const page = await openPage({
        tag: { collector: COLLECTOR, appId: uniqueAppId('marks-first-snippet'), load: 'before-element' },
        attributes: { 'no-consent-events': true },
      });
      await waitForTag(page);
      const first = tagFunction(page);
      if (removal === 'deleted') delete globalsByName(page)['snowplow'];
      else globalsByName(page)['snowplow'] = undefined;
      pasteSecondTag(page, 'snowplow', appId, canary);
      expect(tagFunction(page)).not.to.equal(first);
      await waitForTag(page);
      await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
    });
  }

  for (const when of [
    'after sp.js has loaded, through this',
    'queued before sp.js arrives, through the last argument',
  ] as const) {
    it(`a function in the queue that calls the tracker directly (${when}) cannot switch identified tracking on`, async () => {
      await storeChoice('cookieless');
      const appId = uniqueAppId('marks-callback');
      const canary = userCanary();
      const early = when.startsWith('queued');
      const page = await openPage({
        tag: { collector: COLLECTOR, appId, load: 'before-element', ...(early ? { delayMs: 1000 } : {}) },
        attributes: { 'no-consent-events': true },
      });
      if (!early) await waitForTag(page);
      type Tracker = {
        disableAnonymousTracking(config: object): void;
        setUserId(id: string): void;
        trackPageView(): void;
      };
      tagFunction(page)(function (this: Record<string, Tracker>, ...args: unknown[]) {
        const trackers = early ? (args[args.length - 1] as Record<string, Tracker>) : this;
        const tracker = trackers['sp1']!;
        tracker.disableAnonymousTracking({ stateStorageStrategy: 'cookieAndLocalStorage' });
        tracker.setUserId(canary);
        tracker.trackPageView();
      });
      await waitForTag(page);
      await expectAllCookieless(appId, await waitForEvents(appId, 1), canary);
      expect(page.warnings.some((warning) => warning.includes('disableAnonymousTracking()'))).to.equal(true);
    });
  }
});

describe('withConsent() before the element exists', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('on a strict opt-in site (default-level="none"): no page view leaves before the choice, and the choice applies', async () => {
    const appId = uniqueAppId('helper-strict');
    const page = await openPage({
      siteTracker: { namespace: 'site', collector: COLLECTOR, appId, useHelper: true, pageViewBeforeElement: true },
      attributes: { 'default-level': 'none', 'no-consent-events': true },
    });
    page.snowplow.trackPageView({}, ['site']);
    await settle(500);
    expect(await events(appId)).to.deep.equal([]);
    expectStorageObeys('none');

    page.element.setLevel('cookieless');
    page.snowplow.trackPageView({}, ['site']);
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
  });

  it("on a site with the default level: what was tracked before the element is held back, and the element's default applies from its start", async () => {
    const appId = uniqueAppId('helper-default');
    const page = await openPage({
      siteTracker: { namespace: 'site', collector: COLLECTOR, appId, useHelper: true, pageViewBeforeElement: true },
      attributes: { 'no-consent-events': true },
    });
    page.snowplow.trackPageView({ title: 'after the element' }, ['site']);
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
    await settle(300);
    expect((await events(appId)).map((event) => event['page'])).to.deep.equal(['after the element']);
  });
});
