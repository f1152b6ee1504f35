/**
 * The Google Consent Mode v2 bridge (opt-in): tells Google tags the level and the purposes as consent
 * types, with `gtag('consent', 'default', ...)` first and `'update'` on every change. It is one more bridge.
 */
import { ConsentLevel } from '../consent/levels.js';
import { Purpose } from '../consent/purposes.js';
import type { ConsentBridge } from '../consent/bridge.js';

export type ConsentState = 'granted' | 'denied';
export interface ConsentModeSignals {
  analytics_storage: ConsentState;
  ad_storage: ConsentState;
  ad_user_data: ConsentState;
  ad_personalization: ConsentState;
  /** The types beyond the four, sent when the page lists purposes. */
  functionality_storage?: ConsentState;
  personalization_storage?: ConsentState;
  security_storage?: ConsentState;
}

/**
 * Analytics storage needs `full`, the only level that lets a device identifier out: granted analytics
 * storage lets Google tags keep a client id for two years, which `session` does not allow. A page that
 * lists purposes gets the advertising types from `marketing`, functionality and personalization storage
 * from their purposes, and security storage granted (no consent is needed for it). A page that lists
 * none asked only about the level: every type follows it, as the four types always did.
 */
export function consentModeFor(
  level: ConsentLevel,
  purposes: { listed: readonly string[]; granted: ReadonlySet<string> } = { listed: [], granted: new Set() },
): ConsentModeSignals {
  const state = (granted: boolean): ConsentState => (granted ? 'granted' : 'denied');
  const analytics = state(level === ConsentLevel.Full);
  if (purposes.listed.length === 0) {
    return { analytics_storage: analytics, ad_storage: analytics, ad_user_data: analytics, ad_personalization: analytics };
  }
  const advertising = state(purposes.granted.has(Purpose.Marketing));
  return {
    analytics_storage: analytics,
    ad_storage: advertising,
    ad_user_data: advertising,
    ad_personalization: advertising,
    functionality_storage: state(purposes.granted.has(Purpose.Functional)),
    personalization_storage: state(purposes.granted.has(Purpose.Personalization)),
    security_storage: 'granted',
  };
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

/** Google Consent Mode's page settings beside the consent types. */
export interface GoogleConsentModeSettings {
  /**
   * The regions (ISO 3166-2 codes) the consent default is for (`google-consent-region`): Google tags apply
   * it to visitors there only, and their own default elsewhere. Decisions (`update`) apply everywhere.
   */
  regions?: readonly string[];
  /** `gtag('set', 'url_passthrough', true)`: ad click ids pass in link URLs while storage is denied. */
  urlPassthrough?: boolean;
  /** `gtag('set', 'ads_data_redaction', true)`: ad click ids are redacted while `ad_storage` is denied. */
  adsDataRedaction?: boolean;
}

/** `listedPurposes`: the purposes the page lists (none: the level alone decides every type). */
export function createGoogleConsentModeBridge(
  listedPurposes: readonly string[] = [],
  settings: GoogleConsentModeSettings = {},
): ConsentBridge {
  let last: string | undefined;
  return {
    applyLevel({ to, purposes }) {
      const signals = consentModeFor(to, { listed: listedPurposes, granted: purposes });
      const key = JSON.stringify(signals);
      if (key === last) return;
      const first = last === undefined;
      const command = first && !defaultAlreadySet() ? 'default' : 'update';
      last = key;
      const send = gtag();
      // Page settings go first, as Google documents them: before the tags read the consent default.
      if (first && settings.urlPassthrough) send('set', 'url_passthrough', true);
      if (first && settings.adsDataRedaction) send('set', 'ads_data_redaction', true);
      const regions = settings.regions ?? [];
      send('consent', command, command === 'default' && regions.length > 0 ? { ...signals, region: [...regions] } : signals);
    },
  };
}
