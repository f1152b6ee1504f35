import { browserPrivacySignals, ConsentSource, decide, type Decision, type PrivacySignals } from './decide.js';
import { morePrivate, type ConsentLevel } from './levels.js';
import type { ConsentOptions } from './options.js';
import { expectationsFor, parseRecord, type ConsentRecord, type RecordExpectations, type RecordProblem } from './record.js';
import { browserPage } from '../util/page.js';
import { createConsentStore, safeCookies, sameCopies, type ConsentStore, type SafeCookies } from './storage.js';

/** What the copies of the consent cookie say together. */
export interface StoredReading {
  /** The decision in force: the most private of the valid copies. */
  record: ConsentRecord | undefined;
  /** Why no copy counts as a decision (`expired` and `outdated` ask again). */
  problem: RecordProblem | undefined;
  /** Entries of the stored purposes that are no purpose answer (tampered): left out, never granted. */
  ignoredPurposes: string[];
  /** The copies say different things (a sibling subdomain's or an older scope's copy beside this site's). */
  conflict: boolean;
}

/**
 * Reads every copy of the stored decision. A copy that is no valid decision (tampered, expired, another policy)
 * counts for nothing while another is valid; when valid copies disagree, the most private wins: the lowest
 * level, a purpose granted only when every copy grants it, refused when any refuses. A copy can thus never
 * raise what the visitor chose on this site, whoever wrote it.
 */
export function readStoredDecision(copies: readonly string[], expected: RecordExpectations): StoredReading {
  const readings = copies.map((copy) => parseRecord(copy, expected));
  const records: ConsentRecord[] = [];
  const ignoredPurposes: string[] = [];
  for (const reading of readings) {
    if (!('record' in reading)) continue;
    records.push(reading.record);
    ignoredPurposes.push(...(reading.ignoredPurposes ?? []));
  }
  const conflict = copies.some((copy) => copy !== copies[0]);
  const problems = readings.flatMap((reading) => ('problem' in reading ? [reading.problem] : []));
  const problem = PROBLEMS_BY_WEIGHT.find((known) => problems.includes(known)) ?? 'missing';
  return {
    record: records.length === 0 ? undefined : records.reduce(morePrivateRecord),
    problem: records.length === 0 ? problem : undefined,
    ignoredPurposes: [...new Set(ignoredPurposes)],
    conflict,
  };
}

/** The problem reported when no copy is valid: the one that says most about the visitor's earlier decision. */
const PROBLEMS_BY_WEIGHT: readonly RecordProblem[] = ['expired', 'outdated', 'invalid', 'missing'];

function morePrivateRecord(a: ConsentRecord, b: ConsentRecord): ConsentRecord {
  const purposes = new Map<string, boolean>();
  for (const name of new Set([...a.purposes.keys(), ...b.purposes.keys()])) {
    const [answerOfA, answerOfB] = [a.purposes.get(name), b.purposes.get(name)];
    // A refusal anywhere stands; a grant only when both granted; otherwise the purpose was never asked here.
    if (answerOfA === false || answerOfB === false) purposes.set(name, false);
    else if (answerOfA === true && answerOfB === true) purposes.set(name, true);
  }
  return {
    level: morePrivate(a.level, b.level),
    policyVersion: a.policyVersion,
    // The older decision runs out first.
    decidedAt: Math.min(a.decidedAt, b.decidedAt),
    purposes,
    // A privacy signal limits the decision unless every copy was chosen while it was sent.
    ...(a.underSignal && b.underSignal ? { underSignal: true } : {}),
  };
}

/** The decision a page starts with, from the stored copies. */
export function startingDecision(
  options: ConsentOptions,
  storedCopies: readonly string[],
  signals: PrivacySignals,
  now: number,
): StoredReading & { decision: Decision } {
  const reading = readStoredDecision(storedCopies, expectationsFor(options, now));
  const decision = decide({
    record: reading.record,
    recordSource: ConsentSource.Stored,
    defaultLevel: options.defaultLevel,
    signals,
    purposes: options.purposes,
    policy: options.policy,
    decidedElsewhere: options.decidedElsewhere,
  });
  return { ...reading, decision };
}

/** The opt-out cookie the trackers are told to honour at level `none`. */
export function optOutCookieName(consentCookieName: string): string {
  return `${consentCookieName}_optout`;
}

/** The cookie jar of these settings on this page: their domain, Secure on https. */
export function pageCookies(options: Pick<ConsentOptions, 'cookieDomain'>): SafeCookies {
  return safeCookies({ domain: options.cookieDomain, secure: browserPage()?.location.protocol === 'https:' });
}

/**
 * One store per consent cookie in this copy of the library, so that the element's manager, the trackers'
 * guards and `withConsent()` read the same decision, even when cookies are off and it lives in memory.
 */
const stores = new Map<string, ConsentStore>();

export function sharedConsentStore(
  options: Pick<ConsentOptions, 'cookieName' | 'cookieDomain'>,
  cookies: SafeCookies,
): ConsentStore {
  const key = `${options.cookieName}|${options.cookieDomain ?? ''}`;
  let store = stores.get(key);
  if (!store) {
    store = createConsentStore(options.cookieName, cookies);
    stores.set(key, store);
  }
  return store;
}

/**
 * The level in force at this moment, read from the stored decision each time it is asked: the cookie is
 * the one truth that tabs and subdomains share, so a decision made anywhere counts before the next event.
 */
export interface ConsentGate {
  level(): ConsentLevel;
  /** The whole decision in force (level, purposes, source) and the stored copies it was read from. */
  decision(): GateDecision;
}

export interface GateDecision extends Decision {
  copies: readonly string[];
}

export function consentGate(options: ConsentOptions, store: ConsentStore, signals: PrivacySignals, now = Date.now): ConsentGate {
  /** The level of the copies last read, until the decision runs out: a question asked again costs one read of the cookie. */
  let known: { copies: readonly string[]; defaultLevel: ConsentLevel; decision: Decision; until: number } | undefined;
  const read = (): GateDecision => {
    const copies = store.read();
    const at = now();
    // The default can change too: `withConsent()` learns it from the consent element once that starts.
    const defaultLevel = options.defaultLevel;
    if (!known || !sameCopies(copies, known.copies) || at > known.until || defaultLevel !== known.defaultLevel) {
      const start = startingDecision(options, copies, signals, at);
      const until = start.record ? start.record.decidedAt + expectationsFor(options, at).maxAgeMs : Infinity;
      known = { copies, defaultLevel, decision: start.decision, until };
    }
    return { ...known.decision, copies: known.copies };
  };
  return {
    level: () => read().level,
    decision: read,
  };
}

/** The gate of these settings on this page. */
export function pageConsentGate(options: ConsentOptions): ConsentGate {
  return consentGate(options, sharedConsentStore(options, pageCookies(options)), browserPrivacySignals(options));
}
