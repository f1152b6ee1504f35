import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../support/element.js';
import type { ConsentBannerElement } from '../../src/core/element.js';
import { LANGUAGES } from '../../src/util/language.js';
import { axeViolations } from '../support/axe.js';
import { part, resetBrowser, waitFor } from '../support/harness.js';
import { emulate, frames, animationsDone } from '../support/visitor.js';

// The first layer in every shipped language, with purposes and a policy link (its longest form): its text is
// read without scrolling inside the banner on a phone (390x844) and at 200% zoom (640x400); at 400% zoom
// (320x200) the banner scrolls as one, text first, buttons last, below a strip of the page.

/** Wholly inside the viewport (half a pixel of rounding allowed). */
function insideViewport(box: DOMRect): boolean {
  return box.top >= -0.5 && box.left >= -0.5 && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5;
}

/** Wholly inside `outer` (half a pixel of rounding allowed). */
function inside(box: DOMRect, outer: DOMRect): boolean {
  return (
    box.top >= outer.top - 0.5 &&
    box.bottom <= outer.bottom + 0.5 &&
    box.left >= outer.left - 0.5 &&
    box.right <= outer.right + 0.5
  );
}

/** Drawn at the centre of its first box (a link may wrap onto two lines): nothing covers it. */
function reachable(element: HTMLElement): boolean {
  const box = element.getClientRects()[0]!;
  const hit = (element.getRootNode() as ShadowRoot).elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && (hit === element || element.contains(hit));
}

async function banner(lang: string): Promise<ConsentBannerElement> {
  const element = await fixture<ConsentBannerElement>(
    html`<consent-banner lang=${lang} purposes="functional personalization marketing" privacy-url="/privacy"></consent-banner>`,
  );
  await waitFor(() => element.shadowRoot!.querySelector('.root')?.getAttribute('lang') === lang, `${lang} to load`);
  await element.updateComplete;
  await frames();
  // In its place: without reduced motion (Firefox cannot emulate it) the banner slides in first.
  await animationsDone(element.shadowRoot!);
  return element;
}

/** The first layer's texts: title, explanation, what is measured, what "Accept all" allows, the policy link. */
function texts(element: ConsentBannerElement): HTMLElement[] {
  const root = element.shadowRoot!;
  return ['#banner-title', '#banner-text', '#banner-notice', '.policy-link'].map((selector) => {
    const found = root.querySelector<HTMLElement>(selector);
    expect(found, selector).not.to.equal(null);
    return found!;
  });
}

const BUTTONS = ['accept-button', 'reject-button', 'preferences-button'];

describe('small screens: the first layer in every shipped language, with purposes', () => {
  const figures: string[] = [];
  before(() => emulate({ reducedMotion: 'reduce', colorScheme: 'light' }));
  afterEach(resetBrowser);
  after(async () => {
    await setViewport({ width: 1280, height: 800 });
    console.log(`banner height / viewport, per language:\n${figures.join('\n')}`);
  });

  for (const [width, height] of [
    [390, 844],
    [640, 400],
  ] as const) {
    it(`${width}x${height}: every text wholly in view, none clipped by a scroller; buttons reachable (${LANGUAGES.length} languages)`, async () => {
      await setViewport({ width, height });
      const line: string[] = [];
      for (const lang of LANGUAGES) {
        const element = await banner(lang);
        const body = element.shadowRoot!.querySelector<HTMLElement>('.banner-body')!;
        expect(body.scrollHeight, `${lang}: no text hidden in the banner's scroller`).to.be.at.most(body.clientHeight);
        const shown = body.getBoundingClientRect();
        for (const text of texts(element)) {
          const box = text.getBoundingClientRect();
          const name = text.id || text.className;
          expect(insideViewport(box), `${lang} ${name} in the viewport`).to.equal(true);
          expect(inside(box, shown), `${lang} ${name} not clipped`).to.equal(true);
        }
        for (const name of BUTTONS) {
          const button = part(element, name)!;
          expect(insideViewport(button.getBoundingClientRect()) && reachable(button), `${lang} ${name}`).to.equal(true);
        }
        const ratio = part(element, 'banner')!.getBoundingClientRect().height / height;
        line.push(`${lang} ${ratio.toFixed(2)}`);
        if (lang === 'de' || lang === 'ar') expect(await axeViolations(element), lang).to.deep.equal([]);
        element.remove();
        resetBrowser();
      }
      figures.push(`${width}x${height}: ${line.join(', ')}`);
    });
  }

  it(`320x200 (400% zoom): the banner scrolls as one below a strip of the page: title and text first, then every button (${LANGUAGES.length} languages)`, async () => {
    await setViewport({ width: 320, height: 200 });
    for (const lang of LANGUAGES) {
      const element = await banner(lang);
      const sheet = part(element, 'banner')!;
      expect(insideViewport(sheet.getBoundingClientRect()), `${lang}: the banner fits the screen`).to.equal(true);
      expect(sheet.getBoundingClientRect().top, `${lang}: a strip of the page in sight`).to.be.at.least(40);
      const body = element.shadowRoot!.querySelector<HTMLElement>('.banner-body')!;
      expect(body.scrollHeight, `${lang}: no scroller inside the text`).to.be.at.most(body.clientHeight);
      const [title, text] = texts(element);
      expect(inside(title!.getBoundingClientRect(), sheet.getBoundingClientRect()), `${lang}: the title shows`).to.equal(true);
      // Two lines of text at least below the title (a line is 1.5em).
      const line = parseFloat(getComputedStyle(text!).fontSize) * 1.5;
      const room = sheet.getBoundingClientRect().bottom - text!.getBoundingClientRect().top;
      figures.push(`320x200 ${lang}: ${(room / line).toFixed(1)} lines of text in sight below the title`);
      expect(room, `${lang}: text in sight below the title`).to.be.at.least(2 * line);
      // The rest is a scroll of the banner away: the policy link and the buttons, each brought into view.
      expect(getComputedStyle(sheet).overflowY).to.equal('auto');
      for (const reached of [texts(element)[3]!, ...BUTTONS.map((name) => part(element, name)!)]) {
        reached.scrollIntoView({ block: 'nearest', behavior: 'instant' });
        await frames(1);
        const name = reached.getAttribute('part') ?? reached.className;
        expect(scrollY, 'the page itself did not scroll').to.equal(0);
        expect(
          inside(reached.getBoundingClientRect(), sheet.getBoundingClientRect()) && reachable(reached),
          `${lang}: ${name} reached`,
        ).to.equal(true);
      }
      if (lang === 'de') expect(await axeViolations(element), lang).to.deep.equal([]);
      element.remove();
      resetBrowser();
    }
  });
});
