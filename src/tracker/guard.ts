import type { ConsentBridge } from '../consent/bridge.js';
import {
  CONSENT_ENTITY_PREFIXES,
  consentStateEntity,
  declaredEntitySettings,
  gdprEntity,
  type ConsentEntitySettings,
  type DecisionInForce,
} from '../consent/consent-entity.js';
import { CONSENT_PREFERENCES_SCHEMA } from '../consent/consent-events.js';
import { ConsentLevel } from '../consent/levels.js';
import type { ConsentOptions } from '../consent/options.js';
import { optOutCookieName, pageConsentGate, type ConsentGate } from '../consent/stored-decision.js';
import { OUT_QUEUE_PREFIX } from './adapter.js';
import {
  decodeBase64Url,
  enforceEvent,
  readEntities,
  writeEntities,
  type EnforcementPolicy,
  type EventPayload,
} from './enforce.js';

/**
 * Where the level is enforced on every Snowplow tracker this library can reach: a plugin that checks each
 * event as it is tracked, and a `customFetch` that checks each request as it leaves, queued events and
 * retries included. Both read the level in force at that moment from the stored decision.
 * What each hook covers: docs/tracker-behaviour.md.
 */
export interface Guard {
  gate: ConsentGate;
  policy: EnforcementPolicy;
  /** The opt-out cookie trackers are pointed at when they join at level `none`. */
  optOutCookieName: string;
  /** The settings of the consent entities every event gets as it leaves, read then; none without. */
  consentEntities?: () => ConsentEntitySettings | undefined;
}

/** The guard of these settings on this page; its consent entities are those a consent manager of its cookie declared. */
export function pageGuard(options: ConsentOptions, policy: EnforcementPolicy): Guard {
  return {
    gate: pageConsentGate(options),
    policy,
    optOutCookieName: optOutCookieName(options.cookieName),
    consentEntities: () => declaredEntitySettings(options.cookieName),
  };
}

/** The part of a Snowplow browser tracker the guard plugin touches. */
interface GuardedTracker {
  id: string;
  setOptOutCookie(name?: string | null): void;
}

/** A Snowplow browser plugin, typed structurally so this module stays free of the tracker package. */
export interface GuardPlugin {
  activateBrowserPlugin(tracker: GuardedTracker): void;
  filter(payload: EventPayload): boolean;
}

/** Trackers of this page that already have a guard: a second one stays inert. */
const guardedTrackers = new Set<string>();

/**
 * The events the guard plugins let through, with the policy they were checked with. They are the very objects
 * the trackers keep in their in-memory queues and copy to localStorage on every change of the queue, so
 * rewriting them in place is what keeps a downgraded queue from being stored again with its identifiers.
 * Held weakly: an event sent and out of its queue is forgotten.
 */
const passedEvents = new Set<WeakRef<EventPayload>>();
const passedPolicies = new WeakMap<EventPayload, EnforcementPolicy>();
/** Past this many references, those of events gone are dropped (a tracker queues 1000 at most by default). */
const PRUNE_ABOVE = 2000;

function rememberPassed(payload: EventPayload, policy: EnforcementPolicy): void {
  passedPolicies.set(payload, policy);
  passedEvents.add(new WeakRef(payload));
  if (passedEvents.size > PRUNE_ABOVE) for (const ref of passedEvents) if (!ref.deref()) passedEvents.delete(ref);
}

function rewritePassedEvents(level: ConsentLevel): void {
  for (const ref of passedEvents) {
    const payload = ref.deref();
    const policy = payload && passedPolicies.get(payload);
    if (payload && policy) enforceEvent(payload, level, policy);
    else passedEvents.delete(ref);
  }
}

/**
 * Runs after the tracker has filled the event in, before it is queued. The payload it is given is the
 * one the tracker queues, so identifiers the level forbids are removed there, not only detected.
 */
export function createGuardPlugin(guard: Guard): GuardPlugin {
  let active = false;
  return {
    activateBrowserPlugin(tracker) {
      active = !guardedTrackers.has(tracker.id);
      guardedTrackers.add(tracker.id);
      if (active && guard.gate.level() === ConsentLevel.None) tracker.setOptOutCookie(guard.optOutCookieName);
    },
    filter(payload) {
      if (!active) return true;
      const passes = enforceEvent(payload, guard.gate.level(), guard.policy);
      if (passes) rememberPassed(payload, guard.policy);
      return passes;
    },
  };
}

export type FetchFunction = (input: Request, init?: RequestInit) => Promise<Response>;

const PAYLOAD_DATA = 'iglu:com.snowplowanalytics.snowplow/payload_data/';

/** Nothing was sent; the tracker takes it as delivered and forgets the events. */
function notSent(): Response {
  return new Response(null, { status: 204 });
}

/**
 * A `customFetch` for a tracker: every request is rewritten for the level in force when it leaves,
 * and dropped at `none`. Requests that are not events (the cookie extension service) leave at `full` only.
 */
export function guardedFetch(guard: Guard, send: FetchFunction = (input, init) => fetch(input, init)): FetchFunction {
  const guarded: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const decision = guard.gate.decision();
    const level = decision.level;
    if (level === ConsentLevel.None) return notSent();
    const settings = guard.consentEntities?.();
    const withEntities = async (event: EventPayload): Promise<void> => {
      if (settings) await addConsentEntities(event, decision, settings);
    };
    const url = new URL(request.url);
    let body: string | undefined;
    if (request.method === 'POST') {
      const text = await request.text();
      const batch = parseBatch(text);
      if (!batch) return level === ConsentLevel.Full ? send(rebuild(request, url, text, level)) : notSent();
      batch.data = batch.data.filter((event) => enforceEvent(event, level, guard.policy));
      if (batch.data.length === 0) return notSent();
      await Promise.all(batch.data.map(withEntities));
      body = JSON.stringify(batch);
    } else if (url.searchParams.has('e')) {
      const event: EventPayload = Object.fromEntries(url.searchParams);
      if (!enforceEvent(event, level, guard.policy)) return notSent();
      await withEntities(event);
      url.search = new URLSearchParams(event as Record<string, string>).toString();
    } else if (level !== ConsentLevel.Full) {
      return notSent();
    }
    return send(rebuild(request, url, body, level));
  };
  guardedFetches.add(guarded);
  return guarded;
}

const guardedFetches = new WeakSet<FetchFunction>();

// The consent entities, added to each event as it leaves (see consent/consent-entity.ts).

const CONSENT_PREFERENCES = CONSENT_PREFERENCES_SCHEMA.slice(0, CONSENT_PREFERENCES_SCHEMA.indexOf('jsonschema/'));
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';

/**
 * Adds the entities of the decision in force, replacing any the event carried (an event speaks of one decision:
 * the one it is sent under), where the tracker put its entities (`co`, or `cx` base64url-encoded; `cx` when none).
 */
async function addConsentEntities(
  payload: EventPayload,
  decision: DecisionInForce,
  settings: ConsentEntitySettings,
): Promise<void> {
  const contexts = readEntities(payload) ?? { key: 'cx', envelope: { schema: CONTEXTS, data: [] }, entities: [] };
  const entities = contexts.entities.filter(
    (entity) => !CONSENT_ENTITY_PREFIXES.some((prefix) => entity.schema.startsWith(prefix)),
  );
  entities.push(gdprEntity(decision, settings));
  if (settings.stateEntity) entities.push(await consentStateEntity(decision, settings, isDecisionEvent(payload)));
  writeEntities(payload, contexts, entities);
}

/** A consent event that records a decision (any type but `pending`). */
function isDecisionEvent(payload: EventPayload): boolean {
  let event: { data?: { schema?: unknown; data?: { eventType?: unknown } } } | undefined;
  try {
    if (typeof payload['ue_pr'] === 'string') event = JSON.parse(payload['ue_pr']) as typeof event;
    else if (typeof payload['ue_px'] === 'string') event = JSON.parse(decodeBase64Url(payload['ue_px'])) as typeof event;
  } catch {
    // An unreadable event is no decision event.
  }
  const recorded = event?.data;
  return (
    typeof recorded?.schema === 'string' &&
    recorded.schema.startsWith(CONSENT_PREFERENCES) &&
    recorded.data?.eventType !== 'pending'
  );
}

/** True for a fetch made by `guardedFetch` (a configuration from `withConsent()` is guarded already). */
export function isGuardedFetch(fn: FetchFunction): boolean {
  return guardedFetches.has(fn);
}

function parseBatch(text: string): { schema: string; data: EventPayload[] } | undefined {
  try {
    const batch = JSON.parse(text) as { schema?: unknown; data?: unknown };
    if (typeof batch.schema !== 'string' || !batch.schema.startsWith(PAYLOAD_DATA) || !Array.isArray(batch.data))
      return undefined;
    return batch as { schema: string; data: EventPayload[] };
  } catch {
    return undefined;
  }
}

function rebuild(request: Request, url: URL, body: string | undefined, level: ConsentLevel): Request {
  const headers = new Headers(request.headers);
  // Tells the collector to keep no network id and no IP for this request.
  if (level === ConsentLevel.Cookieless) headers.set('SP-Anonymous', '*');
  return new Request(url.href, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
    // Below `full` no cookie of the site rides along: a `_sp_id` or `_ga` the tracker or another tag left, or the
    // collector's own network id cookie, would identify the visitor whatever the payload says.
    credentials: level === ConsentLevel.Full ? request.credentials : 'omit',
    // The page's URL in the Referer header would carry what `url` no longer does (click ids, `_sp`).
    referrerPolicy: level === ConsentLevel.Full ? request.referrerPolicy : 'origin',
    keepalive: request.keepalive,
    mode: request.mode,
    signal: request.signal,
  });
}

/**
 * Queued events keep the identifiers of the level they were tracked at. On a level change below `full` this
 * bridge rewrites them for the new level: the events the trackers still hold in memory (so the next copy they
 * store holds no identifier) and every tracker's queue stored in localStorage, driven by the element or not.
 */
export function createQueueGuard(guard: Guard): ConsentBridge {
  return {
    applyLevel({ to }) {
      if (to === ConsentLevel.Full) return;
      // At `none` nothing leaves and the driven trackers store nothing: the events in memory stay as they are.
      if (to !== ConsentLevel.None) rewritePassedEvents(to);
      rewriteStoredQueues(to, guard.policy);
    },
  };
}

function rewriteStoredQueues(level: ConsentLevel, policy: EnforcementPolicy): void {
  try {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(OUT_QUEUE_PREFIX)) continue;
      const stored = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
      // A queue this library cannot read is not kept: it may hold anything.
      if (!Array.isArray(stored)) {
        localStorage.removeItem(key);
        continue;
      }
      const kept = stored.filter((item: { payload?: unknown }) => {
        const payload = item?.payload;
        return typeof payload === 'object' && payload !== null && enforceEvent(payload as EventPayload, level, policy);
      });
      localStorage.setItem(key, JSON.stringify(kept));
    }
  } catch {
    // Storage that cannot be read or written holds nothing more after this than before.
  }
}
