import type { ConsentManager } from '../consent/manager.js';
import { bannerScheme } from '../util/color-scheme.js';
import { languageOf, stringLayers } from '../util/language.js';
import { warn } from '../util/log.js';
import { adoptStyleSheet, lazyStyleSheet } from '../util/style-sheet.js';
import { readStrings } from './attributes.js';
import { CHOICES_LABELS } from './choices-labels.js';
import { REOPEN_LABELS } from './reopen-labels.js';
import type { Messages } from '../util/locale-files.js';

/** `reopen`: where the way back goes (`inline` where the element is, `floating`, or `none`). */
const REOPEN_MODES = ['inline', 'floating', 'none'] as const;
type ReopenMode = (typeof REOPEN_MODES)[number];

/**
 * The way back, drawn by the eager stage so that a returning visitor has it without the UI stage: a plain
 * button in the element's shadow root (the UI stage renders into the same root), `inline` where the element
 * is (like a footer link, so it never covers the page) or `floating` in the bottom corner, left out with
 * `reopen="none"` or when the page has its own `data-consent-open` control. Two kinds:
 * - `reopen`: "Privacy settings" once the visitor decided;
 * - `choices`: "Your privacy choices", always there where the region's policy is opt-out (the US state privacy
 *   laws): the visitor is not asked by a banner, and opts out there. It looks like a link.
 */
const KINDS = {
  reopen: {
    part: 'reopen-button',
    labels: REOPEN_LABELS,
    shown: (manager: ConsentManager) => !manager.askVisitor,
  },
  choices: {
    part: 'privacy-choices',
    labels: CHOICES_LABELS,
    shown: () => true,
  },
} as const;
type WayBack = keyof typeof KINDS;

/** The kind of way back a manager's policy gives. */
function wayBackFor(manager: ConsentManager): WayBack {
  return manager.options.policy.consent === 'opt-out' ? 'choices' : 'reopen';
}

/** Both kinds of control, and nothing else the UI stage renders into the same root. */
const WAY_BACK = `:is(${Object.values(KINDS)
  .map((kind) => `[part~='${kind.part}']`)
  .join(', ')})`;

/** It inherits the element's `--consent-banner-*` colours; its scheme is the banner's (`data-scheme`). */
const WAY_BACK_CSS = `
${WAY_BACK} {
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
/* A link's look; a background of its own, so it stays readable on a light or a dark page. */
[part~='privacy-choices'] {
  margin: 0.75rem auto;
  padding: 10px 14px;
  font-weight: 500;
  border: 0;
  text-decoration: underline;
  text-underline-offset: 0.2em;
}
${WAY_BACK}[hidden] { display: none; }
${WAY_BACK}.floating {
  position: fixed;
  z-index: var(--consent-banner-z-index, 2147483000);
  inset-inline-start: var(--consent-banner-spacing, 16px);
  bottom: var(--consent-banner-spacing, 16px);
  margin: 0;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
}
${WAY_BACK}:focus-visible {
  outline: 3px solid var(--consent-banner-accent, #0b57d0);
  outline-offset: 2px;
}
@media (prefers-color-scheme: dark) {
  ${WAY_BACK}[data-scheme='system'] {
    color: var(--consent-banner-accent, #8ab4f8);
    background: var(--consent-banner-background, #1f2328);
    border-color: var(--consent-banner-border, #9ca3af);
  }
}
${WAY_BACK}[data-scheme='dark'] {
  color: var(--consent-banner-accent, #8ab4f8);
  background: var(--consent-banner-background, #1f2328);
  border-color: var(--consent-banner-border, #9ca3af);
}
@media (forced-colors: active) {
  [part~='reopen-button'] { border-color: ButtonText; }
  [part~='privacy-choices'] { color: LinkText; }
}
`;

const wayBackSheet = lazyStyleSheet(WAY_BACK_CSS);

export interface ReopenControl {
  /** Shows or hides the control for the manager's state now; returns the button when shown. */
  update(): HTMLButtonElement | undefined;
  /** After the UI stage adopted the root (Lit replaces its style sheets), put the control's sheet back. */
  restoreStyles(): void;
}

/** Labels of languages a site added (`addLanguage`: `reopen.label`, `choices.label`), by kind. */
const addedWayBackLabels: Record<WayBack, Map<string, string>> = { reopen: new Map(), choices: new Map() };

/** Keeps the way back's labels of a language the site adds (its `reopen.label` and `choices.label`). */
export function addWayBackLabels(language: string, messages: Messages): void {
  for (const kind of Object.keys(KINDS) as WayBack[]) {
    const label = (messages[kind] as Messages | undefined)?.['label'];
    if (typeof label === 'string') addedWayBackLabels[kind].set(language.trim().toLowerCase(), label);
  }
}

/**
 * The way back of the manager's policy. None with a decision source: the other manager's own preferences are the
 * way back (ours would only say so).
 */
export function createWayBackControl(element: HTMLElement, manager: ConsentManager, open: () => void): ReopenControl {
  const kind = wayBackFor(manager);
  const { part, shown } = KINDS[kind];
  let button: HTMLButtonElement | undefined;
  const mode = reopenMode(element.getAttribute('reopen'));

  const restoreStyles = (): void => {
    if (element.shadowRoot && button) adoptStyleSheet(element.shadowRoot, wayBackSheet());
  };

  return {
    update() {
      const wanted =
        mode !== 'none' && !manager.options.decidedElsewhere && shown(manager) && !document.querySelector('[data-consent-open]');
      if (!wanted) {
        if (button) button.hidden = true;
        return undefined;
      }
      if (!button) {
        button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('part', part);
        if (mode === 'floating') button.className = 'floating';
        button.addEventListener('click', open);
        // The same options as the UI stage's root, which renders into it when it arrives.
        (element.shadowRoot ?? element.attachShadow({ mode: 'open' })).append(button);
        if (!wayBackSheet()) warn(`this browser has no constructable style sheets; the ${part} control is unstyled.`);
        restoreStyles();
      }
      button.textContent = wayBackLabel(kind, element);
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
function wayBackLabel(kind: WayBack, element: HTMLElement): string {
  const labels: Readonly<Record<string, string>> = KINDS[kind].labels;
  const added = addedWayBackLabels[kind];
  const language = languageOf(element, [...Object.keys(labels), ...added.keys()]);
  return stringsLabel(kind, element, language) ?? added.get(language) ?? labels[language] ?? labels['en']!;
}

/** The site's `strings` for the label in `language` (its own block first, see stringLayers), if it gives one. */
function stringsLabel(kind: WayBack, element: HTMLElement, language: string): string | undefined {
  const strings = readStrings(element);
  if (!strings) return undefined;
  for (const layer of stringLayers(strings, language).reverse()) {
    const label = (layer[kind] as { label?: unknown } | undefined)?.label;
    if (typeof label === 'string' && label.trim() !== '') return label;
  }
  return undefined;
}
