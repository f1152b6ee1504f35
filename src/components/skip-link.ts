/**
 * The banner's skip link: while the banner asks, the first thing Tab reaches on the page is a control that
 * takes focus to the banner (as GOV.UK's cookie banner is reached first), wherever the element sits in the
 * page. It lives in the page's light DOM, first in `<body>`, visually hidden until it has focus.
 *
 * It is a button, not a link: its target is in the element's shadow root, which no URL fragment reaches, so
 * a link would be `href="#"` (a link to nowhere, and page content outside any landmark for axe's `region`).
 * A button moves focus without pretending to navigate, and is activated by Enter and Space.
 *
 * Built with the DOM and styled through CSSOM only (no markup parsed, no style attribute, no stylesheet), so
 * a strict Content-Security-Policy (`style-src 'self'`, Trusted Types) allows it.
 */

/** Hidden, but still focusable and read (the usual visually-hidden pattern). */
const HIDDEN: Record<string, string> = {
  width: '1px',
  height: '1px',
  padding: '0',
  overflow: 'hidden',
  'clip-path': 'inset(50%)',
  'white-space': 'nowrap',
};
const SHOWN: Record<string, string> = {
  width: 'auto',
  height: 'auto',
  padding: '12px 16px',
  overflow: 'visible',
  'clip-path': 'none',
  'white-space': 'normal',
};

/** How the link looks: the banner's own colours and font, read from it. */
export interface SkipLinkLook {
  background: string;
  color: string;
  accent: string;
  fontFamily: string;
}

export class SkipLink {
  private link: HTMLButtonElement | undefined;

  constructor(private readonly onActivate: () => void) {}

  /** The control, when it is in the page. */
  get element(): HTMLButtonElement | undefined {
    return this.link;
  }

  /** Puts the link first in the document's `<body>` (again, if the page put something before it). */
  show(doc: Document, text: string, language: string, dir: 'ltr' | 'rtl', look: SkipLinkLook): void {
    const body = doc.body;
    if (!body) return;
    const link = (this.link ??= this.create(doc));
    if (link.textContent !== text) link.textContent = text;
    // Only when they change: the banner's language follows every \`lang\` change in the page, this one too.
    if (link.lang !== language) link.lang = language;
    if (link.dir !== dir) link.dir = dir;
    const style = link.style;
    const looks: Record<string, string> = {
      background: look.background,
      color: look.color,
      outline: `3px solid ${look.accent}`,
      'font-family': look.fontFamily,
      'font-size': '16px',
    };
    for (const [name, value] of Object.entries(looks)) style.setProperty(name, value, 'important');
    if (body.firstChild !== link) body.prepend(link);
  }

  remove(): void {
    this.link?.remove();
    this.link = undefined;
  }

  private create(doc: Document): HTMLButtonElement {
    const link = doc.createElement('button');
    link.type = 'button';
    link.dataset['consentBannerSkip'] = '';
    const style = link.style;
    const fixed: Record<string, string> = {
      position: 'fixed',
      top: '8px',
      'inset-inline-start': '8px',
      'z-index': '2147483647',
      margin: '0',
      border: '0',
      'border-radius': '6px',
      'outline-offset': '2px',
      'font-weight': '600',
      'text-align': 'start',
      cursor: 'pointer',
      'text-decoration': 'underline',
      'line-height': '1.5',
      'box-shadow': '0 4px 16px rgb(0 0 0 / 0.3)',
    };
    for (const [name, value] of Object.entries({ ...fixed, ...HIDDEN })) style.setProperty(name, value, 'important');
    link.addEventListener('focus', () => {
      for (const [name, value] of Object.entries(SHOWN)) style.setProperty(name, value, 'important');
    });
    link.addEventListener('blur', () => {
      for (const [name, value] of Object.entries(HIDDEN)) style.setProperty(name, value, 'important');
    });
    link.addEventListener('click', () => this.onActivate());
    return link;
  }
}
