/**
 * The drop-in bundle (`dist/consent-banner.min.js`): one classic script with the eager stage and the
 * Snowplow tracker in it. The banner's UI (`consent-banner-ui.js`, next to it) is imported only when
 * something must show. Loading the script twice is harmless: the first copy stays in charge.
 */
// First: on a first visit it starts importing the UI file before the tracker and the core are set up.
import { earlyUiImport, uiFileUrl } from './early-ui.js';
import { ELEMENT_ATTRIBUTES, readConsentSetup } from './core/attributes.js';
import { ConsentElements } from './core/consent-core.js';
import type { ConsentCore, Messages, UiStage } from './core/stages.js';
import type { ConsentChangeDetail, ConsentChoice, ConsentManager } from './consent/manager.js';
import { ConsentSource } from './consent/decide.js';
import { afterThisTask } from './util/tasks.js';
import { shown, warn } from './util/log.js';
import { kebabCase } from './util/text.js';
import { withConsent } from './tracker/config.js';
import { snowplowApi } from './tracker/snowplow.js';
import { ConsentLevel, CONSENT_LEVELS } from './consent/levels.js';

type ChangeListener = (detail: ConsentChangeDetail) => void;

/** What `consent-banner-ui.js` exports (`src/standalone-ui.ts`). */
interface UiModule {
  install(core: ConsentCore, localesUrl: string | undefined): UiStage;
}

function createApi(core: ConsentElements) {
  const banner = (): HTMLElement | undefined => core.pageElement();

  /**
   * The bundle's copy of the tracker API. Trackers created through it are guarded like the element's own
   * (mode of the level in force, guard plugin, guarded requests), with the settings of the page's element.
   */
  const snowplow: typeof snowplowApi = {
    ...snowplowApi,
    newTracker(trackerId, endpoint, configuration = {}) {
      const element = banner();
      return snowplowApi.newTracker(trackerId, endpoint, withConsent(configuration, element ? readConsentSetup(element) : {}));
    },
  };

  const withManager = (call: string, action: (manager: ConsentManager) => void): void => {
    const manager = core.pageManager();
    if (manager) action(manager);
    else warn(`ConsentBanner.${call}: there is no <consent-banner> on the page.`);
  };

  /** The global API for pages that have no handle on the element; it works before the banner's UI loads. */
  return {
    snowplow,
    levels: CONSENT_LEVELS,
    ConsentLevel,
    withConsent,
    addLanguage(language: string, messages: Messages): void {
      core.addLanguage(language, messages);
    },
    /** The level in force; `none` while no `<consent-banner>` is on the page. */
    getLevel(): ConsentLevel {
      return core.pageManager()?.level ?? ConsentLevel.None;
    },
    setLevel(level: ConsentLevel): void {
      withManager(`setLevel(${shown(level)})`, (manager) => manager.setLevel(level, ConsentSource.Api));
    },
    showPreferences(): void {
      const element = banner();
      if (element) core.showPreferences(element);
      else warn('ConsentBanner.showPreferences(): there is no <consent-banner> on the page.');
    },
    /** What the last `consent-change` said (level, purposes, source, ...); undefined with no element. */
    getConsent(): ConsentChangeDetail | undefined {
      return core.pageManager()?.detail;
    },
    /** Whether the visitor granted this purpose (one the page lists in `purposes`). */
    hasConsent(purpose: string): boolean {
      return core.pageManager()?.hasConsent(purpose) ?? false;
    },
    /** Records a choice from the site's own UI: the level and the purposes granted (the others refused). */
    setConsent(choice: ConsentChoice): void {
      withManager('setConsent()', (manager) => manager.setConsent(choice, ConsentSource.Api));
    },
    /** The business user id; it reaches the trackers only at level `full`. */
    identify(userId: string): void {
      withManager('identify', (manager) => manager.identify(userId));
    },
    /** Logout or account switch: no user id, new device id and session; the level stays. */
    anonymize(): void {
      withManager('anonymize', (manager) => manager.anonymize());
    },
    /** Forgets the decision: the default level applies and the banner asks again. */
    reset(): void {
      withManager('reset', (manager) => manager.reset());
    },
    /** Calls `listener` on every `consent-change`, and at once if a level is already in force. Returns an unsubscribe function. */
    on(type: 'change', listener: ChangeListener): () => void {
      if (type !== 'change' || typeof listener !== 'function') {
        warn(`ConsentBanner.on(${shown(type)}, ...): only "change" with a function is supported.`);
        return () => {};
      }
      const handler = (event: GlobalEventHandlersEventMap['consent-change']) => listener(event.detail);
      document.addEventListener('consent-change', handler);
      // A listener added after the first level catches up at once; before, it hears the first level's event.
      const element = banner();
      if (element && core.hasStarted(element)) listener(core.managerFor(element).detail);
      return () => document.removeEventListener('consent-change', handler);
    },
  };
}

declare global {
  interface Window {
    ConsentBanner?: ReturnType<typeof createApi>;
  }
}

/**
 * The embed snippet: `<script async src=".../consent-banner.min.js" data-collector="..." data-app-id="...">`.
 * The script's `data-*` attributes that name element attributes become the element's; the element is
 * added at the end of the body unless the page already has one.
 */
function placeElementFromScript(script: HTMLScriptElement): void {
  const known = new Set(ELEMENT_ATTRIBUTES);
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

/** The UI stage and the languages are files next to this script. */
function uiStageLoader(script: HTMLScriptElement | null) {
  const base = script?.src ? new URL('.', script.src) : undefined;
  return async (core: ConsentCore): Promise<UiStage> => {
    if (!base || !uiFileUrl) throw new Error('the consent-banner script has no src, so its UI file cannot be found');
    const module = (await import(/* @vite-ignore */ uiFileUrl)) as UiModule;
    // Evaluating the module (lit, i18next) was one task; defining the element and its first render is another.
    await afterThisTask();
    return module.install(core, new URL('locales/', base).href);
  };
}

const script = document.currentScript as HTMLScriptElement | null;
if (window.ConsentBanner) {
  warn('the consent-banner script is on this page twice; the first copy stays in charge.');
} else {
  const core = new ConsentElements(uiStageLoader(script));
  window.ConsentBanner = createApi(core);
  // The UI file's import started as the script began (early-ui.ts): take it up now.
  if (earlyUiImport) void core.loadUi();
  core.watchPage();
  if (script) placeElementFromScript(script);
}
