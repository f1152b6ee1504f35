/**
 * `consent-banner/element`: the npm entry with its UI stage in it, for code that needs the element's class
 * at once (to extend it, or to call its methods before anything showed). `<consent-banner>` is defined on
 * import.
 */
import { startPageCore } from './core/page-core.js';
import { installUi } from './ui.js';

startPageCore((core) => Promise.resolve(installUi(core)), installUi);

export * from './headless.js';
export { addLanguage, pageConsent, showPreferences } from './core/page-core.js';
export type { Messages } from './core/stages.js';
export { LANGUAGES } from './util/language.js';
export { ConsentBannerElement } from './components/consent-banner.component.js';
export { defineConsentBanner } from './components/define.js';
