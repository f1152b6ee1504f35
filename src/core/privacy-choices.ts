import type { ConsentManager } from '../consent/manager.js';
import { resolveLanguage } from '../util/language.js';
import { warn } from '../util/log.js';
import { readStrings } from './attributes.js';
import { CHOICES_LABELS } from './choices-labels.js';
import type { ReopenControl } from './reopen.js';

/**
 * "Your privacy choices": where the region's policy is opt-out (the US state privacy laws), the visitor is not
 * asked by a banner; this control, always there, opens the preferences, where they opt out (or in). It is a
 * small link-like button in the element's shadow root, where the element stands (the snippet puts it at the
 * end of `<body>`, like a footer link), or in the bottom corner with `reopen="floating"`. Left out with
 * `reopen="none"` or when the page has its own `data-consent-open` control (such as a footer link with the
 * same words, which the California regulations prefer).
 */
const CHOICES_CSS = `
[part~='privacy-choices'] {
  display: block;
  margin: 0.75rem auto;
  min-height: 44px;
  padding: 10px 14px;
  font: 500 0.9375rem/1.2 var(--consent-banner-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  color: var(--consent-banner-accent, #0b57d0);
  /* A background of its own: the page's may be light or dark, the link stays readable on it. */
  background: var(--consent-banner-background, #ffffff);
  border: 0;
  border-radius: var(--consent-banner-radius, 12px);
  text-decoration: underline;
  text-underline-offset: 0.2em;
  cursor: pointer;
}
[part~='privacy-choices'][hidden] { display: none; }
[part~='privacy-choices'].floating {
  position: fixed;
  z-index: var(--consent-banner-z-index, 2147483000);
  inset-inline-start: var(--consent-banner-spacing, 16px);
  bottom: var(--consent-banner-spacing, 16px);
  margin: 0;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
}
[part~='privacy-choices']:focus-visible {
  outline: 3px solid var(--consent-banner-accent, #0b57d0);
  outline-offset: 2px;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme='light'])) [part~='privacy-choices'] {
    color: var(--consent-banner-accent, #8ab4f8);
    background: var(--consent-banner-background, #1f2328);
  }
}
:host([theme='dark']) [part~='privacy-choices'] {
  color: var(--consent-banner-accent, #8ab4f8);
  background: var(--consent-banner-background, #1f2328);
}
@media (forced-colors: active) {
  [part~='privacy-choices'] { color: LinkText; }
}
`;

let sheet: CSSStyleSheet | undefined;
function choicesSheet(): CSSStyleSheet | undefined {
  if (sheet || typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return sheet;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(CHOICES_CSS);
  return sheet;
}

/** The same contract as the reopen control, so that the core treats both alike (focus after a decision). */
export function createPrivacyChoicesControl(element: HTMLElement, manager: ConsentManager, open: () => void): ReopenControl {
  let button: HTMLButtonElement | undefined;
  const placement = element.getAttribute('reopen');

  const restoreStyles = (): void => {
    const shadow = element.shadowRoot;
    const styles = choicesSheet();
    if (shadow && styles && !shadow.adoptedStyleSheets.includes(styles)) {
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, styles];
    }
  };

  return {
    update() {
      const wanted =
        placement !== 'none' && manager.options.policy.consent === 'opt-out' && !document.querySelector('[data-consent-open]');
      if (!wanted) {
        if (button) button.hidden = true;
        return undefined;
      }
      if (!button) {
        button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('part', 'privacy-choices');
        if (placement === 'floating') button.className = 'floating';
        button.addEventListener('click', open);
        (element.shadowRoot ?? element.attachShadow({ mode: 'open' })).append(button);
        if (!choicesSheet())
          warn('this browser has no constructable style sheets; the "Your privacy choices" control is unstyled.');
        restoreStyles();
      }
      button.textContent = choicesLabel(element);
      button.hidden = false;
      return button;
    },
    restoreStyles,
  };
}

/** The site's `strings` (`choices.label`), else the label in the element's language. */
function choicesLabel(element: HTMLElement): string {
  const label = (readStrings(element)?.['choices'] as { label?: unknown } | undefined)?.label;
  if (typeof label === 'string' && label.trim() !== '') return label;
  const language = resolveLanguage(
    [element.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages ?? []), navigator.language],
    Object.keys(CHOICES_LABELS),
  );
  return CHOICES_LABELS[language] ?? CHOICES_LABELS['en']!;
}
