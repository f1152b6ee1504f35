/**
 * The headless entry: the consent core and the bridges to the trackers, without lit, i18next or any UI.
 * For sites with their own banner or their own consent platform: give it the level, it drives the tracker.
 * Importable outside a browser (server-side rendering): `withConsent()` then returns the default level's configuration.
 */
export { ConsentLevel, CONSENT_LEVELS, isConsentLevel, levelRank, morePrivate } from './consent/levels.js';
export { ConsentSource, decide, type Decision, type PrivacySignals } from './consent/decide.js';
export { ConsentManager, type ChoiceSource, type ConsentChangeDetail, type ConsentListener } from './consent/manager.js';
export { DEFAULT_OPTIONS, resolveConsentOptions, type ConsentOptions, type RawConsentOptions } from './consent/options.js';
export type { ConsentRecord } from './consent/record.js';
export type { ConsentChoice } from './consent/manager.js';
export { BUILT_IN_PURPOSES, Purpose } from './consent/purposes.js';
export { PURPOSES_REFUSED_BY_PRIVACY_SIGNALS } from './consent/decide.js';
export { setupConsent, type ConsentSetup } from './setup.js';
import { provideLazyParts } from './setup.js';
export { withConsent } from './tracker/config.js';
export { createSnowplowBridge, type SnowplowBridgeOptions } from './tracker/snowplow.js';
export type { ConsentBridge, LevelChange, SelfDescribingJson } from './consent/bridge.js';
export { planLevelChange, trackerModeFor, type TrackerPlan, type TrackerCall, type TrackerMode } from './tracker/plan.js';

// Decision sources (`consent-source`) and gated content are chunks of their own, loaded only by a page that needs them.
provideLazyParts({
  sources: () => import('./sources/index.js'),
  gatedContent: () => import('./blocking/gated-content.js'),
});
