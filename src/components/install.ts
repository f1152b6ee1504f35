import type { LocaleLoader, UiStage } from '../core/stages.js';
import { addLanguage, setDefaultLocaleLoader } from '../i18n/localize.js';
import { ConsentBannerView } from './consent-banner.view.js';

/**
 * Installs the UI stage: languages come from `localeLoader`, and the core gets a view for each element,
 * which Lit renders.
 */
export function installConsentBannerUi(localeLoader?: LocaleLoader): UiStage {
  if (localeLoader) setDefaultLocaleLoader(localeLoader);
  return {
    addLanguage,
    createView: (element, manager) => new ConsentBannerView(element, manager),
  };
}
