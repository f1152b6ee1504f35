/**
 * The npm UI stage, a chunk of its own: Lit, the templates, styles and i18next. The npm entry imports it
 * when something must show.
 */
import { installConsentBannerUi } from './components/install.js';
import type { LocaleLoader, UiStage } from './core/stages.js';

export function installUi(localeLoader: LocaleLoader): UiStage {
  return installConsentBannerUi(localeLoader);
}
