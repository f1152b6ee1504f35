/**
 * `src/element.ts` as the tests need it: the same stages, with the languages fetched from `locales/` as
 * JSON (the dev server cannot serve the bundlers' language chunks), and the decision sources and gated
 * content as the npm entries load them (chunks of their own).
 */
import { installConsentBannerUi } from '../../src/components/install.js';
import { startPageCore } from '../../src/core/page-core.js';
import { provideLazyParts } from '../../src/setup.js';

provideLazyParts({
  sources: () => import('../../src/sources/index.js'),
  gatedContent: () => import('../../src/blocking/gated-content.js'),
});

startPageCore(
  async () => installConsentBannerUi(),
  () => installConsentBannerUi(),
);
