/**
 * The drop-in's UI stage (`dist/consent-banner-ui.js`, an ES module next to `consent-banner.min.js`): the
 * Lit element, its styles and i18next, with no copy of the consent core or of the tracker. The drop-in
 * imports it when something must show and hands it its core.
 */
import { installConsentBannerUi } from './components/install.js';
import type { ConsentCore, UiStage } from './core/stages.js';
import { fetchLocales } from './i18n/localize.js';

/** `localesUrl`: the folder of the language files, next to the drop-in script. */
export function install(core: ConsentCore, localesUrl: string | undefined): UiStage {
  return installConsentBannerUi(core, localesUrl ? fetchLocales(localesUrl) : undefined);
}
