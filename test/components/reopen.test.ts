import { expect, fixture, html } from '@open-wc/testing';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

const reopenButton = (element: Element) => part(element, 'reopen-button') as HTMLButtonElement | null;
const shown = (button: HTMLElement | null) => button !== null && !button.hidden && button.getBoundingClientRect().height > 0;

// The way back after a decision: a "Privacy settings" control of the eager stage.
describe('the reopen control', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('is absent while the banner asks; after a decision it shows, takes focus, and the announcement names it', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner no-consent-events></consent-banner>`);
    await element.updateComplete;
    expect(shown(reopenButton(element)), 'no way back before a decision').to.equal(false);

    const reject = part(element, 'reject-button')!;
    reject.focus();
    reject.click();
    await element.updateComplete;
    const button = reopenButton(element)!;
    expect(shown(button)).to.equal(true);
    expect(button.textContent).to.equal('Privacy settings');
    expect(element.shadowRoot!.activeElement, 'focus moved from the banner to the way back').to.equal(button);
    const status = element.shadowRoot!.querySelector('[role="status"]')!.textContent!;
    expect(status).to.include('Your choice is saved');
    expect(status).to.include('Privacy settings button');
    expect(await axeViolations(element)).to.deep.equal([]);
  });

  it('opens the preferences, and focus comes back to it when they close', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner no-consent-events></consent-banner>`);
    element.acceptAll();
    await element.updateComplete;
    const button = reopenButton(element)!;
    button.focus();
    button.click();
    await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the preferences view');
    part(element, 'close-button')!.click();
    await waitFor(() => part(element, 'preferences') === null, 'the view to close');
    expect(element.shadowRoot!.activeElement).to.equal(button);
  });

  it('speaks the page language without loading it, and takes the label from strings', async () => {
    const german = await fixture<ConsentBannerElement>(
      html`<div lang="de"><consent-banner no-consent-events></consent-banner></div>`,
    );
    const element = german.querySelector('consent-banner')!;
    element.setLevel('session');
    await element.updateComplete;
    expect(reopenButton(element)!.textContent).to.equal('Datenschutz-Einstellungen');

    const custom = await fixture<ConsentBannerElement>(
      html`<consent-banner
        no-consent-events
        strings=${JSON.stringify({ reopen: { label: 'Cookie choices' } })}
      ></consent-banner>`,
    );
    expect(reopenButton(custom)!.textContent).to.equal('Cookie choices');
  });

  it('a pt-BR page gets the Brazilian label, as the banner gets Brazilian Portuguese', async () => {
    for (const written of ['pt-BR', 'pt_br', 'PT-br']) {
      const page = await fixture<HTMLElement>(
        html`<div lang=${written}><consent-banner no-consent-events></consent-banner></div>`,
      );
      const element = page.querySelector('consent-banner')!;
      element.setLevel('session');
      await element.updateComplete;
      expect(reopenButton(element)!.textContent, written).to.equal('Configurações de privacidade');
      resetBrowser();
    }
  });

  it('is left out with reopen="none" or when the page has its own data-consent-open control', async () => {
    const none = await fixture<ConsentBannerElement>(html`<consent-banner no-consent-events reopen="none"></consent-banner>`);
    none.acceptAll();
    expect(shown(reopenButton(none))).to.equal(false);

    const page = await fixture<HTMLElement>(
      html`<div><button data-consent-open>Cookies</button><consent-banner no-consent-events></consent-banner></div>`,
    );
    const element = page.querySelector<ConsentBannerElement>('consent-banner')!;
    element.acceptAll();
    expect(shown(reopenButton(element))).to.equal(false);
  });

  it('floating stays in the corner; a bad value warns and uses inline', async () => {
    const floating = await fixture<ConsentBannerElement>(
      html`<consent-banner no-consent-events reopen="floating"></consent-banner>`,
    );
    floating.acceptAll();
    expect(getComputedStyle(reopenButton(floating)!).position).to.equal('fixed');

    const { warnings } = await quietly(async () => {
      const bad = await fixture<ConsentBannerElement>(
        html`<consent-banner no-consent-events reopen="sideways"></consent-banner>`,
      );
      bad.acceptAll();
      expect(getComputedStyle(reopenButton(bad)!).position).to.equal('static');
    });
    expect(warnings.some((warning) => warning.includes('reopen="sideways"') && warning.includes('"inline"'))).to.equal(true);
  });
});
