/**
 * Cookiebot: its window events `CookiebotOnConsentReady` (consent known, on load and after every change),
 * `CookiebotOnAccept` and `CookiebotOnDecline` (also fired on load for a decision already given), and
 * `window.Cookiebot.consent` (`necessary`, `preferences`, `statistics`, `marketing`: true or false) with
 * `Cookiebot.hasResponse` (false while nothing was decided). Keys: the category names.
 */
import { pageGlobals, type ExternalConsent } from './source.js';

interface CookiebotGlobals {
  Cookiebot?: { hasResponse?: boolean; consent?: Record<string, unknown> };
}

const EVENTS = ['CookiebotOnConsentReady', 'CookiebotOnAccept', 'CookiebotOnDecline'] as const;

export const cookiebotConsent: ExternalConsent = {
  watch(report) {
    const read = (): void => {
      const cookiebot = pageGlobals<CookiebotGlobals>().Cookiebot;
      if (!cookiebot) return;
      if (cookiebot.hasResponse !== true) return report(undefined);
      const consent = cookiebot.consent;
      report((key) => consent?.[key] === true);
    };
    EVENTS.forEach((name) => window.addEventListener(name, read));
    read();
    return () => EVENTS.forEach((name) => window.removeEventListener(name, read));
  },
};
