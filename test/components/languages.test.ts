import { expect, fixture, html } from '@open-wc/testing';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { addLanguage } from '../../src/i18n/localize.js';
import { pageValue } from '../support/globals.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

async function localesOf(language: string): Promise<Record<string, Record<string, unknown>>> {
  return (await (await fetch(`/locales/${language}.json`)).json()) as Record<string, Record<string, unknown>>;
}

/** The text of a part; empty while the banner waits for its language (it never paints in another first). */
function text(element: ConsentBannerElement, name: string): string {
  return part(element, name)?.textContent?.trim() ?? '';
}

function title(element: ConsentBannerElement): string {
  return element.shadowRoot?.querySelector('#banner-title')?.textContent?.trim() ?? '';
}

describe('languages', () => {
  beforeEach(resetBrowser);
  afterEach(() => {
    resetBrowser();
    document.documentElement.lang = 'en';
  });

  it('the lang attribute picks the language; only that language is fetched', async () => {
    const de = await localesOf('de');
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => fetched.push(entry.name)));
    observer.observe({ type: 'resource', buffered: false });
    const element = await fixture<ConsentBannerElement>(html`<consent-banner lang="de"></consent-banner>`);
    await waitFor(() => text(element, 'accept-button') === de['banner']!['accept'], 'German');
    observer.disconnect();
    expect(fetched.filter((url) => url.includes('/locales/'))).to.deep.equal([`${location.origin}/locales/de.json`]);
    expect(element.shadowRoot!.querySelector('.root')!.getAttribute('lang')).to.equal('de');
  });

  it('"Cookieless" says what is asked of the analytics server, not that the IP address is never recorded', async () => {
    // The request (SP-Anonymous) is the library's; whether the collector honours it is the site's.
    const expected: Record<string, string> = {
      en: 'No cookies and nothing stored in your browser. We ask our analytics server not to record your IP address.',
      de: 'Keine Cookies, nichts wird in Ihrem Browser gespeichert. Wir bitten unseren Analyseserver, Ihre IP-Adresse nicht zu erfassen.',
      fr: 'Aucun cookie, rien n’est stocké dans votre navigateur. Nous demandons à notre serveur d’analyse de ne pas enregistrer votre adresse IP.',
    };
    for (const [language, sentence] of Object.entries(expected)) {
      const levels = (await localesOf(language))['levels'] as Record<string, { description: string }>;
      expect(levels['cookieless']!.description, language).to.equal(sentence);
    }
  });

  it('region tags fall back to the base language (de-AT -> de); unknown languages to English', async () => {
    const de = await localesOf('de');
    const austrian = await fixture<ConsentBannerElement>(html`<consent-banner lang="de-AT"></consent-banner>`);
    await waitFor(() => title(austrian) === de['banner']!['title'], 'German for de-AT');
    const unknown = await fixture<ConsentBannerElement>(html`<consent-banner lang="tlh"></consent-banner>`);
    expect(title(unknown)).to.equal('Your privacy on this site');
  });

  it('Brazilian Portuguese for a pt-BR page, however it is written; other regions get European Portuguese', async () => {
    const brazilian = await localesOf('pt-br');
    const european = await localesOf('pt');
    expect(brazilian['banner']!['title']).not.to.equal(european['banner']!['title']);
    for (const written of ['pt-BR', 'pt-br', 'pt_BR', 'PT-br']) {
      document.documentElement.lang = written;
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      await waitFor(() => title(element) === brazilian['banner']!['title'], `Brazilian Portuguese for lang="${written}"`);
      expect(element.shadowRoot!.querySelector('.root')!.getAttribute('lang')).to.equal('pt-br');
      expect(text(element, 'accept-button')).to.equal(brazilian['banner']!['accept']);
    }
    const angolan = await fixture<ConsentBannerElement>(html`<consent-banner lang="pt-AO"></consent-banner>`);
    await waitFor(() => title(angolan) === european['banner']!['title'], 'European Portuguese for pt-AO');
  });

  it('Japanese and Chinese sentences follow one another without a space; other languages keep one', async () => {
    for (const [language, gap] of [
      ['ja', ''],
      ['zh', ''],
      ['ko', ' '],
      ['de', ' '],
    ] as const) {
      const messages = await localesOf(language);
      const notice = messages['notice'] as Record<string, Record<string, string>>;
      const element = await fixture<ConsentBannerElement>(
        html`<consent-banner
          no-consent-events
          lang=${language}
          default-level="cookieless"
          reject-level="anonymous"
          purposes="functional"
          privacy-url="/privacy"
        ></consent-banner>`,
      );
      await waitFor(() => title(element) === messages['banner']!['title'], language);
      const functional = (messages['purposes'] as Record<string, Record<string, string>>)['functional']!['title']!;
      const purposesNote = (messages['purposes']!['acceptAllNote'] as string).replace('{{purposes}}', functional);
      const paragraph = [
        messages['banner']!['text'],
        notice['before']!['cookieless'],
        notice['reject']!['anonymous'],
        purposesNote,
        messages['banner']!['privacyPolicy'],
      ].join(gap);
      expect(element.shadowRoot!.querySelector('p.text')!.textContent!.trim(), language).to.equal(paragraph);
    }
  });

  it('follows the nearest lang of the page, and re-renders when <html lang> changes', async () => {
    const fr = await localesOf('fr');
    const nl = await localesOf('nl');
    const wrapper = await fixture<HTMLElement>(html`<div lang="fr"><consent-banner></consent-banner></div>`);
    const element = wrapper.querySelector('consent-banner')!;
    await waitFor(() => title(element) === fr['banner']!['title'], 'French from the nearest lang');
    wrapper.removeAttribute('lang');
    document.documentElement.lang = 'nl';
    await waitFor(() => title(element) === nl['banner']!['title'], 'Dutch after <html lang> changed');
  });

  it('right-to-left languages mirror the layout', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner lang="he"></consent-banner>`);
    await waitFor(() => element.shadowRoot!.querySelector('.root')!.getAttribute('dir') === 'rtl', 'Hebrew');
    const banner = part(element, 'banner')!;
    expect(getComputedStyle(banner).direction).to.equal('rtl');
    // The buttons run from the right: the first (accept) is right of the last (settings).
    const accept = part(element, 'accept-button')!.getBoundingClientRect();
    const settings = part(element, 'preferences-button')!.getBoundingClientRect();
    expect(accept.left, 'accept right of settings in RTL').to.be.above(settings.right - 1);
  });

  it('strings override single texts; what they leave out stays translated, never a raw key', async () => {
    const element = await fixture<ConsentBannerElement>(
      html`<consent-banner
        strings='{"banner": {"title": "Cookies? Your call."}, "levels": {"full": {"title": "Everything"}}}'
      ></consent-banner>`,
    );
    expect(title(element)).to.equal('Cookies? Your call.');
    expect(text(element, 'accept-button')).to.equal('Accept all');
    element.showPreferences();
    await element.updateComplete;
    const titles = [...element.shadowRoot!.querySelectorAll('.level-title')].map((node) => node.textContent);
    expect(titles).to.deep.equal(['Everything', 'This visit only', 'Cookieless', 'No measurement']);
  });

  it('markup in strings renders inert', async () => {
    const strings = { banner: { title: '<img src=x onerror=window.pwned=1>' } };
    const element = await fixture<ConsentBannerElement>(html`<consent-banner .strings=${strings}></consent-banner>`);
    expect(title(element)).to.equal('<img src=x onerror=window.pwned=1>');
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);
    expect(pageValue(window, 'pwned')).to.equal(undefined);
  });

  it('addLanguage() adds a language without a file; missing keys fall back to English', async () => {
    addLanguage('eo', { banner: { title: 'Via privateco', accept: 'Akcepti ĉion' } });
    const element = await fixture<ConsentBannerElement>(html`<consent-banner lang="eo"></consent-banner>`);
    expect(title(element)).to.equal('Via privateco');
    expect(text(element, 'accept-button')).to.equal('Akcepti ĉion');
    expect(text(element, 'reject-button')).to.equal('Reject all');
  });

  it('a bad strings attribute warns and keeps the translations', async () => {
    const { warnings } = await quietly(async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner strings="{not json"></consent-banner>`);
      expect(title(element)).to.equal('Your privacy on this site');
    });
    expect(warnings.some((warning) => warning.includes('strings'))).to.equal(true);
  });

  it('with nothing to show, no language is fetched; the preferences view opens already in it', async () => {
    const first = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
    first.acceptAll();
    first.remove();
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => fetched.push(entry.name)));
    observer.observe({ type: 'resource', buffered: false });
    const element = await fixture<ConsentBannerElement>(html`<consent-banner lang="pl"></consent-banner>`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      fetched.filter((url) => url.includes('/locales/')),
      'a returning visitor costs no request',
    ).to.deep.equal([]);

    const pl = await localesOf('pl');
    const titles: string[] = [];
    element.showPreferences();
    await waitFor(() => {
      const heading = element.shadowRoot!.querySelector('#preferences-title');
      if (heading) titles.push(heading.textContent!.trim());
      return heading !== null;
    }, 'the preferences view');
    observer.disconnect();
    expect(titles[0], 'never shown in English first').to.equal((pl['preferences'] as Record<string, string>)['title']);
  });
});
