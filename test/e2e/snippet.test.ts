import { expect } from '@open-wc/testing';
import {
  COLLECTOR,
  openPage,
  resetBrowser,
  uniqueAppId,
  waitForEvents,
  waitForTag,
  storeChoice,
  bannerShown,
} from '../support/harness.js';
import { tagFunction } from '../support/globals.js';
import { expectSentAt, expectStorageObeys } from '../support/level-table.js';

// The embed snippet against the built bundle (npm test builds it first), pasted as a CMS user would.

describe('the CMS embed snippet', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const place of ['head', 'body'] as const) {
    it(`pasted in the ${place}: places the element from its data-* attributes and tracks the page view`, async () => {
      const appId = uniqueAppId(`snippet-${place}`);
      const page = await openPage(
        { snippet: { data: { collector: COLLECTOR, 'app-id': appId, 'page-view': '', 'no-consent-events': '' } } },
        {},
        `snippet-${place}`,
      );
      expect(page.window.document.querySelectorAll('consent-banner').length).to.equal(1);
      expect(page.element.parentElement).to.equal(page.window.document.body);
      const [pageView] = await waitForEvents(appId, 1);
      await expectSentAt('cookieless', appId, pageView!);
      expect(bannerShown(page), 'banner shown').to.equal(true);
      expect(page.window.fixture.errors).to.deep.equal([]);
    });
  }

  it('pasted twice: one element, one page view, a warning and no error', async () => {
    const appId = uniqueAppId('snippet-twice');
    const page = await openPage(
      { snippet: { twice: true, data: { collector: COLLECTOR, 'app-id': appId, 'page-view': '', 'no-consent-events': '' } } },
      {},
      'snippet-body',
    );
    await waitForEvents(appId, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await waitForEvents(appId, 1)).length).to.equal(1);
    expect(page.window.document.querySelectorAll('consent-banner').length).to.equal(1);
    expect(page.warnings.some((warning) => warning.includes('twice'))).to.equal(true);
    expect(page.window.fixture.errors).to.deep.equal([]);
  });

  for (const tag of ['before', 'after'] as const) {
    it(`the site's Snowplow tag loaded ${tag} the snippet is driven with the stored level`, async () => {
      await storeChoice('anonymous');
      const tagAppId = uniqueAppId(`snippet-tag-${tag}`);
      const page = await openPage(
        { snippet: { tag, collector: COLLECTOR, tagAppId, data: { 'tag-name': 'snowplow', 'no-consent-events': '' } } },
        {},
        'snippet-head',
      );
      await waitForTag(page);
      await new Promise((resolve) => setTimeout(resolve, 600));
      tagFunction(page)('trackPageView');
      const [event] = await waitForEvents(tagAppId, 1);
      await expectSentAt('anonymous', tagAppId, event!);
      expectStorageObeys('anonymous');
    });
  }
});
