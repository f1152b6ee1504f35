import { ConsentLevel } from '../consent/levels.js';
import type { ConsentOptions } from '../consent/options.js';
import { optOutCookieName, pageConsentGate, type ConsentGate } from '../consent/stored-decision.js';
import { enforceEvent, type EnforcementPolicy, type EventPayload } from './enforce.js';

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
}

/** The guard of these settings on this page. */
export function pageGuard(options: ConsentOptions, policy: EnforcementPolicy): Guard {
  return { gate: pageConsentGate(options), policy, optOutCookieName: optOutCookieName(options.cookieName) };
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
      return !active || enforceEvent(payload, guard.gate.level(), guard.policy);
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
    const level = guard.gate.level();
    if (level === ConsentLevel.None) return notSent();
    const url = new URL(request.url);
    let body: string | undefined;
    if (request.method === 'POST') {
      const text = await request.text();
      const batch = parseBatch(text);
      if (!batch) return level === ConsentLevel.Full ? send(rebuild(request, url, text, level)) : notSent();
      batch.data = batch.data.filter((event) => enforceEvent(event, level, guard.policy));
      if (batch.data.length === 0) return notSent();
      body = JSON.stringify(batch);
    } else if (url.searchParams.has('e')) {
      const event: EventPayload = Object.fromEntries(url.searchParams);
      if (!enforceEvent(event, level, guard.policy)) return notSent();
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
