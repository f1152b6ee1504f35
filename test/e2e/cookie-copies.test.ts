// Several copies of the consent cookie in one page, with real cookies. On a real site a parent-domain copy
// (`Domain=example.com`, written by a sibling subdomain or before `cookie-domain` changed) and this host's
// copy are two cookies of one name: `document.cookie` lists both and the page cannot tell which is which.
// Browsers refuse a Domain attribute on 127.0.0.1, so a copy for the fixture's own directory stands for the
// other scope here: it is a second cookie of the same name, listed first (the more specific path), exactly
// where a library that reads only the first copy takes it for the decision.
import { expect } from '@open-wc/testing';
import {
  bannerShown,
  events,
  ownTrackerPage,
  resetBrowser,
  settle,
  uniqueAppId,
  waitFor,
  waitForEvents,
  type Page,
} from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

const COOKIE = 'consent_banner';
const FIXTURE_DIRECTORY = '/test/fixtures';
const DAY = 24 * 60 * 60 * 1000;

function record(level: string, answers?: Record<string, 0 | 1>): string {
  const fields = { level, policy: '1', at: Date.now() - DAY };
  return JSON.stringify(answers ? { v: 3, ...fields, p: answers } : { v: 2, ...fields });
}

/** A copy at `path` (the test page sees the `/` one only; the fixture pages see both). */
function plant(path: string, value: string): void {
  document.cookie = `${COOKIE}=${encodeURIComponent(value)}; Path=${path}; SameSite=Lax`;
}

/** The copies the fixture page sees, in the order `document.cookie` lists them. */
function copiesSeenBy(page: Page): { level: string; p?: Record<string, number> }[] {
  return page.window.document.cookie
    .split('; ')
    .filter((cookie) => cookie.startsWith(`${COOKIE}=`))
    .map((cookie) => JSON.parse(decodeURIComponent(cookie.slice(COOKIE.length + 1))) as { level: string });
}

describe('several copies of the consent cookie: one decision per site', () => {
  beforeEach(resetBrowser);
  afterEach(() => {
    resetBrowser();
    document.cookie = `${COOKIE}=; Path=${FIXTURE_DIRECTORY}; Max-Age=0`;
  });

  it('a copy that allows more never wins: the most private applies to what is sent, and the conflict is named', async () => {
    plant('/', record('cookieless', { marketing: 0 }));
    plant(FIXTURE_DIRECTORY, record('full', { marketing: 1 }));
    const appId = uniqueAppId('copies-conflict');
    const page = await ownTrackerPage(appId, { purposes: 'marketing' });
    expect(
      copiesSeenBy(page).map((copy) => copy.level),
      'the planted copy comes first',
    ).to.deep.equal(['full', 'cookieless']);
    expect(page.ready).to.deep.include({ level: 'cookieless', source: 'stored', purposes: [] });
    expect(page.element.hasConsent('marketing')).to.equal(false);
    expect(bannerShown(page)).to.equal(false);
    expect(page.warnings.filter((warning) => warning.includes('copies that disagree'))).to.have.length(1);
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
  });

  it('a visitor who rejects on this site stays rejected on the next page, and one copy is left', async () => {
    plant(FIXTURE_DIRECTORY, record('full'));
    const first = await ownTrackerPage(uniqueAppId('copies-reject'));
    expect(first.ready.level, 'the only copy is the decision').to.equal('full');
    first.element.rejectAll();
    expect(copiesSeenBy(first).map((copy) => copy.level)).to.deep.equal(['cookieless']);
    first.close();

    const appId = uniqueAppId('copies-reject-next');
    const next = await ownTrackerPage(appId);
    expect(next.ready).to.include({ level: 'cookieless', source: 'stored' });
    next.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
  });

  it('a decision that allows more than another copy lasts too: the other copy is removed', async () => {
    plant(FIXTURE_DIRECTORY, record('cookieless', { marketing: 0 }));
    plant('/', record('cookieless', { marketing: 0 }));
    const first = await ownTrackerPage(uniqueAppId('copies-accept'), { purposes: 'marketing' });
    first.element.acceptAll();
    expect(copiesSeenBy(first)).to.have.length(1);
    first.close();

    const next = await ownTrackerPage(uniqueAppId('copies-accept-next'), { purposes: 'marketing' });
    expect(next.ready).to.deep.include({ level: 'full', source: 'stored', purposes: ['marketing'] });
    expect(next.warnings.filter((warning) => warning.includes('copies'))).to.deep.equal([]);
  });

  it('a withdrawal written by another scope reaches a page whose element is out of the page, before its next event', async () => {
    plant('/', record('full', { marketing: 1 }));
    const appId = uniqueAppId('copies-detached');
    const page = await ownTrackerPage(appId, { purposes: 'marketing' });
    expect(page.element.hasConsent('marketing')).to.equal(true);
    page.element.remove();
    await settle(50);
    // Another subdomain's page withdraws: its copy is listed first on this page from now on.
    plant(FIXTURE_DIRECTORY, record('cookieless', { marketing: 0 }));
    // Chromium tells another document of a cookie written here a little later (its cookie cache).
    await waitFor(() => copiesSeenBy(page).length === 2, 'the page to see the new copy');
    expect(page.element.hasConsent('marketing')).to.equal(false);
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', source: 'sync', purposes: [] });
    expect(await events(appId)).to.have.length(1);
  });
});
