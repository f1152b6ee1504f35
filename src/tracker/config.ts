import { ConsentLevel, levelRank } from '../consent/levels.js';
import { resolveConsentOptions, type ConsentOptions, type RawConsentOptions } from '../consent/options.js';
import { pageCookies } from '../consent/stored-decision.js';
import { pageHostname } from '../util/page.js';
import { resolveEnforcementPolicy, type EnforcementSettings } from './enforce.js';
import { createGuardPlugin, guardedFetch, pageGuard, type FetchFunction, type GuardPlugin } from './guard.js';
import { trackerModeFor, type TrackerMode } from './plan.js';

/** The type of the plugins a tracker configuration already has (never when it has none). */
type PluginOf<Config> = Config extends { plugins?: readonly (infer Plugin)[] } ? Plugin : never;

/** Consent settings as the element's attributes give them, in camelCase. */
export type WithConsentSettings = RawConsentOptions & EnforcementSettings;

/** What `withConsent` adds to or changes in a tracker configuration. */
export type GuardedConfig<Config> = Omit<Config, 'plugins' | 'customFetch'> &
  TrackerMode & {
    plugins: (PluginOf<Config> | GuardPlugin)[];
    customFetch: FetchFunction;
    discoverRootDomain?: boolean;
  };

/**
 * The default level each consent manager of this page (an element, `setupConsent()`) was set up with, by
 * consent cookie: what an undecided visitor gets is the site's setting, which `withConsent()` cannot guess.
 * Several managers with one cookie: the most private default counts.
 */
const declaredDefaults = new Map<string, ConsentLevel>();

export function declareDefaultLevel(options: Pick<ConsentOptions, 'cookieName' | 'defaultLevel'>): void {
  const known = declaredDefaults.get(options.cookieName);
  if (known === undefined || levelRank(options.defaultLevel) < levelRank(known)) {
    declaredDefaults.set(options.cookieName, options.defaultLevel);
  }
}

/**
 * For sites that create their own tracker: returns `config` set up for the stored decision, so that the
 * very first event (usually the page view right after `newTracker`) already obeys it, and guarded, so
 * that every later event and request obeys the decision in force when it leaves.
 *
 * ```js
 * newTracker('sp', 'https://collector.example.com', withConsent({ appId: 'shop' }));
 * trackPageView();
 * ```
 *
 * Pass the same consent settings as the element's attributes (`cookieName`, `policyVersion`, ...).
 * Before the visitor has decided, the default level applies only once it is known: `defaultLevel` given
 * here, or the setting of a consent element (or `setupConsent()`) on this page; until then nothing leaves
 * (level `none`), since on a strict opt-in site any other guess would send events before the choice.
 * Synchronous: it only reads the consent cookie and the browser's privacy signals. The JS tag (sp.js)
 * replaces `plugins` with its own: there, `customFetch` is the guard (and the element adds its plugin).
 */
export function withConsent<const Config extends object>(
  config: Config,
  settings: WithConsentSettings = {},
): GuardedConfig<Config> {
  const resolved = resolveConsentOptions(settings, pageHostname());
  const options: ConsentOptions =
    settings.defaultLevel !== undefined
      ? resolved
      : {
          ...resolved,
          // Read at every event: the element's setting counts from the moment it starts.
          get defaultLevel() {
            return declaredDefaults.get(resolved.cookieName) ?? ConsentLevel.None;
          },
        };
  const guard = pageGuard(options, resolveEnforcementPolicy(settings));
  const level = guard.gate.level();
  if (level === ConsentLevel.None) pageCookies(options).set(guard.optOutCookieName, '1');
  const site = config as { plugins?: PluginOf<Config>[]; customFetch?: FetchFunction; cookieDomain?: unknown };
  return {
    ...config,
    ...trackerModeFor(level),
    // Below `session` the tracker writes no cookie: no probe cookie to find the root domain either.
    ...(levelRank(level) < levelRank(ConsentLevel.Session) && site.cookieDomain === undefined
      ? { discoverRootDomain: false, ...(options.cookieDomain ? { cookieDomain: options.cookieDomain } : {}) }
      : {}),
    customFetch: guardedFetch(guard, site.customFetch),
    plugins: [...(site.plugins ?? []), createGuardPlugin(guard)],
  };
}
