import { CONSENT_LEVELS, ConsentLevel, isConsentLevel, morePrivate } from '../consent/levels.js';
import type { SourceDecision } from '../consent/manager.js';
import type { ConsentOptions } from '../consent/options.js';
import { Purpose } from '../consent/purposes.js';
import { shown, warn } from '../util/log.js';
import type { ConsentSourceName } from './names.js';
import type { GrantedKey } from './source.js';

/**
 * How another manager's keys become our level and purposes (`consent-source-map`, JSON):
 * `levels`: a level -> the keys that must all be granted for it; the level with the most data whose keys are
 * all granted applies (capped at `accept-level`); none: `reject-level`.
 * `purposes`: a purpose -> the keys that must all be granted for it; a listed purpose the map does not name is
 * never granted.
 */
export interface SourceMap {
  levels: Partial<Record<ConsentLevel, readonly string[]>>;
  purposes: Readonly<Record<string, readonly string[]>>;
}

/**
 * The default map of each manager, from the categories, groups and purposes its documentation names. Every
 * key must be granted: a purpose or level that needs two of the manager's choices needs both.
 */
export const DEFAULT_SOURCE_MAPS: Readonly<Record<ConsentSourceName, SourceMap>> = {
  // IAB TCF v2.2 purposes (consent, not legitimate interest): 1 store and/or access information on a device,
  // 2 limited data to select ads, 3 and 4 ad profiles, 5 and 6 content profiles, 7 measure ad performance,
  // 8 measure content performance. Measurement without storage is `cookieless`.
  tcf: {
    levels: { full: ['purpose:1', 'purpose:8'], cookieless: ['purpose:8'] },
    purposes: {
      [Purpose.Functional]: ['purpose:1'],
      [Purpose.Personalization]: ['purpose:1', 'purpose:5', 'purpose:6'],
      [Purpose.Marketing]: ['purpose:1', 'purpose:2', 'purpose:3', 'purpose:4', 'purpose:7'],
    },
  },
  // Google Consent Mode v2 consent types.
  gcm: {
    levels: { full: ['analytics_storage'] },
    purposes: {
      [Purpose.Functional]: ['functionality_storage'],
      [Purpose.Personalization]: ['personalization_storage'],
      [Purpose.Marketing]: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    },
  },
  // The category names of vanilla-cookieconsent's documented examples.
  'vanilla-cookieconsent': {
    levels: { full: ['analytics'] },
    purposes: {
      [Purpose.Functional]: ['functionality'],
      [Purpose.Personalization]: ['personalization'],
      [Purpose.Marketing]: ['marketing'],
    },
  },
  // OneTrust's default cookie groups: C0001 strictly necessary, C0002 performance, C0003 functional,
  // C0004 targeting, C0005 social media.
  onetrust: {
    levels: { full: ['C0002'] },
    purposes: { [Purpose.Functional]: ['C0003'], [Purpose.Personalization]: ['C0003'], [Purpose.Marketing]: ['C0004'] },
  },
  // Cookiebot's categories (`Cookiebot.consent`).
  cookiebot: {
    levels: { full: ['statistics'] },
    purposes: {
      [Purpose.Functional]: ['preferences'],
      [Purpose.Personalization]: ['preferences'],
      [Purpose.Marketing]: ['marketing'],
    },
  },
  // Usercentrics: `category:<slug>` is granted when every service of the category is (its default
  // categories: essential, functional, marketing); a service's name or id is a key of its own.
  usercentrics: {
    levels: { full: ['category:functional'] },
    purposes: {
      [Purpose.Functional]: ['category:functional'],
      [Purpose.Personalization]: ['category:functional'],
      [Purpose.Marketing]: ['category:marketing'],
    },
  },
  // Didomi: `purpose:<id>` and `vendor:<id>` from `Didomi.getCurrentUserStatus()` (its standard purpose ids).
  didomi: {
    levels: { full: ['purpose:cookies', 'purpose:measure_content_performance'] },
    purposes: {
      [Purpose.Functional]: ['purpose:cookies'],
      [Purpose.Personalization]: ['purpose:cookies', 'purpose:select_personalized_content'],
      [Purpose.Marketing]: ['purpose:cookies', 'purpose:select_basic_ads', 'purpose:measure_ad_performance'],
    },
  },
};

/**
 * `consent-source-map` (JSON text, or an object from a headless caller) over the source's default: a section
 * given (`levels`, `purposes`) replaces the default's. Bad entries are left out with a warning (a level or
 * purpose without keys is never granted); a map that is no JSON object leaves the default in force.
 */
export function resolveSourceMap(
  source: ConsentSourceName,
  given: unknown,
  options: Pick<ConsentOptions, 'purposes'>,
  attribute: string,
): SourceMap {
  const fallback = DEFAULT_SOURCE_MAPS[source];
  const map = { ...fallback, ...parsedMap(given, attribute) };
  const unmapped = options.purposes.filter((purpose) => map.purposes[purpose] === undefined);
  if (unmapped.length > 0) {
    warn(`${attribute} gives no key of ${source} for the purposes ${unmapped.map(shown).join(', ')}: they are never granted.`);
  }
  return map;
}

function parsedMap(given: unknown, attribute: string): Partial<SourceMap> {
  if (given === undefined || given === null || given === '') return {};
  let value: unknown = given;
  if (typeof given === 'string') {
    try {
      value = JSON.parse(given) as unknown;
    } catch {
      value = undefined;
    }
  }
  if (!isObject(value)) {
    warn(`${attribute}=${shown(given)} is not a JSON object ({"levels": {...}, "purposes": {...}}); using the default map.`);
    return {};
  }
  const parsed: Partial<SourceMap> = {};
  const levels = Object.hasOwn(value, 'levels') ? keyLists(value['levels'], `${attribute} levels`) : undefined;
  if (levels) {
    const unknown = Object.keys(levels).filter((level) => !isConsentLevel(level));
    if (unknown.length > 0) warn(`${attribute} levels: ${unknown.map(shown).join(', ')} are not consent levels; ignored.`);
    parsed.levels = Object.fromEntries(Object.entries(levels).filter(([level]) => isConsentLevel(level)));
  }
  const purposes = Object.hasOwn(value, 'purposes') ? keyLists(value['purposes'], `${attribute} purposes`) : undefined;
  if (purposes) parsed.purposes = purposes;
  return parsed;
}

/** `{name: ["key", ...]}` with own entries only; entries that are no list of text are left out with a warning. */
function keyLists(value: unknown, label: string): Record<string, string[]> | undefined {
  if (!isObject(value)) {
    warn(`${label}=${shown(value)} is not an object of key lists; using the default.`);
    return undefined;
  }
  const lists: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, keys] of Object.entries(value)) {
    if (Array.isArray(keys) && keys.length > 0 && keys.every((key) => typeof key === 'string' && key !== '')) {
      lists[name] = keys as string[];
    } else {
      warn(`${label}: ${shown(name)} needs a non-empty list of keys, not ${shown(keys)}; it is never granted.`);
    }
  }
  return lists;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The manager's decision in our terms: see `SourceMap`. */
export function decisionFrom(
  map: SourceMap,
  granted: GrantedKey,
  options: Pick<ConsentOptions, 'purposes' | 'acceptLevel' | 'rejectLevel'>,
): SourceDecision {
  const allGranted = (keys: readonly string[] | undefined): boolean => keys !== undefined && keys.every((key) => granted(key));
  const level = CONSENT_LEVELS.find((candidate) => allGranted(map.levels[candidate])) ?? options.rejectLevel;
  return {
    level: morePrivate(level, options.acceptLevel),
    purposes: options.purposes.filter((purpose) => Object.hasOwn(map.purposes, purpose) && allGranted(map.purposes[purpose])),
  };
}
