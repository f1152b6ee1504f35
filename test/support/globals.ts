// What the pages of the tests keep on their window, typed in one place: the JS tag's function (under the name the
// site gave it), gtag's dataLayer, the drop-in's `ConsentBanner` API, the fixture scripts' counters, and the
// values that gated scripts set when they run. Each accessor takes a page of the harness or a window itself (a
// window's `window` is itself).

/**
 * The JS tag's global function. Until sp.js has run, `q` is the array of its calls' `arguments`; sp.js then puts
 * an object with `push()` in its place.
 */
export type TagFunction = ((...args: unknown[]) => void) & {
  q?: ArrayLike<unknown>[] | { push(...calls: ArrayLike<unknown>[]): void };
};

/** The globals of fixed names. */
export interface PageGlobals {
  /** The names of the tag snippets' functions; sp.js takes its own off when it loads. */
  GlobalSnowplowNamespace?: string[];
  /** gtag's queue: each entry the `arguments` of one call. */
  dataLayer?: ArrayLike<unknown>[];
  /** Listeners on document and window, and open broadcast channels (test/fixtures/signals.js, `countHandles`). */
  openHandles?: { listeners: number; channels: number };
}

/** A window with the globals of the test pages. */
export type GlobalsWindow = Window & typeof globalThis & PageGlobals;

type WithWindow = { window: Window };

export function pageGlobals(page: WithWindow): GlobalsWindow {
  return page.window as GlobalsWindow;
}

/** The page's globals by name: tag functions under the names sites give them, what scripts set (`window.fullRuns = 1`). */
export function globalsByName(page: WithWindow): Record<string, unknown> {
  return page.window as unknown as Record<string, unknown>;
}

/** `window[name]`: a value a script of the page set. */
export function pageValue(page: WithWindow, name: string): unknown {
  return globalsByName(page)[name];
}

/** The JS tag's function `window[name]`, or undefined while the snippet has not run. */
export function findTagFunction(page: WithWindow, name = 'snowplow'): TagFunction | undefined {
  const value = pageValue(page, name);
  return typeof value === 'function' ? (value as TagFunction) : undefined;
}

/** The JS tag's function `window[name]`, to call as the site does (`tagFunction(page)('trackPageView')`). */
export function tagFunction(page: WithWindow, name = 'snowplow'): TagFunction {
  const found = findTagFunction(page, name);
  if (!found) throw new Error(`window.${name} is not a function: the tag snippet has not run on this page`);
  return found;
}

/** The calls the tag snippet `window[name]` keeps for sp.js (each call's arguments); throws once sp.js has run them. */
export function queuedTagCalls(page: WithWindow, name = 'snowplow'): unknown[][] {
  const queue = tagFunction(page, name).q;
  if (!Array.isArray(queue)) throw new Error(`window.${name}.q is not the snippet's queue: sp.js has run it`);
  return queue.map((call: ArrayLike<unknown>) => Array.from(call));
}

/** The drop-in bundle's global API, `window.ConsentBanner` (typed by the bundle's entry, src/standalone.ts). */
export function globalApi(page: WithWindow): NonNullable<Window['ConsentBanner']> {
  const api = page.window.ConsentBanner;
  if (!api) throw new Error('window.ConsentBanner is missing: the drop-in bundle has not run on this page');
  return api;
}
