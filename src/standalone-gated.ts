/**
 * The drop-in's gated content (`dist/consent-banner-gated.js`, an ES module next to `consent-banner.min.js`):
 * activates the page's content that waits for consent. Imported only by a page that has some.
 */
export { createGatedContent } from './blocking/gated-content.js';
