/**
 * The JS tag adapter: drives trackers created by Snowplow's sp.js through its global queue functions
 * (found by Snowplow's own marks, `tag-marks.ts`), with the same plan as the npm adapter. Commands are
 * queued as the tag expects them: `snowplow('enableAnonymousTracking', {...})`.
 *
 * sp.js bundles its own copy of the tracker and replaces the `plugins` of a `newTracker` configuration,
 * so the guard reaches its trackers through the queue itself: every `newTracker` that passes through it
 * gets the level's mode and the guarded `customFetch`, followed by the guard plugin as an inline plugin;
 * a function in the queue gets the trackers behind the guard.
 */
import type { ConsentBridge, LevelChange } from '../consent/bridge.js';
import { ConsentLevel } from '../consent/levels.js';
import type { SafeCookies } from '../consent/storage.js';
import { warn } from '../util/log.js';
import { executePlan, OUT_QUEUE_PREFIX, outQueueKeysFor, planFor, storedDeviceIdPresent, type PlanTarget } from './adapter.js';
import { createGuardPlugin, guardedFetch, isGuardedFetch, type FetchFunction, type Guard } from './guard.js';
import { planAnonymize, planIdentify, planLevelChange, trackerModeFor, type TrackerCall } from './plan.js';
import { onTagFunction, tagNames, watchTagName, type TagFunction } from './tag-marks.js';

type CommandQueue = { push(...commands: ArrayLike<unknown>[]): unknown };

export interface TagBridgeOptions {
  /** A global function name the site gives (`tag-name`), driven besides the tags found by Snowplow's marks. */
  tagName: string | undefined;
  /** Tag tracker names (`sp1`) switched to identified tracking at `full`; undefined: all of the tag's trackers. */
  trackers: string[] | undefined;
  guard: Guard;
  cookies: SafeCookies;
}

interface FoundTag {
  name: string;
  fn: TagFunction;
}

const GUARD_CONSTRUCTOR = 'ConsentBannerGuard';

export function createTagBridge(options: TagBridgeOptions): ConsentBridge {
  const suffix = options.trackers ? `:${options.trackers.join(';')}` : '';
  const page = window as unknown as Record<string, unknown>;
  /** The tag functions that got the level from scratch once; later changes are planned from the level before. */
  const driven = new WeakSet<TagFunction>();
  let latest: LevelChange | undefined;
  let userId: string | undefined;

  /** Every Snowplow tag function on the page now, guarded; the one the site named first. */
  const found = (): FoundTag[] => {
    const tags: FoundTag[] = [];
    for (const name of options.tagName ? [options.tagName, ...tagNames()] : tagNames()) {
      const fn = page[name];
      if (typeof fn !== 'function' || tags.some((tag) => tag.fn === fn)) continue;
      const tag = { name, fn: fn as TagFunction };
      attach(tag);
      tags.push(tag);
    }
    return tags;
  };
  /** Guards the tag's commands, and gives its trackers the level once sp.js has created them. */
  const attached = new WeakSet<TagFunction>();
  const attach = (tag: FoundTag): void => {
    if (attached.has(tag.fn)) return;
    attached.add(tag.fn);
    guardQueue(tag.fn, options.guard, () => drive(tag, storedDeviceIdPresent));
  };
  const targetFor = (tag: FoundTag): PlanTarget => ({
    dispatch: (call: TrackerCall) => dispatch(call, tag.fn, suffix),
    // The tag's queue keys are `snowplowOutQueue_<function name>_<tracker name>`: all of them, since the
    // plan removes queues only when the level stores nothing or goes down, which applies to every tracker.
    outQueueKeys: () => outQueueKeysFor(undefined).filter((key) => key.startsWith(`${OUT_QUEUE_PREFIX}${tag.name}_`)),
    cookies: options.cookies,
    optOutCookieName: options.guard.optOutCookieName,
    // A function in the queue runs after the commands before it: after sp.js has switched storage off.
    afterCalls: (task) => void tag.fn(task),
  });
  /** A tag function not driven yet gets the level in force from scratch (what its trackers hold is unknown). */
  const drive = (tag: FoundTag, storedDeviceId: () => boolean): void => {
    if (!latest || driven.has(tag.fn)) return;
    driven.add(tag.fn);
    const context = { optOutCookieName: options.guard.optOutCookieName, userId, storedDeviceId };
    executePlan(planLevelChange(undefined, latest.to, context), targetFor(tag));
  };
  // A tag that appears later: its commands are guarded at once; sp.js's trackers get the level once they
  // exist (when sp.js takes over the queue), or now if it already has. One that ran unguarded in its own
  // configuration may have stored a device id.
  if (options.tagName) watchTagName(options.tagName);
  const stopWatching = onTagFunction((name, fn) => {
    const tag = { name, fn };
    attach(tag);
    if (tagLoaded(fn)) drive(tag, () => true);
  });
  const primary = (): TagFunction | undefined => found()[0]?.fn;

  return {
    applyLevel(change) {
      latest = change;
      userId = change.userId;
      for (const tag of found()) {
        if (driven.has(tag.fn)) executePlan(planFor(change, options.guard.optOutCookieName), targetFor(tag));
        else drive(tag, tagLoaded(tag.fn) ? () => true : storedDeviceIdPresent);
      }
    },
    identify(id, level) {
      userId = id;
      for (const tag of found()) if (driven.has(tag.fn)) executePlan(planIdentify(level, id), targetFor(tag));
    },
    anonymize() {
      userId = undefined;
      for (const tag of found()) if (driven.has(tag.fn)) executePlan(planAnonymize(), targetFor(tag));
    },
    trackPageView() {
      primary()?.(`trackPageView${suffix}`);
    },
    trackSelfDescribingEvent(event) {
      primary()?.(`trackSelfDescribingEvent${suffix}`, { event });
    },
    dispose() {
      stopWatching();
    },
  };
}

/**
 * Below `full` every tracker of the tag is put in the level's mode (`tracker` cannot exempt one from the
 * decision); only the calls that identify (`disableAnonymousTracking`, a user id) are kept to the trackers
 * the element names.
 */
function dispatch(call: TrackerCall, fn: TagFunction, suffix: string): void {
  switch (call.method) {
    case 'setUserId':
      fn(`${call.method}${call.userId === null ? '' : suffix}`, call.userId);
      return;
    case 'setOptOutCookie':
      fn(call.method, call.name);
      return;
    case 'disableAnonymousTracking':
      fn(`${call.method}${suffix}`, call.config);
      return;
    default:
      fn(call.method, call.config);
  }
}

/** Whether sp.js has taken over the function's queue (an object with `push` in place of the array). */
function tagLoaded(fn: TagFunction): boolean {
  return typeof fn.q === 'object' && fn.q !== null && !Array.isArray(fn.q);
}

/** Per tag function: whether its commands are guarded already, and who waits for sp.js to take over. */
const guardedQueues = new WeakMap<TagFunction, Set<() => void>>();

/**
 * Makes every command that reaches the tag pass through `guardCommand`: the commands already waiting for
 * sp.js, later ones, and those after sp.js has replaced the queue with its own. `onLoad` runs right after
 * sp.js has put its queue in place (its trackers exist then).
 */
function guardQueue(fn: TagFunction, guard: Guard, onLoad: () => void): void {
  const waitingForLoad = guardedQueues.get(fn);
  if (waitingForLoad) {
    waitingForLoad.add(onLoad);
    return;
  }
  const loadListeners = new Set([onLoad]);
  guardedQueues.set(fn, loadListeners);
  const rewrite = (command: ArrayLike<unknown>): ArrayLike<unknown>[] => guardCommand(command, guard);
  const guardArray = (waiting: unknown[]): unknown[] => {
    waiting.splice(0, waiting.length, ...waiting.flatMap((command) => rewrite(command as ArrayLike<unknown>)));
    Object.defineProperty(waiting, 'push', {
      configurable: true,
      value: (...commands: ArrayLike<unknown>[]) => Array.prototype.push.apply(waiting, commands.flatMap(rewrite)),
    });
    return waiting;
  };
  const guardManager = (manager: CommandQueue): CommandQueue => ({
    push: (...commands: ArrayLike<unknown>[]) => manager.push(...commands.flatMap(rewrite)),
  });
  const isManager = (value: unknown): value is CommandQueue =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as CommandQueue).push === 'function';
  const adopt = (value: unknown): unknown => {
    if (Array.isArray(value)) return guardArray(value);
    if (isManager(value)) return guardManager(value);
    return value;
  };
  const loaded = isManager(fn.q);
  let inner = adopt(fn.q ?? []);
  Object.defineProperty(fn, 'q', {
    configurable: true,
    get: () => inner,
    set: (value: unknown) => {
      if (value === inner) return;
      inner = adopt(value);
      if (!isManager(value)) return;
      // Runs inside sp.js's own start-up: an error here must not stop the tag.
      for (const listener of [...loadListeners]) {
        try {
          listener();
        } catch (error) {
          warn(`the Snowplow tag's trackers could not be given the consent level: ${String(error)}`);
        }
      }
    },
  });
  // Trackers sp.js created before this point get the guard plugin now (later ones get it with newTracker).
  if (loaded) fn('addPlugin', guardPluginHolder(guard), GUARD_CONSTRUCTOR);
}

/** An inline plugin as sp.js takes it: `snowplow('addPlugin', holder, 'ConstructorName')`. */
function guardPluginHolder(guard: Guard): Record<string, () => unknown> {
  return { [GUARD_CONSTRUCTOR]: () => createGuardPlugin(guard) };
}

/** One command on its way to sp.js, as the commands that should reach it in its place. */
function guardCommand(command: ArrayLike<unknown>, guard: Guard): ArrayLike<unknown>[] {
  const [head, ...args] = Array.from(command);
  if (typeof head === 'function') return [[guardedCallback(head as Callback, guard), ...args]];
  // sp.js reads `name:tracker1;tracker2`, so `newTracker:sp2` creates a tracker too.
  const name = typeof head === 'string' ? head.split(':')[0] : undefined;
  if (name === 'newTracker') {
    const [trackerName, endpoint, config] = args as [unknown, unknown, Record<string, unknown> | undefined];
    return [
      [head, trackerName, endpoint, guardedTagConfig(config ?? {}, guard)],
      [`addPlugin:${String(trackerName)}`, guardPluginHolder(guard), GUARD_CONSTRUCTOR],
    ];
  }
  if (name === 'disableAnonymousTracking' && !identifiedTrackingAllowed(guard, `snowplow('${String(head)}')`)) return [];
  return [command];
}

function identifiedTrackingAllowed(guard: Guard, what: string): boolean {
  const level = guard.gate.level();
  if (level === ConsentLevel.Full) return true;
  warn(`${what} was not passed to the tag: the consent level "${level}" does not allow identified tracking.`);
  return false;
}

type Callback = (this: unknown, ...args: unknown[]) => unknown;
type Trackers = Record<string, object>;

/**
 * sp.js calls a function in the queue with its trackers by name (as `this` and as the last argument), and
 * the function may call their methods directly, outside the queue: it gets the trackers behind the same
 * guard as the queue's commands, for as long as it keeps them.
 */
function guardedCallback(callback: Callback, guard: Guard): Callback {
  return function (this: unknown, ...args: unknown[]): unknown {
    const last = args[args.length - 1];
    if (typeof last !== 'object' || last === null) return callback.apply(this, args);
    const trackers = guardedTrackers(last as Trackers, guard);
    return callback.apply(trackers, [...args.slice(0, -1), trackers]);
  };
}

const trackerProxies = new WeakMap<object, object>();

function guardedTrackers(trackers: Trackers, guard: Guard): Trackers {
  const guarded: Trackers = {};
  for (const [name, tracker] of Object.entries(trackers)) {
    if (typeof tracker !== 'object' || tracker === null) continue;
    let proxy = trackerProxies.get(tracker);
    if (!proxy) {
      proxy = guardedTracker(tracker, guard, name);
      trackerProxies.set(tracker, proxy);
    }
    guarded[name] = proxy;
  }
  return guarded;
}

function guardedTracker(tracker: object, guard: Guard, name: string): object {
  return new Proxy(tracker, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key !== 'disableAnonymousTracking' || typeof value !== 'function') return value;
      return (...args: unknown[]): unknown =>
        identifiedTrackingAllowed(guard, `the tracker "${name}"'s disableAnonymousTracking()`)
          ? (value as Callback).apply(target, args)
          : undefined;
    },
  });
}

/** A tag tracker's configuration in the mode of the level in force, with its requests guarded. */
function guardedTagConfig(config: Record<string, unknown>, guard: Guard): Record<string, unknown> {
  const siteFetch = config['customFetch'] as FetchFunction | undefined;
  return {
    ...config,
    ...trackerModeFor(guard.gate.level()),
    customFetch: siteFetch && isGuardedFetch(siteFetch) ? siteFetch : guardedFetch(guard, siteFetch),
  };
}
