/**
 * `src/element.ts` as the tests need it: the same stages, with the languages fetched from `locales/` as
 * JSON (the dev server cannot serve the bundlers' language chunks).
 */
import { installConsentBannerUi } from '../../src/components/install.js';
import { startPageCore } from '../../src/core/page-core.js';

startPageCore(
  async () => installConsentBannerUi(),
  () => installConsentBannerUi(),
);
