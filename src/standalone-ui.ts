/**
 * The drop-in's UI stage (`dist/consent-banner-ui.js`, an ES module next to `consent-banner.min.js`): Lit,
 * the templates, styles and i18next, with no copy of the consent core or of the tracker. The drop-in
 * imports it when something must show.
 */
import { installConsentBannerUi } from './components/install.js';
import type { LocaleLoader, UiStage } from './core/stages.js';

/** `localeLoader`: the language files next to the drop-in script. */
export function install(localeLoader: LocaleLoader): UiStage {
  return installConsentBannerUi(localeLoader);
}
