/**
 * The seam between the two stages of `<consent-banner>`: the eager core (consent, trackers, events, the
 * global API) and the UI stage (the Lit element, its styles and languages), loaded only when something
 * must show. The UI stage imports these types only, never the core's code: in the drop-in the stages are
 * two files, and the UI file holds no copy of the core or of the tracker.
 */
import type { ConsentManager } from '../consent/manager.js';

/** One language's strings, shaped like `locales/en.json`. */
export type Messages = { [key: string]: string | Messages };

/** What the core offers the UI stage. */
export interface ConsentCore {
  /** The manager of `element`: set up from its attributes and started the first time it is asked for. */
  managerFor(element: HTMLElement): ConsentManager;
  /** Whether `element` fired `consent-ready` (with a collector it waits for the tracker's own task). */
  hasStarted(element: HTMLElement): boolean;
}

/** What the UI stage offers the core once loaded. */
export interface UiStage {
  addLanguage(language: string, messages: Messages): void;
}

/** Loads the UI stage (a chunk for bundlers, a file next to the drop-in) and installs it with the core. */
export type UiStageLoader = (core: ConsentCore) => Promise<UiStage>;
