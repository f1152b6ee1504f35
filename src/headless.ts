/**
 * The headless entry: the consent core and the tracker adapters, without lit, i18next or any UI.
 * For sites with their own banner or their own consent platform: give it the level, it drives the tracker.
 */
export { ConsentLevel, CONSENT_LEVELS, isConsentLevel, levelRank, morePrivate } from './consent/levels.js';
export { ConsentSource, decide, type Decision, type PrivacySignals } from './consent/decide.js';
export { ConsentManager, type ChoiceSource, type ConsentChangeDetail, type ConsentListener } from './consent/manager.js';
export { DEFAULT_OPTIONS, resolveConsentOptions, type ConsentOptions, type RawConsentOptions } from './consent/options.js';
export type { ConsentRecord } from './consent/record.js';
export { setupConsent, registerAdapterFactory, type ConsentSetup, type AdapterFactory } from './setup.js';
export { withConsent } from './tracker/config.js';
export { createSnowplowAdapter, type SnowplowAdapterOptions } from './tracker/snowplow.js';
export type { TrackerAdapter, SelfDescribingJson } from './tracker/adapter.js';
export { planLevelChange, trackerModeFor, type TrackerPlan, type TrackerCall, type TrackerMode } from './tracker/plan.js';
