/**
 * The Google Consent Mode v2 bridge (opt-in): tells Google tags the level as the four consent types,
 * with `gtag('consent', 'default', ...)` first and `'update'` on every change. It is one more bridge.
 */
import { ConsentLevel } from '../consent/levels.js';
import type { ConsentBridge } from '../consent/bridge.js';

export type ConsentState = 'granted' | 'denied';
export interface ConsentModeSignals {
  analytics_storage: ConsentState;
  ad_storage: ConsentState;
  ad_user_data: ConsentState;
  ad_personalization: ConsentState;
}

/**
 * Every type needs `full`, the only level that lets a device identifier out: granted analytics storage
 * lets Google tags keep a client id for two years, which `session` does not allow.
 */
export function consentModeFor(level: ConsentLevel): ConsentModeSignals {
  const state: ConsentState = level === ConsentLevel.Full ? 'granted' : 'denied';
  return { analytics_storage: state, ad_storage: state, ad_user_data: state, ad_personalization: state };
}

type Gtag = (...args: unknown[]) => void;

/** `window.gtag`, or the standard stand-in that queues commands on `dataLayer` until the tag loads. */
function gtag(): Gtag {
  const page = window as unknown as { gtag?: unknown; dataLayer?: unknown[] };
  if (typeof page.gtag === 'function') return page.gtag as Gtag;
  page.dataLayer = page.dataLayer ?? [];
  const dataLayer = page.dataLayer;
  // gtag queues the `arguments` object itself: Google's tags ignore plain arrays.
  return function queue() {
    // eslint-disable-next-line prefer-rest-params
    dataLayer.push(arguments);
  };
}

/** A consent default already on the dataLayer (set by the embed snippet before any tag loaded). */
function defaultAlreadySet(): boolean {
  const dataLayer = (window as unknown as { dataLayer?: unknown }).dataLayer;
  if (!Array.isArray(dataLayer)) return false;
  return dataLayer.some((entry) => {
    const item = entry as ArrayLike<unknown> | null;
    return item !== null && typeof item === 'object' && item[0] === 'consent' && item[1] === 'default';
  });
}

export function createGoogleConsentModeBridge(): ConsentBridge {
  let last: string | undefined;
  return {
    applyLevel({ to }) {
      const signals = consentModeFor(to);
      const key = JSON.stringify(signals);
      if (key === last) return;
      const command = last === undefined && !defaultAlreadySet() ? 'default' : 'update';
      last = key;
      gtag()('consent', command, signals);
    },
  };
}
