import { ConsentSource } from '../consent/decide.js';
import type { ConsentManager } from '../consent/manager.js';
import { adoptStyleSheet, lazyStyleSheet } from '../util/style-sheet.js';
import type { Messages } from './stages.js';

/**
 * The way back that cannot fail: when the banner's UI file cannot be loaded (blocked by an extension or a
 * policy, offline), "Privacy settings" still opens a dialog of the eager stage with the choices that need
 * no UI: "Reject all" (a withdrawal), "Accept all" and Close. Its texts come from the language file when
 * that loads, in English otherwise. Built with the DOM and styled through CSSOM only, so a strict
 * Content-Security-Policy allows it.
 */
const ENGLISH = {
  title: 'Privacy settings',
  current: 'In force now: {{level}}',
  accept: 'Accept all',
  reject: 'Reject all',
  close: 'Close',
};
type FallbackTexts = typeof ENGLISH;

const CSS = `
dialog[part~='fallback-preferences'] {
  box-sizing: border-box;
  max-width: min(28rem, calc(100vw - 2rem));
  padding: 1.25rem;
  font: 1rem/1.5 var(--consent-banner-font, system-ui, sans-serif);
  color: var(--consent-banner-color, #1f2328);
  background: var(--consent-banner-background, #ffffff);
  border: 1px solid var(--consent-banner-border, #6b7280);
  border-radius: var(--consent-banner-radius, 12px);
}
dialog[part~='fallback-preferences'] h2 { margin: 0 0 0.5rem; font-size: 1.25rem; }
dialog[part~='fallback-preferences'] .choices { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 1rem; }
dialog[part~='fallback-preferences'] button {
  min-height: 44px;
  padding: 10px 16px;
  font: inherit;
  font-weight: 600;
  color: var(--consent-banner-accent-contrast, #ffffff);
  background: var(--consent-banner-accent, #0b57d0);
  border: 1px solid transparent;
  border-radius: var(--consent-banner-radius, 12px);
  cursor: pointer;
}
dialog[part~='fallback-preferences'] button:focus-visible {
  outline: 3px solid var(--consent-banner-accent, #0b57d0);
  outline-offset: 2px;
}
@media (forced-colors: active) {
  dialog[part~='fallback-preferences'] button { border-color: ButtonText; }
}
`;

const fallbackSheet = lazyStyleSheet(CSS);

/** The texts of the language file (`messages`), each one that is missing in English. */
function textsFrom(messages: Messages | undefined, level: string): FallbackTexts {
  const text = (path: string, english: string): string => {
    let node: Messages | string | undefined = messages;
    for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
    return typeof node === 'string' && node.trim() !== '' ? node : english;
  };
  return {
    title: text('preferences.title', ENGLISH.title),
    current: text('preferences.current', ENGLISH.current).replace('{{level}}', text(`levels.${level}.title`, level)),
    accept: text('banner.accept', ENGLISH.accept),
    reject: text('banner.reject', ENGLISH.reject),
    close: text('preferences.closeLabel', ENGLISH.close),
  };
}

/** Opens the dialog in `element`'s shadow root; focus goes back where it was when it closes. */
export function showFallbackPreferences(element: HTMLElement, manager: ConsentManager, messages: Messages | undefined): void {
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  if (root.querySelector('dialog[part~="fallback-preferences"]')) return;
  adoptStyleSheet(root, fallbackSheet());
  const texts = textsFrom(messages, manager.level);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const dialog = make('dialog');
  dialog.setAttribute('part', 'fallback-preferences');
  dialog.setAttribute('aria-labelledby', 'fallback-title');
  const title = make('h2', texts.title);
  title.id = 'fallback-title';
  const current = make('p', texts.current);
  const choices = make('div');
  choices.className = 'choices';
  const button = (label: string, choose?: () => void): HTMLButtonElement => {
    const node = make('button', label);
    node.type = 'button';
    node.addEventListener('click', () => {
      choose?.();
      dialog.close();
    });
    choices.append(node);
    return node;
  };
  button(texts.accept, () => manager.accept(ConsentSource.Visitor));
  button(texts.reject, () => manager.reject(ConsentSource.Visitor));
  button(texts.close);
  dialog.append(title, current, choices);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus({ preventScroll: true });
  });
  // The dialog itself takes focus, so that a screen reader reads its title and the level in force first.
  dialog.tabIndex = -1;
  root.append(dialog);
  dialog.showModal();
  dialog.focus();
}
