/**
 * The npm entry: registers `<consent-banner>` and exposes everything the headless entry does.
 */
import { setDefaultLocaleLoader } from './i18n/localize.js';
import { importLocale } from './i18n/bundled-locales.js';

setDefaultLocaleLoader(importLocale);

export * from './headless.js';
export { ConsentBannerElement, defineConsentBanner } from './components/consent-banner.js';
export { addLanguage, type Messages } from './i18n/localize.js';
export { LANGUAGES } from './i18n/language.js';
