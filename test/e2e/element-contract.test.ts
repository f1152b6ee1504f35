import { expect } from '@open-wc/testing';
import { pageValue } from '../support/globals.js';
import { ConsentLevel } from '../../src/consent/levels.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import {
  COLLECTOR,
  events,
  openPage,
  requestedPaths,
  resetBrowser,
  storeChoice,
  UI_FILE,
  uniqueAppId,
  waitFor,
  waitForEvents,
  type BrowserSettings,
} from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

const DROP_IN = `${location.origin}/dist/consent-banner.min.js`;

type ContractWindow = Window &
  typeof globalThis & {
    ConsentBanner: NonNullable<Window['ConsentBanner']>;
    warnings: string[];
    titles: string[];
    scriptRan: number;
    order: string[];
  };

const openFrames: HTMLIFrameElement[] = [];

/** A page of the given markup, as a site writes it (scripts run as the parser meets them). */
async function openHtml(markup: string): Promise<ContractWindow> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = markup;
  document.body.append(frame);
  openFrames.push(frame);
  await loaded;
  return frame.contentWindow as ContractWindow;
}

/** A decision stored on an earlier page (format 3: the level and the answers about purposes). */
function storeDecision(level: string, answers: Record<string, 0 | 1>): void {
  const record = { v: 3, level, policy: '1', at: Date.now() - 60_000, p: answers };
  document.cookie = `consent_banner=${encodeURIComponent(JSON.stringify(record))}; Path=/; SameSite=Lax`;
}

/** Runs first in a page: keeps the library's console warnings. */
const KEEP_WARNINGS = `<script>
  window.warnings = [];
  var warn = console.warn;
  console.warn = function () { window.warnings.push(Array.prototype.join.call(arguments, ' ')); warn.apply(console, arguments); };
</script>`;

async function frenchTitle(): Promise<string> {
  const fr = (await (await fetch('/locales/fr.json')).json()) as { banner: { title: string } };
  return fr.banner.title;
}

describe('<consent-banner> is defined with its whole API on every page, and what a page asks of it early is kept', () => {
  beforeEach(resetBrowser);
  afterEach(() => {
    openFrames.splice(0).forEach((frame) => frame.remove());
    resetBrowser();
  });

  const pages: [string, BrowserSettings, () => Promise<void>][] = [
    // A decision that answered the page's purpose too: nothing is left to ask.
    ['a returning visitor', {}, () => Promise.resolve(storeDecision('session', { marketing: 0 }))],
    ['Do Not Track', { dnt: '1' }, () => Promise.resolve()],
    ['Global Privacy Control', { gpc: true }, () => Promise.resolve()],
  ];
  for (const [label, settings, prepare] of pages) {
    it(`${label}: whenDefined resolves, level, setLevel(), acceptAll() and hasConsent() work, and no UI file is fetched`, async () => {
      await prepare();
      const page = await openPage({ attributes: { 'no-consent-events': true, purposes: 'marketing' } }, settings, 'dropin');
      const element = page.element as ConsentBannerElement;
      // Hangs (and the test times out) where the element is only defined once its banner shows.
      const defined = await page.window.customElements.whenDefined('consent-banner');
      expect(element, 'the element is an instance of the defined class').to.be.instanceOf(defined);
      expect(element.level, 'the level in force').to.equal(page.ready.level);
      expect(typeof element.setLevel).to.equal('function');

      element.setLevel(ConsentLevel.None);
      expect(element.level).to.equal('none');
      expect(element.hasConsent('marketing')).to.equal(false);
      element.acceptAll();
      const signal = settings.dnt !== undefined || settings.gpc !== undefined;
      expect(element.level, 'accept: full, or what a privacy signal allows').to.equal(signal ? page.ready.level : 'full');
      expect(element.hasConsent('marketing'), 'marketing only without a privacy signal').to.equal(!signal);
      expect(element.consentDetail?.level, 'the last consent-change').to.equal(element.level);
      expect(page.window.ConsentBanner?.level, 'the global API answers under the same names').to.equal(element.level);

      const paths = requestedPaths(page);
      expect(
        paths.filter((path) => path === UI_FILE || path.includes('/locales/')),
        'no UI file, no language',
      ).to.deep.equal([]);
    });
  }

  it('a plugin added through ConsentBanner.snowplow right after the element is there for the first event', async () => {
    await storeChoice(ConsentLevel.Full);
    const appId = uniqueAppId('inline-plugin');
    await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}<script src="${DROP_IN}"></script></head><body>
      <consent-banner collector="${COLLECTOR}" app-id="${appId}" page-view no-consent-events></consent-banner>
      <script>
        ConsentBanner.snowplow.addPlugin({
          plugin: {
            contexts: function () {
              return [{ schema: 'iglu:com.example/inline_canary/jsonschema/1-0-0', data: { canary: 'added-inline' } }];
            },
          },
        });
        ConsentBanner.snowplow.trackStructEvent({ category: 'inline', action: 'right-after-the-element' });
      </script>
    </body></html>`);
    const [first, second] = await waitForEvents(appId, 2);
    const kinds = [first!, second!].map((event) => event.e).sort();
    expect(kinds, "the site's event and the element's page view, none lost").to.deep.equal(['pv', 'se']);
    for (const event of [first!, second!]) {
      const canary = event.entities.find((entity) => entity.schema.includes('inline_canary'));
      expect(canary?.data, `the inline plugin's entity on the ${event.e} event`).to.deep.equal({ canary: 'added-inline' });
    }
    await expectSentAt('full', appId, first!);
  });

  it('calls through ConsentBanner.snowplow on a page that never creates a tracker are reported, not lost in silence', async () => {
    const win =
      await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}<script src="${DROP_IN}"></script></head><body>
      <consent-banner no-consent-events></consent-banner>
      <script>ConsentBanner.snowplow.trackPageView();</script>
    </body></html>`);
    await waitFor(() => win.warnings.some((warning) => warning.includes('trackPageView')), 'a warning naming the call');
    expect(win.warnings.find((warning) => warning.includes('trackPageView'))).to.contain('wait for a tracker');
  });

  it("a French page's banner is painted in French first: no other language is ever rendered", async () => {
    const title = await frenchTitle();
    // Every text the banner's title ever has, from the first render on (each shadow root is watched as it is made).
    const win = await openHtml(`<!doctype html><html lang="fr"><head>
      <script>
        window.titles = [];
        var attach = Element.prototype.attachShadow;
        Element.prototype.attachShadow = function (init) {
          var root = attach.call(this, init);
          var record = function () {
            var heading = root.querySelector('#banner-title');
            if (heading && heading.textContent.trim()) window.titles.push(heading.textContent.trim());
          };
          new MutationObserver(record).observe(root, { childList: true, subtree: true, characterData: true });
          return root;
        };
      </script>
      <script src="${DROP_IN}"></script>
      <script>window.scriptRan = performance.now();</script></head><body>
      <main><h1>Une page</h1></main>
      <consent-banner no-consent-events></consent-banner>
    </body></html>`);
    await waitFor(() => win.titles.length > 0, 'the banner to render');
    expect([...new Set(win.titles)], 'the only title ever rendered').to.deep.equal([title]);
    // The language was requested while the script ran, with the UI file: not once the UI file had run.
    const entries = win.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const french = entries.find((entry) => entry.name.endsWith('/locales/fr.json'));
    expect(french, 'requested').to.not.equal(undefined);
    expect(french!.startTime, 'the language requested before the script had finished').to.be.at.most(win.scriptRan);
  });

  it('the CMS embed snippet: the element from its settings, queued calls run in order, the UI file requested with the library', async () => {
    const snippet = await (await fetch('/dist/cms-embed.html')).text();
    // The test server compiles inline scripts of the HTML it serves (quotes, parameter names): the snippet's
    // values are found whatever their quotes.
    expect(snippet, 'the built snippet').to.contain('ConsentBanner');
    const appId = uniqueAppId('cms-snippet');
    const settings = { collector: COLLECTOR, appId, pageView: true, noConsentEvents: true, notASetting: 1 };
    const configured = snippet
      .replace(/['"]https:\/\/your\.cdn\/consent-banner\/0\.1\.0\/['"]/, JSON.stringify(`${location.origin}/dist/`))
      .replace(/\{\s*collector:[\s\S]*?\}\);/, `${JSON.stringify(settings)});`);
    expect(configured, 'the settings were replaced').to.contain(appId);
    const win = await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}${configured}
      <script>
        window.order = [];
        ConsentBanner('setLevel', 'session');
        ConsentBanner(function (api) { window.order.push(api.level); api.setLevel('full'); window.order.push(api.level); });
        ConsentBanner('noSuchOperation');
      </script></head><body><main><h1>A CMS page</h1></main></body></html>`);
    await waitFor(() => win.order.length === 2, 'the queued calls to run');
    expect(win.order, 'in the order queued').to.deep.equal(['session', 'full']);
    const element = win.document.querySelector('consent-banner')!;
    expect(element.getAttribute('app-id'), 'the element from the settings').to.equal(appId);
    expect(element.level).to.equal('full');
    expect(win.warnings.some((warning) => warning.includes('"noSuchOperation"'))).to.equal(true);
    expect(win.warnings.some((warning) => warning.includes('"notASetting"'))).to.equal(true);
    const [pageView] = await waitForEvents(appId, 1);
    await expectSentAt('full', appId, pageView!);
    // The first visit's UI file was requested by the snippet, alongside the library.
    const entries = win.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const ui = entries.find((entry) => entry.name.endsWith('/consent-banner-ui.js'));
    const library = entries.find((entry) => entry.name.endsWith('/consent-banner.min.js'));
    expect(ui!.startTime, 'the UI file requested with the library, not after it').to.be.at.most(library!.startTime);
    expect((await events(appId)).length).to.equal(1);
  });

  it('the way back cannot fail: with the UI file unavailable, Privacy settings still lets the visitor withdraw, in their language', async () => {
    await storeChoice(ConsentLevel.Full);
    const appId = uniqueAppId('no-ui');
    const de = (await (await fetch('/locales/de.json')).json()) as { banner: { reject: string }; preferences: { title: string } };
    const win = await openHtml(`<!doctype html><html lang="de"><head>${KEEP_WARNINGS}
      <script src="${location.origin}/no-ui/consent-banner.min.js"></script></head><body>
      <main><h1>Eine Seite</h1></main>
      <consent-banner collector="${COLLECTOR}" app-id="${appId}" no-consent-events></consent-banner>
    </body></html>`);
    const element = win.document.querySelector('consent-banner')!;
    await waitFor(() => element.shadowRoot?.querySelector('[part~="reopen-button"]') != null, 'the way back');
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part~="reopen-button"]')!.click();
    await waitFor(() => element.shadowRoot!.querySelector('dialog[part~="fallback-preferences"]') != null, 'the fallback dialog');
    const dialog = element.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part~="fallback-preferences"]')!;
    expect(dialog.open, 'a modal dialog').to.equal(true);
    expect(dialog.querySelector('h2')!.textContent).to.equal(de.preferences.title);
    const reject = [...dialog.querySelectorAll('button')].find((button) => button.textContent === de.banner.reject)!;
    expect(reject, 'Reject all, in German').to.not.equal(undefined);
    reject.click();
    expect(element.level, 'withdrawn to reject-level').to.equal('cookieless');
    expect(decodeURIComponent(document.cookie), 'stored').to.contain('"level":"cookieless"');
    win.ConsentBanner.snowplow.trackPageView();
    const [event] = await waitForEvents(appId, 1);
    await expectSentAt('cookieless', appId, event!);
    expect(requestedPaths({ window: win })).to.include('/no-ui/consent-banner-ui.js');
  });

  it("the drop-in's decision sources are a file of their own, fetched only by a page that names another consent manager", async () => {
    const appId = uniqueAppId('source-file');
    const win = await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}
      <script>
        window.dataLayer = [];
        function gtag() { dataLayer.push(arguments); }
        gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied' });
      </script>
      <script src="${DROP_IN}"></script></head><body>
      <consent-banner collector="${COLLECTOR}" app-id="${appId}" consent-source="gcm" no-consent-events></consent-banner>
    </body></html>`);
    const element = win.document.querySelector('consent-banner')!;
    await waitFor(() => requestedPaths({ window: win }).includes('/dist/consent-banner-sources.js'), 'the sources file');
    (win as unknown as { gtag: (...args: unknown[]) => void }).gtag('consent', 'update', {
      analytics_storage: 'granted',
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    });
    await waitFor(() => element.consentDetail?.source === 'cmp', "the other manager's decision");
    expect(element.level).to.equal('full');
    expect(win.warnings.filter((warning) => warning.includes('could not be loaded'))).to.deep.equal([]);

    const plain = await openHtml(`<!doctype html><html lang="en"><head><script src="${DROP_IN}"></script></head><body>
      <consent-banner no-consent-events></consent-banner></body></html>`);
    await waitFor(() => plain.document.querySelector('consent-banner')?.consentDetail !== undefined, 'the element');
    expect(requestedPaths({ window: plain })).not.to.include('/dist/consent-banner-sources.js');
  });

  it("the drop-in's gated content is a file of its own, fetched only once the page has content that waits for consent", async () => {
    const win =
      await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}<script src="${DROP_IN}"></script></head><body>
      <consent-banner no-consent-events></consent-banner></body></html>`);
    const element = win.document.querySelector('consent-banner')!;
    await element.updateComplete;
    expect(requestedPaths({ window: win }), 'none on the page: not fetched').not.to.include('/dist/consent-banner-gated.js');

    // Content added later (a widget, a client-side route): the file comes, and the content follows the level.
    element.setLevel('session');
    const gated = win.document.createElement('script');
    gated.type = 'text/plain';
    gated.dataset['consentLevel'] = 'session';
    gated.textContent = 'window.lateRuns = (window.lateRuns || 0) + 1;';
    win.document.body.append(gated);
    await waitFor(() => requestedPaths({ window: win }).includes('/dist/consent-banner-gated.js'), 'the gated content file');
    await element.updateComplete;
    expect(pageValue({ window: win }, 'lateRuns'), 'it runs at the level it asks for').to.equal(1);
    expect(win.warnings.filter((warning) => warning.includes('could not be loaded'))).to.deep.equal([]);
  });

  it('gated content whose file cannot be loaded stays blocked, and the console says so', async () => {
    const win = await openHtml(`<!doctype html><html lang="en"><head>${KEEP_WARNINGS}
      <script src="${location.origin}/no-gated/consent-banner.min.js"></script></head><body>
      <script type="text/plain" data-consent-level="session">window.gatedRuns = 1;</script>
      <iframe title="video" data-consent-level="session" data-src="/test/fixtures/gated-frame.html"></iframe>
      <consent-banner no-consent-events></consent-banner></body></html>`);
    const element = win.document.querySelector('consent-banner')!;
    element.setLevel('full');
    await element.updateComplete;
    await waitFor(() => win.warnings.some((warning) => warning.includes('could not be loaded')), 'the warning');
    expect(pageValue({ window: win }, 'gatedRuns'), 'the script never runs').to.equal(undefined);
    expect(win.document.querySelector('iframe')!.hasAttribute('src'), 'the iframe never loads').to.equal(false);
    expect(win.warnings.find((warning) => warning.includes('could not be loaded'))).to.contain('it stays blocked');
  });
});
