/**
 * OneTrust: `window.OptanonWrapper()`, which OneTrust calls once loaded and after every change of
 * preferences (a site's own wrapper, defined before this, is called first), `OneTrust.OnConsentChanged(callback)`,
 * `window.OnetrustActiveGroups` (`,C0001,C0002,`: the groups granted) and `OneTrust.IsAlertBoxClosed()`
 * (false while its banner still asks: no decision, whatever groups are active by default). Keys: group ids.
 */
import { pageGlobals, type ExternalConsent } from './source.js';

interface OneTrustGlobals {
  OptanonWrapper?: unknown;
  OnetrustActiveGroups?: unknown;
  OneTrust?: { IsAlertBoxClosed?: () => boolean; OnConsentChanged?: (callback: () => void) => void };
}

export const oneTrustConsent: ExternalConsent = {
  watch(report) {
    const page = pageGlobals<OneTrustGlobals>();
    let stopped = false;
    let subscribed = false;
    const read = (): void => {
      const oneTrust = page.OneTrust;
      if (stopped || !oneTrust) return;
      if (!subscribed && typeof oneTrust.OnConsentChanged === 'function') {
        subscribed = true;
        // OneTrust keeps its callbacks for the page: after disposal, `stopped` silences this one.
        oneTrust.OnConsentChanged(read);
      }
      if (typeof oneTrust.IsAlertBoxClosed !== 'function' || !oneTrust.IsAlertBoxClosed()) return report(undefined);
      const groups = typeof page.OnetrustActiveGroups === 'string' ? page.OnetrustActiveGroups.split(',') : [];
      report((key) => groups.includes(key));
    };
    const previous = page.OptanonWrapper;
    const wrapper = function (this: unknown, ...args: unknown[]): void {
      if (typeof previous === 'function') (previous as (...a: unknown[]) => void).apply(this, args);
      read();
    };
    page.OptanonWrapper = wrapper;
    read();
    return () => {
      stopped = true;
      if (page.OptanonWrapper === wrapper) page.OptanonWrapper = previous;
    };
  },
};
