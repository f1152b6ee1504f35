import { warn } from '../util/log.js';
import { ConsentElements } from './consent-core.js';
import type { ConsentBannerElement } from './element.js';
import type { Messages, UiStage, UiStageLoader } from './stages.js';

/**
 * One eager stage per page for the npm entries (`consent-banner`, `consent-banner/element`), whichever
 * comes first; only in a browser.
 */
let pageCore: ConsentElements | undefined;

/**
 * Starts the page's eager stage, which defines `<consent-banner>`. `installUi`: the UI stage is in the
 * bundle already (the element entry), installed before any element is attached, so no element waits.
 */
export function startPageCore(
  loadUiStage: UiStageLoader,
  installUi?: () => UiStage,
  loadStrings?: (element: Element) => Promise<Messages>,
): void {
  if (typeof document === 'undefined' || typeof customElements === 'undefined') return;
  const core = (pageCore ??= new ConsentElements(loadUiStage, loadStrings));
  if (installUi) core.provideUi(installUi());
  core.start();
}

/**
 * The page's `<consent-banner>` (undefined when there is none): its `level`, `decided`, `consentDetail`,
 * `setLevel()`, `acceptAll()`, `hasConsent()`, ... work on every page, before and without its UI.
 */
export function pageConsent(): ConsentBannerElement | undefined {
  return pageCore?.pageElement();
}

/** Adds or completes a language without a translation file; missing keys fall back to English. */
export function addLanguage(language: string, messages: Messages): void {
  pageCore?.addLanguage(language, messages);
}

/** Opens the preferences view of the page's `<consent-banner>` (loading its UI first when needed). */
export function showPreferences(): void {
  const element = pageCore?.pageElement();
  if (element) element.showPreferences();
  else warn('showPreferences(): there is no <consent-banner> on the page.');
}
