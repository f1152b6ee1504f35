/**
 * `snowplow.ts` for the drop-in's tag build (`consent-banner-tag.min.js`, vite.config.ts puts this module in its
 * place): a site whose trackers are the Snowplow JS tag's (sp.js) has no use for a copy of the tracker package,
 * the largest part of `consent-banner.min.js`. The tag bridge (`tag.ts`) drives and guards the tag as in the
 * full build; what needed the package is refused with a console message, never dropped in silence.
 */
import type * as withOwnTracker from './snowplow.js';
import { outQueueKeysFor, plannedCalls } from './adapter.js';
import { warn } from '../util/log.js';

const NO_TRACKER = 'this build (consent-banner-tag.min.js) has no tracker of its own';

/**
 * The full build's bridge with no tracker of its copy to drive: the same clean-up of what trackers stored (the
 * tag's event queues, the tab id, the opt-out cookie) on every change. A `collector` creates nothing.
 */
export const createSnowplowBridge: typeof withOwnTracker.createSnowplowBridge = (options) => {
  if (options.create) {
    warn(
      `collector="${options.create.collector}": ${NO_TRACKER}; no tracker is created. Use consent-banner.min.js for the element's own tracker.`,
    );
    // Nothing to wait for: consent-ready is not held back.
    options.create.created?.();
  }
  return plannedCalls({
    dispatch: () => {},
    outQueueKeys: () => outQueueKeysFor(undefined),
    cookies: options.cookies,
    optOutCookieName: options.guard.optOutCookieName,
  });
};

/**
 * `ConsentBanner.snowplow`: every call is refused with a message that says what to call instead (the tag's
 * own function); `version` and anything that is no call are undefined.
 */
export const siteTrackerApi: typeof withOwnTracker.siteTrackerApi = () =>
  new Proxy({} as ReturnType<typeof withOwnTracker.siteTrackerApi>, {
    get(_target, name) {
      // Not a method: promise resolution asks for `then`, JSON for `toJSON`.
      if (typeof name !== 'string' || name === 'then' || name === 'toJSON' || name === 'version') return undefined;
      return (): void =>
        warn(
          `ConsentBanner.snowplow.${name}(): ${NO_TRACKER}; call the Snowplow tag instead (snowplow('${name}', ...)). Ignored.`,
        );
    },
  });
