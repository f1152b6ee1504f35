import type { ConsentBridge, LevelChange } from '../consent/bridge.js';
import type { ConsentLevel } from '../consent/levels.js';
import { safeLocalStorage, safeSessionStorage, type SafeCookies } from '../consent/storage.js';
import { planAnonymize, planIdentify, planLevelChange, type TrackerCall, type TrackerPlan } from './plan.js';

/**
 * What the Snowplow bridges (npm API, JS tag) have in common: the pure plan of `plan.ts`, run on their
 * trackers. Each bridge only says how a call reaches its trackers (`PlanTarget`).
 */

export interface PlanTarget {
  /** Sends one call to the driven trackers. */
  dispatch(call: TrackerCall): void;
  /** The localStorage keys of the driven trackers' event queues. */
  outQueueKeys(): string[];
  cookies: SafeCookies;
  optOutCookieName: string;
  /** Runs `task` once the driven trackers have carried out the calls (the JS tag runs them later). */
  afterCalls?(task: () => void): void;
}

/** The level change, `identify()` and `anonymize()` of a Snowplow bridge, as plans run on `target`. */
export function plannedCalls(target: PlanTarget): Required<Pick<ConsentBridge, 'applyLevel' | 'identify' | 'anonymize'>> {
  return {
    applyLevel: (change: LevelChange) => executePlan(planFor(change, target.optOutCookieName), target),
    identify: (userId: string, level: ConsentLevel) => executePlan(planIdentify(level, userId), target),
    anonymize: () => executePlan(planAnonymize(), target),
  };
}

/** The plan of a level change; at page start it asks the browser whether a device id is stored. */
export function planFor(change: LevelChange, optOutCookieName: string): TrackerPlan {
  return planLevelChange(change.from, change.to, {
    optOutCookieName,
    userId: change.userId,
    storedDeviceId: storedDeviceIdPresent,
  });
}

/** Runs a plan in its fixed order: opt-out cookie first when stopping, tracker calls, then clean-up. */
export function executePlan(plan: TrackerPlan, target: PlanTarget): void {
  if (plan.optOutCookie === 'write') target.cookies.set(target.optOutCookieName, '1');
  for (const call of plan.calls) target.dispatch(call);
  if (plan.optOutCookie === 'remove' && target.cookies.get(target.optOutCookieName) !== undefined) {
    target.cookies.remove(target.optOutCookieName);
  }
  if (plan.removeOutQueue) {
    const removeStoredState = (): void => {
      target.outQueueKeys().forEach((key) => safeLocalStorage.remove(key));
      safeSessionStorage.remove(TAB_ID_KEY);
    };
    removeStoredState();
    // A tracker that carries out the calls later could store its queue again meanwhile.
    target.afterCalls?.(removeStoredState);
  }
}

/** The tracker's tab id (sent in `browser_context` at `full` only), shared by all its trackers. */
const TAB_ID_KEY = '_sp_tab_id';

export const OUT_QUEUE_PREFIX = 'snowplowOutQueue_';

/** Queue keys: exactly those of the named trackers, or every tracker's when all are driven. */
export function outQueueKeysFor(trackerIds: string[] | undefined): string[] {
  if (trackerIds) return trackerIds.map((id) => OUT_QUEUE_PREFIX + id);
  return safeLocalStorage.keys().filter((key) => key.startsWith(OUT_QUEUE_PREFIX));
}

/**
 * True when a Snowplow device-id cookie (or its localStorage copy) holds a device id: the state an
 * identified level leaves behind. The first dot-separated field of `_sp_id.*` is the device id; it is
 * blank when written in anonymous mode.
 */
export function storedDeviceIdPresent(): boolean {
  let cookieHeader = '';
  try {
    cookieHeader = document.cookie;
  } catch {
    // Unreadable cookies hold nothing we could send.
  }
  const read = (key: string): string | null => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  return hasStoredDeviceId(cookieHeader, safeLocalStorage.keys(), read);
}

/** The pure part of `storedDeviceIdPresent`. */
export function hasStoredDeviceId(
  cookieHeader: string,
  storageKeys: string[],
  readStorage: (key: string) => string | null,
): boolean {
  const filled = (value: string | null | undefined): boolean => !!value && !decodeSafe(value).startsWith('.');
  const fromCookies = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('_sp_id.'))
    .some((part) => filled(part.slice(part.indexOf('=') + 1)));
  return fromCookies || storageKeys.filter((key) => key.startsWith('_sp_id.')).some((key) => filled(readStorage(key)));
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
