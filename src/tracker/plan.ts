import { ConsentLevel, isDowngrade } from '../consent/levels.js';

/**
 * The pure mapping from consent levels to Snowplow tracker calls. Every adapter (npm API, JS tag queue)
 * executes the same plan, so the level table and the downgrade clean-up live here and only here.
 * Measured behaviour and traps: docs/tracker-behaviour.md.
 */

export type StateStorageStrategy = 'cookieAndLocalStorage' | 'none';

export interface AnonymousTrackingOptions {
  withSessionTracking?: boolean;
  withServerAnonymisation?: boolean;
}

/** Always clear both: a preserved session or user id would link anonymous events to identified ones. */
export const CLEAR_EVERYTHING = { preserveSession: false, preserveUser: false } as const;

export type TrackerCall =
  | {
      method: 'enableAnonymousTracking';
      config: { options: AnonymousTrackingOptions; stateStorageStrategy: StateStorageStrategy };
    }
  | { method: 'disableAnonymousTracking'; config: { stateStorageStrategy: StateStorageStrategy } }
  | { method: 'clearUserData'; config: typeof CLEAR_EVERYTHING }
  | { method: 'setUserId'; userId: string | null }
  | { method: 'setOptOutCookie'; name: string };

export interface TrackerPlan {
  /** Tracker calls, in order. */
  calls: TrackerCall[];
  /**
   * The opt-out cookie that stops every event: written before the calls (nothing may slip out while
   * switching), removed after them. Undefined: leave it as it is.
   */
  optOutCookie?: 'write' | 'remove';
  /**
   * Remove the tracker's event queue from localStorage (switching strategy does not delete it), and the
   * tab id from sessionStorage: both were written under a level that allowed more.
   */
  removeOutQueue: boolean;
}

/** The mode a level needs, as `newTracker` configuration or as the argument of the toggle calls. */
export interface TrackerMode {
  anonymousTracking: false | AnonymousTrackingOptions;
  stateStorageStrategy: StateStorageStrategy;
}

export function trackerModeFor(level: ConsentLevel): TrackerMode {
  switch (level) {
    case ConsentLevel.Full:
      return { anonymousTracking: false, stateStorageStrategy: 'cookieAndLocalStorage' };
    case ConsentLevel.Session:
      return { anonymousTracking: { withSessionTracking: true }, stateStorageStrategy: 'cookieAndLocalStorage' };
    case ConsentLevel.Anonymous:
      return { anonymousTracking: {}, stateStorageStrategy: 'cookieAndLocalStorage' };
    case ConsentLevel.Cookieless:
    case ConsentLevel.None:
      // `none` is also stopped by the opt-out cookie; in this mode construction writes nothing either.
      return { anonymousTracking: { withServerAnonymisation: true }, stateStorageStrategy: 'none' };
  }
}

/** The call that puts a running tracker into a level's mode, strategy always explicit (it is sticky otherwise). */
function modeCall(level: ConsentLevel): TrackerCall {
  const { anonymousTracking, stateStorageStrategy } = trackerModeFor(level);
  if (anonymousTracking === false) return { method: 'disableAnonymousTracking', config: { stateStorageStrategy } };
  // The flags must be wrapped in `options`: unwrapped, server anonymisation is silently dropped.
  return { method: 'enableAnonymousTracking', config: { options: anonymousTracking, stateStorageStrategy } };
}

export interface LevelChangeContext {
  /** The name of the opt-out cookie that the tracker is told to honour. */
  optOutCookieName: string;
  /** The business user id from `identify()`, applied only at `full`. */
  userId: string | undefined;
  /**
   * Whether a device id is stored from an earlier, more identified state. Asked only when the previous
   * level is unknown (page start) and the new level keeps its session: that stored id must go too.
   */
  storedDeviceId: () => boolean;
}

/**
 * The calls that move trackers from `from` (undefined at page start, where the trackers' state is
 * unknown) to `to`. Same level: nothing to do but keep the opt-out cookie as the level wants it.
 */
export function planLevelChange(from: ConsentLevel | undefined, to: ConsentLevel, context: LevelChangeContext): TrackerPlan {
  const storesNothing = trackerModeFor(to).stateStorageStrategy === 'none';
  const plan: TrackerPlan = {
    calls: [],
    optOutCookie: to === ConsentLevel.None ? 'write' : 'remove',
    // Queued events hold the identifiers of the level they were tracked at; the guarded fetch rewrites
    // them at send time, but trackers this library cannot hook would send them as they are.
    removeOutQueue: storesNothing || (to !== ConsentLevel.Full && isDowngrade(from, to)),
  };
  if (from === to) return plan;

  if (to === ConsentLevel.None) plan.calls.push({ method: 'setOptOutCookie', name: context.optOutCookieName });
  plan.calls.push(modeCall(to));

  // enableAnonymousTracking keeps the device id cookie and the user id in memory (upstream
  // snowplow-javascript-tracker#1103): clear them, after the mode call so the new device id is blank.
  const keepsSession = to === ConsentLevel.Session;
  const unknownStart = from === undefined;
  if (to !== ConsentLevel.Full && isDowngrade(from, to) && (!unknownStart || !keepsSession || context.storedDeviceId())) {
    plan.calls.push({ method: 'clearUserData', config: CLEAR_EVERYTHING });
  }
  if (to === ConsentLevel.Full && context.userId !== undefined) {
    plan.calls.push({ method: 'setUserId', userId: context.userId });
  }
  return plan;
}

/** `identify()`: the user id reaches the tracker only at `full`. */
export function planIdentify(level: ConsentLevel, userId: string): TrackerPlan {
  const calls: TrackerCall[] = level === ConsentLevel.Full ? [{ method: 'setUserId', userId }] : [];
  return { calls, removeOutQueue: false };
}

/** `anonymize()` (logout, account switch): no user id, a new device id and a new session; the level stays. */
export function planAnonymize(): TrackerPlan {
  return {
    calls: [
      { method: 'setUserId', userId: null },
      { method: 'clearUserData', config: CLEAR_EVERYTHING },
    ],
    removeOutQueue: false,
  };
}
