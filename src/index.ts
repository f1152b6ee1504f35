/**
 * The npm entry: the eager stage of `<consent-banner>` (stored decision, trackers, events, gated content)
 * and everything the headless entry has. The banner's UI (lit, i18next, styles, languages) is a chunk of
 * its own, imported only when something must show: a first visit, or preferences asked for.
 */
import { startPageCore } from './core/page-core.js';
import { afterThisTask } from './util/tasks.js';

startPageCore(async (core) => {
  const ui = await import('./ui.js');
  // Evaluating the chunk (lit, i18next) was one task; defining the element and its first render is another.
  await afterThisTask();
  return ui.installUi(core);
});

export * from './headless.js';
export { addLanguage, pageConsent, showPreferences } from './core/page-core.js';
export type { Messages } from './core/stages.js';
export { LANGUAGES } from './util/language.js';
/** The element's class is in the UI stage: import it from `consent-banner/element` to have it at once. */
export type { ConsentBannerElement } from './components/consent-banner.component.js';
