import { isConsentLevel, type ConsentLevel } from './levels.js';
import { isPurposeName } from './purposes.js';

/** The visitor's decision as it is stored in the consent cookie. */
export interface ConsentRecord {
  /** The level the visitor (or the site's code) chose. Privacy signals may cap what is applied. */
  level: ConsentLevel;
  /** The `policy-version` the decision was made under. */
  policyVersion: string;
  /** When the decision was made, in milliseconds since the epoch. */
  decidedAt: number;
  /**
   * The answer (granted or not) for each purpose the visitor was asked about, this page's first. A purpose
   * without an answer was never asked about; records from before purposes have none. Always an own field:
   * nothing of a record is ever read from Object.prototype, where page code may have put a `purposes`.
   */
  purposes: ReadonlyMap<string, boolean>;
  /**
   * Made while Do Not Track or Global Privacy Control was sent, under a policy where the signal only sets the
   * default answer: the visitor saw it and chose this explicitly, so the signal does not limit it (stored as
   * `g: 1`). Under a policy where the signal caps, it is ignored.
   */
  underSignal?: boolean;
}

/** Why a stored value does not count as a decision. */
export type RecordProblem = 'missing' | 'invalid' | 'expired' | 'outdated';

export type RecordReading =
  /** `ignoredPurposes`: entries of the purposes that are no purpose answer (tampered); never granted. */
  { record: ConsentRecord; ignoredPurposes?: string[] } | { problem: RecordProblem };

/** What a stored record must match to count as a decision. */
export interface RecordExpectations {
  policyVersion: string;
  /** Records older than this are expired (the cookie lifetime, checked again in case it was shortened). */
  maxAgeMs: number;
  now: number;
}

/** The expectations for settings with this policy version and lifetime, at `now`. */
export function expectationsFor(options: { policyVersion: string; cookieDays: number }, now: number): RecordExpectations {
  return { policyVersion: options.policyVersion, maxAgeMs: options.cookieDays * 24 * 60 * 60 * 1000, now };
}

/**
 * Format 3 is format 2 with the purpose answers (`p`: name -> 1 granted, 0 refused). A decision without
 * purpose answers is still written in format 2, which copies of the library from before purposes read.
 * Format 2 holds only what proof needs (level, policy version, time). Format 1 (version 0.1) also held
 * a random id: it is still read as a valid decision, and the id is dropped when the record is rewritten.
 * Formats 2 and 3 may carry `g: 1` (`underSignal`); copies of the library from before it read such a record
 * as no decision and ask again, which gives nothing away.
 */
const FORMAT_WITHOUT_PURPOSES = 2;
const FORMAT_WITH_PURPOSES = 3;
const MAX_STORED_LENGTH = 1024;
/** Clocks drift; a decision stamped a little in the future is still believable, a year is not. */
const ALLOWED_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STORED_KEYS = new Map<unknown, string>([
  [1, ['v', 'level', 'policy', 'at', 'id'].sort().join()],
  [2, ['v', 'level', 'policy', 'at'].sort().join()],
  [3, ['v', 'level', 'policy', 'at', 'p'].sort().join()],
]);

/** A key a record of format 2 or 3 may have besides its own: `g: 1`, made under a privacy signal (`underSignal`). */
const UNDER_SIGNAL_KEY = 'g';

export function serializeRecord(record: ConsentRecord): string {
  const fields = {
    level: record.level,
    policy: record.policyVersion,
    at: record.decidedAt,
    ...(record.underSignal ? { [UNDER_SIGNAL_KEY]: 1 } : {}),
  };
  const answers = [...record.purposes];
  if (answers.length === 0) return JSON.stringify({ v: FORMAT_WITHOUT_PURPOSES, ...fields });
  const stored: Record<string, 0 | 1> = {};
  const serialized = () => JSON.stringify({ v: FORMAT_WITH_PURPOSES, ...fields, p: stored });
  for (const [name, granted] of answers) {
    stored[name] = granted ? 1 : 0;
    // The page's own answers come first: what does not fit is answers kept for other pages of the site.
    if (serialized().length > MAX_STORED_LENGTH) {
      delete stored[name];
      break;
    }
  }
  return serialized();
}

/**
 * Reads a stored value field by field. Anything unexpected (unknown level, wrong types, extra keys,
 * another policy version, too old) means "no decision"; this never throws. A purpose entry that is
 * not a name with 0 or 1 is left out (and reported), never granted: the rest of the decision stands.
 */
export function parseRecord(raw: string | undefined | null, expected: RecordExpectations): RecordReading {
  if (raw === undefined || raw === null || raw === '') return { problem: 'missing' };
  if (typeof raw !== 'string' || raw.length > MAX_STORED_LENGTH) return { problem: 'invalid' };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { problem: 'invalid' };
  }
  if (!isPlainObject(data)) return { problem: 'invalid' };
  // Own fields only: a field missing here must not be read from Object.prototype, where page code may have put it.
  const { v, level, policy, at, id, p, g } = Object.assign(Object.create(null) as Record<string, unknown>, data);
  const keys = Object.keys(data).filter((key) => !(key === UNDER_SIGNAL_KEY && v !== 1 && g === 1));
  if (typeof v !== 'number' || keys.sort().join() !== STORED_KEYS.get(v)) return { problem: 'invalid' };
  if (
    !isConsentLevel(level) ||
    typeof policy !== 'string' ||
    typeof at !== 'number' ||
    !Number.isSafeInteger(at) ||
    at <= 0 ||
    (v === 1 && (typeof id !== 'string' || !UUID_PATTERN.test(id))) ||
    (v === FORMAT_WITH_PURPOSES && !isPlainObject(p))
  ) {
    return { problem: 'invalid' };
  }
  if (at > expected.now + ALLOWED_CLOCK_SKEW_MS) return { problem: 'invalid' };
  if (policy !== expected.policyVersion) return { problem: 'outdated' };
  if (expected.now - at > expected.maxAgeMs) return { problem: 'expired' };
  const purposes = new Map<string, boolean>();
  const record: ConsentRecord = {
    level,
    policyVersion: policy,
    decidedAt: at,
    purposes,
    ...(g === 1 ? { underSignal: true } : {}),
  };
  if (!isPlainObject(p)) return { record };
  const ignoredPurposes: string[] = [];
  for (const [name, answer] of Object.entries(p)) {
    if (isPurposeName(name) && (answer === 0 || answer === 1)) purposes.set(name, answer === 1);
    else ignoredPurposes.push(name);
  }
  return ignoredPurposes.length > 0 ? { record, ignoredPurposes } : { record };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
