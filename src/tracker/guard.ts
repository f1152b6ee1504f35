import { ConsentLevel } from '../consent/levels.js';

/**
 * A last check on every event, after the tracker has filled it in and before it is queued: if an event
 * carries an identifier its level forbids, it is dropped. The tracker modes from `plan.ts` should never
 * produce one; this keeps that promise even if a site calls the tracker in ways we did not plan for.
 */

export const NULL_UUID = '00000000-0000-0000-0000-000000000000';
const CLIENT_SESSION_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/client_session/';

/** What an event looks like to a tracker plugin: the wire payload, entities JSON in `co` or base64 in `cx`. */
export type WirePayload = Record<string, unknown>;

interface Entity {
  schema: string;
  data: Record<string, unknown>;
}

/** The fields of `payload` that `level` does not allow; empty when the event may be sent. */
export function forbiddenFields(level: ConsentLevel, payload: WirePayload): string[] {
  if (level === ConsentLevel.None) return ['(any event)'];
  if (level === ConsentLevel.Full) return [];
  const present = (key: string): boolean => payload[key] !== undefined && payload[key] !== null && payload[key] !== '';
  const found = ['uid', 'duid'].filter(present);
  const session = entities(payload).find((e) => e.schema.startsWith(CLIENT_SESSION_SCHEMA));
  if (level === ConsentLevel.Session) {
    if (session && session.data['userId'] !== NULL_UUID) found.push('client_session.userId');
    return found;
  }
  found.push(...['sid', 'vid'].filter(present));
  if (session) found.push('client_session');
  return found;
}

function entities(payload: WirePayload): Entity[] {
  try {
    const json =
      typeof payload['co'] === 'string'
        ? payload['co']
        : typeof payload['cx'] === 'string'
          ? decodeBase64Url(payload['cx'])
          : undefined;
    if (json === undefined) return [];
    const parsed = JSON.parse(json) as { data?: unknown };
    return Array.isArray(parsed.data) ? (parsed.data as Entity[]).filter((e) => typeof e?.schema === 'string') : [];
  } catch {
    return [];
  }
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The part of a Snowplow browser tracker the guard plugin touches. */
interface GuardedTracker {
  id: string;
  setOptOutCookie(name?: string | null): void;
}

/** A Snowplow browser plugin, typed structurally so this module stays free of the tracker package. */
export interface GuardPlugin {
  activateBrowserPlugin(tracker: GuardedTracker): void;
  filter(payload: WirePayload): boolean;
}

/**
 * The level every guard plugin of this page checks against. One per copy of this library, written
 * only by `applyGuardLevel` (the tracker adapter and the tracker-config helper).
 */
let guardedLevel: ConsentLevel = ConsentLevel.None;
const guardedTrackers = new Set<string>();

export function applyGuardLevel(level: ConsentLevel): void {
  guardedLevel = level;
}

/**
 * A guard plugin for one tracker. Adding it twice to the same tracker is harmless: the second copy
 * stays inert. When the level is `none` it also points the tracker at the opt-out cookie.
 */
export function createGuardPlugin(optOutCookieName: string): GuardPlugin {
  let active = false;
  return {
    activateBrowserPlugin(tracker) {
      active = !guardedTrackers.has(tracker.id);
      guardedTrackers.add(tracker.id);
      if (active && guardedLevel === ConsentLevel.None) tracker.setOptOutCookie(optOutCookieName);
    },
    filter(payload) {
      if (!active) return true;
      const fields = forbiddenFields(guardedLevel, payload);
      if (fields.length === 0) return true;
      if (guardedLevel !== ConsentLevel.None) {
        console.error(`[consent-banner] dropped an event that carried ${fields.join(', ')} at level "${guardedLevel}".`);
      }
      return false;
    },
  };
}
