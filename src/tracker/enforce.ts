import { ConsentLevel } from '../consent/levels.js';
import { warn } from '../util/log.js';
import { randomUuid } from '../consent/random-id.js';
import { CONSENT_ENTITY_PREFIXES } from '../consent/consent-entity.js';

/**
 * The last check on a Snowplow event: given the level in force when it is tracked or sent, the event is
 * dropped (`none`) or leaves with only what the level allows. Pure: the callers (the guard plugin at
 * track time, the guarded fetch at send time) read the level and hold the page view ids.
 */

export const NULL_UUID = '00000000-0000-0000-0000-000000000000';
const IGLU = 'iglu:';
const CLIENT_SESSION = 'com.snowplowanalytics.snowplow/client_session/';
const WEB_PAGE = 'com.snowplowanalytics.snowplow/web_page/';
const BROWSER_CONTEXT = 'com.snowplowanalytics.snowplow/browser_context/';

/**
 * Entities kept below `full`: those known to carry no identifier of a person or a device. Any other entity
 * (a plugin's, a vendor's, one added next year) is removed below `full` unless the site declares it safe.
 * - `web_page`: the page view id, replaced by one of its own for each level (`PageViewIds`);
 * - `client_session`: kept or removed by the session rule of the level (`enforceEvent`);
 * - `browser_context`: screen, viewport, languages; its tab id is removed below `full`;
 * - `application`: the site's app version; `activity_metrics`: engagement counters of page pings;
 * - `consent_document`, `consent_preferences`, `cmp_visible`: what a consent event says about a decision;
 * - `gdpr`, and this library's `consent_state`: the consent an event was sent under (the guard adds them as it
 *   leaves: consent/consent-entity.ts);
 * - the ecommerce `product` (a catalogue item) and `page` (page type, language);
 * - `org.w3/PerformanceTiming`: navigation timestamps (the performance timing plugin).
 */
export const DEFAULT_SAFE_ENTITIES = [
  WEB_PAGE,
  CLIENT_SESSION,
  BROWSER_CONTEXT,
  'com.snowplowanalytics.snowplow/application/',
  'com.snowplowanalytics.snowplow/activity_metrics/',
  'com.snowplowanalytics.snowplow/consent_document/',
  'com.snowplowanalytics.snowplow/consent_preferences/',
  'com.snowplowanalytics.snowplow/cmp_visible/',
  // gdpr and consent_state
  ...CONSENT_ENTITY_PREFIXES.map((prefix) => prefix.slice(IGLU.length)),
  'com.snowplowanalytics.snowplow.ecommerce/product/',
  'com.snowplowanalytics.snowplow.ecommerce/page/',
  'org.w3/PerformanceTiming/',
];

/**
 * Entities removed below `full` even when declared safe: the ecommerce user and the Google Analytics
 * cookies (Universal Analytics and GA4), whose ids a site might otherwise list in `safe-entities` by mistake.
 */
export const DEFAULT_IDENTITY_ENTITIES = [
  'com.snowplowanalytics.snowplow.ecommerce/user/',
  'com.google.analytics/cookies/',
  'com.google.ga4/cookies/',
];

/** Query parameters that identify a visitor across sites: ad click ids. `_sp` (the linker's) always goes too. */
export const DEFAULT_URL_IDENTIFIERS = [
  'gclid',
  'fbclid',
  'msclkid',
  'dclid',
  'gbraid',
  'wbraid',
  'twclid',
  'li_fat_id',
  'ttclid',
];
const CROSS_DOMAIN_PARAMETER = '_sp';

/** What, besides the level table, decides what leaves below `full`. */
export interface EnforcementPolicy {
  /** Iglu schema prefixes (`vendor/name/`) of the only entities kept below `full`. */
  safeEntities: readonly string[];
  /** Iglu schema prefixes of entities removed below `full` even when they are in `safeEntities`. */
  identityEntities: readonly string[];
  /** URL query parameters removed from `url` and `refr` below `full` (`_sp` is always removed). */
  urlIdentifiers: readonly string[];
}

export const DEFAULT_POLICY: EnforcementPolicy = {
  safeEntities: DEFAULT_SAFE_ENTITIES,
  identityEntities: DEFAULT_IDENTITY_ENTITIES,
  urlIdentifiers: DEFAULT_URL_IDENTIFIERS,
};

/** How a site adds to the policy: `safe-entities`, `identity-entities` and `url-identifiers`, space or comma separated. */
export interface EnforcementSettings {
  safeEntities?: string | readonly string[] | undefined;
  identityEntities?: string | readonly string[] | undefined;
  urlIdentifiers?: string | readonly string[] | undefined;
}

const SCHEMA_PREFIX = /^(?:iglu:)?([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\/?$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/**
 * `safe-entities` adds entities (`vendor/name`) to those kept below `full`; `identity-entities` adds
 * entities removed below `full` whatever else says; `url-identifiers` replaces the list of click ids removed
 * from URLs. Bad names are dropped with a warning that names them.
 */
export function resolveEnforcementPolicy(
  settings: EnforcementSettings,
  label: (key: keyof EnforcementSettings) => string = (key) => key,
): EnforcementPolicy {
  const identityEntities = [...DEFAULT_IDENTITY_ENTITIES, ...schemaPrefixes(settings, 'identityEntities', label)];
  const declaredSafe = schemaPrefixes(settings, 'safeEntities', label);
  const neverSafe = declaredSafe.filter((prefix) => identityEntities.includes(prefix));
  if (neverSafe.length > 0) {
    warn(
      `${label('safeEntities')} names entities that identify a person (${neverSafe.join(', ')}); they are still removed below full.`,
    );
  }
  let urlIdentifiers = DEFAULT_URL_IDENTIFIERS;
  if (settings.urlIdentifiers !== undefined) {
    const given = listOf(settings.urlIdentifiers);
    urlIdentifiers = given.filter((name) => PARAMETER_NAME.test(name));
    const bad = given.filter((name) => !PARAMETER_NAME.test(name));
    if (bad.length > 0) {
      warn(
        `${label('urlIdentifiers')}=${JSON.stringify(settings.urlIdentifiers)} has names that are not URL parameters (${bad.join(', ')}); using ${JSON.stringify(urlIdentifiers)}.`,
      );
    }
  }
  return { safeEntities: [...DEFAULT_SAFE_ENTITIES, ...declaredSafe], identityEntities, urlIdentifiers };
}

function listOf(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? value.split(/[\s,]+/) : value.map(String)).map((item) => item.trim()).filter(Boolean);
}

/** The `vendor/name/` prefixes of one setting; names that are no such schema are dropped with a warning. */
function schemaPrefixes(
  settings: EnforcementSettings,
  key: 'safeEntities' | 'identityEntities',
  label: (key: keyof EnforcementSettings) => string,
): string[] {
  const value = settings[key];
  if (value === undefined) return [];
  const given = listOf(value);
  const prefixes = given.flatMap((name) => {
    const match = SCHEMA_PREFIX.exec(name);
    return match ? [`${match[1]}/`] : [];
  });
  const bad = given.filter((name) => !SCHEMA_PREFIX.test(name));
  if (bad.length > 0) {
    warn(
      `${label(key)}=${JSON.stringify(value)} has names that are not "vendor/name" Iglu schemas (${bad.join(', ')}); using ${JSON.stringify(prefixes)}.`,
    );
  }
  return prefixes;
}

/**
 * Page view ids (the `web_page` entity) by level: the level an id was first tracked or sent at keeps
 * it; any other level gets a fresh id of its own, so events of two levels are never linked by it.
 */
export class PageViewIds {
  private readonly firstLevel = new Map<string, ConsentLevel>();
  private readonly replacements = new Map<string, string>();

  idFor(original: string, level: ConsentLevel): string {
    const first = this.firstLevel.get(original);
    if (first === undefined) {
      this.firstLevel.set(original, level);
      return original;
    }
    if (first === level) return original;
    const key = `${original} ${level}`;
    let replacement = this.replacements.get(key);
    if (replacement === undefined) {
      replacement = randomUuid();
      this.replacements.set(key, replacement);
    }
    return replacement;
  }
}

/** One copy of this library has one map of page view ids, shared by every tracker it guards. */
export const pageViewIds = new PageViewIds();

/** A tracker payload: the name/value pairs of one event, as the tracker sends them. */
export type EventPayload = Record<string, unknown>;

export interface Entity {
  schema: string;
  data: Record<string, unknown>;
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * Rewrites `payload` in place for `level`; false when the event must not leave at all. Safe to apply
 * twice (at track time and again at send time).
 */
export function enforceEvent(
  payload: EventPayload,
  level: ConsentLevel,
  policy: EnforcementPolicy = DEFAULT_POLICY,
  ids: PageViewIds = pageViewIds,
): boolean {
  if (level === ConsentLevel.None) return false;
  const contexts = readEntities(payload);
  const entities = contexts?.entities ?? [];
  const session = entities.find((entity) => schemaOf(entity).startsWith(CLIENT_SESSION));
  // Tracked under a level that allowed a device or user id: its session belongs to that identity.
  const trackedIdentified =
    present(payload['duid']) || present(payload['uid']) || (session !== undefined && session.data['userId'] !== NULL_UUID);

  let kept = entities;
  if (level !== ConsentLevel.Full) {
    for (const field of ['uid', 'duid', 'nuid', 'tnuid']) delete payload[field];
    const keepSession = level === ConsentLevel.Session && !trackedIdentified;
    if (!keepSession) for (const field of ['sid', 'vid']) delete payload[field];
    kept = entities.filter((entity) => {
      const schema = schemaOf(entity);
      if (schema.startsWith(CLIENT_SESSION)) return keepSession;
      if (policy.identityEntities.some((prefix) => schema.startsWith(prefix))) return false;
      // Fail closed: an entity nobody said is safe may carry an identifier nobody foresaw.
      return policy.safeEntities.some((prefix) => schema.startsWith(prefix));
    });
    for (const field of ['url', 'refr']) {
      if (typeof payload[field] === 'string') payload[field] = withoutParameters(payload[field], policy.urlIdentifiers);
    }
  }
  kept = kept.map((entity) => {
    const schema = schemaOf(entity);
    if (schema.startsWith(WEB_PAGE) && typeof entity.data['id'] === 'string') {
      return { ...entity, data: { ...entity.data, id: ids.idFor(entity.data['id'], level) } };
    }
    // The tab id lasts as long as the tab; the tracker itself sends it in no anonymous mode.
    if (schema.startsWith(BROWSER_CONTEXT) && level !== ConsentLevel.Full && entity.data['tabId']) {
      return { ...entity, data: { ...entity.data, tabId: null } };
    }
    return entity;
  });
  if (contexts) writeEntities(payload, contexts, kept);
  return true;
}

function schemaOf(entity: Entity): string {
  return entity.schema.startsWith(IGLU) ? entity.schema.slice(IGLU.length) : entity.schema;
}

/** Where an event's entities are (`co`, or `cx` base64url-encoded) and their envelope. */
export interface Contexts {
  key: 'co' | 'cx';
  envelope: { schema?: unknown; data: Entity[] };
}

/** The event's valid entities; undefined when it has none (unreadable ones are removed from the payload). */
export function readEntities(payload: EventPayload): (Contexts & { entities: Entity[] }) | undefined {
  const key = typeof payload['co'] === 'string' ? 'co' : typeof payload['cx'] === 'string' ? 'cx' : undefined;
  if (!key) return undefined;
  try {
    const text = key === 'co' ? (payload['co'] as string) : decodeBase64Url(payload['cx'] as string);
    const envelope = JSON.parse(text) as { schema?: unknown; data?: unknown };
    if (!Array.isArray(envelope.data)) return undefined;
    // An entity without a schema or data is not valid for the pipeline either.
    const entities = (envelope.data as unknown[]).filter(
      (entity): entity is Entity =>
        typeof (entity as Entity | null)?.schema === 'string' &&
        typeof (entity as Entity).data === 'object' &&
        (entity as Entity).data !== null,
    );
    return { key, envelope: { ...envelope, data: entities }, entities };
  } catch {
    // Unreadable entities cannot be checked: they do not leave.
    delete payload[key];
    return undefined;
  }
}

/** Puts `entities` where `contexts` says, or removes the field when there are none. */
export function writeEntities(payload: EventPayload, contexts: Contexts, entities: Entity[]): void {
  delete payload[contexts.key];
  if (entities.length === 0) return;
  const text = JSON.stringify({ ...contexts.envelope, data: entities });
  payload[contexts.key] = contexts.key === 'co' ? text : encodeBase64Url(text);
}

/** `url` without the linker's `_sp` and the given parameters; anything unparsable is left as it is. */
export function withoutParameters(value: string, names: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const remove = new Set([CROSS_DOMAIN_PARAMETER, ...names]);
  const before = [...url.searchParams.keys()];
  if (!before.some((name) => remove.has(name))) return value;
  for (const name of new Set(before)) if (remove.has(name)) url.searchParams.delete(name);
  return url.href;
}

export function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
