/**
 * Microsoft Clarity's consent API (opt-in, `clarity-consent`): `clarity('consentv2', {ad_Storage, analytics_Storage})`,
 * each `granted` or `denied` (https://learn.microsoft.com/en-us/clarity/clarity-consent-api-v2; the
 * capitalised `_Storage` is Clarity's own spelling). The values are Google Consent Mode's: analytics storage
 * at `full` only (Clarity's cookies identify the visitor across sessions), ad storage from `marketing` (from
 * the level when the page lists no purposes). Before Clarity loads, its documented stub queues the call.
 */
import type { ConsentBridge } from '../consent/bridge.js';
import { consentModeFor } from './google-consent-mode.js';

type Clarity = ((...args: unknown[]) => void) & { q?: unknown[] };

/** `window.clarity`, or the stub of Clarity's snippet: it queues calls in `clarity.q` until the tag loads. */
function clarity(): Clarity {
  const page = window as unknown as { clarity?: unknown };
  if (typeof page.clarity === 'function') return page.clarity as Clarity;
  const stub: Clarity = function queue() {
    // Clarity's stub queues the `arguments` object itself, as its snippet does.
    // eslint-disable-next-line prefer-rest-params
    (stub.q = stub.q ?? []).push(arguments);
  };
  page.clarity = stub;
  return stub;
}

export function createClarityConsentBridge(listedPurposes: readonly string[] = []): ConsentBridge {
  let last: string | undefined;
  return {
    applyLevel({ to, purposes }) {
      const mode = consentModeFor(to, { listed: listedPurposes, granted: purposes });
      const consent = { ad_Storage: mode.ad_storage, analytics_Storage: mode.analytics_storage };
      const key = JSON.stringify(consent);
      if (key === last) return;
      last = key;
      clarity()('consentv2', consent);
    },
  };
}
