import { expect } from '@open-wc/testing';
import { pageValue } from '../support/globals.js';
import { openPage, resetBrowser, waitFor, type FixtureWindow, type Page } from '../support/harness.js';
import { headlessPage } from '../support/headless-page.js';
import { captureConsole } from '../support/warnings.js';

const MARKUP = `
  <script type="text/plain" data-consent-level="full">window.fullRuns = (window.fullRuns || 0) + 1;</script>
  <script type="text/plain" data-consent-level="session">window.sessionRuns = (window.sessionRuns || 0) + 1;</script>
  <script type="text/plain" data-consent-level="full" src="/test/fixtures/gated-external.js"></script>
  <iframe title="video" data-consent-level="session" data-src="/test/fixtures/gated-frame.html"></iframe>
`;

/** How often the gated scripts of MARKUP ran. */
const counters = (page: { window: Window }) => ({
  fullRuns: pageValue(page, 'fullRuns'),
  sessionRuns: pageValue(page, 'sessionRuns'),
  externalRuns: pageValue(page, 'externalRuns'),
});
const frame = (page: Page) => page.window.document.querySelector('iframe[data-src]') as HTMLIFrameElement;

describe('content that waits for consent (script and iframe blocking)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('runs each script once, when the level reaches the one it requires; never before', async () => {
    const page = await openPage({ markup: MARKUP, attributes: { 'no-consent-events': true } });
    expect(counters(page).fullRuns).to.equal(undefined);
    expect(counters(page).sessionRuns).to.equal(undefined);
    expect(frame(page).hasAttribute('src')).to.equal(false);

    page.element.setLevel('session');
    expect(counters(page).sessionRuns).to.equal(1);
    expect(counters(page).fullRuns).to.equal(undefined);
    expect(frame(page).getAttribute('src')).to.equal('/test/fixtures/gated-frame.html');

    page.element.setLevel('full');
    await waitFor(() => counters(page).externalRuns === 1, 'the external script');
    expect(counters(page).fullRuns).to.equal(1);
    expect(counters(page).sessionRuns).to.equal(1);

    page.element.setLevel('cookieless');
    expect(frame(page).getAttribute('src'), 'iframe unloaded on a downgrade').to.equal('about:blank');
    page.element.setLevel('full');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      [counters(page).fullRuns, counters(page).sessionRuns, counters(page).externalRuns],
      'at most once per page load',
    ).to.deep.equal([1, 1, 1]);
  });

  it('gated content added later runs at once when the level already allows it', async () => {
    const page = await openPage({ attributes: { 'no-consent-events': true } });
    page.element.setLevel('full');
    page.window.document.body.insertAdjacentHTML(
      'beforeend',
      '<div><script type="text/plain" data-consent-level="anonymous">window.lateRuns = 1;</script></div>',
    );
    await waitFor(() => pageValue(page, 'lateRuns') === 1, 'the late script to run');
  });

  it('a downgrade below a script that ran: console message by default, a reload with reload-on-downgrade', async () => {
    const quiet = await openPage({ markup: MARKUP, attributes: { 'no-consent-events': true } });
    const { messages: infos } = captureConsole(
      'info',
      () => {
        quiet.element.setLevel('full');
        quiet.element.setLevel('session');
      },
      quiet.window.console,
    );
    expect(infos.some((message) => message.includes('reloaded'))).to.equal(true);
    quiet.close();

    const page = await openPage({ markup: MARKUP, attributes: { 'no-consent-events': true, 'reload-on-downgrade': true } });
    page.element.setLevel('full');
    const reloaded = new Promise((resolve) => page.frame.addEventListener('load', resolve, { once: true }));
    page.element.setLevel('cookieless');
    await reloaded;
    const after = page.frame.contentWindow as FixtureWindow;
    await waitFor(() => after.fixture !== undefined, 'the reloaded page');
    await after.fixture.ready;
    // Gated content loads its code once the page has some: updateComplete waits for it.
    await after.fixture.element!.updateComplete;
    expect(counters(after).fullRuns, 'the reloaded page runs nothing that needs full').to.equal(undefined);
  });

  it('an unknown data-consent-level waits for full, with a warning', async () => {
    const page = await openPage({
      markup: '<script type="text/plain" data-consent-level="most">window.unknownRuns = 1;</script>',
      attributes: { 'no-consent-events': true },
    });
    expect(page.warnings.some((warning) => warning.includes('data-consent-level="most"'))).to.equal(true);
    page.element.setLevel('session');
    expect(pageValue(page, 'unknownRuns')).to.equal(undefined);
    page.element.setLevel('full');
    expect(pageValue(page, 'unknownRuns')).to.equal(1);
  });
});

const PURPOSE_MARKUP = `
  <script type="text/plain" data-consent-purpose="marketing">window.pixelRuns = (window.pixelRuns || 0) + 1;</script>
  <script type="text/plain" data-consent-purpose="functional" data-consent-level="session">window.chatRuns = (window.chatRuns || 0) + 1;</script>
  <iframe title="video" data-consent-purpose="functional" data-src="/test/fixtures/gated-frame.html?video"></iframe>
  <iframe title="ad" data-consent-purpose="marketing" data-src="/test/fixtures/gated-frame.html?ad"></iframe>
`;
const PURPOSES = { purposes: 'functional marketing' };

/** How often the gated scripts of PURPOSE_MARKUP ran, and what each iframe shows (null: never loaded). */
const byPurpose = (page: { window: Window }) => ({
  pixelRuns: pageValue(page, 'pixelRuns'),
  chatRuns: pageValue(page, 'chatRuns'),
  video: page.window.document.querySelector('iframe[title="video"]')!.getAttribute('src'),
  ad: page.window.document.querySelector('iframe[title="ad"]')!.getAttribute('src'),
});

describe('content that waits for a purpose (data-consent-purpose)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('runs or loads only with its purpose granted, and with its level too when it names one; withdrawn, an iframe unloads', async () => {
    const page = await headlessPage({ markup: PURPOSE_MARKUP, setup: PURPOSES });
    const nothing = { pixelRuns: undefined, chatRuns: undefined, video: null, ad: null };
    expect(byPurpose(page), 'before a choice').to.deep.equal(nothing);

    page.consent.setLevel('full');
    expect(byPurpose(page), 'the level alone grants no purpose').to.deep.equal(nothing);

    page.consent.setConsent({ level: 'cookieless', purposes: ['functional'] });
    expect(byPurpose(page), 'the chat also needs session').to.deep.equal({
      ...nothing,
      video: '/test/fixtures/gated-frame.html?video',
    });

    page.consent.setLevel('session');
    expect(byPurpose(page).chatRuns).to.equal(1);

    page.consent.setConsent({ purposes: ['marketing'] });
    expect(byPurpose(page)).to.deep.equal({
      pixelRuns: 1,
      chatRuns: 1,
      video: 'about:blank',
      ad: '/test/fixtures/gated-frame.html?ad',
    });

    page.consent.accept();
    page.consent.reject();
    page.consent.accept();
    expect(byPurpose(page), 'scripts run at most once per page load').to.deep.include({ pixelRuns: 1, chatRuns: 1 });
    expect(byPurpose(page).video).to.equal('/test/fixtures/gated-frame.html?video');
  });

  it('content that names only a purpose does not wait for a level: it loads under Do Not Track once the purpose is granted', async () => {
    const page = await headlessPage({ markup: PURPOSE_MARKUP, setup: PURPOSES }, { dnt: '1' });
    expect(page.consent.level).to.equal('none');
    page.consent.accept();
    expect(byPurpose(page), 'marketing is never granted under Do Not Track; the chat needs session').to.deep.equal({
      pixelRuns: undefined,
      chatRuns: undefined,
      video: '/test/fixtures/gated-frame.html?video',
      ad: null,
    });
  });

  it('a purpose withdrawn after its script ran: a console message by default, a reload with reloadOnDowngrade', async () => {
    const quiet = await headlessPage({ markup: PURPOSE_MARKUP, setup: PURPOSES });
    const { messages } = captureConsole(
      'info',
      () => {
        quiet.consent.setConsent({ purposes: ['marketing'] });
        quiet.consent.setConsent({ purposes: [] });
      },
      quiet.window.console,
    );
    expect(messages.filter((message) => message.includes('reloaded'))).to.have.length(1);
    expect(messages.find((message) => message.includes('reloaded'))).to.contain('(none)');
    quiet.close();

    const page = await headlessPage({ markup: PURPOSE_MARKUP, setup: { ...PURPOSES, reloadOnDowngrade: true } });
    page.consent.setConsent({ level: 'full', purposes: ['marketing'] });
    expect(byPurpose(page).pixelRuns).to.equal(1);
    const reloaded = new Promise((resolve) => page.frame.addEventListener('load', resolve, { once: true }));
    // The level goes up while marketing is withdrawn: a withdrawal all the same.
    page.consent.setConsent({ level: 'full', purposes: ['functional'] });
    await reloaded;
    const after = page.frame.contentWindow as FixtureWindow;
    await waitFor(() => after.fixture !== undefined, 'the reloaded page');
    await after.fixture.consent!.settled();
    expect(after.fixture.consent!.purposes).to.deep.equal(['functional']);
    expect(byPurpose(after), 'the reloaded page runs what is granted, and only that').to.deep.include({
      pixelRuns: undefined,
      chatRuns: 1,
    });
  });

  it('a purpose the page does not list: a warning, and it never runs', async () => {
    const page = await headlessPage({
      markup: `<script type="text/plain" data-consent-purpose="personalization">window.abRuns = 1;</script>
        <iframe title="empty" data-consent-purpose="" data-src="/test/fixtures/gated-frame.html"></iframe>`,
      setup: PURPOSES,
    });
    page.consent.accept();
    expect(pageValue(page, 'abRuns')).to.equal(undefined);
    expect(page.window.document.querySelector('iframe[title="empty"]')!.hasAttribute('src')).to.equal(false);
    expect(page.warnings.filter((warning) => warning.includes('data-consent-purpose'))).to.deep.equal([
      '[consent-banner] data-consent-purpose="personalization" on a script: "personalization" is not a purpose this page lists (functional, marketing); it never runs.',
      '[consent-banner] data-consent-purpose="" on a iframe: "" is not a purpose this page lists (functional, marketing); it never runs.',
    ]);
  });
});
