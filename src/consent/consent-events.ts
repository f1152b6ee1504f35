import { info, shown, warn } from '../util/log.js';
import { settingText } from '../util/text.js';
import { httpUrl } from '../util/url.js';
import type { SelfDescribingJson } from './bridge.js';
import { ConsentLevel, levelRank } from './levels.js';
import { isPurposeName, purposeNames } from './purposes.js';

/**
 * Consent records in Snowplow: each decision as a `consent_preferences` event, the banner's first
 * appearance as `cmp_visible`. Pure: builds the events; the manager tracks them after the level they
 * belong to is applied, so a "deny" is sent anonymously and never with the old identifiers.
 */

export const CONSENT_PREFERENCES_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0';
export const CMP_VISIBLE_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/cmp_visible/jsonschema/1-0-0';

export const BASES_FOR_PROCESSING = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type BasisForProcessing = (typeof BASES_FOR_PROCESSING)[number];

export type ConsentEventType = 'allow_all' | 'allow_selected' | 'deny_all' | 'pending' | 'withdrawn' | 'expired';

export interface ConsentEventSettings {
  basisForProcessing: BasisForProcessing;
  /** The privacy policy the decision refers to (an absolute URL): the same on every page. */
  consentUrl: string;
  domainsApplied: string[];
  /**
   * Every purpose of the site (`consent-scopes`; default the purposes this page lists): what "all" means, and
   * the purposes `allow_all` lists in `consentScopes`, the same on every page of a policy version.
   */
  sitePurposes?: readonly string[];
  /** Whether the GDPR applies where the visitor is (the region's policy); left out of the events when unknown. */
  gdprApplies?: boolean | undefined;
}

/**
 * What each level covers, for `consentScopes`: the level's name first, then the data it lets out. The
 * purposes granted follow (`functional`, `marketing`, ...).
 */
const SCOPES: Record<ConsentLevel, string[]> = {
  full: ['full', 'user_id', 'device_id', 'session_id', 'network_user_id', 'ip_address', 'cookies'],
  session: ['session', 'session_id', 'network_user_id', 'ip_address', 'cookies'],
  anonymous: ['anonymous', 'network_user_id', 'ip_address'],
  cookieless: ['cookieless'],
  none: ['none'],
};

const MEASUREMENT_SCOPES: ReadonlySet<string> = new Set(Object.values(SCOPES).flat());

/** A word `consentScopes` uses for measurement (a level's name, or data it lets out): no purpose may be named so. */
export function isMeasurementScope(name: string): boolean {
  return MEASUREMENT_SCOPES.has(name);
}

/** The level's scopes, then the purposes granted. */
export function consentScopes(level: ConsentLevel, grantedPurposes: readonly string[] = []): string[] {
  return [...SCOPES[level], ...grantedPurposes];
}

/**
 * A decision, named as the schema names decisions: all (the accept level and every purpose of the site,
 * `settings.purposes`), nothing (the reject level or less, and no purpose), or a selection between.
 */
export function eventTypeForChoice(
  choice: { level: ConsentLevel; grantedPurposes: readonly string[] },
  settings: { acceptLevel: ConsentLevel; rejectLevel: ConsentLevel; purposes: readonly string[] },
): ConsentEventType {
  const { level, grantedPurposes } = choice;
  const everyPurpose = settings.purposes.every((purpose) => grantedPurposes.includes(purpose));
  if (levelRank(level) >= levelRank(settings.acceptLevel) && everyPurpose) return 'allow_all';
  const noPurpose = grantedPurposes.length === 0;
  if ((levelRank(level) <= levelRank(settings.rejectLevel) || level === ConsentLevel.None) && noPurpose) return 'deny_all';
  return 'allow_selected';
}

/**
 * `grantedPurposes`: the purposes of the site in force, in the order of `sitePurposes`, listed in
 * `consentScopes` after the level's scopes. As "all" means every purpose of the site, the scopes of
 * `allow_all` are one list per policy version whatever the page (Snowplow's consent model keys policy
 * versions on them); a privacy signal's refusal still shows.
 */
export function consentPreferencesEvent(
  eventType: ConsentEventType,
  level: ConsentLevel,
  policyVersion: string,
  settings: ConsentEventSettings,
  grantedPurposes: readonly string[] = [],
): SelfDescribingJson {
  return {
    schema: CONSENT_PREFERENCES_SCHEMA,
    data: {
      eventType,
      basisForProcessing: settings.basisForProcessing,
      consentUrl: settings.consentUrl,
      consentVersion: policyVersion,
      consentScopes: consentScopes(level, grantedPurposes),
      domainsApplied: [...settings.domainsApplied],
      ...(settings.gdprApplies === undefined ? {} : { gdprApplies: settings.gdprApplies }),
    },
  };
}

export function cmpVisibleEvent(elapsedMs: number): SelfDescribingJson {
  return { schema: CMP_VISIBLE_SCHEMA, data: { elapsedTime: Math.max(0, Math.round(elapsedMs)) } };
}

/**
 * Validates the settings of consent events; bad values warn and fall back. `consentUrl` is the privacy
 * policy; without one, the site's origin (never the page: one policy version has one document).
 * `pagePurposes`: the purposes this page lists, each of which the site's purposes must hold.
 */
export function resolveConsentEventSettings(
  raw: { basisForProcessing?: unknown; consentUrl?: unknown; domainsApplied?: unknown; sitePurposes?: unknown },
  page: { href: string; hostname: string },
  cookieDomain: string | undefined,
  pagePurposes: readonly string[] = [],
): ConsentEventSettings {
  let basis: BasisForProcessing = 'consent';
  if (raw.basisForProcessing !== undefined && raw.basisForProcessing !== null) {
    const value = settingText(raw.basisForProcessing)?.trim().toLowerCase() ?? '';
    if ((BASES_FOR_PROCESSING as readonly string[]).includes(value)) basis = value as BasisForProcessing;
    else
      warn(
        `basis-for-processing=${shown(raw.basisForProcessing)} is not one of ${BASES_FOR_PROCESSING.join(', ')}; using "consent" instead.`,
      );
  }
  const origin = `${new URL(page.href).origin}/`;
  const policyUrl =
    // The privacy-url warning is given where the link is rendered.
    typeof raw.consentUrl === 'string' && raw.consentUrl !== '' ? httpUrl(raw.consentUrl, page.href)?.href : undefined;
  if (policyUrl === undefined) {
    info(`no privacy-url: consent events and entities name the site (${origin}) as the document consent refers to.`);
  }
  const listed =
    typeof raw.domainsApplied === 'string'
      ? raw.domainsApplied.split(',')
      : Array.isArray(raw.domainsApplied)
        ? raw.domainsApplied.map(String)
        : [];
  const domains = listed.map((domain) => domain.trim().toLowerCase()).filter((domain) => /^[a-z0-9.-]+$/.test(domain));
  if (listed.length !== domains.length)
    warn(`consent-domains=${shown(raw.domainsApplied)} has entries that are not domain names; they are left out.`);
  return {
    basisForProcessing: basis,
    consentUrl: policyUrl ?? origin,
    domainsApplied: domains.length > 0 ? domains : [cookieDomain ?? page.hostname],
    sitePurposes: sitePurposes(raw.sitePurposes, pagePurposes),
  };
}

/**
 * `consent-scopes`: every purpose of the site, the same on every page. A purpose this page lists and the
 * list leaves out is added, with a warning: the list would no longer be the same on every page.
 */
function sitePurposes(value: unknown, pagePurposes: readonly string[]): string[] {
  if (value === undefined || value === null || value === '') return [...pagePurposes];
  const names = purposeNames(value);
  const kept = [...new Set((names ?? []).filter((name) => isPurposeName(name) && !isMeasurementScope(name)))];
  const bad = (names ?? []).filter((name) => !kept.includes(name));
  const missing = pagePurposes.filter((purpose) => !kept.includes(purpose));
  const used = [...kept, ...missing];
  const problems = [
    ...(names === undefined ? ['is not a list of purpose names'] : []),
    ...(bad.length > 0 ? [`has names that are no purpose names (${bad.map(shown).join(', ')})`] : []),
    ...(missing.length > 0 ? [`leaves out purposes this page lists (${missing.join(', ')})`] : []),
  ];
  if (problems.length > 0) warn(`consent-scopes=${shown(value)} ${problems.join(' and ')}; using ${shown(used)}.`);
  return used;
}
