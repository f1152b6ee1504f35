import { browserPrivacySignals } from '../consent/decide.js';
import { ConsentLevel } from '../consent/levels.js';
import { optOutCookieName, startingDecision } from '../consent/manager.js';
import { resolveConsentOptions, type RawConsentOptions } from '../consent/options.js';
import { safeCookies } from '../consent/storage.js';
import { applyGuardLevel, createGuardPlugin, type GuardPlugin } from './guard.js';
import { trackerModeFor, type TrackerMode } from './plan.js';

/** The type of the plugins a tracker configuration already has (never when it has none). */
type PluginOf<Config> = Config extends { plugins?: readonly (infer Plugin)[] } ? Plugin : never;

/**
 * For sites that create their own tracker: returns `config` set up for the stored decision, so that the
 * very first event (usually the page view right after `newTracker`) already obeys it.
 *
 * ```js
 * newTracker('sp', 'https://collector.example.com', withConsent({ appId: 'shop' }));
 * trackPageView();
 * ```
 *
 * Pass the same consent settings as the element's attributes (`cookieName`, `policyVersion`, ...).
 * Synchronous: it only reads the consent cookie and the browser's privacy signals.
 */
export function withConsent<const Config extends object>(
  config: Config,
  settings: RawConsentOptions = {},
): Omit<Config, 'plugins'> & TrackerMode & { plugins: (PluginOf<Config> | GuardPlugin)[] } {
  const options = resolveConsentOptions(settings, location.hostname);
  const cookies = safeCookies({ domain: options.cookieDomain, secure: location.protocol === 'https:' });
  const { level } = startingDecision(
    options,
    cookies.get(options.cookieName),
    browserPrivacySignals(options),
    Date.now(),
  ).decision;
  const optOut = optOutCookieName(options.cookieName);
  if (level === ConsentLevel.None) cookies.set(optOut, '1');
  applyGuardLevel(level);
  const guard: GuardPlugin = createGuardPlugin(optOut);
  const plugins = (config as { plugins?: PluginOf<Config>[] }).plugins ?? [];
  return { ...config, ...trackerModeFor(level), plugins: [...plugins, guard] };
}
