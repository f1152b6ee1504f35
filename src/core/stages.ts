/**
 * The seam between the two stages of `<consent-banner>`: the eager core (the element, its settings and API,
 * consent, trackers, events) and the UI stage (Lit templates, styles and languages), loaded only when
 * something must show. The UI stage imports these types only, never the core's code: in the drop-in the
 * stages are two files, and the UI file holds no copy of the core or of the tracker.
 */
import type { ConsentManager } from '../consent/manager.js';
import type { ConsentBannerElement } from './element.js';

import type { LocaleLoader, Messages } from '../util/locale-files.js';

export type { LocaleLoader, Messages };

/** What renders one element: the UI stage's view of it, driven by the element's lifecycle. */
export interface ElementView {
  connected(): void;
  disconnected(): void;
  /** A setting (attribute) changed: render again. */
  requestUpdate(): void;
  showPreferences(): void;
  /** Resolves once the pending render is done. */
  readonly updateComplete: Promise<boolean>;
}

/** What the UI stage offers the core once loaded. */
export interface UiStage {
  addLanguage(language: string, messages: Messages): void;
  /** The view that renders `element`, whose consent `manager` holds. */
  createView(element: ConsentBannerElement, manager: ConsentManager): ElementView;
  /**
   * Translates in `language` (loaded first; English where it lacks a key), with the site's `strings` first:
   * the words of gated content's placeholders, which stand outside the element.
   */
  translator(language: string, strings: Messages | undefined): Promise<(key: string, values?: Record<string, string>) => string>;
}

/**
 * Loads the UI stage (a chunk for bundlers, a file next to the drop-in) and installs it; `element`: the
 * element that needs it, whose language can be requested at the same time.
 */
export type UiStageLoader = (element: Element | undefined) => Promise<UiStage>;
