/** Importing this module registers `<consent-banner>`. */
import { defineConsentBanner } from './define.js';

export { ConsentBannerElement } from './consent-banner.component.js';
export { defineConsentBanner };

defineConsentBanner();
