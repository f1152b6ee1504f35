/**
 * The npm UI stage, a chunk of its own: the Lit element, its styles, and the languages as chunks of their
 * own too. The npm entry imports it when something must show.
 */
import { installConsentBannerUi } from './components/install.js';
import type { ConsentCore, UiStage } from './core/stages.js';
import { importLocale } from './i18n/bundled-locales.js';

export function installUi(core: ConsentCore): UiStage {
  return installConsentBannerUi(core, importLocale);
}
