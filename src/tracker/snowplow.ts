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
} from '@snowplow/browser-tracker';
import type { ConsentBridge } from '../consent/bridge.js';
import type { ConsentLevel } from '../consent/levels.js';
import type { SafeCookies } from '../consent/storage.js';
import { outQueueKeysFor, plannedCalls } from './adapter.js';
import { createGuardPlugin, guardedFetch, type Guard } from './guard.js';
import { trackerModeFor, type TrackerCall } from './plan.js';

/** The tracker the element creates itself when it has a `collector`. */
export interface OwnTrackerOptions {
  collector: string;
  namespace: string;
  appId: string | undefined;
  /** Shared with the consent cookie; without it cookies are host-only and no root-domain probe cookie is written. */
  cookieDomain: string | undefined;
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

  const start = (level: ConsentLevel): void => {
    started = true;
    const plugin = createGuardPlugin(options.guard) as unknown as BrowserPlugin;
    const created = options.create && createTracker(options.create, level, plugin, options.guard);
    // A tracker that existed before us (the site's, or ours from an earlier element) gets the guard
    // plugin now; its requests are guarded only if it was configured with `withConsent()`.
    if (!created) addPlugin({ plugin }, trackers);
  };

  const target = {
    dispatch: (call: TrackerCall) => dispatch(call, trackers),
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
      trackPageView({}, trackers);
    },
    trackSelfDescribingEvent(event) {
      trackSelfDescribingEvent({ event }, trackers);
    },
  };
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

/** The whole tracker API, for the drop-in bundle's `window.ConsentBanner.snowplow`. */
export * as snowplowApi from '@snowplow/browser-tracker';
