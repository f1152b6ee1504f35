/**
 * The drop-in bundle (`dist/consent-banner.min.js`): one classic script with everything in it, the
 * Snowplow tracker included. Loading it twice is harmless: the first copy stays in charge.
 */
import { ConsentBannerElement } from './components/consent-banner.component.js';
// Not the registering module: the element is defined below, after the languages' location is set.
import { defineConsentBanner } from './components/define.js';
import type { ConsentChangeDetail } from './consent/manager.js';
import { shown, warn } from './util/log.js';
import { kebabCase } from './util/text.js';
import { fetchLocales, setDefaultLocaleLoader, addLanguage } from './i18n/localize.js';
import { withConsent } from './tracker/config.js';
import { snowplowApi } from './tracker/snowplow.js';
import { ConsentLevel, CONSENT_LEVELS } from './consent/levels.js';

type ChangeListener = (detail: ConsentChangeDetail) => void;

function banner(): HTMLElementTagNameMap['consent-banner'] | null {
  return document.querySelector('consent-banner');
}

/**
 * The bundle's copy of the tracker API. Trackers created through it are guarded like the element's own
 * (mode of the level in force, guard plugin, guarded requests), with the settings of the page's element.
 */
const snowplow: typeof snowplowApi = {
  ...snowplowApi,
  newTracker(trackerId, endpoint, configuration = {}) {
    return snowplowApi.newTracker(trackerId, endpoint, withConsent(configuration, banner()?.consentSetup() ?? {}));
  },
};

/** The global API for pages that have no handle on the element. */
const api = {
  snowplow,
  levels: CONSENT_LEVELS,
  ConsentLevel,
  withConsent,
  addLanguage,
  /** The level in force; `none` while no `<consent-banner>` is on the page. */
  getLevel(): ConsentLevel {
    return banner()?.level ?? ConsentLevel.None;
  },
  setLevel(level: ConsentLevel): void {
    const element = banner();
    if (element) element.setLevel(level);
    else warn(`ConsentBanner.setLevel(${shown(level)}): there is no <consent-banner> on the page.`);
  },
  showPreferences(): void {
    banner()?.showPreferences();
  },
  /** Calls `listener` on every `consent-change`, and at once if a level is already in force. Returns an unsubscribe function. */
  on(type: 'change', listener: ChangeListener): () => void {
    if (type !== 'change' || typeof listener !== 'function') {
      warn(`ConsentBanner.on(${shown(type)}, ...): only "change" with a function is supported.`);
      return () => {};
    }
    const handler = (event: GlobalEventHandlersEventMap['consent-change']) => listener(event.detail);
    document.addEventListener('consent-change', handler);
    // A listener added after the first decision catches up at once.
    const current = banner()?.consentDetail;
    if (current) listener(current);
    return () => document.removeEventListener('consent-change', handler);
  },
};

declare global {
  interface Window {
    ConsentBanner?: typeof api;
  }
}

/**
 * The embed snippet: `<script async src=".../consent-banner.min.js" data-collector="..." data-app-id="...">`.
 * The script's `data-*` attributes that name element attributes become the element's; the element is
 * added at the end of the body unless the page already has one.
 */
function placeElementFromScript(script: HTMLScriptElement): void {
  const known = new Set(ConsentBannerElement.observedAttributes);
  const attributes = Object.entries(script.dataset).map(([key, value]) => [kebabCase(key), value ?? ''] as const);
  if (attributes.length === 0) return;
  const place = (): void => {
    if (document.querySelector('consent-banner')) return;
    const element = document.createElement('consent-banner');
    for (const [name, value] of attributes) {
      if (known.has(name)) element.setAttribute(name, value);
      else warn(`data-${name} on the consent-banner script is not an attribute of <consent-banner>; ignored.`);
    }
    document.body.append(element);
  };
  // An async script in <head> may run before the body exists.
  if (document.body) place();
  else document.addEventListener('DOMContentLoaded', place, { once: true });
}

const script = document.currentScript as HTMLScriptElement | null;
if (window.ConsentBanner) {
  warn('the consent-banner script is on this page twice; the first copy stays in charge.');
} else {
  if (script?.src) setDefaultLocaleLoader(fetchLocales(new URL('locales/', script.src)));
  window.ConsentBanner = api;
  defineConsentBanner();
  if (script) placeElementFromScript(script);
}
