import { expect } from '@open-wc/testing';
import { ConsentLevel } from '../../src/consent/levels.js';
import {
  openPage,
  ownTrackerPage,
  part,
  requestedPaths,
  resetBrowser,
  storeChoice,
  UI_FILE,
  uiStage,
  uniqueAppId,
  waitFor,
  waitForEvents,
} from '../support/harness.js';
import { globalApi } from '../support/globals.js';
import { expectSentAt } from '../support/level-table.js';

// The drop-in in two stages: every visitor runs the eager stage; the UI stage is imported only when
// something must show.
describe('the drop-in in two stages: the UI file only when something shows', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('a returning visitor: the level, the events and the global API, with no UI file and no language fetched', async () => {
    await storeChoice(ConsentLevel.Session);
    const appId = uniqueAppId('stage-return');
    const page = await ownTrackerPage(appId, { 'page-view': true }, {}, 'dropin');
    expect(page.ready.level, 'consent-ready carries the stored level').to.equal('session');
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('session', appId, pageView!);
    expect(globalApi(page).getLevel()).to.equal('session');

    // Give a late import every chance to show up before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const paths = requestedPaths(page);
    expect(paths, 'the eager stage was loaded').to.include('/dist/consent-banner.min.js');
    expect(
      paths.filter((path) => path === UI_FILE || path.includes('/locales/')),
      'no UI file, no language',
    ).to.deep.equal([]);
    expect(page.window.customElements.get('consent-banner'), 'the element is defined all the same').to.equal(
      page.element.constructor,
    );
    expect(page.element.level, 'its API works without the UI').to.equal('session');

    // A change through the global API still reaches the element as an event and the tracker.
    const heard: string[] = [];
    page.element.addEventListener('consent-change', (event) => heard.push(event.detail.level));
    globalApi(page).setLevel(ConsentLevel.Full);
    expect(heard).to.deep.equal(['full']);
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    await expectSentAt('full', appId, all[1]!);
    expect(requestedPaths(page)).not.to.include(UI_FILE);
  });

  it('identify, anonymize and reset through the global API work before the UI stage', async () => {
    await storeChoice(ConsentLevel.Full);
    const appId = uniqueAppId('stage-api');
    const page = await ownTrackerPage(appId, {}, {}, 'dropin');
    const api = globalApi(page);
    api.identify('user-9');
    page.snowplow.trackPageView();
    const [identified] = await waitForEvents(appId, 1);
    expect(identified!.uid, 'the user id at full').to.equal('user-9');
    api.anonymize();
    page.snowplow.trackPageView();
    const all = await waitForEvents(appId, 2);
    expect(all[1]!.uid ?? '', 'no user id after anonymize').to.equal('');
    expect(all[1]!.duid, 'a new device id').not.to.equal(identified!.duid);
    expect(requestedPaths(page)).not.to.include(UI_FILE);

    api.reset();
    expect(api.getLevel(), 'the default level again').to.equal('cookieless');
    await uiStage(page);
    await waitFor(() => part(page.element, 'banner') !== null, 'the banner asks again');
  });

  it('a returning visitor opens the preferences: the UI file loads, the view opens, and saving works', async () => {
    await storeChoice(ConsentLevel.Full);
    const page = await openPage({ attributes: { 'no-consent-events': true } }, {}, 'dropin');
    expect(requestedPaths(page)).not.to.include(UI_FILE);

    globalApi(page).showPreferences();
    await uiStage(page);
    await waitFor(() => part(page.element, 'preferences') !== null, 'the preferences view');
    expect(requestedPaths(page).filter((path) => path === UI_FILE)).to.have.length(1);
    const dialog = part(page.element, 'preferences') as HTMLDialogElement;
    await waitFor(() => dialog.open, 'the dialog to open');
    expect(part(page.element, 'banner'), 'no banner: the visitor decided before').to.equal(null);

    const session = dialog.querySelector<HTMLInputElement>('input[value="session"]')!;
    session.click();
    part(page.element, 'save-button')!.click();
    await waitFor(() => !dialog.open, 'the dialog to close');
    expect(globalApi(page).getLevel()).to.equal('session');
    expect(page.element.level, 'the upgraded element has the same manager').to.equal('session');
  });

  it("a data-consent-open control on a returning visitor's page loads the UI and opens the preferences", async () => {
    await storeChoice(ConsentLevel.Cookieless);
    const page = await openPage({ attributes: { 'no-consent-events': true } }, {}, 'dropin');
    const opener = page.window.document.createElement('a');
    opener.href = '#privacy';
    opener.dataset['consentOpen'] = '';
    opener.textContent = 'Privacy settings';
    page.window.document.body.append(opener);
    opener.click();
    expect(page.window.location.hash, 'the link does not navigate').to.equal('');
    await uiStage(page);
    await waitFor(() => (part(page.element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the preferences view');
    const checked = part(page.element, 'preferences')!.querySelector<HTMLInputElement>('input:checked');
    expect(checked?.value, 'the level in force is selected').to.equal('cookieless');
  });

  it("a returning visitor's way back: the Privacy settings control shows without the UI file and opens it", async () => {
    await storeChoice(ConsentLevel.Session);
    const page = await openPage({ attributes: { 'no-consent-events': true, lang: 'fr' } }, {}, 'dropin');
    const reopen = part(page.element, 'reopen-button')!;
    expect(reopen, 'the control of the eager stage').not.to.equal(null);
    expect(reopen.textContent, 'in the page language, without a language file').to.equal('Paramètres de confidentialité');
    expect(reopen.getBoundingClientRect().height, 'it is styled and shows').to.be.above(30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestedPaths(page).filter((path) => path === UI_FILE || path.includes('/locales/'))).to.deep.equal([]);

    reopen.click();
    await uiStage(page);
    await waitFor(() => (part(page.element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the preferences view');
    expect(part(page.element, 'reopen-button'), 'the control survives the upgrade').to.equal(reopen);
    expect(reopen.getBoundingClientRect().height, 'and keeps its style').to.be.above(30);
  });

  it('a first visit: the UI file is requested and the banner shows', async () => {
    const page = await openPage({ attributes: { 'no-consent-events': true } }, {}, 'dropin');
    expect(requestedPaths(page)).to.include(UI_FILE);
    expect(part(page.element, 'banner'), 'the banner').not.to.equal(null);
  });

  it('an element added after the script ran gets its manager and events, before its UI', async () => {
    await storeChoice(ConsentLevel.Anonymous);
    const page = await openPage({ attributes: { 'no-consent-events': true } }, {}, 'dropin');
    const late = page.window.document.createElement('consent-banner');
    late.setAttribute('no-consent-events', '');
    const ready = new Promise<string>((resolve) =>
      late.addEventListener('consent-ready', (event) => resolve(event.detail.level), { once: true }),
    );
    page.window.document.body.append(late);
    expect(await ready).to.equal('anonymous');
    expect(requestedPaths(page)).not.to.include(UI_FILE);
  });
});
