import { isConsentLevel, type ConsentLevel } from './levels.js';

/** The visitor's decision as it is stored in the consent cookie. */
export interface ConsentRecord {
  /** The level the visitor (or the site's code) chose. Privacy signals may cap what is applied. */
  level: ConsentLevel;
  /** The `policy-version` the decision was made under. */
  policyVersion: string;
  /** When the decision was made, in milliseconds since the epoch. */
  decidedAt: number;
  /** A random id for this decision, so a consent log can refer to it. */
  consentId: string;
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

const FORMAT_VERSION = 1;
const MAX_STORED_LENGTH = 1024;
/** Clocks drift; a decision stamped a little in the future is still believable, a year is not. */
const ALLOWED_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STORED_KEYS = ['v', 'level', 'policy', 'at', 'id'].sort().join();

export function serializeRecord(record: ConsentRecord): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    level: record.level,
    policy: record.policyVersion,
    at: record.decidedAt,
    id: record.consentId,
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
  if (Object.keys(fields).sort().join() !== STORED_KEYS) return { problem: 'invalid' };
  const { v, level, policy, at, id } = fields;
  if (
    v !== FORMAT_VERSION ||
    !isConsentLevel(level) ||
    typeof policy !== 'string' ||
    typeof at !== 'number' ||
    !Number.isSafeInteger(at) ||
    at <= 0 ||
    typeof id !== 'string' ||
    !UUID_PATTERN.test(id)
  ) {
    return { problem: 'invalid' };
  }
  if (at > expected.now + ALLOWED_CLOCK_SKEW_MS) return { problem: 'invalid' };
  if (policy !== expected.policyVersion) return { problem: 'outdated' };
  if (expected.now - at > expected.maxAgeMs) return { problem: 'expired' };
  return { record: { level, policyVersion: policy, decidedAt: at, consentId: id } };
}

/** A random RFC 4122 version 4 id; works outside secure contexts too, where `randomUUID` is missing. */
export function randomUuid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
