/**
 * The one shape of every decision source: another consent manager on the page, read through its
 * documented public API and events only (never its cookies). A source says which of that manager's own
 * keys (a TCF purpose, a OneTrust group, a Cookiebot category...) are granted; `map.ts` turns them into
 * our level and purposes.
 */

/** Whether one of the manager's keys (as named in `consent-source-map`) is granted in its current decision. */
export type GrantedKey = (key: string) => boolean;

/**
 * What a source reports: the manager's decision, or `undefined` when it has none (its own banner is asking).
 * A manager that has not loaded yet reports nothing.
 */
export type SourceReport = (granted: GrantedKey | undefined) => void;

export interface ExternalConsent {
  /**
   * Starts reading: `report` hears the decision the manager holds now (if it has loaded and has one) and
   * every later one, synchronously in the manager's own callback, so that it reaches the trackers before
   * the page's next event. Returns what removes every listener it added.
   */
  watch(report: SourceReport): () => void;
}

/** The page's window, as a bag of the globals the managers document. */
export function pageGlobals<T>(): T {
  return window as unknown as T;
}
