/**
 * `consent-banner/element`: the npm entry with the banner's rendering in it, for pages that show the banner
 * on most visits and would rather not wait for a second chunk. `<consent-banner>` is defined on import.
 */
import { startPageCore } from './core/page-core.js';
import { importLocale } from './i18n/bundled-locales.js';
import { installUi } from './ui.js';

startPageCore(
  () => Promise.resolve(installUi(importLocale)),
  () => installUi(importLocale),
);

export * from './headless.js';
export { addLanguage, pageConsent, showPreferences } from './core/page-core.js';
export type { Messages } from './core/stages.js';
export { LANGUAGES } from './util/language.js';
export { ConsentBannerElement, CONSENT_GETTERS, CONSENT_METHODS, type ConsentOperations } from './core/element.js';
