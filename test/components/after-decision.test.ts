import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { emulate, frames, focused, animationsDone } from '../support/visitor.js';

// After a decision the page stays where the visitor was, and focus goes where the README's Accessibility
// section says: the control they came from, else the way back when in sight, else the "saved" note.

type Input = 'mouse' | 'touch' | 'keyboard';

function inViewport(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
}

/** Presses `button` as a visitor would: a mouse click or a finger's tap at its centre, or Enter on it. */
async function press(button: HTMLElement, input: Input): Promise<void> {
  // In its place first: without reduced motion (Firefox cannot emulate it) the banner slides in.
  await animationsDone(button.getRootNode() as ShadowRoot);
  const box = button.getBoundingClientRect();
  const position: [number, number] = [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
  if (input === 'mouse') await sendMouse({ type: 'click', position });
  else if (input === 'touch') await executeServerCommand('send-tap', { position });
  else {
    button.focus();
    await sendKeys({ press: 'Enter' });
  }
}

/** A page three screens long with the element at its end (where the snippet puts it), scrolled to `scroll`. */
async function longPage(
  element: TemplateResult,
  { scroll = 300, before = html`` }: { scroll?: number; before?: TemplateResult } = {},
): Promise<ConsentBannerElement> {
  const wrapper = await fixture<HTMLElement>(
    html`<div>
      ${before}
      <div style="height: 300vh"><a href="#first" id="first">First link</a></div>
      ${element}
    </div>`,
  );
  const banner = wrapper.querySelector('consent-banner')!;
  await banner.updateComplete;
  window.scrollTo({ top: scroll, behavior: 'instant' });
  await frames();
  return banner;
}

const savedNote = (element: ConsentBannerElement) => part(element, 'saved-note');

describe('after a decision: the page keeps its place, focus goes where the README says', () => {
  beforeEach(async () => {
    resetBrowser();
    await emulate({ reducedMotion: 'reduce', colorScheme: 'light' });
  });
  afterEach(async () => {
    resetBrowser();
    await sendMouse({ type: 'move', position: [0, 0] });
    await setViewport({ width: 1280, height: 800 });
  });

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    for (const input of ['mouse', 'touch', 'keyboard'] as const) {
      for (const choice of ['accept', 'reject'] as const) {
        it(`${width}x${height}, ${input}, ${choice} in the banner: no scroll; the way back is out of sight, so the saved note has focus`, async () => {
          await setViewport({ width, height });
          const element = await longPage(html`<consent-banner></consent-banner>`);
          await press(part(element, `${choice}-button`)!, input);
          await waitFor(() => element.decided, 'the decision');
          await element.updateComplete;
          await frames();
          expect(scrollY, 'the page did not move').to.equal(300);
          const reopen = part(element, 'reopen-button')!;
          expect(reopen.hidden, 'the way back exists').to.equal(false);
          expect(inViewport(reopen), 'the way back is at the end of the page, out of sight').to.equal(false);
          const note = savedNote(element)!;
          expect(focused()).to.equal(note);
          expect(inViewport(note), 'the note is in sight').to.equal(true);
          expect(note.textContent).to.contain('Your choice is saved');
          expect(getComputedStyle(note).outlineStyle, 'a visible ring').to.equal('solid');
          expect(scrollY).to.equal(300);
        });
      }
    }
  }

  it('a page of one screen: the way back is in sight and takes focus; no scroll', async () => {
    await setViewport({ width: 390, height: 844 });
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <p>Short page</p>
        <consent-banner></consent-banner>
      </div>`,
    );
    const element = wrapper.querySelector('consent-banner')!;
    await element.updateComplete;
    await press(part(element, 'accept-button')!, 'touch');
    await waitFor(() => element.decided, 'the decision');
    await element.updateComplete;
    expect(focused()).to.equal(part(element, 'reopen-button'));
    expect(savedNote(element)).to.equal(null);
    expect(scrollY).to.equal(0);
  });

  it('the saved note goes away once focus leaves it; nothing on the page moved', async () => {
    const element = await longPage(html`<consent-banner></consent-banner>`);
    await press(part(element, 'reject-button')!, 'mouse');
    await waitFor(() => savedNote(element) !== null && focused() === savedNote(element), 'the note with focus');
    expect(await axeViolations(element)).to.deep.equal([]);
    await sendKeys({ press: 'Tab' });
    await element.updateComplete;
    expect(savedNote(element), 'gone').to.equal(null);
    expect(focused()).not.to.equal(document.body);
  });

  describe("a page with its own data-consent-open control (the element's control stays away)", () => {
    for (const input of ['mouse', 'touch', 'keyboard'] as const) {
      it(`in sight: it takes focus after a banner decision (${input})`, async () => {
        await setViewport({ width: 390, height: 844 });
        const element = await longPage(html`<consent-banner></consent-banner>`, {
          scroll: 0,
          before: html`<button data-consent-open id="own">Cookie settings</button>`,
        });
        await press(part(element, 'accept-button')!, input);
        await waitFor(() => element.decided, 'the decision');
        await element.updateComplete;
        expect(part(element, 'reopen-button'), `${input}: no second control`).to.equal(null);
        expect(focused(), input).to.equal(document.getElementById('own'));
        expect(scrollY).to.equal(0);
      });
    }

    it('out of sight: the saved note takes focus; no scroll', async () => {
      const element = await longPage(html`<consent-banner></consent-banner>`, {
        scroll: 600,
        before: html`<button data-consent-open id="own">Cookie settings</button>`,
      });
      await press(part(element, 'reject-button')!, 'mouse');
      await waitFor(() => element.decided, 'the decision');
      await element.updateComplete;
      await frames();
      expect(focused()).to.equal(savedNote(element));
      expect(scrollY).to.equal(600);
    });

    for (const button of ['save-button', 'preferences-accept-button', 'preferences-reject-button']) {
      it(`opened from it: after ${button} in the preferences, focus is back on it`, async () => {
        const element = await longPage(html`<consent-banner></consent-banner>`, {
          scroll: 0,
          before: html`<button data-consent-open id="own">Cookie settings</button>`,
        });
        await press(document.getElementById('own')!, 'mouse');
        await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the dialog');
        await press(part(element, button)!, 'mouse');
        await waitFor(() => part(element, 'preferences') === null, 'the dialog to close');
        await element.updateComplete;
        expect(element.decided, button).to.equal(true);
        expect(focused(), button).to.equal(document.getElementById('own'));
        expect(scrollY).to.equal(0);
      });
    }
  });

  for (const input of ['mouse', 'keyboard'] as const) {
    for (const button of ['save-button', 'preferences-accept-button', 'preferences-reject-button']) {
      it(`Manage settings, then ${button} (${input}): never <body>; the note when the way back is out of sight; no scroll`, async () => {
        const element = await longPage(html`<consent-banner></consent-banner>`);
        await press(part(element, 'preferences-button')!, input);
        await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the dialog');
        await press(part(element, button)!, input);
        await waitFor(() => part(element, 'preferences') === null, 'the dialog to close');
        await waitFor(() => focused() !== document.body, 'focus placed');
        expect(element.decided).to.equal(true);
        expect(focused()).to.equal(savedNote(element));
        expect(scrollY).to.equal(300);
      });
    }
  }

  it('Manage settings then Save on a short page: focus on the way back, in sight', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <p>Short page</p>
        <consent-banner></consent-banner>
      </div>`,
    );
    const element = wrapper.querySelector('consent-banner')!;
    await element.updateComplete;
    await press(part(element, 'preferences-button')!, 'keyboard');
    await waitFor(() => (part(element, 'preferences') as HTMLDialogElement | null)?.open === true, 'the dialog');
    await press(part(element, 'save-button')!, 'keyboard');
    await waitFor(() => part(element, 'preferences') === null, 'the dialog to close');
    await waitFor(() => focused() !== document.body, 'focus placed');
    expect(focused()).to.equal(part(element, 'reopen-button'));
  });

  it('from a page control into the banner by Tab: after the decision focus is back on that control', async () => {
    await setViewport({ width: 1280, height: 800 });
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <p>Text</p>
        <button id="last">Last control</button><consent-banner></consent-banner>
      </div>`,
    );
    const element = wrapper.querySelector('consent-banner')!;
    await element.updateComplete;
    const last = document.getElementById('last')!;
    last.focus();
    // Tab from the page's last control goes on into the banner (the element comes after it).
    await sendKeys({ press: 'Tab' });
    while (focused()?.getAttribute('part') !== 'accept-button') await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => element.decided, 'the decision');
    await element.updateComplete;
    expect(focused()).to.equal(last);
  });

  it('modal banner: a decision leaves focus on the way back or the note, never <body>', async () => {
    const element = await longPage(html`<consent-banner modal></consent-banner>`);
    await press(part(element, 'accept-button')!, 'keyboard');
    await waitFor(() => element.decided, 'the decision');
    await element.updateComplete;
    await waitFor(() => focused() !== document.body, 'focus placed');
    expect(focused()).to.equal(savedNote(element));
    expect(scrollY).to.equal(300);
  });
});
