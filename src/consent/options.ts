import { shown, warn } from '../util/log.js';
import { settingText } from '../util/text.js';
import { isMeasurementScope } from './consent-events.js';
import { ConsentLevel, CONSENT_LEVELS, isConsentLevel, levelRank } from './levels.js';
import { BUILT_IN_PURPOSES, isPurposeName, MAX_PURPOSES, purposeNames } from './purposes.js';
import { NO_REGION_POLICY, type RegionPolicy } from './region-policy.js';
import { parseDefaultPolicy, parseRegion, parseRegionPolicies, policyFor, type PolicyName } from './regions.js';

/** Validated settings of the consent core. */
export interface ConsentOptions {
  /** A new version makes every stored decision outdated: the banner asks again. At most 16 characters. */
  policyVersion: string;
  cookieName: string;
  /** Parent domain to share the decision with subdomains; host-only when undefined. */
  cookieDomain: string | undefined;
  /** Lifetime of a decision in days, 1 to 395. */
  cookieDays: number;
  /** The level before a decision. */
  defaultLevel: ConsentLevel;
  /** The level "accept" gives. */
  acceptLevel: ConsentLevel;
  /** The level "reject" gives. */
  rejectLevel: ConsentLevel;
  ignoreDnt: boolean;
  ignoreGpc: boolean;
  /**
   * The purposes this page asks about beside measurement, in the order given: built-in ones and the site's
   * own (`customPurposes`). None by default: then no purpose is ever granted and nothing else changes.
   */
  purposes: readonly string[];
  /** The site's own purposes (the ones it describes): `purposes` may list them beside the built-in ones. */
  customPurposes: readonly string[];
  /** Where the visitor is, as the page says (`FR`, `US-CA`), upper-cased; undefined when not known. */
  region: string | undefined;
  /** The policy of regions without a built-in one. */
  defaultPolicy: PolicyName;
  /** The site's policies by region code, over the built-in ones. */
  regionPolicies: ReadonlyMap<string, PolicyName | Partial<RegionPolicy>>;
  /** The policy in force here, from the three above (see `consent/regions.ts`). */
  policy: RegionPolicy;
  /**
   * Another consent manager decides (`consent-source`, set by `setupConsent`): this banner never asks, and the
   * decisions read from it are recorded here (see `ConsentManager.adoptSourceDecision`).
   */
  decidedElsewhere: boolean;
}

export const DEFAULT_OPTIONS: Readonly<ConsentOptions> = {
  policyVersion: '1',
  cookieName: 'consent_banner',
  cookieDomain: undefined,
  cookieDays: 180,
  defaultLevel: ConsentLevel.Cookieless,
  acceptLevel: ConsentLevel.Full,
  rejectLevel: ConsentLevel.Cookieless,
  ignoreDnt: false,
  ignoreGpc: false,
  purposes: [],
  customPurposes: [],
  region: undefined,
  defaultPolicy: 'opt-in',
  regionPolicies: new Map(),
  policy: NO_REGION_POLICY,
  decidedElsewhere: false,
};

/** Browsers cap cookie lifetimes at 400 days; 395 leaves room for clock drift. */
export const MAX_COOKIE_DAYS = 395;
/** The consent event's `consentVersion` allows 16 characters. */
export const MAX_POLICY_VERSION_LENGTH = 16;
const COOKIE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Raw settings: attribute strings from the element, or values from a headless caller. */
export type RawConsentOptions = { [K in Exclude<keyof ConsentOptions, 'policy' | 'decidedElsewhere'>]?: unknown };

/** Names a setting in warnings the way the caller wrote it (`cookie-days` for the element). */
export type SettingLabel = (key: string) => string;

export const camelCaseLabel: SettingLabel = (key) => key;

/**
 * Validates every setting. A bad value never throws: it is replaced by a safe one and a console warning
 * names the setting, the value given and the value used. Level settings fall back to `cookieless`.
 */
export function resolveConsentOptions(
  given: RawConsentOptions,
  hostname: string,
  label: SettingLabel = camelCaseLabel,
): ConsentOptions {
  // Own settings only, in an object without a prototype: a key page code added to Object.prototype (prototype
  // pollution) must never read as a setting, such as a higher default level or `ignoreDnt`.
  const raw = ownSettings(given);
  const bad = (key: keyof RawConsentOptions, value: unknown, used: unknown, why: string): void =>
    warn(`${label(key)}=${shown(value)} ${why}; using ${shown(used)} instead.`);

  const level = (key: 'defaultLevel' | 'acceptLevel' | 'rejectLevel'): ConsentLevel => {
    const value = raw[key];
    if (value === undefined || value === null) return DEFAULT_OPTIONS[key];
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (isConsentLevel(text)) return text;
    bad(key, value, ConsentLevel.Cookieless, `is not a consent level (${CONSENT_LEVELS.join(', ')})`);
    return ConsentLevel.Cookieless;
  };

  const acceptLevel = level('acceptLevel');
  let rejectLevel = level('rejectLevel');
  if (levelRank(rejectLevel) > levelRank(acceptLevel)) {
    bad('rejectLevel', rejectLevel, acceptLevel, `allows more than ${label('acceptLevel')}`);
    rejectLevel = acceptLevel;
  }
  let defaultLevel = level('defaultLevel');
  if (levelRank(defaultLevel) > levelRank(rejectLevel)) {
    // Before a decision the site may not collect more than a visitor who says no.
    bad('defaultLevel', defaultLevel, rejectLevel, `allows more than ${label('rejectLevel')}`);
    defaultLevel = rejectLevel;
  }

  const region = parseRegion(raw.region, bad);
  const defaultPolicy = parseDefaultPolicy(raw.defaultPolicy, bad);
  const regionPolicies = parseRegionPolicies(raw.regionPolicies, bad);
  const policy = policyFor(region, defaultPolicy, regionPolicies);
  // Opt-out regions measure as "Accept all" does until the visitor opts out: the default level is the
  // accept level there (`default-level` is the opt-in regions' level before a choice).
  if (policy.consent === 'opt-out') defaultLevel = acceptLevel;

  const customPurposes = customPurposeNames(raw.customPurposes, bad);
  return {
    policyVersion: policyVersion(raw.policyVersion, bad),
    cookieName: cookieName(raw.cookieName, bad),
    cookieDomain: cookieDomain(raw.cookieDomain, hostname, bad),
    cookieDays: cookieDays(raw.cookieDays, bad),
    defaultLevel,
    acceptLevel,
    rejectLevel,
    ignoreDnt: flag(raw.ignoreDnt),
    ignoreGpc: flag(raw.ignoreGpc),
    purposes: listedPurposes(raw.purposes, customPurposes, bad, label),
    customPurposes,
    region,
    defaultPolicy,
    regionPolicies,
    policy,
    // Not a setting of its own: `setupConsent` sets it from a valid `consent-source`.
    decidedElsewhere: false,
  };
}

/** The own enumerable properties of `given` in an object without a prototype (nothing for a value that is no object). */
export function ownSettings<T extends object>(given: T): Partial<T> {
  return Object.assign(Object.create(null) as Partial<T>, typeof given === 'object' ? given : undefined);
}

type Complain = (key: keyof RawConsentOptions, value: unknown, used: unknown, why: string) => void;

function policyVersion(value: unknown, bad: Complain): string {
  if (value === undefined || value === null) return DEFAULT_OPTIONS.policyVersion;
  const given = settingText(value);
  if (given === undefined) {
    bad('policyVersion', value, DEFAULT_OPTIONS.policyVersion, 'is not text');
    return DEFAULT_OPTIONS.policyVersion;
  }
  const text = given.trim();
  if (text === '') {
    bad('policyVersion', value, DEFAULT_OPTIONS.policyVersion, 'is empty');
    return DEFAULT_OPTIONS.policyVersion;
  }
  if (text.length > MAX_POLICY_VERSION_LENGTH) {
    const cut = text.slice(0, MAX_POLICY_VERSION_LENGTH);
    bad('policyVersion', value, cut, `is longer than ${MAX_POLICY_VERSION_LENGTH} characters`);
    return cut;
  }
  return text;
}

function cookieName(value: unknown, bad: Complain): string {
  if (value === undefined || value === null) return DEFAULT_OPTIONS.cookieName;
  if (typeof value === 'string' && COOKIE_NAME_PATTERN.test(value)) return value;
  bad('cookieName', value, DEFAULT_OPTIONS.cookieName, 'is not a cookie name (letters, digits, _ . -)');
  return DEFAULT_OPTIONS.cookieName;
}

function cookieDomain(value: unknown, hostname: string, bad: Complain): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const domain = (settingText(value) ?? '').trim().toLowerCase().replace(/^\./, '');
  const host = hostname.toLowerCase();
  if (domain !== '' && (host === domain || host.endsWith(`.${domain}`))) return domain;
  // The browser would silently refuse the cookie, and the decision would be lost on every page.
  bad('cookieDomain', value, `${host} (host only)`, `does not contain this page's host`);
  return undefined;
}

function cookieDays(value: unknown, bad: Complain): number {
  if (value === undefined || value === null) return DEFAULT_OPTIONS.cookieDays;
  const days = typeof value === 'number' ? value : Number(settingText(value)?.trim() || NaN);
  if (!Number.isFinite(days) || days <= 0) {
    bad('cookieDays', value, DEFAULT_OPTIONS.cookieDays, 'is not a positive number of days');
    return DEFAULT_OPTIONS.cookieDays;
  }
  if (days > MAX_COOKIE_DAYS) {
    bad('cookieDays', value, MAX_COOKIE_DAYS, `is more than ${MAX_COOKIE_DAYS} days`);
    return MAX_COOKIE_DAYS;
  }
  return days;
}

function customPurposeNames(value: unknown, bad: Complain): string[] {
  if (value === undefined || value === null) return [];
  const names = purposeNames(value);
  if (names === undefined) {
    bad('customPurposes', value, [], 'is not a list of names');
    return [];
  }
  // A site may describe a built-in purpose too (its own text): that does not make it custom.
  const custom = unique(names.filter((name) => !BUILT_IN_PURPOSES.includes(name)));
  // A purpose named like a level or a measurement scope would read as one in the consent events.
  const unusable = custom.filter((name) => !isPurposeName(name) || isMeasurementScope(name));
  if (unusable.length > 0) {
    const kept = custom.filter((name) => !unusable.includes(name));
    const why = `has names that are not purpose names (a lowercase letter, then letters, digits, _ or -, at most 32) or that name a measurement scope: ${unusable.map(shown).join(', ')}`;
    bad('customPurposes', value, kept, why);
    return kept;
  }
  return custom;
}

function listedPurposes(value: unknown, custom: readonly string[], bad: Complain, label: SettingLabel): string[] {
  if (value === undefined || value === null) return [];
  const names = purposeNames(value);
  if (names === undefined) {
    bad('purposes', value, [], 'is not a list of purpose names');
    return [];
  }
  const listed = unique(names);
  const unknown = listed.filter((name) => !BUILT_IN_PURPOSES.includes(name) && !custom.includes(name));
  let kept = listed.filter((name) => !unknown.includes(name));
  if (unknown.length > 0) {
    const why = `names purposes that are neither built in (${BUILT_IN_PURPOSES.join(', ')}) nor custom (${label('customPurposes')}): ${unknown.map(shown).join(', ')}`;
    bad('purposes', value, kept, why);
  }
  if (kept.length > MAX_PURPOSES) {
    // Every answer must fit in the consent cookie.
    kept = kept.slice(0, MAX_PURPOSES);
    bad('purposes', value, kept, `lists more than ${MAX_PURPOSES} purposes`);
  }
  return kept;
}

const unique = (names: string[]): string[] => [...new Set(names)];

/** Boolean attributes: present (any value but "false") means on. */
function flag(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().toLowerCase() !== 'false';
  return value === true;
}
