import { expect } from '@open-wc/testing';
import {
  COLLECTOR,
  collectorCondition,
  cookieValue,
  events,
  openPage,
  ownTrackerPage,
  resetBrowser,
  uniqueAppId,
  waitFor,
  waitForEvents,
  part,
  type Page,
} from '../support/harness.js';
import { pageGlobals, queuedTagCalls } from '../support/globals.js';
import { expectSentAt } from '../support/level-table.js';

const queueKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('snowplowOutQueue_'));
const pageViews = async (appId: string) => (await events(appId)).filter((event) => event.e === 'pv');

describe('a failing world', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('collector down at full: events wait in the localStorage queue and all arrive once it is back, none twice', async () => {
    const appId = uniqueAppId('down-full');
    await collectorCondition(appId, { down: true });
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    for (const title of ['one', 'two', 'three']) page.snowplow.trackPageView({ title });
    await waitFor(() => (localStorage.getItem('snowplowOutQueue_sp') ?? '').includes('three'), 'the queue in localStorage');
    page.close();

    await collectorCondition(appId, { down: false });
    const again = await ownTrackerPage(appId);
    again.snowplow.trackPageView({ title: 'four' });
    await waitFor(async () => (await pageViews(appId)).length >= 4, 'all four page views');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = await pageViews(appId);
    expect(received.map((event) => event['page']).sort()).to.deep.equal(['four', 'one', 'three', 'two']);
    expect(new Set(received.map((event) => event['eid'])).size).to.equal(4);
  });

  it('collector down at cookieless: nothing is written to localStorage; the events wait in memory for the page', async () => {
    const appId = uniqueAppId('down-cookieless');
    await collectorCondition(appId, { down: true });
    const page = await ownTrackerPage(appId);
    page.snowplow.trackPageView({ title: 'waiting' });
    for (let i = 0; i < 10; i++) {
      expect(queueKeys(), 'no queue in localStorage').to.deep.equal([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await collectorCondition(appId, { down: false });
    // The next event retries the queue: the waiting one arrives with it. (Closing the page instead would
    // lose it: storing nothing is the point of this level.)
    page.snowplow.trackPageView({ title: 'next' });
    await waitFor(async () => (await pageViews(appId)).length === 2, 'both page views');
    for (const event of await pageViews(appId)) await expectSentAt('cookieless', appId, event);
    expect(queueKeys()).to.deep.equal([]);
  });

  it('slow collector: the page stays responsive, and events after a level change obey the new level', async () => {
    const appId = uniqueAppId('slow');
    await collectorCondition(appId, { delayMs: 1500 });
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'at-full' });
    const started = performance.now();
    await new Promise((resolve) => page.window.setTimeout(resolve, 0));
    expect(performance.now() - started, 'the page is not blocked by the request').to.be.below(200);
    page.element.setLevel('cookieless');
    page.snowplow.trackPageView({ title: 'at-cookieless' });
    await waitFor(async () => (await pageViews(appId)).length === 2, 'both page views', 8000);
    for (const event of await pageViews(appId)) {
      await expectSentAt(event['page'] === 'at-full' ? 'full' : 'cookieless', appId, event);
    }
  });

  it('the Snowplow tag blocked (its queue exists, sp.js never loads): the banner still works and stores the choice', async () => {
    const page = await openPage({
      markup: '',
      attributes: { 'tag-name': 'snowplow', 'no-consent-events': true },
      tagStubOnly: true,
    });
    const errors: string[] = [];
    page.window.addEventListener('error', (event) => errors.push(event.message));
    part(page.element, 'accept-button')!.click();
    await page.element.updateComplete;
    expect(page.element.level).to.equal('full');
    expect(JSON.parse(cookieValue('consent_banner')!)).to.include({ level: 'full' });
    expect(part(page.element, 'banner')).to.equal(null);
    const queued = queuedTagCalls(page).map((args) => args[0]);
    expect(queued, 'commands wait in the queue for the tag').to.include('disableAnonymousTracking');
    expect(errors).to.deep.equal([]);
  });

  it('the element added and removed 20 times: no leaked listeners or channels, one tracker, level still applied', async () => {
    const appId = uniqueAppId('churn');
    const page = await ownTrackerPage(appId, { 'page-view': true }, { countHandles: true });
    const handles = () => ({ ...pageGlobals(page).openHandles });
    const once = handles();
    expect(once.channels).to.equal(1);
    for (let i = 0; i < 20; i++) {
      page.element.remove();
      page.window.document.body.append(page.element);
    }
    await page.element.updateComplete;
    expect(handles()).to.deep.equal(once);
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'after-churn' });
    await waitFor(async () => (await pageViews(appId)).some((event) => event['page'] === 'after-churn'), 'the page view');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = await pageViews(appId);
    expect(received.filter((event) => event['page'] === 'after-churn').length, 'one tracker, one event').to.equal(1);
    expect(received.length, 'the automatic page view was tracked once, not once per connection').to.equal(2);
    await expectSentAt('full', appId, received.at(-1)!);
  });

  it('a page with many trackers: every one follows every level change', async () => {
    const appId = uniqueAppId('many');
    const namespaces = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'];
    const page: Page = await openPage({
      siteTracker: { namespace: 'main', collector: COLLECTOR, appId, useHelper: true },
      moreSiteTrackers: namespaces,
      attributes: { 'no-consent-events': true },
    });
    const all = ['main', ...namespaces];
    for (const level of ['cookieless', 'full', 'session'] as const) {
      const before = (await events(appId)).length;
      page.element.setLevel(level);
      page.snowplow.trackPageView({ title: level }, all);
      const received = (await waitForEvents(appId, before + all.length)).slice(before);
      expect(received.length).to.equal(all.length);
      for (const event of received) await expectSentAt(level, appId, event);
    }
  });
});
