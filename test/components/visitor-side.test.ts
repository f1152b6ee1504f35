import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { noticeKeys } from '../../src/components/notice.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { animationsDone, emulate, frames, focused } from '../support/visitor.js';
import { quietly } from '../support/warnings.js';

/** Until the banner is in its place: without reduced motion (Firefox cannot emulate it) it slides in first. */
async function settled(element: ConsentBannerElement): Promise<void> {
  await element.updateComplete;
  await animationsDone(element.shadowRoot!);
}

/** What is drawn at the centre of `element`: `element` itself (or a child) when nothing covers it. */
function visibleAtCentre(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const root = element.getRootNode() as Document | ShadowRoot;
  const hit = root.elementFromPoint(x, y);
  return hit !== null && (hit === element || element.contains(hit));
}

/** Fully inside the viewport and not covered at its centre. */
function inView(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return (
    box.top >= -0.5 &&
    box.left >= -0.5 &&
    box.bottom <= innerHeight + 0.5 &&
    box.right <= innerWidth + 0.5 &&
    visibleAtCentre(element)
  );
}

const skipLink = () => document.querySelector<HTMLButtonElement>('button[data-consent-banner-skip]');

/** Overrides the browser's privacy signals for elements created inside `run` (the core reads them at setup). */
async function withSignals<T>(signals: { dnt?: boolean; gpc?: boolean }, run: () => Promise<T>): Promise<T> {
  if (signals.dnt) Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true });
  if (signals.gpc) Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
  try {
    return await run();
  } finally {
    delete (navigator as unknown as Record<string, unknown>)['doNotTrack'];
    delete (navigator as unknown as Record<string, unknown>)['globalPrivacyControl'];
  }
}

/**
 * A page of controls from top to bottom, exactly as tall as the viewport (no room to scroll: the worst case
 * for a control under the banner), with the element after it, as a drop-in appends it.
 */
async function pageWithControls(
  attributes: TemplateResult,
  height = '100vh',
): Promise<{ element: ConsentBannerElement; controls: HTMLElement[] }> {
  const row = (names: string[]) =>
    html`<div style="display: flex; justify-content: space-between; gap: 8px;">
      ${names.map((name) => html`<button>${name}</button>`)}
    </div>`;
  const wrapper = await fixture<HTMLElement>(
    html`<div>
      <div
        style="display: flex; flex-direction: column; justify-content: space-between; min-height: ${height}; box-sizing: border-box; padding: 8px;"
      >
        <header style="display: flex; justify-content: space-between;">
          <a href="#top" id="home">Home</a> <button>Search</button>
        </header>
        ${row(['One', 'Two', 'Three'])} ${row(['Four', 'Five', 'Six'])} ${row(['Seven', 'Eight', 'Nine'])}
        ${row(['Ten', 'Eleven', 'Twelve'])}
        <footer style="display: flex; justify-content: space-between;">
          <button>Help</button> <button id="sign-out">Sign out</button>
        </footer>
      </div>
      ${attributes}
    </div>`,
  );
  const element = wrapper.querySelector('consent-banner')!;
  await settled(element);
  await frames();
  return { element, controls: [...wrapper.querySelectorAll<HTMLElement>('a[href], button')] };
}

async function language(element: ConsentBannerElement, lang: string): Promise<void> {
  await waitFor(() => element.shadowRoot!.querySelector('.root')?.getAttribute('lang') === lang, `${lang} to load`);
  await element.updateComplete;
}

/** The banner's description: the texts of what `aria-describedby` names, joined with spaces. */
const description = (element: ConsentBannerElement) =>
  part(element, 'banner')!
    .getAttribute('aria-describedby')!
    .split(' ')
    .map((id) => element.shadowRoot!.getElementById(id)!.textContent!.trim())
    .join(' ');

const noticeText = (element: ConsentBannerElement) =>
  element.shadowRoot!.querySelector('.notice-text')?.textContent?.trim() ?? null;

describe("the visitor's side: first layer, keyboard, preferences, sizes", () => {
  beforeEach(async () => {
    resetBrowser();
    await setViewport({ width: 1280, height: 800 });
    await emulate({ colorScheme: 'light', reducedMotion: 'reduce', forcedColors: 'none' });
  });
  afterEach(async () => {
    resetBrowser();
    await setViewport({ width: 1280, height: 800 });
  });

  describe('the first layer says what is measured without a "yes"', () => {
    const cases: [string, Record<string, string>, string | null][] = [
      [
        'defaults (cookieless, cookieless)',
        {},
        'Until you choose, and if you reject, we count visits without cookies or identifiers.',
      ],
      ['default none, reject none', { 'default-level': 'none', 'reject-level': 'none' }, null],
      [
        'default none, reject cookieless',
        { 'default-level': 'none' },
        'If you reject, we still count visits without cookies or identifiers.',
      ],
      [
        'default session, reject session',
        { 'default-level': 'session', 'reject-level': 'session' },
        'Until you choose, and if you reject, we count this visit as one session, with nothing that recognises you later.',
      ],
      [
        'default anonymous, reject session',
        { 'default-level': 'anonymous', 'reject-level': 'session' },
        'Until you choose, we count page views without any identifier in your browser. If you reject, we still count this visit as one session, with nothing that recognises you later.',
      ],
      [
        'default none, reject anonymous',
        { 'default-level': 'none', 'reject-level': 'anonymous' },
        'If you reject, we still count page views without any identifier in your browser.',
      ],
    ];
    for (const [name, attributes, expected] of cases) {
      it(`${name}: ${expected === null ? 'no sentence' : 'the sentence'}`, async () => {
        const element = document.createElement('consent-banner');
        for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
        document.body.append(element);
        await element.updateComplete;
        expect(noticeText(element)).to.equal(expected);
        // It is part of the banner's description.
        if (expected) expect(description(element)).to.contain(expected);
        element.remove();
      });
    }

    it('default-level full: no untrue sentence, a warning; a sentence given in strings is used', async () => {
      const { warnings } = await quietly(async () => {
        const element = await fixture<ConsentBannerElement>(
          html`<consent-banner default-level="full" reject-level="full"></consent-banner>`,
        );
        expect(noticeText(element)).to.equal(null);
      });
      expect(warnings.some((warning) => warning.includes('notice.beforeAndReject.full'))).to.equal(true);
      resetBrowser();
      const strings = { notice: { beforeAndReject: { full: 'We measure everything until you say otherwise.' } } };
      const element = await fixture<ConsentBannerElement>(
        html`<consent-banner default-level="full" reject-level="full" .strings=${strings}></consent-banner>`,
      );
      expect(noticeText(element)).to.equal('We measure everything until you say otherwise.');
    });

    it('the keys follow the levels as the privacy signals leave them', () => {
      const none = { doNotTrack: false, globalPrivacyControl: false };
      expect(noticeKeys({ defaultLevel: 'session', rejectLevel: 'full' }, { ...none, globalPrivacyControl: true })).to.deep.equal(
        ['notice.beforeAndReject.cookieless'],
      );
      expect(noticeKeys({ defaultLevel: 'cookieless', rejectLevel: 'cookieless' }, { ...none, doNotTrack: true })).to.deep.equal(
        [],
      );
      expect(noticeKeys({ defaultLevel: 'none', rejectLevel: 'full' }, none)).to.deep.equal(['notice.reject.full']);
    });

    it('labels: "Accept all", "Reject all", "Manage settings"', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      const label = (name: string) => part(element, name)!.textContent!.trim();
      expect([label('accept-button'), label('reject-button'), label('preferences-button')]).to.deep.equal([
        'Accept all',
        'Reject all',
        'Manage settings',
      ]);
    });

    it('the policy link is spaced from the sentence before it, and no description runs into it', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner privacy-url="/privacy"></consent-banner>`);
      const paragraph = element.shadowRoot!.querySelector('.banner-body p')!.textContent!.replace(/\s+/g, ' ');
      expect(paragraph).to.match(/identifiers\. Privacy policy/);
      // Described by the text and the sentence, one id each (joined with a space), the link left to be read as a link.
      expect(part(element, 'banner')!.getAttribute('aria-describedby')).to.equal('banner-text banner-notice');
      expect(description(element)).to.match(/any time\. Until you choose/);
      expect(description(element)).not.to.contain('Privacy policy');
      element.showPreferences();
      await element.updateComplete;
      const dialog = part(element, 'preferences')!;
      const described = element.shadowRoot!.getElementById(dialog.getAttribute('aria-describedby')!)!;
      expect(described.textContent).to.equal('Choose what this site may collect when it measures your visit.');
      expect(dialog.querySelector('.policy-link')!.closest('p')).not.to.equal(described);
    });
  });

  describe('keyboard: the banner first, focused page controls never under it', () => {
    it('Tab from the top of the page: the skip link first, then the banner', async () => {
      const { element } = await pageWithControls(html`<consent-banner privacy-url="/privacy"></consent-banner>`);
      const link = skipLink()!;
      expect(document.body.firstElementChild, 'first in <body>').to.equal(link);
      expect(link.textContent).to.equal('Skip to privacy choices');
      expect(link.getBoundingClientRect().width, 'hidden until focused').to.be.at.most(1);
      // The top of the page: a point before everything in <body>, where a fresh page's Tab starts.
      const top = document.createElement('div');
      top.tabIndex = -1;
      document.body.prepend(top);
      top.focus();
      await sendKeys({ press: 'Tab' });
      top.remove();
      expect(focused()).to.equal(link);
      expect(link.getBoundingClientRect().width, 'shown when focused').to.be.above(40);
      expect(inView(link), 'not under the banner').to.equal(true);
      expect(await axeViolations(link)).to.deep.equal([]);
      await sendKeys({ press: 'Enter' });
      expect(focused(), 'focus on the banner, which a screen reader reads').to.equal(part(element, 'banner'));
      const order: string[] = [];
      for (let i = 0; i < 4; i++) {
        await sendKeys({ press: 'Tab' });
        order.push(focused()!.getAttribute('part') ?? focused()!.className);
      }
      expect(order).to.deep.equal(['policy-link', 'accept-button', 'reject-button', 'preferences-button']);
      expect(link.getBoundingClientRect().width, 'hidden again').to.be.at.most(1);
    });

    it('the skip link is a button (no link to nowhere) and the page passes axe, region included', async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div>
          <main>
            <h1>Page</h1>
            <p>Text <a href="/elsewhere">a link</a></p>
          </main>
          <consent-banner></consent-banner>
        </div>`,
      );
      await settled(wrapper.querySelector('consent-banner')!);
      const link = skipLink()!;
      expect(link.localName).to.equal('button');
      expect(link.hasAttribute('href')).to.equal(false);
      expect(await axeViolations(document.body)).to.deep.equal([]);
      link.focus();
      expect(await axeViolations(document.body)).to.deep.equal([]);
      // A space typed, not pressed by name: Firefox's driver knows no key named Space.
      await sendKeys({ type: ' ' });
      expect(focused(), 'Space takes focus to the banner too').to.equal(part(wrapper.querySelector('consent-banner')!, 'banner'));
    });

    it('a bar at the bottom: the page gets room at its end, so scrolling uncovers its last links', async () => {
      await setViewport({ width: 390, height: 844 });
      const wrapper = await fixture<HTMLElement>(
        html`<div>
          <div style="height: 200vh">Long page</div>
          <footer><a id="imprint" href="/imprint">Imprint</a></footer>
          <consent-banner></consent-banner>
        </div>`,
      );
      const element = wrapper.querySelector('consent-banner')!;
      await settled(element);
      await frames();
      // A mouse wheel or a finger: the page scrolled to its end, no focus involved.
      window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
      await frames();
      const imprint = document.getElementById('imprint')!;
      expect(inView(imprint), 'the last link is above the banner').to.equal(true);
      part(element, 'reject-button')!.click();
      await element.updateComplete;
      expect(document.documentElement.style.getPropertyValue('padding-bottom'), 'the room goes with the banner').to.equal('');
    });

    it('the skip link goes with the decision and with the element; none for a modal banner', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      expect(skipLink() !== null).to.equal(true);
      part(element, 'reject-button')!.click();
      await element.updateComplete;
      expect(skipLink(), 'gone after the decision').to.equal(null);
      element.remove();
      resetBrowser();
      const again = await fixture<ConsentBannerElement>(html`<consent-banner lang="de"></consent-banner>`);
      await language(again, 'de');
      const german = ((await (await fetch('/locales/de.json')).json()) as { banner: { skipLink: string } }).banner.skipLink;
      expect(skipLink()!.textContent, 'in the banner language').to.equal(german);
      expect(skipLink()!.lang).to.equal('de');
      again.remove();
      expect(skipLink(), 'gone with the element').to.equal(null);
      const modal = await fixture<ConsentBannerElement>(html`<consent-banner modal></consent-banner>`);
      expect(part(modal, 'banner')!.localName).to.equal('dialog');
      expect(skipLink(), 'a modal banner has focus already').to.equal(null);
    });

    const layouts: [string, number, number, string, string][] = [
      ['390x844 phone', 390, 844, 'bottom', '100vh'],
      ['390x844 phone, a page three screens long', 390, 844, 'bottom', '300vh'],
      ['640x400 (200% zoom)', 640, 400, 'bottom', '100vh'],
      ['320x200 (400% zoom)', 320, 200, 'bottom', '100vh'],
      ['1280x800, position=top', 1280, 800, 'top', '100vh'],
      ['1280x800, position=top, a page three screens long', 1280, 800, 'top', '300vh'],
      ['1280x800, position=center', 1280, 800, 'center', '100vh'],
      ['1280x800, position=bottom-right', 1280, 800, 'bottom-right', '100vh'],
    ];
    for (const [name, width, height, position, pageHeight] of layouts) {
      it(`${name}: every page control Tab reaches is in view, not under the banner; the page is as it was after`, async () => {
        await setViewport({ width, height });
        const rootStyle = document.documentElement.style;
        rootStyle.setProperty('scroll-padding-bottom', '3px');
        const { element, controls } = await pageWithControls(
          html`<consent-banner position=${position}></consent-banner>`,
          pageHeight,
        );
        const banner = part(element, 'banner')!;
        const covered = controls.filter((control) => !visibleAtCentre(control)).length;
        const seen: string[] = [];
        skipLink()!.focus();
        for (let i = 0; i < controls.length; i++) {
          await sendKeys({ press: 'Tab' });
          await frames();
          const control = focused() as HTMLElement;
          expect(controls, 'Tab goes through the page controls in order').to.include(control);
          if (!inView(control))
            seen.push(
              `${control.textContent} at ${JSON.stringify(control.getBoundingClientRect())} under ${JSON.stringify(banner.getBoundingClientRect())}`,
            );
        }
        expect(seen, `${covered} of ${controls.length} under the banner before`).to.deep.equal([]);
        if (position !== 'center') {
          const padding = parseFloat(
            getComputedStyle(document.documentElement).getPropertyValue(
              `scroll-padding-${position === 'top' ? 'top' : 'bottom'}`,
            ),
          );
          expect(padding, 'scroll padding of the banner size').to.be.at.least(banner.getBoundingClientRect().height);
        }
        part(element, 'accept-button')!.click();
        await element.updateComplete;
        expect(rootStyle.getPropertyValue('scroll-padding-bottom'), "the page's own value is back").to.equal('3px');
        expect(rootStyle.getPropertyValue('scroll-padding-top')).to.equal('');
        expect(rootStyle.getPropertyValue('padding-top') + rootStyle.getPropertyValue('padding-bottom')).to.equal('');
        rootStyle.removeProperty('scroll-padding-bottom');
        console.log(
          `focus-not-obscured ${name}: ${covered} of ${controls.length} page controls under the banner at first, 0 when focused`,
        );
      });
    }
  });

  describe('preferences', () => {
    const figures: string[] = [];
    after(() => console.log(figures.join('\n')));
    for (const [width, height] of [
      [1280, 800],
      [640, 400],
      [320, 640],
      [320, 200],
    ] as const) {
      it(`${width}x${height}: opens at the top, title, close and footer buttons in view, focus on the level in force`, async () => {
        await setViewport({ width, height });
        const element = await fixture<ConsentBannerElement>(html`<consent-banner privacy-url="/privacy"></consent-banner>`);
        element.showPreferences();
        await element.updateComplete;
        await frames();
        const dialog = part(element, 'preferences')!;
        const root = element.shadowRoot!;
        for (const shown of [
          root.getElementById('preferences-title')!,
          part(element, 'close-button')!,
          part(element, 'preferences-reject-button')!,
          part(element, 'preferences-accept-button')!,
          part(element, 'save-button')!,
        ]) {
          expect(inView(shown), `${shown.id || shown.getAttribute('part')} in view`).to.equal(true);
        }
        const radio = dialog.querySelector<HTMLInputElement>('input:checked')!;
        const body = dialog.querySelector<HTMLElement>('.sheet-body')!;
        expect(body.scrollTop, 'opens at the top').to.equal(0);
        // Focus on the level in force when it is in sight at the top, else on the dialog (read from its title).
        const radioShown = radio.closest('label')!.getBoundingClientRect().bottom <= body.getBoundingClientRect().bottom;
        expect(focused(), radioShown ? 'the level in force' : 'the dialog').to.equal(radioShown ? radio : dialog);
        expect(inView(focused()!) || focused() === dialog, 'what has focus is in sight').to.equal(true);
        figures.push(`preferences ${width}x${height}: focus on ${radioShown ? 'the level in force' : 'the dialog'}`);
        const box = dialog.getBoundingClientRect();
        if (width <= 640) {
          expect([box.top, box.height, box.width], 'a full-height sheet').to.deep.equal([0, height, width]);
        }
        const accept = part(element, 'preferences-accept-button')!.getBoundingClientRect().width;
        const reject = part(element, 'preferences-reject-button')!.getBoundingClientRect().width;
        expect(Math.abs(accept - reject)).to.be.below(1);
        expect(await axeViolations(element)).to.deep.equal([]);
      });
    }

    it('Accept all and Reject all inside take effect like the banner and close the view; X closes without a change', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      element.showPreferences();
      await element.updateComplete;
      part(element, 'close-button')!.click();
      await element.updateComplete;
      expect(part(element, 'preferences')).to.equal(null);
      expect(element.decided).to.equal(false);
      expect(part(element, 'close-button'), 'the part is on one element').to.equal(null);
      element.showPreferences();
      await element.updateComplete;
      expect(element.shadowRoot!.querySelectorAll('[part~="close-button"]').length).to.equal(1);
      expect(part(element, 'close-button')!.getAttribute('aria-label')).to.equal('Close privacy settings');
      part(element, 'preferences-accept-button')!.click();
      await element.updateComplete;
      expect([element.level, element.consentDetail!.source]).to.deep.equal(['full', 'visitor']);
      expect(part(element, 'preferences')).to.equal(null);
      element.showPreferences();
      await element.updateComplete;
      part(element, 'preferences-reject-button')!.click();
      await element.updateComplete;
      expect(element.level).to.equal('cookieless');
      expect(part(element, 'preferences')).to.equal(null);
    });

    it('each radio is named by its title only and described by its description', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      element.showPreferences();
      await element.updateComplete;
      const root = element.shadowRoot!;
      for (const radio of root.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
        const name = root.getElementById(radio.getAttribute('aria-labelledby')!)!.textContent;
        const description = root.getElementById(radio.getAttribute('aria-describedby')!)!.textContent;
        expect(name).to.equal(
          { full: 'Full measurement', session: 'This visit only', cookieless: 'Cookieless', none: 'No measurement' }[radio.value],
        );
        expect(description!.length).to.be.above(20);
      }
    });

    it('color-scheme follows the theme, so native radios are dark on the dark surface', async () => {
      const element = await fixture<ConsentBannerElement>(html`<consent-banner theme="dark"></consent-banner>`);
      element.showPreferences();
      await element.updateComplete;
      const radio = element.shadowRoot!.querySelector('input[type="radio"]')!;
      expect(getComputedStyle(radio).colorScheme).to.equal('dark');
      element.theme = 'light';
      await element.updateComplete;
      expect(getComputedStyle(radio).colorScheme).to.equal('light');
    });

    it('forced colours: the selected level has a thick frame and the selection colours, not only the dot', async () => {
      await emulate({ forcedColors: 'active' });
      // Chromium emulates forced colours; Firefox cannot be asked to.
      if (!matchMedia('(forced-colors: active)').matches) {
        expect(navigator.userAgent, 'forced colours emulated').not.to.contain('Chrome');
        return;
      }
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      element.showPreferences();
      await element.updateComplete;
      const options = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="level-option"]')];
      const selected = options.find((option) => option.querySelector('input')!.checked)!;
      const other = options.find((option) => option !== selected)!;
      expect(getComputedStyle(selected).borderTopWidth).to.equal('3px');
      expect(getComputedStyle(other).borderTopWidth).to.equal('1px');
      expect(getComputedStyle(selected).backgroundColor).not.to.equal(getComputedStyle(other).backgroundColor);
      expect(await axeViolations(element)).to.deep.equal([]);
    });

    for (const [signal, settings, unavailable, reason] of [
      ['Do Not Track', { dnt: true }, ['full', 'session', 'cookieless'], 'Not available: your browser sends Do Not Track.'],
      ['Global Privacy Control', { gpc: true }, ['full', 'session'], 'Not available: your browser sends Global Privacy Control.'],
    ] as const) {
      for (const theme of ['light', 'dark']) {
        it(`${signal} (${theme}): levels above its cap are shown unavailable, with the reason`, async () => {
          const element = await withSignals(settings, () =>
            fixture<ConsentBannerElement>(html`<consent-banner theme=${theme}></consent-banner>`),
          );
          element.showPreferences();
          await element.updateComplete;
          const root = element.shadowRoot!;
          const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
          expect(radios.filter((radio) => radio.disabled).map((radio) => radio.value)).to.deep.equal([...unavailable]);
          for (const radio of radios.filter((candidate) => candidate.disabled)) {
            const ids = radio.getAttribute('aria-describedby')!.split(' ');
            expect(ids.map((id) => root.getElementById(id)!.textContent).join(' ')).to.contain(reason);
            expect(radio.closest('label')!.textContent).to.contain(reason);
          }
          expect(radios.find((radio) => radio.checked)!.disabled, 'the level in force is available').to.equal(false);
          expect(await axeViolations(element)).to.deep.equal([]);
        });
      }
    }
  });

  describe('banner size: equal accept and reject, buttons in view, the text whole (a desktop bar at most ~40% of the height)', () => {
    const figures: string[] = [];
    after(() =>
      console.log(`banner figures (accept / reject / settings width, banner height / viewport):\n${figures.join('\n')}`),
    );

    for (const lang of ['en', 'de', 'fi', 'ar']) {
      it(`${lang}: accept and reject equal in width at every position; nothing overflows`, async () => {
        for (const [width, height] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await setViewport({ width, height });
          const element = await fixture<ConsentBannerElement>(
            html`<consent-banner lang=${lang} privacy-url="/privacy"></consent-banner>`,
          );
          await language(element, lang);
          for (const position of ['bottom', 'top', 'bottom-left', 'bottom-right', 'center']) {
            element.position = position;
            await settled(element);
            await frames();
            const [accept, reject, settings] = ['accept-button', 'reject-button', 'preferences-button'].map((name) =>
              part(element, name)!,
            );
            const banner = part(element, 'banner')!.getBoundingClientRect();
            const w = (button: HTMLElement) => button.getBoundingClientRect().width;
            figures.push(
              `${lang} ${width}x${height} ${position}: ${w(accept!).toFixed(1)} / ${w(reject!).toFixed(1)} / ${w(settings!).toFixed(1)}, ${Math.round(banner.height)} / ${height} = ${(banner.height / height).toFixed(2)}`,
            );
            expect(Math.abs(w(accept!) - w(reject!)), `${lang} ${position} ${width}x${height}`).to.be.below(1);
            for (const button of [accept!, reject!, settings!]) {
              expect(button.scrollWidth, `${button.textContent} fits`).to.be.at.most(button.clientWidth);
              expect(inView(button), `${button.getAttribute('part')} in view`).to.equal(true);
            }
            // A phone's sheet is as tall as its text (small-screens.test.ts); a desktop bar stays low.
            if (width > 640) expect(banner.height / height, `${lang} ${position} ${width}x${height}`).to.be.at.most(0.405);
            const body = part(element, 'banner')!.querySelector<HTMLElement>('.banner-body')!;
            expect(body.scrollHeight, `${lang} ${position} ${width}x${height}: the text whole`).to.be.at.most(body.clientHeight);
          }
          element.remove();
          resetBrowser();
        }
      });
    }

    it('modal on a wide screen: no empty gap between the text and the buttons', async () => {
      for (const [width, height] of [
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await setViewport({ width, height });
        const element = await fixture<ConsentBannerElement>(html`<consent-banner modal privacy-url="/privacy"></consent-banner>`);
        await settled(element);
        const dialog = part(element, 'banner')!;
        const text = dialog.querySelector('.banner-body p')!.getBoundingClientRect();
        const actions = dialog.querySelector('.actions')!.getBoundingClientRect();
        const gap = parseFloat(getComputedStyle(dialog).rowGap);
        figures.push(`modal ${width}x${height}: ${Math.round(actions.top - text.bottom)} px between the text and the buttons`);
        expect(actions.top - text.bottom, `${width}x${height}`).to.be.at.most(gap + 1);
        element.remove();
        resetBrowser();
      }
    });

    it('640x400 (200% zoom): the whole text above the buttons, nothing scrolls inside (en, de, every position)', async () => {
      await setViewport({ width: 640, height: 400 });
      for (const lang of ['en', 'de']) {
        const element = await fixture<ConsentBannerElement>(
          html`<consent-banner lang=${lang} privacy-url="/privacy"></consent-banner>`,
        );
        await language(element, lang);
        for (const position of ['bottom', 'top', 'bottom-left', 'center']) {
          element.position = position;
          await settled(element);
          await frames();
          const banner = part(element, 'banner')!;
          const body = banner.querySelector<HTMLElement>('.banner-body')!;
          const ratio = banner.getBoundingClientRect().height / 400;
          figures.push(
            `${lang} 640x400 ${position}: banner ${Math.round(ratio * 100)}% of the height, text ${body.clientHeight}/${body.scrollHeight} px shown`,
          );
          for (const name of ['accept-button', 'reject-button', 'preferences-button']) {
            expect(inView(part(element, name)!), `${lang} ${position}: ${name} in view`).to.equal(true);
          }
          expect(body.scrollHeight, `${lang} ${position}: the text whole`).to.be.at.most(body.clientHeight);
          expect(inView(element.shadowRoot!.querySelector('.policy-link')!), `${lang} ${position}: the policy link`).to.equal(
            true,
          );
        }
        expect(await axeViolations(element)).to.deep.equal([]);
        element.remove();
        resetBrowser();
      }
    });

    it('320x200 (400% zoom): the banner scrolls as one, buttons a scroll away, a strip of the page above (en, de, every position)', async () => {
      await setViewport({ width: 320, height: 200 });
      for (const lang of ['en', 'de']) {
        const element = await fixture<ConsentBannerElement>(
          html`<consent-banner lang=${lang} privacy-url="/privacy"></consent-banner>`,
        );
        await language(element, lang);
        for (const position of ['bottom', 'top', 'bottom-left', 'center']) {
          element.position = position;
          await settled(element);
          await frames();
          const banner = part(element, 'banner')!;
          const box = banner.getBoundingClientRect();
          figures.push(
            `${lang} 320x200 ${position}: banner ${Math.round((box.height / 200) * 100)}% of the height, ${banner.clientHeight}/${banner.scrollHeight} px shown`,
          );
          expect(box.top >= 0 && box.bottom <= 200, `${lang} ${position}: on screen`).to.equal(true);
          expect(box.height, `${lang} ${position}: a strip of the page stays`).to.be.at.most(200 - 40);
          for (const name of ['accept-button', 'reject-button', 'preferences-button']) {
            const button = part(element, name)!;
            button.scrollIntoView({ block: 'nearest', behavior: 'instant' });
            await frames(1);
            expect(inView(button), `${lang} ${position}: ${name} a scroll away`).to.equal(true);
          }
          expect(scrollY, 'the page did not scroll').to.equal(0);
          banner.scrollTop = 0;
        }
        expect(await axeViolations(element)).to.deep.equal([]);
        element.remove();
        resetBrowser();
      }
    });
  });

  describe('zero axe violations in the new states', () => {
    for (const theme of ['light', 'dark'] as const) {
      it(`${theme}: banner with the sentence at 390x844, preferences as a sheet at 320x640, the banner focused from the skip link`, async () => {
        await emulate({ colorScheme: theme });
        await setViewport({ width: 390, height: 844 });
        const element = await fixture<ConsentBannerElement>(
          html`<consent-banner theme=${theme} privacy-url="/privacy"></consent-banner>`,
        );
        expect(noticeText(element)).not.to.equal(null);
        expect(await axeViolations(element)).to.deep.equal([]);
        skipLink()!.click();
        expect(focused()).to.equal(part(element, 'banner'));
        expect(await axeViolations(element)).to.deep.equal([]);
        await setViewport({ width: 320, height: 640 });
        element.showPreferences();
        await element.updateComplete;
        expect(await axeViolations(element)).to.deep.equal([]);
      });
    }
  });
});

describe('theme="auto": the page\'s own color-scheme when it declares one, the system otherwise', () => {
  afterEach(async () => {
    resetBrowser();
    document.documentElement.style.removeProperty('color-scheme');
    document.querySelector('meta[name="color-scheme"]')?.remove();
    await emulate({ colorScheme: 'light' });
  });

  const WHITE = 'rgb(255, 255, 255)';
  const DARK = 'rgb(31, 35, 40)';
  const cases: [string, 'light' | 'dark', (() => void) | undefined, string][] = [
    ['no declaration, dark system', 'dark', undefined, DARK],
    ['no declaration, light system', 'light', undefined, WHITE],
    [
      'a light-only page (CSS), dark system',
      'dark',
      () => document.documentElement.style.setProperty('color-scheme', 'light'),
      WHITE,
    ],
    [
      'a light-only page (meta), dark system',
      'dark',
      () => {
        const meta = document.createElement('meta');
        meta.name = 'color-scheme';
        meta.content = 'only light';
        document.head.append(meta);
      },
      WHITE,
    ],
    ['a dark-only page, light system', 'light', () => document.documentElement.style.setProperty('color-scheme', 'dark'), DARK],
    [
      'a page for both, dark system',
      'dark',
      () => document.documentElement.style.setProperty('color-scheme', 'light dark'),
      DARK,
    ],
  ];
  for (const [name, system, declare, background] of cases) {
    it(`${name}: the banner and the way back follow`, async () => {
      await emulate({ colorScheme: system });
      if (!matchMedia(`(prefers-color-scheme: ${system})`).matches) {
        expect(navigator.userAgent, 'colour scheme emulated').not.to.contain('Chrome');
        return;
      }
      declare?.();
      const element = await fixture<ConsentBannerElement>(html`<consent-banner></consent-banner>`);
      expect(getComputedStyle(part(element, 'banner')!).backgroundColor).to.equal(background);
      expect(await axeViolations(element)).to.deep.equal([]);
      element.rejectAll();
      await element.updateComplete;
      expect(getComputedStyle(part(element, 'reopen-button')!).backgroundColor).to.equal(background);
    });
  }
});
