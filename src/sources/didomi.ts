/**
 * Didomi: `window.didomiOnReady` (functions called with the `Didomi` API once it is ready),
 * `window.didomiEventListeners` (`{event: 'consent.changed', listener}`: every change of the visitor's
 * choices), `Didomi.shouldConsentBeCollected()` (true while its notice still asks) and
 * `Didomi.getCurrentUserStatus()` (`purposes` and `vendors`, each `{id, enabled}`). Keys: `purpose:<id>`, `vendor:<id>`.
 */
import { pageGlobals, type ExternalConsent } from './source.js';

interface UserStatus {
  purposes?: Record<string, { enabled?: unknown }>;
  vendors?: Record<string, { enabled?: unknown }>;
}
interface DidomiApi {
  shouldConsentBeCollected?: () => boolean;
  getCurrentUserStatus?: () => UserStatus;
}
interface DidomiGlobals {
  Didomi?: DidomiApi;
  didomiOnReady?: unknown[];
  didomiEventListeners?: unknown[];
}

export const didomiConsent: ExternalConsent = {
  watch(report) {
    const page = pageGlobals<DidomiGlobals>();
    let stopped = false;
    const read = (): void => {
      const didomi = page.Didomi;
      if (stopped || typeof didomi?.getCurrentUserStatus !== 'function') return;
      if (didomi.shouldConsentBeCollected?.() !== false) return report(undefined);
      const status = didomi.getCurrentUserStatus();
      report((key) => {
        const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
        const choices = kind === 'purpose' ? status.purposes : kind === 'vendor' ? status.vendors : undefined;
        return choices !== undefined && Object.hasOwn(choices, id) && choices[id]?.enabled === true;
      });
    };
    // Both queues are arrays until Didomi loads, which then runs and replaces their `push`.
    page.didomiOnReady = Array.isArray(page.didomiOnReady) ? page.didomiOnReady : [];
    page.didomiEventListeners = Array.isArray(page.didomiEventListeners) ? page.didomiEventListeners : [];
    page.didomiOnReady.push(read);
    const listener = { event: 'consent.changed', listener: read };
    page.didomiEventListeners.push(listener);
    return () => {
      // Didomi documents no way to remove a listener: `stopped` silences it.
      stopped = true;
    };
  },
};
