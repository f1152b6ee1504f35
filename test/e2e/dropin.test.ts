import { expect } from '@open-wc/testing';
import {
  COLLECTOR,
  events,
  openPage,
  ownTrackerPage,
  part,
  requests,
  resetBrowser,
  uniqueAppId,
  waitFor,
  waitForEvents,
} from '../support/harness.js';
import { globalApi, tagFunction } from '../support/globals.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

// The built bundle (npm test builds it first): what a site owner pastes is what is tested here.
describe('the drop-in bundle dist/consent-banner.min.js', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('defines the element, creates the tracker and exposes the tracker API as ConsentBanner.snowplow', async () => {
    const appId = uniqueAppId('dropin');
    const page = await ownTrackerPage(appId, { 'page-view': true }, {}, 'dropin');
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);

    const api = globalApi(page);
    expect(api.getLevel()).to.equal('cookieless');
    const heard: string[] = [];
    const unsubscribe = api.on('change', (detail) => heard.push(detail.level));
    api.setLevel('session');
    unsubscribe();
    api.setLevel('full');
    expect(heard, 'on("change") catches up with the level in force, then hears changes until unsubscribed').to.deep.equal([
      'cookieless',
      'session',
    ]);
    expect(page.element.level).to.equal('full');
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);
    expectStorageObeys('full');
  });

  it('loaded twice: one definition, one tracker, no error', async () => {
    const appId = uniqueAppId('twice');
    const page = await openPage(
      { attributes: { collector: COLLECTOR, 'app-id': appId, 'page-view': true, 'no-consent-events': true }, scriptTwice: true },
      {},
      'dropin',
    );
    const [pageView] = await waitForEvents(appId, 1);
    expect(pageView!.e).to.equal('pv');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await waitForEvents(appId, 1)).length, 'one page view, not two').to.equal(1);
    expect(page.window.fixture.errors).to.deep.equal([]);
    expect(page.window.customElements.get('consent-banner')).to.equal(page.element.constructor);
  });

  it('fetches the language from locales/ next to the script, and only that one', async () => {
    const de = (await (await fetch('/locales/de.json')).json()) as { banner: { accept: string } };
    const page = await openPage({ attributes: { lang: 'de', 'no-consent-events': true } }, {}, 'dropin');
    const accept = () => part(page.element, 'accept-button')?.textContent?.trim();
    await waitFor(() => accept() === de.banner.accept, 'German from dist/locales/de.json');
    const fetched = page.window.performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.includes('/locales/'));
    expect(fetched).to.deep.equal([`${location.origin}/dist/locales/de.json`]);
  });

  for (const dnt of [false, true]) {
    it(`a second tracker made through ConsentBanner.snowplow.newTracker obeys the level too${dnt ? ' (Do Not Track: nothing leaves)' : ''}`, async () => {
      const appId = uniqueAppId('dropin-second');
      const page = await openPage({ attributes: { 'no-consent-events': true } }, dnt ? { dnt: '1' } : {}, 'dropin');
      const api = globalApi(page);
      api.snowplow.newTracker('second', COLLECTOR, { appId, contexts: { session: true } });
      api.snowplow.trackPageView({}, ['second']);
      if (dnt) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(await requests(appId)).to.deep.equal([]);
        expectStorageObeys('none');
        return;
      }
      const [pageView] = await waitForEvents(appId, 1);
      await expectSentAt('cookieless', appId, pageView!);
      expectStorageObeys('cookieless');
      expect(Object.keys(page.window.localStorage).filter((key) => key.startsWith('snowplowOutQueue_'))).to.deep.equal([]);
    });
  }
});

// The tag build: the same script without a tracker of its own, for sites whose trackers are the Snowplow JS tag's.
describe('the tag build dist/consent-banner-tag.min.js', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it("drives and guards the site's Snowplow tag as the full build does, and shows the banner from the files next to it", async () => {
    const appId = uniqueAppId('dropin-tag');
    const page = await openPage(
      {
        script: 'consent-banner-tag.min.js',
        dropInTag: { collector: COLLECTOR, appId },
        attributes: { 'no-consent-events': true },
      },
      {},
      'dropin',
    );
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, pageView!);
    expectStorageObeys('cookieless');

    part(page.element, 'accept-button')!.click();
    expect(page.element.level).to.equal('full');
    tagFunction(page)('trackPageView');
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);
    const scripts = page.window.performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/dist/'));
    expect(scripts).to.include.members(['/dist/consent-banner-tag.min.js', '/dist/consent-banner-ui.js']);
    expect(scripts).not.to.include('/dist/consent-banner.min.js');
    expect(page.window.fixture.errors).to.deep.equal([]);
  });

  it('refuses what needs a tracker of its own with a warning: collector creates none, ConsentBanner.snowplow calls do nothing', async () => {
    const appId = uniqueAppId('dropin-tag-none');
    const tagAppId = uniqueAppId('dropin-tag-site');
    const page = await openPage(
      {
        script: 'consent-banner-tag.min.js',
        dropInTag: { collector: COLLECTOR, appId: tagAppId },
        attributes: { collector: COLLECTOR, 'app-id': appId, 'page-view': true, 'no-consent-events': true },
      },
      {},
      'dropin',
    );
    const api = globalApi(page);
    api.snowplow.trackPageView();
    expect(api.snowplow.version).to.equal(undefined);
    expect(page.warnings).to.include.members([
      `[consent-banner] collector="${COLLECTOR}": this build (consent-banner-tag.min.js) has no tracker of its own; no tracker is created. Use consent-banner.min.js for the element's own tracker.`,
      `[consent-banner] ConsentBanner.snowplow.trackPageView(): this build (consent-banner-tag.min.js) has no tracker of its own; call the Snowplow tag instead (snowplow('trackPageView', ...)). Ignored.`,
    ]);
    // The element works without it: its level and its operations; the page's tracker (the tag's) sends.
    api.setLevel('full');
    expect(page.element.level).to.equal('full');
    tagFunction(page)('trackPageView');
    await waitFor(async () => (await events(tagAppId)).some((event) => event['duid']), "the tag's page view at full");
    expect(await requests(appId), 'nothing under the app id of a tracker of its own').to.deep.equal([]);
  });
});
