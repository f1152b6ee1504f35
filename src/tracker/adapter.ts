import type { ConsentLevel } from '../consent/levels.js';
import { safeLocalStorage, safeSessionStorage, type SafeCookies } from '../consent/storage.js';
import type { TrackerCall, TrackerPlan } from './plan.js';

/** A self-describing event, as every Snowplow tracker API takes it. */
export interface SelfDescribingJson {
  schema: string;
  data: Record<string, unknown>;
}

/**
 * One consumer of the level: a way of reaching Snowplow trackers (the npm API, the JS tag queue), or
 * another bridge (Google Consent Mode, content that waits for consent). The consent manager talks to
 * adapters only; adding a bridge means adding an adapter, not a branch elsewhere.
 */
export interface TrackerAdapter {
  /** Puts the driven trackers into `level`'s mode by executing `plan`. */
  apply(plan: TrackerPlan, level: ConsentLevel): void;
  trackPageView(): void;
  trackSelfDescribingEvent(event: SelfDescribingJson): void;
  /** Lets go of page resources (observers, timers) when the consent manager is disposed. */
  dispose?(): void;
}

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
