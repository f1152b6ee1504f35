/**
 * `src/element.ts` as the tests need it: the same stages, with the languages fetched from `locales/` as
 * JSON (the dev server cannot serve the bundlers' language chunks), and the decision sources as the npm
 * entries load them (a chunk of their own).
 */
import { installConsentBannerUi } from '../../src/components/install.js';
import { startPageCore } from '../../src/core/page-core.js';
import { provideConsentSources } from '../../src/setup.js';

provideConsentSources(() => import('../../src/sources/index.js'));

startPageCore(
  async () => installConsentBannerUi(),
  () => installConsentBannerUi(),
);
