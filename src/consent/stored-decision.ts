import { browserPrivacySignals, ConsentSource, decide, type Decision, type PrivacySignals } from './decide.js';
import type { ConsentLevel } from './levels.js';
import type { ConsentOptions } from './options.js';
import { expectationsFor, parseRecord, type ConsentRecord, type RecordProblem } from './record.js';
import { browserPage } from '../util/page.js';
import { createConsentStore, safeCookies, type ConsentStore, type SafeCookies } from './storage.js';

/** The decision a page starts with, from the stored value. */
export function startingDecision(
  options: ConsentOptions,
  storedValue: string | undefined,
  signals: PrivacySignals,
  now: number,
): {
  decision: Decision;
  record: ConsentRecord | undefined;
  problem: RecordProblem | undefined;
  /** Entries of the stored purposes that are no purpose answer (tampered): left out, never granted. */
  ignoredPurposes: string[];
} {
  const reading = parseRecord(storedValue, expectationsFor(options, now));
  const record = 'record' in reading ? reading.record : undefined;
  const decision = decide({
    record,
    recordSource: ConsentSource.Stored,
    defaultLevel: options.defaultLevel,
    signals,
    purposes: options.purposes,
  });
  return {
    decision,
    record,
    problem: 'problem' in reading ? reading.problem : undefined,
    ignoredPurposes: ('ignoredPurposes' in reading && reading.ignoredPurposes) || [],
  };
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
}

export function consentGate(options: ConsentOptions, store: ConsentStore, signals: PrivacySignals, now = Date.now): ConsentGate {
  return { level: () => startingDecision(options, store.read(), signals, now()).decision.level };
}

/** The gate of these settings on this page. */
export function pageConsentGate(options: ConsentOptions): ConsentGate {
  return consentGate(options, sharedConsentStore(options, pageCookies(options)), browserPrivacySignals(options));
}
