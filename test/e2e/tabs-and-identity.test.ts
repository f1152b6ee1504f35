import { expect } from '@open-wc/testing';
import { ownTrackerPage, resetBrowser, uniqueAppId, waitFor, waitForEvents, bannerShown } from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

describe('two tabs of the site', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('a decision in one tab reaches the other within a second; its tracker switches too', async () => {
    const appId = uniqueAppId('tabs');
    const first = await ownTrackerPage(appId);
    const second = await ownTrackerPage(appId);
    expect(bannerShown(second)).to.equal(true);

    const started = performance.now();
    first.element.acceptAll();
    await waitFor(() => second.element.level === 'full', 'the second tab to follow', 1000);
    expect(performance.now() - started).to.be.below(1000);
    expect(second.changes.at(-1)).to.include({ level: 'full', previousLevel: 'cookieless', source: 'sync' });
    await second.element.updateComplete;
    expect(bannerShown(second), 'banner hidden in the other tab').to.equal(false);

    second.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('full', appId, event!);

    first.element.setLevel('none');
    await waitFor(() => second.element.level === 'none', 'the downgrade to reach the other tab', 1000);
    first.element.reset();
    await waitFor(
      () => second.element.level === 'cookieless' && !second.element.decided,
      'the reset to reach the other tab',
      1000,
    );
    await second.element.updateComplete;
    expect(bannerShown(second)).to.equal(true);
  });
});

describe('identify() and anonymize()', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('identify() below full keeps the id out (with a console message) and applies it once the level is full', async () => {
    const appId = uniqueAppId('identify');
    const page = await ownTrackerPage(appId);
    page.element.setLevel('session');
    page.element.identify('alice');
    page.snowplow.trackPageView();
    const [atSession] = await waitForEvents(appId, 1);
    expect(atSession!.uid).to.equal(undefined);
    expect(document.cookie).not.to.contain('alice');
    expect(JSON.stringify(localStorage)).not.to.contain('alice');

    page.element.setLevel('full');
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    expect(all[1]!.uid).to.equal('alice');
  });

  it('anonymize() at full: no user id, a new device id and a new session; the level stays', async () => {
    const appId = uniqueAppId('anonymize');
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    page.element.identify('bob');
    page.snowplow.trackPageView();
    const [before] = await waitForEvents(appId, 1);
    expect(before!.uid).to.equal('bob');

    page.element.anonymize();
    expect(page.element.level).to.equal('full');
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    const after = all[1]!;
    expect(after.uid).to.equal(undefined);
    expect(after.duid).to.be.a('string').and.not.equal(before!.duid);
    expect(after.sid).to.be.a('string').and.not.equal(before!.sid);
    await expectSentAt('full', appId, after);
  });

  it('identify() with a bad id warns and changes nothing', async () => {
    const appId = uniqueAppId('identify-bad');
    const page = await ownTrackerPage(appId);
    page.element.setLevel('full');
    page.element.identify('' as string);
    page.element.identify(42 as unknown as string);
    expect(page.warnings.filter((w) => w.includes('identify(')).length).to.equal(2);
    page.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    expect(event!.uid).to.equal(undefined);
  });
});
