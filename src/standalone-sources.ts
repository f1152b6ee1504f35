/**
 * The drop-in's decision sources (`dist/consent-banner-sources.js`, an ES module next to
 * `consent-banner.min.js`): read another consent manager (`consent-source`) into the element's consent
 * manager, which the drop-in hands over. Imported only by a page that names a source.
 */
export { watchConsentSource } from './sources/index.js';
