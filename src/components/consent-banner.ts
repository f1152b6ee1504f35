import { ConsentBannerElement } from './consent-banner.component.js';

export { ConsentBannerElement };

/** Defines `<consent-banner>` once, even when the script is on the page twice. */
export function defineConsentBanner(): void {
  if (!customElements.get('consent-banner')) customElements.define('consent-banner', ConsentBannerElement);
}

defineConsentBanner();
