import { shown } from '../util/log.js';
import { NO_REGION_POLICY, SignalWeight, type RegionPolicy } from './region-policy.js';

/**
 * Where the visitor is, as the page says (`region`: an ISO 3166-1 alpha-2 country such as `FR`, or an ISO 3166-2
 * subdivision such as `US-CA`), and the consent policy that applies there. The page fills `region` from its
 * CDN's or server's geolocation; this library never locates the visitor itself.
 */

/** The policies a site can name in `default-policy` and `region-policies`. */
export const NAMED_POLICIES = {
  /** The EU/EEA's GDPR and ePrivacy Directive, and the UK GDPR with PECR. */
  gdpr: { consent: 'opt-in', signals: SignalWeight.Cap, gdprApplies: true },
  /** Opt-in where the GDPR does not apply (Switzerland's revFADP, or a site's choice elsewhere). */
  'opt-in': { consent: 'opt-in', signals: SignalWeight.Cap, gdprApplies: false },
  /** The US state privacy laws: opt-out of sale, sharing and targeted advertising; GPC is that opt-out. */
  'opt-out': { consent: 'opt-out', signals: SignalWeight.Default, gdprApplies: false },
} as const satisfies Record<string, RegionPolicy>;
export type PolicyName = keyof typeof NAMED_POLICIES;
const POLICY_NAMES = Object.keys(NAMED_POLICIES) as PolicyName[];

/** The EU member states, their outermost regions that have codes of their own, and Iceland, Liechtenstein, Norway. */
const EEA = 'AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE AX GF GP MQ RE YT MF IS LI NO';

/**
 * US states with a comprehensive consumer privacy law in force (opt-out of sale, sharing and targeted
 * advertising): docs/privacy.md ("Opt-out (US)") lists each law. States not listed get `default-policy`.
 */
export const US_PRIVACY_STATES: readonly string[] = 'CA VA CO CT UT TX OR MT IA DE NH NE NJ TN MN MD IN KY RI'.split(' ');

/** The built-in policy of each country or subdivision; every other region gets `default-policy`. */
const BUILT_IN_REGIONS: ReadonlyMap<string, PolicyName> = new Map<string, PolicyName>([
  ...EEA.split(' ').map((code) => [code, 'gdpr'] as const),
  ['GB', 'gdpr'],
  ['CH', 'opt-in'],
  ...US_PRIVACY_STATES.map((state) => [`US-${state}`, 'opt-out'] as const),
]);

/** ISO 3166-1 alpha-2 (the 249 assigned codes) and XK (Kosovo, which CDNs report). */
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);

/** What CDNs send when they cannot tell: Cloudflare's `XX` (unknown) and `T1` (Tor), and `ZZ`. Quietly no region. */
const UNKNOWN_REGIONS = new Set(['XX', 'T1', 'ZZ']);

const REGION_PATTERN = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;

type Complain = (key: 'region' | 'defaultPolicy' | 'regionPolicies', value: unknown, used: unknown, why: string) => void;

/**
 * The region as given (`us-ca`, ` FR `), upper-cased; undefined when none was given, the CDN could not tell,
 * or it is no ISO code (with a warning: then the page behaves as without `region`, which asks first).
 */
export function parseRegion(value: unknown, bad: Complain): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (text === '' || (text !== undefined && UNKNOWN_REGIONS.has(text))) return undefined;
  const code = text === undefined ? undefined : regionCode(text);
  if (code === undefined) {
    bad(
      'region',
      value,
      'no region (opt-in, as a page without region)',
      'is not an ISO 3166-1 country code or ISO 3166-2 subdivision (FR, US-CA)',
    );
    return undefined;
  }
  return code;
}

/** An ISO 3166-1 country (XK included) or an ISO 3166-2 subdivision of one, upper-cased; undefined for anything else. */
function regionCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  const match = REGION_PATTERN.exec(code);
  return match && COUNTRIES.has(match[1]!) ? code : undefined;
}

function policyName(value: unknown): PolicyName | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return text !== undefined && (POLICY_NAMES as string[]).includes(text) ? (text as PolicyName) : undefined;
}

/** `default-policy`: the policy of regions without a built-in one; `opt-in` when not given. */
export function parseDefaultPolicy(value: unknown, bad: Complain): PolicyName {
  if (value === undefined || value === null || value === '') return 'opt-in';
  const name = policyName(value);
  if (name) return name;
  bad('defaultPolicy', value, 'opt-in', `is not one of ${POLICY_NAMES.join(', ')}`);
  return 'opt-in';
}

/** A site's policy for one region: a policy's name, or fields over the region's own policy. */
type PolicyOverride = PolicyName | Partial<RegionPolicy>;

/**
 * `region-policies`: JSON (or an object) from region codes to a policy name or `{consent, signals, gdprApplies}`.
 * Entries that are not understood are left out with a warning; the rest stand.
 */
export function parseRegionPolicies(value: unknown, bad: Complain): ReadonlyMap<string, PolicyOverride> {
  const overrides = new Map<string, PolicyOverride>();
  if (value === undefined || value === null || value === '') return overrides;
  let given: unknown = value;
  if (typeof value === 'string') {
    try {
      given = JSON.parse(value);
    } catch {
      given = undefined;
    }
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    bad('regionPolicies', value, {}, 'is not a JSON object of region codes');
    return overrides;
  }
  const rejected: string[] = [];
  for (const [key, entry] of Object.entries(given)) {
    const region = regionCode(key);
    const override = policyOverride(entry);
    if (region === undefined || override === undefined) rejected.push(key);
    else overrides.set(region, override);
  }
  if (rejected.length > 0) {
    const why = `has entries that are no region code with a policy (${POLICY_NAMES.join(', ')}, or {"consent": "opt-in"|"opt-out", "signals": "cap"|"default", "gdprApplies": true|false}): ${rejected.map(shown).join(', ')}`;
    bad('regionPolicies', value, Object.fromEntries(overrides), why);
  }
  return overrides;
}

function policyOverride(entry: unknown): PolicyOverride | undefined {
  if (typeof entry === 'string') return policyName(entry);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const { consent, signals, gdprApplies, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  const override: Partial<RegionPolicy> = {};
  if (consent !== undefined) {
    if (consent !== 'opt-in' && consent !== 'opt-out') return undefined;
    override.consent = consent;
  }
  if (signals !== undefined) {
    if (signals !== SignalWeight.Cap && signals !== SignalWeight.Default) return undefined;
    override.signals = signals;
  }
  if (gdprApplies !== undefined) {
    if (typeof gdprApplies !== 'boolean') return undefined;
    override.gdprApplies = gdprApplies;
  }
  return override;
}

/**
 * The policy of a region: the site's entry for the subdivision, else for its country, over the built-in policy
 * of the subdivision, else of the country, else `default-policy`. No region: as before regions existed.
 */
export function policyFor(
  region: string | undefined,
  defaultPolicy: PolicyName,
  overrides: ReadonlyMap<string, PolicyOverride>,
): RegionPolicy {
  if (region === undefined) return NO_REGION_POLICY;
  const country = region.slice(0, 2);
  const builtIn = BUILT_IN_REGIONS.get(region) ?? BUILT_IN_REGIONS.get(country) ?? defaultPolicy;
  const override = overrides.get(region) ?? overrides.get(country);
  if (override === undefined) return NAMED_POLICIES[builtIn];
  if (typeof override === 'string') return NAMED_POLICIES[override];
  return { ...NAMED_POLICIES[builtIn], ...override };
}
