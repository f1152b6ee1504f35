import type { ConsentLevel } from './levels.js';

/** A self-describing event, as every Snowplow tracker API takes it. */
export interface SelfDescribingJson {
  schema: string;
  data: Record<string, unknown>;
}

/**
 * A change of what is in force, as every bridge is told of it: the level, and the purposes granted. A
 * change of the purposes alone is one too (`from` then equals `to`).
 */
export interface LevelChange {
  /** The level before; undefined at page start, where what the trackers hold is unknown. */
  from: ConsentLevel | undefined;
  to: ConsentLevel;
  /** The business user id from `identify()`, to be applied at `full` only. */
  userId: string | undefined;
  /** The purposes granted now, of those the page lists (`functional`, `marketing`, ...). */
  purposes: ReadonlySet<string>;
}

/**
 * One consumer of the level and the purposes: a way of reaching Snowplow trackers (the npm API, the JS
 * tag queue) or another bridge (Google Consent Mode, content that waits for consent, the link guard). The
 * consent manager talks to bridges only; adding a consumer means adding a bridge, not a branch in the manager.
 * Only `applyLevel` is required: the rest is for bridges that reach trackers.
 */
export interface ConsentBridge {
  /** Puts what the bridge drives into the level of `change.to` and the purposes of `change.purposes`. */
  applyLevel(change: LevelChange): void;
  /** `identify()`: the business user id, which reaches trackers at `full` only. */
  identify?(userId: string, level: ConsentLevel): void;
  /** `anonymize()` (logout, account switch): no user id, a new device id and a new session. */
  anonymize?(): void;
  trackPageView?(): void;
  trackSelfDescribingEvent?(event: SelfDescribingJson): void;
  /** Lets go of page resources (observers, timers, listeners) when the consent manager is disposed. */
  dispose?(): void;
  /** Resolves once what the bridge drives is in the state of the last change (for a bridge that loads its code). */
  settled?(): Promise<void>;
}
