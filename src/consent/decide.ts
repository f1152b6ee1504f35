import { ConsentLevel, morePrivate } from './levels.js';
import { Purpose } from './purposes.js';
import type { ConsentRecord } from './record.js';
import { NO_REGION_POLICY, SignalWeight, type RegionPolicy } from './region-policy.js';

/** What set the level in force. */
export const ConsentSource = {
  /** The visitor clicked in the banner or the preferences view. */
  Visitor: 'visitor',
  /** The site's code called `setLevel()`, `acceptAll()`, ... */
  Api: 'api',
  /** A decision stored on an earlier page. */
  Stored: 'stored',
  /** No decision yet: the `default-level` applies. */
  Default: 'default',
  /** The browser sends Do Not Track. */
  Dnt: 'dnt',
  /** The browser sends Global Privacy Control. */
  Gpc: 'gpc',
  /** Another tab of the site changed the decision. */
  Sync: 'sync',
  /** The site's other consent manager (`consent-source`) decided, in its own banner or preferences. */
  Cmp: 'cmp',
} as const;
export type ConsentSource = (typeof ConsentSource)[keyof typeof ConsentSource];

/** Sources that stand for a decision (as opposed to the default or a signal). */
export type DecisionSource =
  | typeof ConsentSource.Visitor
  | typeof ConsentSource.Api
  | typeof ConsentSource.Stored
  | typeof ConsentSource.Sync
  | typeof ConsentSource.Cmp;

/** The browser's privacy signals, already filtered by `ignore-dnt` / `ignore-gpc`. */
export interface PrivacySignals {
  doNotTrack: boolean;
  globalPrivacyControl: boolean;
}

export interface DecisionInput {
  /** A valid decision, or undefined when there is none. */
  record: ConsentRecord | undefined;
  /** Where the record came from. */
  recordSource: DecisionSource;
  defaultLevel: ConsentLevel;
  signals: PrivacySignals;
  /** The purposes the page lists; none when undefined. */
  purposes?: readonly string[];
  /** The region's policy; default: opt-in, signals cap (a page without `region`). */
  policy?: Pick<RegionPolicy, 'consent' | 'signals'>;
  /**
   * Decisions come from another consent manager (`consent-source`): it asks the visitor, never this banner.
   * Until it answers, the default level applies (or what it answered on an earlier page, stored here).
   */
  decidedElsewhere?: boolean;
}

export interface Decision {
  /** The level to apply. */
  level: ConsentLevel;
  source: ConsentSource;
  /**
   * The banner asks while there is no decision and no signal has answered for the visitor, and again
   * (about those) while a listed purpose has no answer that a signal does not give.
   */
  askVisitor: boolean;
  /** The listed purposes granted, in the page's order. */
  purposes: ReadonlySet<string>;
  /** The listed purposes the decision has never seen (all of them without a decision), in the page's order. */
  unansweredPurposes: readonly string[];
}

/**
 * Do Not Track and Global Privacy Control object to tracking and to the sale or sharing of personal data:
 * under either, these purposes are never granted, whatever was chosen, and nobody is asked about them.
 * The other purposes are not tracking: they follow the visitor's choice.
 */
export const PURPOSES_REFUSED_BY_PRIVACY_SIGNALS: readonly string[] = [Purpose.Marketing];

/** The most a privacy signal lets through: `none` under Do Not Track, `cookieless` under Global Privacy Control. */
export function signalCap(signals: PrivacySignals): ConsentLevel | undefined {
  if (signals.doNotTrack) return ConsentLevel.None;
  if (signals.globalPrivacyControl) return ConsentLevel.Cookieless;
  return undefined;
}

/** Whether a privacy signal refuses this purpose, whatever is chosen. */
export function refusedBySignal(purpose: string, signals: PrivacySignals): boolean {
  return (signals.doNotTrack || signals.globalPrivacyControl) && PURPOSES_REFUSED_BY_PRIVACY_SIGNALS.includes(purpose);
}

const NO_SIGNALS: PrivacySignals = { doNotTrack: false, globalPrivacyControl: false };

/**
 * The signals that limit this decision: all of them, unless the policy lets a signal only set the default
 * answer (`signals: default`) and the visitor chose this decision while the signal was sent.
 */
export function limitingSignals(
  signals: PrivacySignals,
  policy: Pick<RegionPolicy, 'signals'>,
  record: Pick<ConsentRecord, 'underSignal'> | undefined,
): PrivacySignals {
  return policy.signals === SignalWeight.Default && record?.underSignal === true ? NO_SIGNALS : signals;
}

/**
 * The level and the purposes in force. Do Not Track means `none`; Global Privacy Control caps at
 * `cookieless`; both win over any stored or chosen level and answer the banner's question about it, and
 * both refuse the purposes of `PURPOSES_REFUSED_BY_PRIVACY_SIGNALS` (see `limitingSignals` for the policies
 * where a signal is only the default answer). A purpose is granted only by an answer, or, in an opt-out
 * region, until the visitor refuses it; an opt-out region never asks.
 */
export function decide(input: DecisionInput): Decision {
  const decision = decideHere(input);
  // The other manager asks, in its own banner: ours stays hidden whatever is still unanswered.
  return input.decidedElsewhere ? { ...decision, askVisitor: false } : decision;
}

function decideHere(input: DecisionInput): Decision {
  const { record, recordSource, defaultLevel, purposes = [], policy = NO_REGION_POLICY } = input;
  const signals = limitingSignals(input.signals, policy, record);
  const optOut = policy.consent === 'opt-out';
  const settledBySignal = (purpose: string) => refusedBySignal(purpose, signals);
  const answers = record?.purposes;
  const unansweredPurposes = purposes.filter((purpose) => answers?.get(purpose) === undefined);
  const grantedBy = (purpose: string): boolean => answers?.get(purpose) ?? optOut;
  const granted = new Set(purposes.filter((purpose) => grantedBy(purpose) && !settledBySignal(purpose)));
  const stillToAsk = !optOut && unansweredPurposes.some((purpose) => !settledBySignal(purpose));
  const withPurposes = { purposes: granted, unansweredPurposes };

  if (signals.doNotTrack) {
    return { level: ConsentLevel.None, source: ConsentSource.Dnt, askVisitor: stillToAsk, ...withPurposes };
  }
  const wanted = record ? record.level : defaultLevel;
  const cap = signalCap(signals);
  if (cap !== undefined) {
    const capped = morePrivate(wanted, cap);
    // The signal decided unless the visitor's own choice was already at or below the cap.
    const source = record && capped === wanted ? recordSource : ConsentSource.Gpc;
    return { level: capped, source, askVisitor: stillToAsk, ...withPurposes };
  }
  if (record) return { level: record.level, source: recordSource, askVisitor: stillToAsk, ...withPurposes };
  return { level: defaultLevel, source: ConsentSource.Default, askVisitor: !optOut, ...withPurposes };
}

/** Reads Do Not Track and Global Privacy Control, honouring the site's decision to ignore either. */
export function readPrivacySignals(
  nav: Pick<Navigator, 'doNotTrack'> & { globalPrivacyControl?: unknown },
  ignore: { dnt: boolean; gpc: boolean },
): PrivacySignals {
  const dnt = nav.doNotTrack;
  return {
    doNotTrack: !ignore.dnt && (dnt === '1' || dnt === 'yes'),
    globalPrivacyControl: !ignore.gpc && nav.globalPrivacyControl === true,
  };
}

/** The signals of this browser, for these settings. */
export function browserPrivacySignals(ignore: { ignoreDnt: boolean; ignoreGpc: boolean }): PrivacySignals {
  // Outside a browser (server-side rendering) there is no visitor to send a signal.
  if (typeof navigator === 'undefined') return { doNotTrack: false, globalPrivacyControl: false };
  return readPrivacySignals(navigator, {
    dnt: ignore.ignoreDnt,
    gpc: ignore.ignoreGpc,
  });
}
