import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

const STRINGS = JSON.stringify({
  purposes: {
    marketing: { services: 'Example Ads' },
    chat: { title: 'Live chat', description: 'A chat window; the provider keeps a cookie.', services: 'ChatCo' },
  },
});

function banner(purposes: string, extra: Record<string, string> = {}) {
  const wrapper = document.createElement('div');
  const element = document.createElement('consent-banner') as ConsentBannerElement;
  element.setAttribute('no-consent-events', '');
  element.setAttribute('purposes', purposes);
  element.setAttribute('strings', STRINGS);
  for (const [name, value] of Object.entries(extra)) element.setAttribute(name, value);
  wrapper.append(element);
  return { wrapper, element };
}

async function mount(purposes: string, extra: Record<string, string> = {}): Promise<ConsentBannerElement> {
  const { wrapper, element } = banner(purposes, extra);
  await fixture(wrapper);
  await element.updateComplete;
  return element;
}

/** The switches of the preferences view, by purpose. */
function switches(element: ConsentBannerElement): Map<string, HTMLInputElement> {
  const inputs = part(element, 'preferences')!.querySelectorAll<HTMLInputElement>('input[name="purpose"]');
  return new Map([...inputs].map((input) => [input.value, input]));
}

async function openPreferences(element: ConsentBannerElement): Promise<HTMLDialogElement> {
  element.showPreferences();
  await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the preferences view');
  return part(element, 'preferences') as HTMLDialogElement;
}

function storedRecord(): Record<string, unknown> {
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('consent_banner='));
  return JSON.parse(decodeURIComponent(cookie!.slice('consent_banner='.length))) as Record<string, unknown>;
}

describe('purposes in the banner and the preferences', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('the purposes attribute: an unknown name warns and is dropped; a custom one needs a title in strings', async () => {
    const { value: element, warnings } = await quietly(() => mount('marketing marketting chat support'));
    expect(
      warnings.some((warning) => warning.includes('purposes=') && warning.includes('marketting') && warning.includes('support')),
    ).to.equal(true);
    await openPreferences(element);
    expect([...switches(element).keys()]).to.deep.equal(['marketing', 'chat']);
  });

  it('one switch per purpose, none on; Save keeps exactly what was set, and a new page reads it back', async () => {
    const element = await mount('functional marketing chat');
    const dialog = await openPreferences(element);
    const inputs = switches(element);
    expect(
      [...inputs.values()].map((input) => input.checked),
      'nothing switched on for the visitor',
    ).to.deep.equal([false, false, false]);
    expect(dialog.textContent).to.include('Live chat');
    expect(dialog.textContent).to.include('ChatCo');
    inputs.get('chat')!.click();
    dialog.querySelector<HTMLInputElement>('input[value="session"]')!.click();
    part(element, 'save-button')!.click();
    await waitFor(() => !dialog.open, 'the view to close');

    expect(element.level).to.equal('session');
    expect(element.hasConsent('chat')).to.equal(true);
    expect(element.hasConsent('marketing')).to.equal(false);
    expect(element.consentDetail?.purposes).to.deep.equal(['chat']);
    expect(storedRecord()).to.include({ level: 'session' });
    expect(storedRecord()['p']).to.deep.equal({ functional: 0, marketing: 0, chat: 1 });

    const next = await mount('functional marketing chat');
    expect(part(next, 'banner'), 'decided: no banner on the next page').to.equal(null);
    expect(next.hasConsent('chat')).to.equal(true);
    await openPreferences(next);
    expect([...switches(next).entries()].filter(([, input]) => input.checked).map(([name]) => name)).to.deep.equal(['chat']);
  });

  it('Accept all grants every purpose; Reject all grants none; the banner says what Accept all covers', async () => {
    const element = await mount('functional marketing chat');
    const text = part(element, 'banner')!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.include('“Accept all” also allows: Functional, Marketing, and Live chat.');
    part(element, 'accept-button')!.click();
    await element.updateComplete;
    expect(element.consentDetail?.purposes).to.deep.equal(['functional', 'marketing', 'chat']);

    element.reset();
    await element.updateComplete;
    part(element, 'reject-button')!.click();
    await element.updateComplete;
    expect(element.level).to.equal('cookieless');
    expect(element.consentDetail?.purposes).to.deep.equal([]);
    expect(storedRecord()['p']).to.deep.equal({ functional: 0, marketing: 0, chat: 0 });
  });

  it('a purpose the decision never saw asks again, about that purpose, keeping the level and the rest', async () => {
    const first = await mount('functional');
    first.setConsent({ level: 'full', purposes: ['functional'] });
    first.remove();

    const element = await mount('functional marketing');
    const shown = part(element, 'banner');
    expect(shown, 'the banner asks again').not.to.equal(null);
    expect(shown!.textContent!.replace(/\s+/g, ' ')).to.include('This site now also asks about: Marketing.');
    expect(element.level, 'the level stays in force meanwhile').to.equal('full');
    expect(element.hasConsent('functional')).to.equal(true);

    part(element, 'accept-button')!.click();
    await element.updateComplete;
    expect(element.level, 'accepting the new purpose keeps the level').to.equal('full');
    expect(element.consentDetail?.purposes).to.deep.equal(['functional', 'marketing']);
    expect(part(element, 'banner')).to.equal(null);
  });

  it('a decision from before purposes stays valid on a page without purposes', async () => {
    const expires = new Date(Date.now() + 86_400_000).toUTCString();
    document.cookie = `consent_banner=${encodeURIComponent(JSON.stringify({ v: 2, level: 'session', policy: '1', at: Date.now() - 1000 }))}; expires=${expires}; path=/`;
    const element = document.createElement('consent-banner') as ConsentBannerElement;
    element.setAttribute('no-consent-events', '');
    await fixture(element);
    expect(element.level).to.equal('session');
    expect(part(element, 'banner')).to.equal(null);
    expect(element.consentDetail?.purposes).to.deep.equal([]);
  });

  it('Do Not Track or Global Privacy Control: marketing is shown unavailable, with the reason', async () => {
    // Global Privacy Control as the browser would say it (the manager reads navigator.globalPrivacyControl).
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const gpc = await mount('functional marketing');
    await openPreferences(gpc);
    const marketing = switches(gpc).get('marketing')!;
    expect(marketing.disabled).to.equal(true);
    expect(part(gpc, 'preferences')!.textContent).to.include(
      'Not available: your browser asks sites not to sell or share your data',
    );
    expect(switches(gpc).get('functional')!.disabled).to.equal(false);
    delete (navigator as unknown as Record<string, unknown>)['globalPrivacyControl'];
  });

  for (const [language, theme] of [
    ['en', 'light'],
    ['en', 'dark'],
    ['de', 'light'],
    ['ar', 'dark'],
  ] as const) {
    it(`three purposes: zero axe violations and keyboard use (${language}, ${theme})`, async () => {
      const element = await mount('functional marketing chat', { lang: language, theme });
      const dialog = await openPreferences(element);
      await waitFor(() => element.shadowRoot!.querySelector('.root')?.getAttribute('lang') === language, `the ${language} texts`);
      expect(await axeViolations(element)).to.deep.equal([]);
      const functional = switches(element).get('functional')!;
      functional.focus();
      await sendKeys({ type: ' ' });
      expect(functional.checked, 'Space switches it on').to.equal(true);
      expect(dialog.open).to.equal(true);
    });
  }
});

describe("a site's own texts per language (strings keyed by language)", () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  const perLanguage = {
    purposes: { chat: { title: 'Live chat', description: 'A chat window; the provider keeps a cookie.' } },
    reopen: { label: 'Cookie choices' },
    ar: { purposes: { chat: { title: 'الدردشة المباشرة', description: 'نافذة دردشة؛ يحتفظ مزوّدها بملف تعريف ارتباط.' } } },
    de: { purposes: { chat: { title: 'Live-Chat' } }, reopen: { label: 'Cookie-Auswahl' } },
    'pt-BR': { purposes: { chat: { title: 'Chat ao vivo' } } },
  };

  async function inLanguage(lang: string, strings: object = perLanguage): Promise<ConsentBannerElement> {
    const element = document.createElement('consent-banner') as ConsentBannerElement;
    element.setAttribute('no-consent-events', '');
    element.setAttribute('purposes', 'functional chat');
    element.setAttribute('lang', lang);
    element.setAttribute('strings', JSON.stringify(strings));
    await fixture(element);
    await waitFor(() => element.shadowRoot!.querySelector('.root')?.getAttribute('lang') === lang, `${lang} to load`);
    await element.updateComplete;
    return element;
  }

  const note = (element: ConsentBannerElement) => element.shadowRoot!.querySelector('#banner-notice')!.textContent!;

  for (const [lang, title, description] of [
    ['ar', 'الدردشة المباشرة', 'نافذة دردشة؛ يحتفظ مزوّدها بملف تعريف ارتباط.'],
    ['de', 'Live-Chat', 'A chat window; the provider keeps a cookie.'],
    ['pt-br', 'Chat ao vivo', 'A chat window; the provider keeps a cookie.'],
    ['fr', 'Live chat', 'A chat window; the provider keeps a cookie.'],
  ] as const) {
    it(`${lang}: the purpose's title from its language's block, else the texts for every language`, async () => {
      const element = await inLanguage(lang);
      expect(note(element), 'what "Accept all" allows').to.contain(title);
      const dialog = await openPreferences(element);
      const option = [...dialog.querySelectorAll('[part~="purpose-option"]')].find((candidate) =>
        candidate.querySelector('input[value="chat"]'),
      )!;
      expect(option.textContent).to.contain(title);
      expect(option.textContent).to.contain(description);
      if (lang !== 'fr') expect(option.textContent).not.to.contain('Live chat');
      expect(await axeViolations(element)).to.deep.equal([]);
    });
  }

  it("the way back's label per language too; a language key with no texts warns", async () => {
    const german = await inLanguage('de');
    german.rejectAll();
    await german.updateComplete;
    expect(part(german, 'reopen-button')!.textContent).to.equal('Cookie-Auswahl');
    resetBrowser();
    const french = await inLanguage('fr');
    french.rejectAll();
    await french.updateComplete;
    expect(part(french, 'reopen-button')!.textContent).to.equal('Cookie choices');
    resetBrowser();
    const { warnings } = await quietly(() => inLanguage('de', { ...perLanguage, de: 'Live-Chat' }));
    expect(warnings.some((warning) => warning.includes('strings["de"]'))).to.equal(true);
  });
});
