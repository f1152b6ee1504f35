/**
 * The npm entry: `<consent-banner>` with its settings, API and events (stored decision, trackers, gated
 * content), defined on import, and everything the headless entry has. The banner's rendering (lit,
 * i18next, styles, languages) is a chunk of its own, imported only when something must show: a first
 * visit, or preferences asked for.
 */
import { prefetchingLoader, shippedLanguageOf } from './core/languages.js';
import { startPageCore } from './core/page-core.js';
import { taskAhead } from './util/tasks.js';

/** Each language is a chunk of its own; the map of them is one more, loaded with the first language asked for. */
const locales = prefetchingLoader(async (language) => (await import('./i18n/bundled-locales.js')).importLocale(language));

startPageCore(
  async (element) => {
    // The language's chunk is requested with the UI chunk, not after it.
    locales.prefetch(element);
    const ui = await import('./ui.js');
    // Evaluating the chunk (lit, i18next) was one task; the first render is another, ahead of the tracker's.
    await taskAhead();
    return ui.installUi(locales);
  },
  undefined,
  (element) => locales(shippedLanguageOf(element)),
);

export * from './headless.js';
export { addLanguage, pageConsent, showPreferences } from './core/page-core.js';
export type { Messages } from './core/stages.js';
export { LANGUAGES } from './util/language.js';
export { ConsentBannerElement, CONSENT_GETTERS, CONSENT_METHODS, type ConsentOperations } from './core/element.js';
