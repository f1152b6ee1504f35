// Test doubles of the manager's seams: a cookie jar in memory and a bridge that records what it is told.
import type { ConsentBridge, LevelChange, SelfDescribingJson } from '../../src/consent/bridge.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import type { SafeCookies } from '../../src/consent/storage.js';

/** A cookie jar in memory that never refuses a cookie. */
export interface MemoryCookies extends SafeCookies {
  /**
   * What the jar holds at its own scope. Writing here directly is what another tab or subdomain does: the page
   * under test sees the value on its next read, and `writes` does not list it.
   */
  readonly jar: Map<string, string>;
  /**
   * Copies at other scopes the page reaches (a parent domain's, a host-only one): read beside the jar's,
   * deleted by `removeOtherCopies`.
   */
  readonly elsewhere: Map<string, string[]>;
  /** Every `set`, `remove` and `removeOtherCopies` made through the jar's interface, in order. */
  readonly writes: (
    { set: string; value: string; days: number | undefined } | { remove: string } | { removeOtherCopies: string }
  )[];
}

export function memoryCookies(initial: Record<string, string> = {}): MemoryCookies {
  const jar = new Map(Object.entries(initial));
  const elsewhere = new Map<string, string[]>();
  const writes: MemoryCookies['writes'] = [];
  const getAll = (name: string): string[] => {
    const own = jar.get(name);
    return [...(elsewhere.get(name) ?? []), ...(own === undefined ? [] : [own])];
  };
  return {
    jar,
    elsewhere,
    writes,
    get: (name) => getAll(name)[0],
    getAll,
    set(name, value, days) {
      writes.push({ set: name, value, days });
      jar.set(name, value);
      return true;
    },
    remove(name) {
      writes.push({ remove: name });
      jar.delete(name);
    },
    removeOtherCopies(name) {
      writes.push({ removeOtherCopies: name });
      elsewhere.delete(name);
    },
  };
}

/** One call a bridge received, with what it was given. */
export type BridgeCall =
  | { bridge: string; method: 'applyLevel'; change: LevelChange }
  /** `schema`: the event's name in its Iglu URI (`consent_preferences`, `cmp_visible`). */
  | { bridge: string; method: 'trackSelfDescribingEvent'; schema: string; data: Record<string, unknown> }
  | { bridge: string; method: 'trackPageView' }
  | { bridge: string; method: 'identify'; userId: string; level: ConsentLevel }
  | { bridge: string; method: 'anonymize' }
  | { bridge: string; method: 'dispose' };

/** A bridge with every method of `ConsentBridge`, and the calls it received. */
export interface RecordingBridge extends Required<ConsentBridge> {
  readonly calls: BridgeCall[];
}

/** The event's name in its Iglu URI: `iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0` -> `consent_preferences`. */
export function schemaName(event: SelfDescribingJson): string {
  return event.schema.split('/')[1] ?? event.schema;
}

/**
 * A bridge that records every call, in order, in `calls`. Bridges (and listeners) that share one `calls` array
 * show the order of everything the manager did.
 */
export function recordingBridge(calls: unknown[] = [], name = 'bridge'): RecordingBridge {
  const own: BridgeCall[] = [];
  const record = (call: BridgeCall): void => {
    own.push(call);
    calls.push(call);
  };
  return {
    calls: own,
    applyLevel: (change) => record({ bridge: name, method: 'applyLevel', change: { ...change } }),
    trackSelfDescribingEvent: (event) =>
      record({ bridge: name, method: 'trackSelfDescribingEvent', schema: schemaName(event), data: event.data }),
    trackPageView: () => record({ bridge: name, method: 'trackPageView' }),
    settled: () => Promise.resolve(),
    identify: (userId, level) => record({ bridge: name, method: 'identify', userId, level }),
    anonymize: () => record({ bridge: name, method: 'anonymize' }),
    dispose: () => record({ bridge: name, method: 'dispose' }),
  };
}
