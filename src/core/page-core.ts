import type { ConsentManager } from '../consent/manager.js';
import { warn } from '../util/log.js';
import { ConsentElements } from './consent-core.js';
import type { ConsentCore, Messages, UiStage, UiStageLoader } from './stages.js';

/**
 * One eager stage per page for the npm entries (`consent-banner`, `consent-banner/element`), whichever
 * comes first; only in a browser.
 */
let pageCore: ConsentElements | undefined;

/**
 * Starts the page's eager stage. `installUi`: the UI stage is in the bundle already (the element entry),
 * installed before any element is attached, so no element waits for a load.
 */
export function startPageCore(loadUiStage: UiStageLoader, installUi?: (core: ConsentCore) => UiStage): void {
  if (typeof document === 'undefined' || typeof customElements === 'undefined') return;
  const core = (pageCore ??= new ConsentElements(loadUiStage));
  if (installUi) core.provideUi(installUi(core));
  core.watchPage();
}

/**
 * The consent manager of the page's `<consent-banner>` (undefined when there is none): its level, decision,
 * `setLevel()`, `identify()`, `anonymize()`, `reset()` and `subscribe()`, before the element's UI loads.
 */
export function pageConsent(): ConsentManager | undefined {
  return pageCore?.pageManager();
}

/** Adds or completes a language without a translation file; missing keys fall back to English. */
export function addLanguage(language: string, messages: Messages): void {
  pageCore?.addLanguage(language, messages);
}

/** Opens the preferences view of the page's `<consent-banner>` (loading its UI first when needed). */
export function showPreferences(): void {
  const element = pageCore?.pageElement();
  if (element) pageCore?.showPreferences(element);
  else warn('showPreferences(): there is no <consent-banner> on the page.');
}
