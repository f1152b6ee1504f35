import type { ConsentCore, UiStage } from '../core/stages.js';
import { addLanguage, setDefaultLocaleLoader, type LocaleLoader } from '../i18n/localize.js';
import { useConsentCore } from './consent-controller.js';
import { defineConsentBanner } from './define.js';

/**
 * Installs the UI stage: the element takes its managers from `core`, languages come from `localeLoader`,
 * and `<consent-banner>` is defined, which upgrades the elements already in the page.
 */
export function installConsentBannerUi(core: ConsentCore, localeLoader?: LocaleLoader): UiStage {
  useConsentCore(core);
  if (localeLoader) setDefaultLocaleLoader(localeLoader);
  defineConsentBanner();
  return { addLanguage };
}
