/**
 * The npm entry: the eager stage of `<consent-banner>` (stored decision, trackers, events, gated content)
 * and everything the headless entry has. The banner's UI (lit, i18next, styles, languages) is a chunk of
 * its own, imported only when something must show: a first visit, or preferences asked for.
 */
import { startPageCore } from './core/page-core.js';

startPageCore(async (core) => (await import('./ui.js')).installUi(core));

export * from './headless.js';
export { addLanguage, pageConsent, showPreferences } from './core/page-core.js';
export type { Messages } from './core/stages.js';
export { LANGUAGES } from './util/language.js';
/** The element's class is in the UI stage: import it from `consent-banner/element` to have it at once. */
export type { ConsentBannerElement } from './components/consent-banner.component.js';
