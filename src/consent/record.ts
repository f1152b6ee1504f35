import { isConsentLevel, type ConsentLevel } from './levels.js';

/** The visitor's decision as it is stored in the consent cookie. */
export interface ConsentRecord {
  /** The level the visitor (or the site's code) chose. Privacy signals may cap what is applied. */
  level: ConsentLevel;
  /** The `policy-version` the decision was made under. */
  policyVersion: string;
  /** When the decision was made, in milliseconds since the epoch. */
  decidedAt: number;
}

/** Why a stored value does not count as a decision. */
export type RecordProblem = 'missing' | 'invalid' | 'expired' | 'outdated';

export type RecordReading = { record: ConsentRecord } | { problem: RecordProblem };

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
 * Format 2 holds only what proof needs (level, policy version, time). Format 1 (version 0.1) also held
 * a random id: it is still read as a valid decision, and the id is dropped when the record is rewritten.
 */
const FORMAT_VERSION = 2;
const MAX_STORED_LENGTH = 1024;
/** Clocks drift; a decision stamped a little in the future is still believable, a year is not. */
const ALLOWED_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STORED_KEYS: Record<number, string> = {
  1: ['v', 'level', 'policy', 'at', 'id'].sort().join(),
  2: ['v', 'level', 'policy', 'at'].sort().join(),
};

export function serializeRecord(record: ConsentRecord): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    level: record.level,
    policy: record.policyVersion,
    at: record.decidedAt,
  });
}

/**
 * Reads a stored value field by field. Anything unexpected (unknown level, wrong types, extra keys,
 * another policy version, too old) means "no decision"; this never throws.
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
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: 'invalid' };
  const fields = data as Record<string, unknown>;
  const { v, level, policy, at, id } = fields;
  if (typeof v !== 'number' || Object.keys(fields).sort().join() !== STORED_KEYS[v]) return { problem: 'invalid' };
  if (
    !isConsentLevel(level) ||
    typeof policy !== 'string' ||
    typeof at !== 'number' ||
    !Number.isSafeInteger(at) ||
    at <= 0 ||
    (v === 1 && (typeof id !== 'string' || !UUID_PATTERN.test(id)))
  ) {
    return { problem: 'invalid' };
  }
  if (at > expected.now + ALLOWED_CLOCK_SKEW_MS) return { problem: 'invalid' };
  if (policy !== expected.policyVersion) return { problem: 'outdated' };
  if (expected.now - at > expected.maxAgeMs) return { problem: 'expired' };
  return { record: { level, policyVersion: policy, decidedAt: at } };
}
