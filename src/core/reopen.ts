import type { ConsentManager } from '../consent/manager.js';
import { bannerScheme } from '../util/color-scheme.js';
import { resolveLanguage, stringLayers } from '../util/language.js';
import { warn } from '../util/log.js';
import { readStrings } from './attributes.js';
import { REOPEN_LABELS } from './reopen-labels.js';

/** `reopen`: where the "Privacy settings" control goes once the visitor decided. */
const REOPEN_MODES = ['inline', 'floating', 'none'] as const;
type ReopenMode = (typeof REOPEN_MODES)[number];

/**
 * The control is part of the eager stage, so a returning visitor gets a way back without the UI stage: a
 * plain button in the element's shadow root (which the UI stage's Lit element adopts as its own root).
 * `inline` (default) sits where the element is, like a footer link, so it never covers the page; `floating`
 * is fixed in the bottom corner. It inherits the element's `--consent-banner-*` colours.
 */
const REOPEN_CSS = `
[part~='reopen-button'] {
  display: block;
  box-sizing: border-box;
  margin: 1rem auto;
  min-height: 44px;
  padding: 10px 16px;
  font: 600 0.9375rem/1.2 var(--consent-banner-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  color: var(--consent-banner-accent, #0b57d0);
  background: var(--consent-banner-background, #ffffff);
  border: 1px solid var(--consent-banner-border, #6b7280);
  border-radius: var(--consent-banner-radius, 12px);
  cursor: pointer;
}
[part~='reopen-button'][hidden] { display: none; }
[part~='reopen-button'].floating {
  position: fixed;
  z-index: var(--consent-banner-z-index, 2147483000);
  inset-inline-start: var(--consent-banner-spacing, 16px);
  bottom: var(--consent-banner-spacing, 16px);
  margin: 0;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
}
[part~='reopen-button']:focus-visible {
  outline: 3px solid var(--consent-banner-accent, #0b57d0);
  outline-offset: 2px;
}
@media (prefers-color-scheme: dark) {
  [part~='reopen-button'][data-scheme='system'] {
    color: var(--consent-banner-accent, #8ab4f8);
    background: var(--consent-banner-background, #1f2328);
    border-color: var(--consent-banner-border, #9ca3af);
  }
}
[part~='reopen-button'][data-scheme='dark'] {
  color: var(--consent-banner-accent, #8ab4f8);
  background: var(--consent-banner-background, #1f2328);
  border-color: var(--consent-banner-border, #9ca3af);
}
@media (forced-colors: active) {
  [part~='reopen-button'] { border-color: ButtonText; }
}
`;

let sheet: CSSStyleSheet | undefined;
function reopenSheet(): CSSStyleSheet | undefined {
  if (sheet || typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return sheet;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(REOPEN_CSS);
  return sheet;
}

export interface ReopenControl {
  /** Shows or hides the control for the manager's state now; returns the button when shown. */
  update(): HTMLButtonElement | undefined;
  /** After the UI stage adopted the root (Lit replaces its style sheets), put the control's sheet back. */
  restoreStyles(): void;
}

/** Labels of languages a site added (`addLanguage`), shared by every control of the page. */
export const addedReopenLabels = new Map<string, string>();

export function createReopenControl(element: HTMLElement, manager: ConsentManager, open: () => void): ReopenControl {
  let button: HTMLButtonElement | undefined;
  const mode = reopenMode(element.getAttribute('reopen'));

  const root = (): ShadowRoot => {
    const existing = element.shadowRoot;
    if (existing) return existing;
    // The same options as the Lit element's root, which adopts it when the UI stage arrives.
    return element.attachShadow({ mode: 'open' });
  };

  const restoreStyles = (): void => {
    const shadow = element.shadowRoot;
    const styles = reopenSheet();
    if (!shadow || !button) return;
    if (styles && !shadow.adoptedStyleSheets.includes(styles)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, styles];
  };

  return {
    update() {
      // With a decision source the other manager's own preferences are the way back, not ours.
      const wanted =
        mode !== 'none' &&
        !manager.askVisitor &&
        !manager.options.decidedElsewhere &&
        !document.querySelector('[data-consent-open]');
      if (!wanted) {
        if (button) button.hidden = true;
        return undefined;
      }
      if (!button) {
        button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('part', 'reopen-button');
        if (mode === 'floating') button.className = 'floating';
        button.addEventListener('click', open);
        root().append(button);
        if (!reopenSheet()) warn('this browser has no constructable style sheets; the Privacy settings button is unstyled.');
        restoreStyles();
      }
      button.textContent = reopenLabel(element);
      // The banner's scheme (see util/color-scheme.ts): `theme`, or for `auto` the page's own.
      button.dataset['scheme'] = bannerScheme(element.getAttribute('theme'), element.ownerDocument);
      button.hidden = false;
      return button;
    },
    restoreStyles,
  };
}

function reopenMode(value: string | null): ReopenMode {
  if (value === null || value === '') return 'inline';
  if ((REOPEN_MODES as readonly string[]).includes(value)) return value as ReopenMode;
  warn(`reopen="${value}" is not one of ${REOPEN_MODES.join(', ')}; using "inline".`);
  return 'inline';
}

/** The label in the element's language (as the UI stage resolves it), or the site's `strings` for it. */
function reopenLabel(element: HTMLElement): string {
  const available = [...Object.keys(REOPEN_LABELS), ...addedReopenLabels.keys()];
  const language = resolveLanguage(
    [element.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages ?? []), navigator.language],
    available,
  );
  return stringsLabel(element, language) ?? addedReopenLabels.get(language) ?? REOPEN_LABELS[language] ?? REOPEN_LABELS['en']!;
}

/** The site's `strings` for the label in `language` (its own block first, see stringLayers), if it gives one. */
function stringsLabel(element: HTMLElement, language: string): string | undefined {
  const strings = readStrings(element);
  if (!strings) return undefined;
  for (const layer of stringLayers(strings, language).reverse()) {
    const label = (layer['reopen'] as { label?: unknown } | undefined)?.label;
    if (typeof label === 'string' && label.trim() !== '') return label;
  }
  return undefined;
}
