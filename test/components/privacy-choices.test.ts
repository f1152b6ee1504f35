import { expect, fixture, html } from '@open-wc/testing';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';

const choices = (element: Element) => part(element, 'privacy-choices') as HTMLButtonElement | null;

// Opt-out regions: "Your privacy choices", a control of the eager stage, instead of a banner.
describe('the "Your privacy choices" control (opt-out regions)', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('stands before any decision, with no banner; it passes axe and opens the preferences, and focus comes back to it', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner region="US-CA" no-consent-events></consent-banner>`);
    const button = choices(element)!;
    expect(button.textContent).to.equal('Your privacy choices');
    expect(button.getBoundingClientRect().height).to.be.at.least(44);
    expect(part(element, 'banner')).to.equal(null);
    expect(await axeViolations(element)).to.deep.equal([]);

    button.focus();
    button.click();
    await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the preferences view');
    expect(part(element, 'banner'), 'still no banner once the UI stage is there').to.equal(null);
    part(element, 'close-button')!.click();
    await waitFor(() => part(element, 'preferences') === null, 'the view to close');
    expect(element.shadowRoot!.activeElement).to.equal(button);
  });

  it('speaks the page language without loading it; strings may give the label; left out with reopen="none" or a page control', async () => {
    performance.clearResourceTimings();
    const german = await fixture(html`<div lang="de"><consent-banner region="US-VA" no-consent-events></consent-banner></div>`);
    const inGerman = german.querySelector<ConsentBannerElement>('consent-banner')!;
    // Drawn in a task after the element's first level; updateComplete waits for it.
    await inGerman.updateComplete;
    expect(choices(inGerman)!.textContent).to.equal('Ihre Datenschutzoptionen');
    const languageFiles = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/locales/'));
    expect(languageFiles, 'no language file fetched').to.deep.equal([]);

    const custom = await fixture<ConsentBannerElement>(
      html`<consent-banner
        region="US-VA"
        no-consent-events
        strings=${JSON.stringify({ choices: { label: 'Do Not Sell or Share My Personal Information' } })}
      ></consent-banner>`,
    );
    expect(choices(custom)!.textContent).to.equal('Do Not Sell or Share My Personal Information');

    const none = await fixture<ConsentBannerElement>(
      html`<consent-banner region="US-VA" reopen="none" no-consent-events></consent-banner>`,
    );
    expect(choices(none)).to.equal(null);

    const withPageControl = await fixture(
      html`<div>
        <a href="#privacy" data-consent-open>Privacy choices</a><consent-banner region="US-VA" no-consent-events></consent-banner>
      </div>`,
    );
    const besideIt = withPageControl.querySelector<ConsentBannerElement>('consent-banner')!;
    await besideIt.updateComplete;
    expect(choices(besideIt), "the page's own control instead").to.equal(null);
  });

  it('is not there in opt-in regions (the reopen control comes after a decision there)', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner region="FR" no-consent-events></consent-banner>`);
    await element.updateComplete;
    expect(choices(element)).to.equal(null);
    expect(part(element, 'banner')).not.to.equal(null);
  });
});
