/**
 * The JS tag adapter: drives trackers created by Snowplow's sp.js through its global queue function
 * (`window.snowplow` by default), with the same plan as the npm adapter. Commands are queued as the
 * tag expects them: `snowplow('enableAnonymousTracking:sp1;sp2', {...})`.
 */
import type { ConsentLevel } from '../consent/levels.js';
import { warn } from '../consent/options.js';
import type { SafeCookies } from '../consent/storage.js';
import { executePlan, OUT_QUEUE_PREFIX, outQueueKeysFor, type TrackerAdapter } from './adapter.js';
import { planLevelChange, type TrackerCall, type TrackerPlan } from './plan.js';

type QueueFunction = (command: string, ...args: unknown[]) => void;

export interface TagAdapterOptions {
  /** The global function name (`snowplow` in the standard tag snippet). */
  tagName: string;
  /** Tag tracker names (`sp1`); undefined drives all of the tag's trackers. */
  trackers: string[] | undefined;
  optOutCookieName: string;
  cookies: SafeCookies;
}

/** How long to keep looking for a tag that is loaded after the element (the CMS snippet case). */
const WAIT_FOR_TAG_MS = 15_000;
const WAIT_STEP_MS = 250;

export function createTagAdapter(options: TagAdapterOptions): TrackerAdapter {
  const suffix = options.trackers ? `:${options.trackers.join(';')}` : '';
  const queue = (): QueueFunction | undefined => {
    const candidate = (window as unknown as Record<string, unknown>)[options.tagName];
    return typeof candidate === 'function' ? (candidate as QueueFunction) : undefined;
  };
  const send = (command: string, ...args: unknown[]): boolean => {
    const fn = queue();
    if (!fn) return false;
    fn(`${command}${suffix}`, ...args);
    return true;
  };
  // The tag's queue keys are `snowplowOutQueue_<tag name>_<tracker name>`.
  const target = {
    dispatch: (call: TrackerCall) => dispatch(call, send),
    outQueueKeys: () =>
      options.trackers
        ? outQueueKeysFor(options.trackers.map((name) => `${options.tagName}_${name}`))
        : outQueueKeysFor(undefined).filter((key) => key.startsWith(`${OUT_QUEUE_PREFIX}${options.tagName}_`)),
    cookies: options.cookies,
    optOutCookieName: options.optOutCookieName,
  };

  let level: ConsentLevel | undefined;
  let waiting: ReturnType<typeof setInterval> | undefined;
  /** The tag is not on the page yet: apply the level in force, from scratch, once it is. */
  const waitForTag = (): void => {
    if (waiting) return;
    const giveUp = Date.now() + WAIT_FOR_TAG_MS;
    waiting = setInterval(() => {
      if (queue() && level) {
        clearInterval(waiting);
        waiting = undefined;
        executePlan(
          planLevelChange(undefined, level, {
            optOutCookieName: options.optOutCookieName,
            userId: undefined,
            storedDeviceId: () => true,
          }),
          target,
        );
      } else if (Date.now() > giveUp) {
        clearInterval(waiting);
        waiting = undefined;
        warn(`no "${options.tagName}" function appeared on the page; the Snowplow tag is not driven.`);
      }
    }, WAIT_STEP_MS);
  };

  return {
    apply(plan: TrackerPlan, next: ConsentLevel) {
      level = next;
      if (!queue()) {
        waitForTag();
        return;
      }
      executePlan(plan, target);
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
