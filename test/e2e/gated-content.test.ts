import { expect } from '@open-wc/testing';
import { pageValue } from '../support/globals.js';
import { openPage, resetBrowser, waitFor, type FixtureWindow, type Page } from '../support/harness.js';
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
