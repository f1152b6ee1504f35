/**
 * Finds the Snowplow JS tag's global functions by Snowplow's own marks only, and sees new ones the moment
 * they appear, without polling the page's globals.
 *
 * The marks: `window.snowplow`, the names the tag snippet declares in `window.GlobalSnowplowNamespace`, and
 * a name the site gives (`tag-name`, kept by the bridge). sp.js takes its name off that list as it loads, so
 * every name seen there is remembered. A global function with a `q` array is no mark: LinkedIn, FullStory,
 * Intercom, analytics.js and Hotjar snippets have that shape too, and sp.js's loaded queue (an object with
 * `push`) has nothing of its own either.
 *
 * Seeing without polling: the list's `push` is observed, and so is the window property that holds the list
 * (a list the page puts there later is observed too); for each declared name, its window property is
 * observed, so the snippet's function, or a fresh one put in its place, is seen as it is assigned. The
 * observers are configurable accessors that keep any accessor the page had working, so page code may still
 * define, replace or delete these globals.
 */
import { warn } from '../util/log.js';

export const DEFAULT_TAG_NAME = 'snowplow';
const NAMESPACE_LIST = 'GlobalSnowplowNamespace';
const GLOBAL_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/** The tag snippet's function: it keeps its calls in `q` until sp.js puts its own queue object there. */
export type TagFunction = ((...args: unknown[]) => unknown) & { q?: unknown };
export type TagListener = (name: string, fn: TagFunction) => void;

type Globals = Record<string, unknown>;
type Setter = (this: void, value: unknown) => void;

/** Names declared in the list so far, in order (sp.js removes them from the list, not from here). */
const declared = new Set<string>();
const listeners = new Set<TagListener>();
/** The setters of the accessors installed here: one that is still in place needs no second one. */
const ownSetters = new WeakSet<object>();
const observedLists = new WeakSet<unknown[]>();
let watching = false;

function globals(): Globals {
  return window as unknown as Globals;
}

/**
 * The names the page's Snowplow tag functions have or had: `snowplow`, then the declared ones in order.
 * The caller reads `window[name]` each time, since the function under a name may be replaced.
 */
export function tagNames(): string[] {
  if (typeof window === 'undefined') return [];
  startWatching();
  // A list the page put in place its own way (defineProperty) is not announced: read it whenever asked.
  const list = globals()[NAMESPACE_LIST];
  if (Array.isArray(list)) observeList(list);
  return [DEFAULT_TAG_NAME, ...[...declared].filter((name) => name !== DEFAULT_TAG_NAME)];
}

/** The first name under which the page has a Snowplow tag function now, if any. */
export function presentTagName(): string | undefined {
  return tagNames().find((name) => typeof globals()[name] === 'function');
}

/** A name the site gives its tag (`tag-name`): observed like a declared one, so a tag loaded later is seen. */
export function watchTagName(name: string): void {
  if (typeof window === 'undefined') return;
  startWatching();
  declare(name);
}

/** Calls `listener` each time a function is assigned to a name the tag declared; returns how to stop. */
export function onTagFunction(listener: TagListener): () => void {
  if (typeof window !== 'undefined') startWatching();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function startWatching(): void {
  if (watching) return;
  watching = true;
  observeGlobal(NAMESPACE_LIST, (list) => {
    if (Array.isArray(list)) observeList(list);
  });
  // A tag that was on the page before us: its function is observed from now on, so a fresh one is seen.
  if (typeof globals()[DEFAULT_TAG_NAME] === 'function') declare(DEFAULT_TAG_NAME);
}

function observeList(list: unknown[]): void {
  list.forEach(declareName);
  if (observedLists.has(list)) return;
  observedLists.add(list);
  const push = list.push;
  try {
    Object.defineProperty(list, 'push', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function (this: unknown[], ...items: unknown[]): number {
        const length = push.apply(this, items);
        items.forEach(declareName);
        return length;
      },
    });
  } catch {
    // A frozen list takes no new name anyway.
  }
}

function declareName(name: unknown): void {
  if (typeof name === 'string' && GLOBAL_NAME.test(name)) declare(name);
}

function declare(name: string): void {
  declared.add(name);
  observeGlobal(name, (value) => {
    if (typeof value === 'function') announce(name, value as TagFunction);
  });
}

/** Runs inside the page's own assignment: nothing may escape into the page's code. */
function announce(name: string, fn: TagFunction): void {
  for (const listener of [...listeners]) {
    try {
      listener(name, fn);
    } catch (error) {
      warn(`the Snowplow tag "${name}" could not be guarded: ${String(error)}`);
    }
  }
}

/**
 * Puts an accessor on `window[name]` that tells `seen` of the value it holds now and of each value assigned
 * later. An accessor the page had is kept working underneath; a property that cannot be redefined (a `var`
 * or function declaration) is only read, when the bridge asks.
 */
function observeGlobal(name: string, seen: (value: unknown) => void): void {
  const page = globals();
  const own = Object.getOwnPropertyDescriptor(page, name);
  // Compared, never called: `set` is read off the descriptor only to recognise our own accessor.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const installed = own?.set;
  if (installed && ownSetters.has(installed)) return;
  if (own && !own.configurable) {
    if ('value' in own) seen(own.value);
    return;
  }
  let value: unknown = own && 'value' in own ? own.value : undefined;
  const underlying = own && !('value' in own) ? own : undefined;
  const read = (): unknown => (underlying ? underlying.get?.call(page) : value);
  const write: Setter = (next) => {
    if (underlying) underlying.set?.call(page, next);
    else value = next;
    seen(read());
  };
  ownSetters.add(write);
  try {
    Object.defineProperty(page, name, { configurable: true, enumerable: own?.enumerable ?? true, get: read, set: write });
  } catch {
    // A window that cannot take the accessor: the value is read when the bridge asks.
  }
  const current = read();
  if (current !== undefined) seen(current);
}
