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

/** The page's queue of that name, made an array when the page has none yet. */
function queue(page: DidomiGlobals, name: 'didomiOnReady' | 'didomiEventListeners'): { push(item: unknown): unknown } {
  const existing = page[name] as { push?: unknown } | undefined;
  if (existing && typeof existing.push === 'function') return existing as { push(item: unknown): unknown };
  return (page[name] = []);
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
    // Both are arrays until Didomi loads; it then puts objects whose `push` runs what is pushed.
    queue(page, 'didomiOnReady').push(read);
    queue(page, 'didomiEventListeners').push({ event: 'consent.changed', listener: read });
    return () => {
      // Didomi documents no way to remove a listener: `stopped` silences it.
      stopped = true;
    };
  },
};
