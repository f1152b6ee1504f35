/**
 * Microsoft UET consent mode (opt-in, `uet-consent`): `uetq.push('consent', 'default' | 'update', {ad_storage})`,
 * as Microsoft Advertising documents it (three arguments to `push`; the queue is created when UET is not
 * there yet, and UET reads it when it loads). `ad_storage` is Google Consent Mode's: from `marketing` when
 * the page lists purposes, from the level (`full`) when it lists none.
 */
import type { ConsentBridge } from '../consent/bridge.js';
import { consentModeFor } from './google-consent-mode.js';

export function createUetConsentBridge(listedPurposes: readonly string[] = []): ConsentBridge {
  let last: string | undefined;
  return {
    applyLevel({ to, purposes }) {
      const adStorage = consentModeFor(to, { listed: listedPurposes, granted: purposes }).ad_storage;
      if (adStorage === last) return;
      const command = last === undefined ? 'default' : 'update';
      last = adStorage;
      const page = window as unknown as { uetq?: { push(...items: unknown[]): unknown } };
      page.uetq = page.uetq ?? [];
      page.uetq.push('consent', command, { ad_storage: adStorage });
    },
  };
}
