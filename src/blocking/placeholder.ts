/**
 * The placeholder of gated content that waits for a purpose: an `<iframe data-src>` or a
 * `<template data-consent-purpose>` shows, in its place, which service it is, what it needs, and two buttons:
 * "Load this once" (this page only, nothing stored) and "Always allow <purpose>" (the visitor's decision,
 * stored like any other). It stands in the page's light DOM, before the content it replaces, as a
 * `<consent-placeholder>` element with a shadow root of its own (no registry entry is needed for that):
 * page styles do not reach in, its parts (`placeholder`, `placeholder-text`, `placeholder-load-once`,
 * `placeholder-allow`) are styled with `consent-placeholder::part(...)`, and the `--consent-banner-*` custom
 * properties it uses inherit from the page (set them on `:root` or any ancestor).
 *
 * Its texts come from the UI stage's languages (`Translate`, with the element's `strings`), loaded when a
 * placeholder first shows: a page whose content is allowed never loads them. The box is in place at once
 * (sized like the iframe), its words follow. Without the UI stage (headless setups) it speaks English.
 */
import { adoptStyleSheet, lazyStyleSheet } from '../util/style-sheet.js';
import { isRightToLeft } from '../util/language.js';
import { bannerScheme } from '../util/color-scheme.js';
import { listInLanguage } from '../util/text.js';

const PLACEHOLDER_TAG = 'consent-placeholder';

/** The dark colours, for a host matching `scheme`: the scheme the banner's `theme="auto"` would have here. */
function darkPalette(scheme: string): string {
  return `
:host(${scheme}) {
  color: var(--consent-banner-color, #e6edf3);
  background: var(--consent-banner-background, #1f2328);
  border-color: var(--consent-banner-border, #9ca3af);
}
:host(${scheme}) [part~='placeholder-load-once'] { color: var(--consent-banner-accent, #8ab4f8); }
:host(${scheme}) [part~='placeholder-allow'] {
  color: var(--consent-banner-accent-contrast, #1f2328);
  background: var(--consent-banner-accent, #8ab4f8);
  border-color: var(--consent-banner-accent, #8ab4f8);
}`;
}

const PLACEHOLDER_CSS = `
:host {
  display: block;
  box-sizing: border-box;
  max-inline-size: 100%;
  color: var(--consent-banner-color, #1f2328);
  background: var(--consent-banner-background, #ffffff);
  border: 1px solid var(--consent-banner-border, #6b7280);
  border-radius: var(--consent-banner-radius, 12px);
  font: 400 0.9375rem/1.45 var(--consent-banner-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
}
:host([hidden]) { display: none; }
[part~='placeholder'] {
  box-sizing: border-box;
  block-size: 100%;
  display: flex;
  flex-direction: column;
  justify-content: center;
  gap: 12px;
  padding: var(--consent-banner-spacing, 16px);
}
[part~='placeholder-text'] { margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
button {
  min-height: 44px;
  padding: 10px 16px;
  font-family: inherit;
  font-size: 0.9375rem;
  font-weight: 600;
  line-height: 1.2;
  border-radius: var(--consent-banner-radius, 12px);
  cursor: pointer;
}
[part~='placeholder-load-once'] {
  color: var(--consent-banner-accent, #0b57d0);
  background: transparent;
  border: 1px solid var(--consent-banner-border, #6b7280);
}
[part~='placeholder-allow'] {
  color: var(--consent-banner-accent-contrast, #ffffff);
  background: var(--consent-banner-accent, #0b57d0);
  border: 1px solid var(--consent-banner-accent, #0b57d0);
}
button:focus-visible { outline: 3px solid var(--consent-banner-accent, #0b57d0); outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
${darkPalette("[data-scheme='system']")}
}
${darkPalette("[data-scheme='dark']")}
@media (forced-colors: active) {
  :host { border-color: CanvasText; }
  button { border-color: ButtonText; }
}
`;

/** Translates a key of `locales/en.json` (`placeholder.text`) with its `{{values}}`, in one language. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** The translation of the place where `content` stands (its language), or undefined when there is none. */
export type PlaceholderTranslator = (content: Element) => Promise<{ translate: Translate; language: string } | undefined>;

/** English, for setups without the UI stage's languages: the same texts as `locales/en.json`. */
const ENGLISH: Readonly<Record<string, string>> = {
  'placeholder.text': 'This content from {{service}} needs your consent for: {{purposes}}.',
  'placeholder.textUnnamed': 'This content needs your consent for: {{purposes}}.',
  'placeholder.loadOnce': 'Load this once',
  'placeholder.allow': 'Always allow {{purposes}}',
  'purposes.functional.title': 'Functional',
  'purposes.personalization.title': 'Personalisation',
  'purposes.marketing.title': 'Marketing',
};

export const englishPlaceholderTexts: { translate: Translate; language: string } = {
  language: 'en',
  translate: (key, values = {}) =>
    (ENGLISH[key] ?? values['defaultValue'] ?? key).replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole),
};

export interface PlaceholderContent {
  /** The service named by `data-consent-service`, or the iframe's host; undefined: "This content". */
  service: string | undefined;
  /** The purposes the content waits for. */
  purposes: readonly string[];
  loadOnce: () => void;
  allow: () => void;
}

const placeholderSheet = lazyStyleSheet(PLACEHOLDER_CSS);

/** An empty placeholder for `content` (not yet in the page), sized like it; `fillPlaceholder` gives it words. */
export function createPlaceholder(content: Element): HTMLElement {
  const host = content.ownerDocument.createElement(PLACEHOLDER_TAG);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyleSheet(root, placeholderSheet());
  // The page's own scheme when it declares one only, else the system's (util/color-scheme.ts).
  host.dataset['scheme'] = bannerScheme('auto', content.ownerDocument);
  sizeLike(host, content);
  return host;
}

/** Writes the placeholder's text and buttons in the language of `texts`. */
export function fillPlaceholder(
  host: HTMLElement,
  what: PlaceholderContent,
  { translate, language }: { translate: Translate; language: string },
): void {
  const root = host.shadowRoot!;
  const titles = what.purposes.map((purpose) => translate(`purposes.${purpose}.title`, { defaultValue: purpose }));
  const purposes = listInLanguage(titles, language);
  host.setAttribute('lang', language);
  host.dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  const box = element(root, 'div', 'placeholder');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', 'placeholder-text');
  const text = element(box, 'p', 'placeholder-text');
  text.id = 'placeholder-text';
  text.textContent =
    what.service === undefined
      ? translate('placeholder.textUnnamed', { purposes })
      : translate('placeholder.text', { service: what.service, purposes });
  const actions = element(box, 'div');
  actions.className = 'actions';
  const button = (part: string, label: string, action: () => void): void => {
    const control = element(actions, 'button', part) as HTMLButtonElement;
    control.type = 'button';
    control.textContent = label;
    control.addEventListener('click', action);
  };
  button('placeholder-load-once', translate('placeholder.loadOnce'), what.loadOnce);
  button('placeholder-allow', translate('placeholder.allow', { purposes }), what.allow);
}

function element(parent: ParentNode, name: string, part?: string): HTMLElement {
  const child = document.createElement(name);
  if (part) child.setAttribute('part', part);
  parent.append(child);
  return child;
}

/** Takes the iframe's width and height (attributes) so that the page does not shift when the content loads. */
function sizeLike(host: HTMLElement, content: Element): void {
  const width = Number(content.getAttribute('width'));
  const height = Number(content.getAttribute('height'));
  if (width > 0) host.style.inlineSize = `${width}px`;
  if (width > 0 && height > 0) host.style.aspectRatio = `${width} / ${height}`;
  else if (height > 0) host.style.minBlockSize = `${height}px`;
}
