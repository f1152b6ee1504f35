import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { animationsDone, emulate, focused } from '../support/visitor.js';

async function page(markup = html`<consent-banner privacy-url="/privacy"></consent-banner>`): Promise<ConsentBannerElement> {
  const wrapper = await fixture<HTMLElement>(
    html`<div>
      <main>
        <h1>Page</h1>
        <button id="page-button">A button of the page</button><a href="#" id="settings" data-consent-open>Privacy settings</a>
      </main>
      ${markup}
    </div>`,
  );
  const element = wrapper.querySelector('consent-banner')!;
  await element.updateComplete;
  return element;
}

async function openPreferences(element: ConsentBannerElement): Promise<HTMLDialogElement> {
  element.showPreferences();
  await element.updateComplete;
  return part(element, 'preferences') as HTMLDialogElement;
}

describe('accessibility (WCAG 2.2 AA) and keyboard', () => {
  beforeEach(async () => {
    resetBrowser();
    await setViewport({ width: 1280, height: 800 });
    await emulate({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });
  afterEach(resetBrowser);

  for (const theme of ['light', 'dark'] as const) {
    for (const view of ['banner', 'preferences'] as const) {
      it(`zero axe violations: ${view}, ${theme}`, async () => {
        const element = await page(html`<consent-banner theme=${theme} privacy-url="/privacy"></consent-banner>`);
        if (view === 'preferences') await openPreferences(element);
        expect(await axeViolations(element)).to.deep.equal([]);
      });
    }
  }

  it('zero axe violations: modal banner, and right-to-left (Arabic, dark) banner and preferences', async () => {
    const modal = await page(html`<consent-banner modal></consent-banner>`);
    expect(await axeViolations(modal)).to.deep.equal([]);
    resetBrowser();
    const rtl = await page(html`<consent-banner lang="ar" theme="dark" privacy-url="/privacy"></consent-banner>`);
    await waitFor(() => rtl.shadowRoot!.querySelector('.root')?.getAttribute('dir') === 'rtl', 'Arabic to load');
    expect(await axeViolations(rtl)).to.deep.equal([]);
    await openPreferences(rtl);
    expect(await axeViolations(rtl)).to.deep.equal([]);
  });

  it('the banner does not take focus; Tab reaches it after the page, in a sensible order', async () => {
    await page();
    expect(document.activeElement).to.equal(document.body);
    document.getElementById('settings')!.focus();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      const active = focused();
      order.push(active?.getAttribute('part') ?? active?.className ?? '?');
    }
    expect(order).to.deep.equal(['policy-link', 'accept-button', 'reject-button', 'preferences-button']);
  });

  it('keyboard only: choose opens a dialog with focus on the selected level; arrows, save, focus back', async () => {
    const element = await page();
    part(element, 'preferences-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    const dialog = part(element, 'preferences') as HTMLDialogElement;
    expect(dialog.open).to.equal(true);
    expect((focused() as HTMLInputElement).value, 'the level in force is selected').to.equal('cookieless');
    await sendKeys({ press: 'ArrowUp' });
    expect((focused() as HTMLInputElement).value).to.equal('session');
    // Tab cycles inside the dialog: radio group, the pinned footer, the close button of the pinned header,
    // the privacy link, back to the radio group.
    const stops: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const active = focused();
      stops.push(active?.getAttribute('part') ?? active?.className ?? '?');
      if (active instanceof HTMLInputElement) stops[stops.length - 1] = active.value;
    }
    // Accept all before Reject all, as in the banner.
    expect(stops).to.deep.equal([
      'preferences-accept-button',
      'preferences-reject-button',
      'save-button',
      'close-button',
      'policy-link',
      'session',
    ]);
    part(element, 'save-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect(element.level).to.equal('session');
    expect(part(element, 'preferences') === null).to.equal(true);
  });

  it('Escape closes the preferences view and returns focus to what opened it', async () => {
    const element = await page();
    const link = document.getElementById('settings')!;
    link.focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect((part(element, 'preferences') as HTMLDialogElement).open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await element.updateComplete;
    expect(part(element, 'preferences') === null).to.equal(true);
    expect(document.activeElement).to.equal(link);
    expect(element.level, 'Escape decides nothing').to.equal('cookieless');
  });

  it('Shift+Tab from the first stop of the dialog wraps to the last', async () => {
    const element = await page(html`<consent-banner></consent-banner>`);
    await openPreferences(element);
    part(element, 'close-button')!.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused()?.getAttribute('part')).to.equal('save-button');
  });

  it('modal: a labelled blocking dialog with focus inside; Escape does not dismiss it', async () => {
    const element = await page(html`<consent-banner modal></consent-banner>`);
    const dialog = part(element, 'banner') as HTMLDialogElement;
    expect(dialog.localName).to.equal('dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(element.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!) !== null, 'labelled').to.equal(true);
    expect(focused() === dialog, 'the dialog itself has focus, not its first link').to.equal(true);
    await sendKeys({ press: 'Escape' });
    expect(dialog.open).to.equal(true);
    part(element, 'reject-button')!.click();
    await element.updateComplete;
    expect(part(element, 'banner') === null).to.equal(true);
  });

  it('announces a saved choice politely', async () => {
    const element = await page();
    part(element, 'accept-button')!.click();
    await element.updateComplete;
    const status = element.shadowRoot!.querySelector('[role="status"]')!;
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent).to.contain('Full measurement');
  });

  for (const [width, height, what] of [
    [320, 640, '320 px wide'],
    [640, 400, '200% zoom of a 1280x800 window'],
  ] as const) {
    it(`at ${what}: everything fits, targets at least 24x24 px, text at least 4.5:1 (axe), no horizontal scroll`, async () => {
      await setViewport({ width, height });
      const element = await page();
      const banner = part(element, 'banner')!;
      const box = banner.getBoundingClientRect();
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(width);
      expect(banner.scrollWidth).to.be.at.most(banner.clientWidth);
      for (const name of ['accept-button', 'reject-button', 'preferences-button']) {
        const button = part(element, name)!.getBoundingClientRect();
        expect(button.width, name).to.be.at.least(24);
        expect(button.height, name).to.be.at.least(24);
        expect(button.right, name).to.be.at.most(width);
      }
      expect(await axeViolations(element)).to.deep.equal([]);
    });
  }

  it('accept, reject and choose have the same size and weight (no dark pattern)', async () => {
    const element = await page();
    const [accept, reject, choose] = ['accept-button', 'reject-button', 'preferences-button'].map((name) => part(element, name)!);
    const look = (button: HTMLElement) => {
      const style = getComputedStyle(button);
      return [
        style.backgroundColor,
        style.color,
        style.fontSize,
        style.fontWeight,
        Math.round(button.getBoundingClientRect().height),
      ].join();
    };
    expect(look(reject!)).to.equal(look(accept!));
    expect(look(choose!)).to.equal(look(accept!));
  });

  it('prefers-reduced-motion: no animation; prefers-color-scheme dark: dark surface unless theme="light"', async () => {
    await emulate({ reducedMotion: 'reduce', colorScheme: 'dark' });
    const element = await page(html`<consent-banner></consent-banner>`);
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(getComputedStyle(part(element, 'banner')!).animationName).to.equal(reduced ? 'none' : 'rise');
    expect(getComputedStyle(part(element, 'banner')!).backgroundColor).to.equal(dark ? 'rgb(31, 35, 40)' : 'rgb(255, 255, 255)');
    element.setAttribute('theme', 'dark');
    await element.updateComplete;
    expect(getComputedStyle(part(element, 'banner')!).backgroundColor).to.equal('rgb(31, 35, 40)');
    element.setAttribute('theme', 'light');
    await element.updateComplete;
    expect(getComputedStyle(part(element, 'banner')!).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('the banner overlays the page: the page content does not move (no layout shift)', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <main><h1 id="anchor">Page</h1></main>
      </div>`,
    );
    const before = document.getElementById('anchor')!.getBoundingClientRect().top;
    const element = document.createElement('consent-banner');
    wrapper.append(element);
    await element.updateComplete;
    expect(part(element, 'banner') !== null, 'banner shown').to.equal(true);
    expect(getComputedStyle(part(element, 'banner')!).position).to.equal('fixed');
    expect(document.getElementById('anchor')!.getBoundingClientRect().top).to.equal(before);
  });

  it('with a stored choice the banner never renders (no flash)', async () => {
    const first = await page(html`<consent-banner></consent-banner>`);
    first.acceptAll();
    first.remove();
    const element = document.createElement('consent-banner');
    const seen: boolean[] = [];
    element.addEventListener('consent-ready', () => seen.push(part(element, 'banner') !== null));
    document.body.append(element);
    await element.updateComplete;
    seen.push(part(element, 'banner') !== null);
    expect(seen).to.deep.equal([false, false]);
    element.remove();
  });

  it('positions: bottom-left and bottom-right cards, top bar, centre', async () => {
    await emulate({ reducedMotion: 'reduce' });
    const element = await page(html`<consent-banner position="bottom-left"></consent-banner>`);
    const card = part(element, 'banner')!.getBoundingClientRect();
    expect(card.left).to.equal(16);
    expect(card.width).to.be.below(600);
    element.position = 'bottom-right';
    await element.updateComplete;
    expect(Math.round(part(element, 'banner')!.getBoundingClientRect().right)).to.equal(1280 - 16);
    element.position = 'top';
    await element.updateComplete;
    // Without reduced motion (Firefox cannot emulate it) the bar slides in first.
    await animationsDone(element.shadowRoot!);
    expect(part(element, 'banner')!.getBoundingClientRect().top).to.equal(0);
    element.position = 'sideways';
    await element.updateComplete;
    expect(element.position).to.equal('bottom');
  });
});
