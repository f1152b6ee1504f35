/**
 * The decision sources, loaded only when a page names one (`consent-source`): each is read through its
 * documented API (one file per manager), mapped to our level and purposes (`map.ts`) and handed to the
 * consent manager, which records it as it records the visitor's choices.
 */
import type { ConsentManager } from '../consent/manager.js';
import { error } from '../util/log.js';
import { cookiebotConsent } from './cookiebot.js';
import { didomiConsent } from './didomi.js';
import { gcmConsent } from './gcm.js';
import { decisionFrom, resolveSourceMap } from './map.js';
import type { ConsentSourceName } from './names.js';
import { oneTrustConsent } from './onetrust.js';
import type { ExternalConsent } from './source.js';
import { tcfConsent } from './tcf.js';
import { usercentricsConsent } from './usercentrics.js';
import { vanillaCookieConsent } from './vanilla-cookieconsent.js';

const SOURCES: Readonly<Record<ConsentSourceName, ExternalConsent>> = {
  tcf: tcfConsent,
  gcm: gcmConsent,
  'vanilla-cookieconsent': vanillaCookieConsent,
  onetrust: oneTrustConsent,
  cookiebot: cookiebotConsent,
  usercentrics: usercentricsConsent,
  didomi: didomiConsent,
};

/**
 * Starts reading `source` into `manager`; returns what stops it. `mapSetting`: `consent-source-map` as given.
 * A manager that throws while read grants nothing: the failure is logged and the decision in force stays.
 */
export function watchConsentSource(
  source: ConsentSourceName,
  mapSetting: unknown,
  manager: Pick<ConsentManager, 'options' | 'adoptSourceDecision'>,
  mapAttribute: string,
): () => void {
  const map = resolveSourceMap(source, mapSetting, manager.options, mapAttribute);
  try {
    return SOURCES[source].watch((granted) => {
      try {
        manager.adoptSourceDecision(granted && decisionFrom(map, granted, manager.options));
      } catch (cause) {
        error(`consent-source="${source}": its decision could not be read:`, cause);
      }
    });
  } catch (cause) {
    error(`consent-source="${source}": it could not be read:`, cause);
    return () => {};
  }
}
