/**
 * The npm adapter: drives trackers of `@snowplow/browser-tracker` through its API. This is the only
 * module that imports the tracker package, so a site's own copy (a peer dependency) is the one driven.
 */
import {
  addPlugin,
  clearUserData,
  disableAnonymousTracking,
  enableAnonymousTracking,
  newTracker,
  setOptOutCookie,
  setUserId,
  trackPageView,
  trackSelfDescribingEvent,
  type BrowserPlugin,
  type TrackerConfiguration,
} from '@snowplow/browser-tracker';
import * as tracker from '@snowplow/browser-tracker';
import type { ConsentBridge } from '../consent/bridge.js';
import type { ConsentLevel } from '../consent/levels.js';
import type { SafeCookies } from '../consent/storage.js';
import { outQueueKeysFor, plannedCalls } from './adapter.js';
import { createGuardPlugin, guardedFetch, type Guard } from './guard.js';
import { trackerModeFor, type TrackerCall } from './plan.js';
import { warn } from '../util/log.js';
import { nextTask } from '../util/tasks.js';

/** The tracker the element creates itself when it has a `collector`. */
export interface OwnTrackerOptions {
  collector: string;
  namespace: string;
  appId: string | undefined;
  /** Shared with the consent cookie; without it cookies are host-only and no root-domain probe cookie is written. */
  cookieDomain: string | undefined;
  /** Created once this settles (see `ConsentSetup.ownTracker`). */
  after?: Promise<unknown> | undefined;
  /** Called once the tracker exists and the calls and events that waited for it are made. */
  created?: (() => void) | undefined;
}

export interface SnowplowBridgeOptions {
  /** Tracker ids to drive; undefined drives every tracker of this tracker package. */
  trackers: string[] | undefined;
  /** Set to create the tracker, already in the right mode, on the first `apply`. */
  create: OwnTrackerOptions | undefined;
  guard: Guard;
  cookies: SafeCookies;
}

export function createSnowplowBridge(options: SnowplowBridgeOptions): ConsentBridge {
  const trackers = options.create ? [options.create.namespace] : options.trackers;
  let started = false;
  /**
   * While the tracker we create waits for its task: the mode switches asked of it, and the events (page
   * view, consent events) tracked meanwhile, each in order. The events go once every switch is made: they
   * leave under the decision in force when the tracker exists (a call the page queued before the library
   * arrived included), and the guard checks them again as they leave.
   */
  let beforeCreation: { switches: (() => void)[]; events: (() => void)[] } | undefined;
  const whenCreated = (kind: 'switches' | 'events', work: () => void): void => {
    if (beforeCreation) beforeCreation[kind].push(work);
    else work();
  };

  const start = (level: ConsentLevel): void => {
    started = true;
    const plugin = createGuardPlugin(options.guard) as unknown as BrowserPlugin;
    const own = options.create;
    if (own) {
      // Three tasks, none of them long: the page's first time-zone lookup (tens of ms: it loads the time-zone
      // data, which the tracker's construction then finds loaded), the construction, then its first events.
      // Nothing can use this tracker before it exists; what we ask of it meanwhile (the plan's calls, a page
      // view, consent events) waits, in order: the switches, then the events.
      beforeCreation = { switches: [], events: [] };
      ownTrackers.pending += 1;
      const flush = (): void => {
        const pending = beforeCreation ?? { switches: [], events: [] };
        beforeCreation = undefined;
        [...pending.switches, ...pending.events].forEach((work) => work());
      };
      const create = (): void => {
        nextTask(loadTimeZoneData);
        nextTask(() => {
          if (!createTracker(own, level, plugin, options.guard)) addPlugin({ plugin }, trackers);
          ownTrackers.pending -= 1;
          ownTrackers.created += 1;
          // What the site asked of the tracker API before it existed, then what we asked of it: a plugin the
          // site added right after the element is there for the first event.
          runSiteCalls();
          const switches = beforeCreation?.switches.splice(0) ?? [];
          switches.forEach((work) => work());
        });
        nextTask(() => {
          flush();
          own.created?.();
        });
      };
      // While the page is being parsed, its inline scripts after the element (a plugin added through
      // ConsentBanner.snowplow) run first: the parser may yield to a task between the element and them.
      const whenParsed = (): void => {
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', create, { once: true });
        else create();
      };
      if (own.after) void own.after.then(whenParsed, whenParsed);
      else whenParsed();
      return;
    }
    // A tracker that existed before us (the site's) gets the guard plugin now; its requests are guarded
    // only if it was configured with `withConsent()`.
    addPlugin({ plugin }, trackers);
  };

  const target = {
    dispatch: (call: TrackerCall) => whenCreated('switches', () => dispatch(call, trackers)),
    outQueueKeys: () => outQueueKeysFor(trackers),
    cookies: options.cookies,
    optOutCookieName: options.guard.optOutCookieName,
  };

  const calls = plannedCalls(target);
  return {
    ...calls,
    applyLevel(change) {
      if (!started) start(change.to);
      calls.applyLevel(change);
    },
    trackPageView() {
      whenCreated('events', () => trackPageView({}, trackers));
    },
    trackSelfDescribingEvent(event) {
      whenCreated('events', () => trackSelfDescribingEvent({ event }, trackers));
    },
  };
}

/**
 * The tracker's construction asks for the time zone (\`new Intl.DateTimeFormat()\`); the first such call of a
 * page loads the time-zone data, 20-45 ms here, which is most of the construction's time.
 */
function loadTimeZoneData(): void {
  try {
    new Intl.DateTimeFormat().resolvedOptions();
  } catch {
    // No Intl: the tracker sends no time zone either.
  }
}

function createTracker(own: OwnTrackerOptions, level: ConsentLevel, plugin: BrowserPlugin, guard: Guard): boolean {
  const tracker = newTracker(own.namespace, own.collector, {
    ...(own.appId ? { appId: own.appId } : {}),
    ...trackerModeFor(level),
    ...(own.cookieDomain ? { cookieDomain: own.cookieDomain } : { discoverRootDomain: false }),
    eventMethod: 'post',
    contexts: { session: true },
    customFetch: guardedFetch(guard),
    plugins: [plugin],
  });
  // null: a tracker with this namespace exists already (trackers cannot be removed).
  return !!tracker;
}

function dispatch(call: TrackerCall, trackers: string[] | undefined): void {
  switch (call.method) {
    case 'enableAnonymousTracking':
      return enableAnonymousTracking(call.config, trackers);
    case 'disableAnonymousTracking':
      return disableAnonymousTracking(call.config, trackers);
    case 'clearUserData':
      return clearUserData(call.config, trackers);
    case 'setUserId':
      return setUserId(call.userId, trackers);
    case 'setOptOutCookie':
      return setOptOutCookie(call.name, trackers);
  }
}

/** Trackers of this copy of the tracker package: made (by us or the site) and waiting for their task. */
const ownTrackers = { created: 0, pending: 0 };
/** Calls the site made through `siteTrackerApi()` before a tracker existed, in order. */
const siteCalls: (() => void)[] = [];
let waitingWarned = false;

function runSiteCalls(): void {
  if (ownTrackers.pending > 0 || ownTrackers.created === 0) return;
  siteCalls.splice(0).forEach((call) => call());
}

/**
 * The tracker API for the page's own code (the drop-in's `window.ConsentBanner.snowplow`): `newTracker`
 * gets `configure`'s consent settings; every other call made while no tracker exists yet, or while the
 * element's own tracker waits for its task, is kept and made, in order, as soon as the trackers exist.
 */
export function siteTrackerApi(configure: (configuration: TrackerConfiguration) => TrackerConfiguration): typeof snowplowApi {
  const api: Record<string, unknown> = { ...snowplowApi };
  for (const [name, value] of Object.entries(snowplowApi)) {
    if (typeof value !== 'function' || name === 'newTracker' || name === 'getDomainSessionId') continue;
    api[name] = (...args: unknown[]): void => {
      const call = (): void => void (value as (...args: unknown[]) => unknown)(...args);
      if (ownTrackers.pending === 0 && ownTrackers.created > 0) return call();
      siteCalls.push(call);
      if (siteCalls.length === 1) warnIfNoTrackerComes(name);
    };
  }
  api['newTracker'] = (trackerId: string, endpoint: string, configuration: TrackerConfiguration = {}) => {
    const tracker = newTracker(trackerId, endpoint, configure(configuration));
    if (tracker) ownTrackers.created += 1;
    runSiteCalls();
    return tracker;
  };
  return api as typeof snowplowApi;
}

/** Calls kept for a tracker that the page never creates would wait in silence: said once the page is parsed. */
function warnIfNoTrackerComes(name: string): void {
  const check = (): void => {
    if (waitingWarned || ownTrackers.created > 0 || ownTrackers.pending > 0 || siteCalls.length === 0) return;
    waitingWarned = true;
    warn(
      `${siteCalls.length} call(s) to ConsentBanner.snowplow (the first: ${name}()) wait for a tracker: none exists yet (a <consent-banner collector> or ConsentBanner.snowplow.newTracker() creates one); they run once one does.`,
    );
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => nextTask(check), { once: true });
  else nextTask(check);
}

/** Every function the tracker package exports, and its version: a function it adds must be listed below. */
type TrackerApi = Pick<
  typeof tracker,
  | {
      [Name in keyof typeof tracker]: (typeof tracker)[Name] extends (...args: never[]) => unknown ? Name : never;
    }[keyof typeof tracker]
  | 'version'
>;

/**
 * The tracker API of the bundle's copy, listed by name: a module namespace object would be built by the
 * bundler with a `for...in` loop, which a key that page code put on Object.prototype breaks.
 */
export const snowplowApi: TrackerApi = {
  newTracker: tracker.newTracker,
  newSession: tracker.newSession,
  getDomainSessionId: tracker.getDomainSessionId,
  setReferrerUrl: tracker.setReferrerUrl,
  setCustomUrl: tracker.setCustomUrl,
  setDocumentTitle: tracker.setDocumentTitle,
  discardHashTag: tracker.discardHashTag,
  discardBrace: tracker.discardBrace,
  setCookiePath: tracker.setCookiePath,
  setVisitorCookieTimeout: tracker.setVisitorCookieTimeout,
  crossDomainLinker: tracker.crossDomainLinker,
  enableActivityTracking: tracker.enableActivityTracking,
  enableActivityTrackingCallback: tracker.enableActivityTrackingCallback,
  disableActivityTracking: tracker.disableActivityTracking,
  disableActivityTrackingCallback: tracker.disableActivityTrackingCallback,
  updatePageActivity: tracker.updatePageActivity,
  setOptOutCookie: tracker.setOptOutCookie,
  setUserId: tracker.setUserId,
  setUserIdFromLocation: tracker.setUserIdFromLocation,
  setUserIdFromReferrer: tracker.setUserIdFromReferrer,
  setUserIdFromCookie: tracker.setUserIdFromCookie,
  setCollectorUrl: tracker.setCollectorUrl,
  setBufferSize: tracker.setBufferSize,
  flushBuffer: tracker.flushBuffer,
  trackPageView: tracker.trackPageView,
  trackStructEvent: tracker.trackStructEvent,
  trackSelfDescribingEvent: tracker.trackSelfDescribingEvent,
  addGlobalContexts: tracker.addGlobalContexts,
  removeGlobalContexts: tracker.removeGlobalContexts,
  clearGlobalContexts: tracker.clearGlobalContexts,
  preservePageViewId: tracker.preservePageViewId,
  disableAnonymousTracking: tracker.disableAnonymousTracking,
  enableAnonymousTracking: tracker.enableAnonymousTracking,
  clearUserData: tracker.clearUserData,
  addPlugin: tracker.addPlugin,
  version: tracker.version,
};
