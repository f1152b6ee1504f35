import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { part, resetBrowser } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

describe('<consent-banner> element', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('shows a labelled banner with accept, reject and choose while undecided', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
    const banner = part(element, 'banner')!;
    // A named <section> is a region landmark.
    expect(banner.tagName).to.equal('SECTION');
    expect(element.shadowRoot!.getElementById(banner.getAttribute('aria-labelledby')!)!.textContent).to.contain('privacy');
    expect(part(element, 'accept-button')!.textContent!.trim()).to.equal('Accept all');
    expect(part(element, 'reject-button')!.textContent!.trim()).to.equal('Reject all');
    expect(part(element, 'preferences-button') !== null).to.equal(true);
  });

  it('accept: fires consent-change with the detail, stores the choice and hides the banner', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
    const change = oneEvent(element, 'consent-change');
    part(element, 'accept-button')!.click();
    const { detail } = await change;
    expect(detail).to.include({ level: 'full', previousLevel: 'cookieless', source: 'visitor', policyVersion: '1' });
    expect(detail.decidedAt).to.be.a('string');
    await element.updateComplete;
    expect(part(element, 'banner') === null, 'banner hidden').to.equal(true);
    expect(document.cookie).to.contain('consent_banner=');
  });

  it('reject gives the reject level; the events bubble out of the shadow tree to the document', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner reject-level="none"></consent-banner>`);
    const change = oneEvent(document, 'consent-change');
    part(element, 'reject-button')!.click();
    expect((await change).detail).to.include({ level: 'none', source: 'visitor' });
  });

  it('consent-ready fires once the first level is applied', async () => {
    const element = document.createElement('consent-banner');
    const ready = oneEvent(element, 'consent-ready');
    document.body.append(element);
    const { detail } = await ready;
    expect(detail).to.include({ level: 'cookieless', source: 'default', previousLevel: null });
    element.remove();
  });

  it('the preferences view offers the levels as a radio group and saves the chosen one', async () => {
    const element = await fixture<ConsentBannerElement>(html`<consent-banner levels="full session none"></consent-banner>`);
    element.showPreferences();
    await element.updateComplete;
    const dialog = part(element, 'preferences') as HTMLDialogElement;
    expect(dialog.open).to.equal(true);
    const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((radio) => radio.value)).to.deep.equal(['full', 'session', 'none']);
    radios[1]!.click();
    const change = oneEvent(element, 'consent-change');
    part(element, 'save-button')!.click();
    expect((await change).detail).to.include({ level: 'session', source: 'visitor' });
    await element.updateComplete;
    expect(part(element, 'preferences') === null, 'preferences closed').to.equal(true);
  });

  it('methods called before the element is connected warn instead of throwing', async () => {
    const element = document.createElement('consent-banner');
    const { warnings } = quietly(() => {
      element.setLevel('full');
      element.acceptAll();
    });
    expect(warnings.length).to.equal(2);
    expect(warnings[0]).to.contain('setLevel()');
    expect(element.level).to.equal('none');
  });

  it('slots replace the title and text and add links; the banner stays labelled by them', async () => {
    const element = await fixture<ConsentBannerElement>(
      html`<consent-banner
        ><span slot="title">Cookies at Acme</span><span slot="text">We count visits.</span
        ><a slot="links" href="/imprint">Imprint</a></consent-banner
      >`,
    );
    const slotted = (name: string) =>
      element
        .shadowRoot!.querySelector<HTMLSlotElement>(`slot[name="${name}"]`)!
        .assignedElements()
        .map((node) => node.textContent);
    expect(slotted('title')).to.deep.equal(['Cookies at Acme']);
    expect(slotted('text')).to.deep.equal(['We count visits.']);
    expect(slotted('links')).to.deep.equal(['Imprint']);
    const banner = part(element, 'banner')!;
    expect(
      element.shadowRoot!.getElementById(banner.getAttribute('aria-labelledby')!)!.querySelector('slot[name="title"]') !== null,
    ).to.equal(true);
  });
});
