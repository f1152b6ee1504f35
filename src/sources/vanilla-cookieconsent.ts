/**
 * vanilla-cookieconsent 3: its window events `cc:onConsent` (a decision, and on every page with a valid one)
 * and `cc:onChange` (a change in its preferences), with `event.detail.cookie.categories` (the accepted
 * categories); `cc:onModalShow` of its `consentModal` (it asks again: no decision). When the page exposes its
 * API as `window.CookieConsent` (the UMD build does), a decision taken before this listened is read through
 * `CookieConsent.validConsent()` and `CookieConsent.acceptedCategory(name)`. Keys: category names.
 */
import { pageGlobals, type ExternalConsent, type GrantedKey } from './source.js';

interface CookieConsentApi {
  validConsent?: () => boolean;
  acceptedCategory?: (name: string) => boolean;
}

function acceptedIn(detail: unknown): GrantedKey | undefined {
  const categories = (detail as { cookie?: { categories?: unknown } } | null)?.cookie?.categories;
  if (!Array.isArray(categories)) return undefined;
  const accepted = new Set(categories.filter((name): name is string => typeof name === 'string'));
  return (key) => accepted.has(key);
}

export const vanillaCookieConsent: ExternalConsent = {
  watch(report) {
    const onDecision = (event: Event): void => {
      const granted = acceptedIn((event as CustomEvent).detail) ?? fromApi();
      if (granted) report(granted);
    };
    const onModalShow = (event: Event): void => {
      if ((event as CustomEvent<{ modalName?: unknown }>).detail?.modalName === 'consentModal') report(undefined);
    };
    window.addEventListener('cc:onConsent', onDecision);
    window.addEventListener('cc:onChange', onDecision);
    window.addEventListener('cc:onModalShow', onModalShow);
    // Run before this listened: its `cc:onConsent` is gone, its API still answers.
    const now = fromApi();
    if (now) report(now);
    return () => {
      window.removeEventListener('cc:onConsent', onDecision);
      window.removeEventListener('cc:onChange', onDecision);
      window.removeEventListener('cc:onModalShow', onModalShow);
    };
  },
};

/** The decision through `window.CookieConsent`, when the page exposes it and it holds a valid one. */
function fromApi(): GrantedKey | undefined {
  const api = pageGlobals<{ CookieConsent?: CookieConsentApi }>().CookieConsent;
  if (typeof api?.validConsent !== 'function' || typeof api.acceptedCategory !== 'function' || !api.validConsent()) {
    return undefined;
  }
  const accepted = api.acceptedCategory.bind(api);
  return (key) => accepted(key) === true;
}
