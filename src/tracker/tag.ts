/**
 * The JS tag adapter: drives trackers created by Snowplow's sp.js through its global queue function
 * (`window.snowplow` by default), with the same plan as the npm adapter. Commands are queued as the
 * tag expects them: `snowplow('enableAnonymousTracking:sp1;sp2', {...})`.
 *
 * sp.js bundles its own copy of the tracker and replaces the `plugins` of a `newTracker` configuration,
 * so the guard reaches its trackers through the queue itself: every `newTracker` that passes through it
 * gets the level's mode and the guarded `customFetch`, followed by the guard plugin as an inline plugin.
 */
import type { ConsentBridge, LevelChange } from '../consent/bridge.js';
import { ConsentLevel } from '../consent/levels.js';
import type { SafeCookies } from '../consent/storage.js';
import { warn } from '../util/log.js';
import { executePlan, OUT_QUEUE_PREFIX, outQueueKeysFor, plannedCalls, type PlanTarget } from './adapter.js';
import { createGuardPlugin, guardedFetch, isGuardedFetch, type FetchFunction, type Guard } from './guard.js';
import { planLevelChange, trackerModeFor, type TrackerCall } from './plan.js';

/** The tag snippet's function: it queues its arguments on `q` until sp.js replaces `q` with its manager. */
type QueueFunction = ((...args: unknown[]) => void) & { q?: unknown };
type CommandQueue = { push(...commands: ArrayLike<unknown>[]): unknown };

export interface TagBridgeOptions {
  /** The global function name given by the site (`tag-name`); undefined: the tag the page has, if any. */
  tagName: string | undefined;
  /** Tag tracker names (`sp1`); undefined drives all of the tag's trackers. */
  trackers: string[] | undefined;
  guard: Guard;
  cookies: SafeCookies;
}

/** How long to keep looking for a tag that is loaded after the element (the CMS snippet case). */
const WAIT_FOR_TAG_MS = 15_000;
const WAIT_STEP_MS = 250;
const SCAN_EVERY_TICKS = 4;
const GUARD_CONSTRUCTOR = 'ConsentBannerGuard';
const queueGuarded = new WeakSet<object>();

export function createTagBridge(options: TagBridgeOptions): ConsentBridge {
  const suffix = options.trackers ? `:${options.trackers.join(';')}` : '';
  let tagName = options.tagName;
  /** `scan`: also look through every global for a renamed tag (a few ms: only while waiting, once a second). */
  const queue = (scan = false): QueueFunction | undefined => {
    const page = window as unknown as Record<string, unknown>;
    if (options.tagName === undefined && (tagName === undefined || typeof page[tagName] !== 'function')) {
      tagName = findTagName(page, scan);
    }
    const candidate = tagName === undefined ? undefined : page[tagName];
    if (typeof candidate !== 'function') return undefined;
    guardQueue(candidate as QueueFunction, options.guard);
    return candidate as QueueFunction;
  };
  const send = (command: string, ...args: unknown[]): boolean => {
    const fn = queue();
    if (!fn) return false;
    fn(`${command}${suffix}`, ...args);
    return true;
  };
  // The tag's queue keys are `snowplowOutQueue_<tag name>_<tracker name>`.
  const target: PlanTarget = {
    dispatch: (call: TrackerCall) => dispatch(call, send),
    outQueueKeys: () =>
      options.trackers
        ? outQueueKeysFor(options.trackers.map((name) => `${tagName}_${name}`))
        : outQueueKeysFor(undefined).filter((key) => key.startsWith(`${OUT_QUEUE_PREFIX}${tagName}_`)),
    cookies: options.cookies,
    optOutCookieName: options.guard.optOutCookieName,
    // A function in the queue runs after the commands before it: after sp.js has switched storage off.
    afterCalls: (task) => void queue()?.(task),
  };

  const calls = plannedCalls(target);
  let latest: LevelChange | undefined;
  let waiting: ReturnType<typeof setInterval> | undefined;
  /** The tag is not on the page yet: apply the level in force, from scratch, once it is. */
  const waitForTag = (): void => {
    if (waiting) return;
    const giveUp = Date.now() + WAIT_FOR_TAG_MS;
    let ticks = 0;
    waiting = setInterval(() => {
      ticks += 1;
      if (queue(ticks % SCAN_EVERY_TICKS === 1) && latest) {
        clearInterval(waiting);
        waiting = undefined;
        // The tag ran in its own configuration meanwhile: assume it stored a device id.
        executePlan(
          planLevelChange(undefined, latest.to, {
            optOutCookieName: options.guard.optOutCookieName,
            userId: latest.userId,
            storedDeviceId: () => true,
          }),
          target,
        );
      } else if (Date.now() > giveUp) {
        clearInterval(waiting);
        waiting = undefined;
        // Only a tag the site named is missed; most pages simply have none.
        if (options.tagName) warn(`no "${options.tagName}" function appeared on the page; the Snowplow tag is not driven.`);
      }
    }, WAIT_STEP_MS);
  };

  return {
    applyLevel(change) {
      latest = change;
      if (!queue()) {
        waitForTag();
        return;
      }
      calls.applyLevel(change);
    },
    identify(userId, level) {
      if (queue()) calls.identify(userId, level);
    },
    anonymize() {
      if (queue()) calls.anonymize();
    },
    trackPageView() {
      send('trackPageView');
    },
    trackSelfDescribingEvent(event) {
      send('trackSelfDescribingEvent', { event });
    },
    dispose() {
      clearInterval(waiting);
      waiting = undefined;
    },
  };
}

function dispatch(call: TrackerCall, send: (command: string, ...args: unknown[]) => boolean): void {
  switch (call.method) {
    case 'setUserId':
      send(call.method, call.userId);
      return;
    case 'setOptOutCookie':
      send(call.method, call.name);
      return;
    default:
      send(call.method, call.config);
  }
}

/**
 * The tag's global function: `window.snowplow`, a name in `GlobalSnowplowNamespace`, or (sp.js removes
 * its name from that list as it loads) any global function that carries the snippet's queue.
 */
export function findTagName(page: Record<string, unknown>, scan: boolean): string | undefined {
  const declared = Array.isArray(page['GlobalSnowplowNamespace']) ? (page['GlobalSnowplowNamespace'] as unknown[]) : [];
  const named = [...declared, 'snowplow'].find((name) => typeof name === 'string' && typeof page[name] === 'function');
  if (typeof named === 'string') return named;
  if (!scan) return undefined;
  // Only plain global values: reading the window's accessors (storage, speech, ...) would run them.
  return Object.keys(page).find((name) => isTagFunction(Object.getOwnPropertyDescriptor(page, name)?.value));
}

function isTagFunction(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  const q = (value as QueueFunction).q;
  return Array.isArray(q) || (typeof q === 'object' && q !== null && typeof (q as CommandQueue).push === 'function');
}

/**
 * Makes every command that reaches the tag pass through `guardCommand`: the commands already waiting for
 * sp.js, later ones, and those after sp.js has replaced the queue with its own manager.
 */
function guardQueue(fn: QueueFunction, guard: Guard): void {
  if (queueGuarded.has(fn)) return;
  queueGuarded.add(fn);
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
  const adopt = (value: unknown): unknown => {
    if (Array.isArray(value)) return guardArray(value);
    if (typeof value === 'object' && value !== null && typeof (value as CommandQueue).push === 'function') {
      return guardManager(value as CommandQueue);
    }
    return value;
  };
  const loaded = typeof fn.q === 'object' && fn.q !== null && !Array.isArray(fn.q);
  let inner = adopt(fn.q ?? []);
  Object.defineProperty(fn, 'q', {
    configurable: true,
    get: () => inner,
    set: (value: unknown) => {
      inner = value === inner ? value : adopt(value);
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
  const name = command[0];
  if (name === 'newTracker') {
    const [, trackerName, endpoint, config] = Array.from(command) as [
      string,
      unknown,
      unknown,
      Record<string, unknown> | undefined,
    ];
    return [
      ['newTracker', trackerName, endpoint, guardedTagConfig(config ?? {}, guard)],
      [`addPlugin:${String(trackerName)}`, guardPluginHolder(guard), GUARD_CONSTRUCTOR],
    ];
  }
  if (typeof name === 'string' && name.split(':')[0] === 'disableAnonymousTracking') {
    const level = guard.gate.level();
    if (level !== ConsentLevel.Full) {
      warn(`snowplow('${name}') was not passed to the tag: the consent level "${level}" does not allow identified tracking.`);
      return [];
    }
  }
  return [command];
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
