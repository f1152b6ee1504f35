import type { LocaleLoader, UiStage } from '../core/stages.js';
import { addLanguage, loadLanguage, setDefaultLocaleLoader, translator } from '../i18n/localize.js';
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
    // The placeholders of gated content (core/consent-core.ts), in the page beside the element.
    translator: async (language, strings) => {
      await loadLanguage(language);
      const t = translator(language, strings);
      return (key, values) => t(key, values);
    },
  };
}
