import { expect } from '@open-wc/testing';
import {
  chosenSettings,
  cmsSnippet,
  dropInTag,
  elementMarkup,
  propertyName,
  SETTINGS,
  type PlaygroundSettings,
} from '../../demo/playground-config.js';
import { COLLECTOR, resetBrowser, uniqueAppId, waitFor, waitForEvents } from '../support/harness.js';

// The demo pages as `npm start` serves them (they load the built drop-in: npm test builds it first), and the
// playground's code to copy, pasted into pages of its own.

type AxeWindow = Window & {
  axe?: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
  playgroundReady?: Promise<void>;
  warnings?: string[];
};

const openFrames: HTMLIFrameElement[] = [];

function frame(load: (frame: HTMLIFrameElement) => void): Promise<AxeWindow> {
  const element = document.createElement('iframe');
  element.style.cssText = 'width: 1024px; height: 768px; border: 0;';
  const loaded = new Promise<void>((resolve) => element.addEventListener('load', () => resolve(), { once: true }));
  load(element);
  document.body.append(element);
  openFrames.push(element);
  return loaded.then(() => element.contentWindow as AxeWindow);
}

/** axe-core in that page (the rules of test/support/axe.ts), frames left out: each page is checked on its own. */
async function axeViolations(win: AxeWindow): Promise<string[]> {
  if (!win.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = win.document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('axe-core did not load'));
      win.document.head.append(script);
    });
  }
  const results = await win.axe!.run(win.document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
    iframes: false,
  });
  return results.violations.map(
    (violation) => `${violation.id} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
  );
}

function bannerOf(win: Window): HTMLElement | null {
  return win.document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part="banner"]') ?? null;
}

afterEach(() => {
  openFrames.splice(0).forEach((element) => element.remove());
  resetBrowser();
});

describe('the demo pages', () => {
  beforeEach(resetBrowser);

  for (const page of ['first-visit', 'signals', 'purposes', 'snippet', 'privacy', 'preview', 'gallery']) {
    it(`${page}.html has no axe violation, its banner included`, async () => {
      const win = await frame((element) => (element.src = `/demo/${page}.html`));
      if (win.document.getElementById('inspector')) {
        await waitFor(() => win.document.querySelector('#inspector .log') !== null, 'the inspector');
      }
      if (page !== 'gallery') await waitFor(() => bannerOf(win) !== null, 'the banner');
      expect(await axeViolations(win)).to.deep.equal([]);
    });
  }

  it('the playground and its preview have no axe violation; the inspector is a named region keyboard users can scroll, with a legend', async () => {
    const win = await frame((element) => (element.src = '/demo/playground.html'));
    await waitFor(() => win.playgroundReady !== undefined, 'the playground script');
    await win.playgroundReady;
    const preview = (win.document.getElementById('preview') as HTMLIFrameElement).contentWindow as AxeWindow;
    await waitFor(() => bannerOf(preview) !== null, 'the banner in the preview');
    expect(await axeViolations(win), 'the playground').to.deep.equal([]);
    expect(await axeViolations(preview), 'the preview').to.deep.equal([]);

    const log = win.document.querySelector<HTMLElement>('#inspector .log')!;
    expect(log.tabIndex, 'in the tab order').to.equal(0);
    expect(log.getAttribute('role')).to.equal('region');
    expect(log.getAttribute('aria-label'), 'named').to.match(/\S/);
    const terms = [...win.document.querySelectorAll('#inspector .legend dt')].map((term) => term.textContent);
    for (const identifier of ['uid', 'duid', 'sid', 'network user id', 'SP-Anonymous']) {
      expect(
        terms.some((term) => term!.includes(identifier)),
        `the legend explains ${identifier}`,
      ).to.equal(true);
    }
  });

  it('the playground re-creates the banner with a changed setting, and its code says the setting', async () => {
    const win = await frame((element) => (element.src = '/demo/playground.html'));
    await waitFor(() => win.playgroundReady !== undefined, 'the playground script');
    await win.playgroundReady;
    const doc = win.document;
    const position = doc.getElementById('position') as HTMLSelectElement;
    position.value = 'top';
    position.dispatchEvent(new Event('change', { bubbles: true }));
    const previewFrame = doc.getElementById('preview') as HTMLIFrameElement;
    await waitFor(
      () => previewFrame.contentDocument?.querySelector('consent-banner')?.getAttribute('position') === 'top',
      'a new element with position="top"',
    );
    await waitFor(() => bannerOf(previewFrame.contentWindow!) !== null, 'its banner');
    expect(doc.querySelector('#tag-code')!.textContent).to.contain('data-position="top"');
    expect(doc.querySelector('#markup-code')!.textContent).to.contain('position="top"');
    expect(doc.querySelector('#snippet-code')!.textContent).to.contain('position: "top"');
    expect(new URLSearchParams(win.location.search).get('position'), 'the state has a link of its own').to.equal('top');
  });
});

describe("the playground's code to copy, pasted into a page, makes an element with exactly the chosen settings", () => {
  beforeEach(resetBrowser);

  // Every setting the playground offers, away from its default, with texts that HTML and script would misread.
  function chosen(appId: string): PlaygroundSettings {
    return {
      collector: COLLECTOR,
      'app-id': appId,
      'page-view': true,
      'privacy-url': `${location.origin}/demo/privacy.html?from=banner&lang=de`,
      'default-level': 'anonymous',
      'accept-level': 'session',
      'reject-level': 'anonymous',
      levels: 'session anonymous none',
      purposes: 'marketing chat',
      strings: {
        banner: { title: `Ihre Wahl & "mehr" – l'avis </script><!--` },
        purposes: { chat: { title: 'Live chat', description: 'Fragen & Antworten' }, marketing: { services: 'Ads "A"' } },
      },
      reopen: 'floating',
      position: 'top',
      theme: 'dark',
      modal: true,
      lang: 'de',
      'cookie-days': '30',
      'policy-version': '2025-1',
      'google-consent-mode': true,
    };
  }

  /** The element's settings, read back through its properties (the language from its attribute). */
  function readBack(element: HTMLElement): Record<string, unknown> {
    const read: Record<string, unknown> = {};
    for (const { attribute, flag } of SETTINGS) {
      const value =
        attribute === 'lang'
          ? (element.getAttribute('lang') ?? undefined)
          : (element as unknown as Record<string, unknown>)[propertyName(attribute)];
      if (flag ? value === true : value !== undefined) read[attribute] = value;
    }
    return read;
  }

  const KEEP_WARNINGS = `<script>
    window.warnings = [];
    var warn = console.warn;
    console.warn = function () { window.warnings.push(Array.prototype.join.call(arguments, ' ')); warn.apply(console, arguments); };
  </script>`;
  const folder = `${location.origin}/dist/`;

  /** Pastes the code into a page; `appId` undefined: no tracker of the element's own (the tag build), no event to wait for. */
  async function pasted(head: string, body: string, expected: PlaygroundSettings, appId: string | undefined): Promise<Window> {
    const win = await frame(
      (element) =>
        (element.srcdoc = `<!doctype html><html lang="en"><head>${KEEP_WARNINGS}${head}</head><body><main><h1>A page</h1></main>${body}</body></html>`),
    );
    await waitFor(() => bannerOf(win) !== null, 'the banner');
    const element = win.document.querySelector('consent-banner') as HTMLElement & { level: string };
    expect(readBack(element), 'the settings of the element').to.deep.equal(Object.fromEntries(chosenSettings(expected)));
    expect(element.level, 'default-level applies before a choice').to.equal('anonymous');
    expect(element.shadowRoot!.querySelector('#banner-title')!.textContent!.trim(), 'the title, unmangled').to.equal(
      (expected['strings'] as { banner: { title: string } }).banner.title,
    );
    expect(win.warnings, 'every setting understood').to.deep.equal([]);
    if (appId === undefined) return win;
    const [pageView] = await waitForEvents(appId, 1);
    expect(pageView!.e, 'page-view, to the chosen collector and app id').to.equal('pv');
    return win;
  }

  it('the drop-in tag', async () => {
    const appId = uniqueAppId('demo-tag');
    const settings = chosen(appId);
    await pasted('', dropInTag(settings, folder), settings, appId);
  });

  it('the element with its script', async () => {
    const appId = uniqueAppId('demo-markup');
    const settings = chosen(appId);
    await pasted('', elementMarkup(settings, folder), settings, appId);
  });

  it("the CMS embed snippet (the language: the page's, as the snippet has no setting for it)", async () => {
    const appId = uniqueAppId('demo-snippet');
    const settings = chosen(appId);
    const template = await (await fetch('/dist/cms-embed.html')).text();
    const snippet = cmsSnippet(settings, folder, template);
    expect(snippet, 'the example settings replaced').to.not.contain('my-site');
    await pasted(snippet, '', { ...settings, lang: undefined }, appId);
  });

  it('for a site with the Snowplow JS tag: all three load the tag build, without a collector', async () => {
    const settings = { ...chosen(uniqueAppId('demo-tag-build')), collector: '' };
    const template = await (await fetch('/dist/cms-embed.html')).text();
    const pastes: [string, string, PlaygroundSettings][] = [
      ['', dropInTag(settings, folder, 'tag'), settings],
      ['', elementMarkup(settings, folder, 'tag'), settings],
      [cmsSnippet(settings, folder, template, 'tag'), '', { ...settings, lang: undefined }],
    ];
    for (const [head, body, expected] of pastes) {
      const win = await pasted(head, body, expected, undefined);
      const scripts = win.performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.endsWith('.min.js'));
      expect(scripts, 'the tag build, and only it').to.deep.equal([`${folder}consent-banner-tag.min.js`]);
    }
  });
});
