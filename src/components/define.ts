import { ConsentBannerElement } from './consent-banner.component.js';

/** Defines `<consent-banner>` once, even when the library is on the page twice. */
export function defineConsentBanner(): void {
  if (!customElements.get('consent-banner')) customElements.define('consent-banner', ConsentBannerElement);
}
