/**
 * The drop-in bundle (`dist/consent-banner.min.js`): one classic script with the eager stage and the
 * Snowplow tracker in it (`dist/consent-banner-tag.min.js`: the same without the tracker, for sites with the
 * Snowplow JS tag; vite.config.ts builds both). The banner's UI (`consent-banner-ui.js`, next to it) is imported only when
 * something must show. Loading the script twice is harmless: the first copy stays in charge.
 */
// First: on a first visit it starts importing the UI file and the page's language before the tracker and
// the core are set up.
import { dropInScript, importNextToScript, importUiFile, loadedBefore, localeLoader, snippetStub } from './early-ui.js';
import { ELEMENT_ATTRIBUTES, ELEMENT_PROPERTIES, readConsentSetup } from './core/attributes.js';
import { ConsentElements } from './core/consent-core.js';
import { shippedLanguageOf } from './core/languages.js';
import { forwardConsentOperations } from './core/element.js';
import type { Messages, UiStage } from './core/stages.js';
import type { ConsentChangeDetail } from './consent/manager.js';
import { taskAhead } from './util/tasks.js';
import { error, shown, warn } from './util/log.js';
import { kebabCase } from './util/text.js';
import { withConsent } from './tracker/config.js';
import { siteTrackerApi } from './tracker/snowplow.js';
import { provideLazyParts, type ConsentSourcesModule } from './setup.js';
import type { GatedContentModule } from './blocking/gated-watch.js';
import { ConsentLevel, CONSENT_LEVELS } from './consent/levels.js';

type ChangeListener = (detail: ConsentChangeDetail) => void;

/** What `consent-banner-ui.js` exports (`src/standalone-ui.ts`). */
interface UiModule {
  install(loader: typeof localeLoader): UiStage;
}

function createApi(core: ConsentElements) {
  const banner = () => core.pageElement();

  /**
   * The global API for pages that have no handle on the element: the element's own operations under the
   * same names (`level`, `setLevel()`, `hasConsent()`, ...), on the page's `<consent-banner>`.
   */
  const operations = forwardConsentOperations(banner, 'ConsentBanner');

  /**
   * The bundle's copy of the tracker API. Trackers created through it are guarded like the element's own
   * (mode of the level in force, guard plugin, guarded requests), with the settings of the page's element;
   * calls made before a tracker exists wait for it.
   */
  const snowplow = siteTrackerApi((configuration) => {
    const element = banner();
    return withConsent(configuration, element ? readConsentSetup(element) : {});
  });

  return Object.assign(operations, {
    snowplow,
    levels: CONSENT_LEVELS,
    ConsentLevel,
    withConsent,
    addLanguage(language: string, messages: Messages): void {
      core.addLanguage(language, messages);
    },
    /** The level in force, as `level`; `none` while no `<consent-banner>` is on the page. */
    getLevel(): ConsentLevel {
      return operations.level;
    },
    /** What the last `consent-change` said, as `consentDetail`. */
    getConsent(): ConsentChangeDetail | undefined {
      return operations.consentDetail;
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
      const detail = operations.consentDetail;
      if (detail) listener(detail);
      return () => document.removeEventListener('consent-change', handler);
    },
  });
}

/**
 * `window.ConsentBanner`: the API, callable as the CMS snippet's queue is (`ConsentBanner('setLevel', 'full')`,
 * `ConsentBanner(function (api) { ... })`), so that a call written for the snippet works before and after
 * the library arrived.
 */
type ConsentBannerGlobal = ((...command: unknown[]) => void) & ReturnType<typeof createApi>;

declare global {
  interface Window {
    /** The drop-in's API (before it arrives, the CMS snippet's queue). */
    ConsentBanner?: ConsentBannerGlobal;
  }
}

/** Runs one queued command: a function gets the API; otherwise the name of an operation and its arguments. */
function runCommand(api: ReturnType<typeof createApi>, command: ArrayLike<unknown>): void {
  const [name, ...args] = Array.from(command);
  if (typeof name === 'function') {
    try {
      (name as (api: unknown) => void)(api);
    } catch (cause) {
      error('a function queued with ConsentBanner(...) threw.', cause);
    }
    return;
  }
  const method = typeof name === 'string' ? (api as unknown as Record<string, unknown>)[name] : undefined;
  if (typeof method !== 'function') {
    warn(`ConsentBanner(${shown(name)}, ...): no such operation; ignored.`);
    return;
  }
  (method as (...args: unknown[]) => unknown)(...args);
}

/**
 * The CMS snippet's settings (element properties by name, `appId`, `pageView: true`, `strings: {...}`) become
 * the element's; the element is added at the end of the body unless the page already has one.
 */
function elementFromSettings(settings: Record<string, unknown>): HTMLElement {
  const element = document.createElement('consent-banner');
  const known = new Set<string>(ELEMENT_PROPERTIES.map(({ property }) => property));
  for (const [name, value] of Object.entries(settings)) {
    if (known.has(name)) (element as unknown as Record<string, unknown>)[name] = value;
    // The banner's language, when it is not the page's (`lang` is the global attribute).
    else if (name === 'lang' && typeof value === 'string') element.lang = value;
    else warn(`the snippet's setting ${shown(name)} is not a property of <consent-banner>; ignored.`);
  }
  return element;
}

/**
 * The embed snippet: `<script async src=".../consent-banner.min.js" data-collector="..." data-app-id="...">`.
 * The script's `data-*` attributes that name element attributes become the element's; the element is
 * added at the end of the body unless the page already has one.
 */
function elementFromScript(script: HTMLScriptElement): HTMLElement | undefined {
  const known = new Set(ELEMENT_ATTRIBUTES);
  const attributes = Object.entries(script.dataset).map(([key, value]) => [kebabCase(key), value ?? ''] as const);
  if (attributes.length === 0) return undefined;
  const element = document.createElement('consent-banner');
  for (const [name, value] of attributes) {
    if (known.has(name)) element.setAttribute(name, value);
    else warn(`data-${name} on the consent-banner script is not an attribute of <consent-banner>; ignored.`);
  }
  return element;
}

/**
 * Adds the element the snippet or the script's `data-*` describe (unless the page has one), then runs the
 * calls queued before the library arrived, in order. An async script in <head> may run before the body
 * exists: then both wait for it.
 */
function placeElementAndRunQueue(api: ReturnType<typeof createApi>, script: HTMLScriptElement | null): void {
  const run = (): void => {
    const element = snippetStub?.settings
      ? elementFromSettings(snippetStub.settings)
      : script
        ? elementFromScript(script)
        : undefined;
    if (element && !document.querySelector('consent-banner')) document.body.append(element);
    for (const command of Array.from(snippetStub?.q ?? [])) runCommand(api, command);
  };
  const waits = !!snippetStub || (script !== null && Object.keys(script.dataset).length > 0);
  if (!waits) return;
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

/** The UI stage is a file next to this script, its languages in `locales/` there. */
async function loadUiStage(element: Element | undefined): Promise<UiStage> {
  // The language is requested with the UI file, not after it (on a first visit both are on their way already).
  localeLoader.prefetch(element);
  // A failure is reported as the core reports failures.
  const loaded = await importUiFile<UiModule>();
  // Evaluating the module (lit, i18next) was one task; the first render is another, ahead of the tracker's.
  await taskAhead();
  return loaded.install(localeLoader);
}

if (loadedBefore) {
  warn('the consent-banner script is on this page twice; the first copy stays in charge.');
} else {
  // The decision sources and gated content are files next to this script, imported by a page that needs them.
  provideLazyParts({
    sources: () => importNextToScript<ConsentSourcesModule>('consent-banner-sources.js'),
    gatedContent: () => importNextToScript<GatedContentModule>('consent-banner-gated.js'),
  });
  const core = new ConsentElements(loadUiStage, (element) => localeLoader(shippedLanguageOf(element)));
  const api = createApi(core);
  const command = (...args: unknown[]): void => runCommand(api, args);
  // The functions' own `name` and `length` cannot be replaced by the API's: those two are left out.
  window.ConsentBanner = Object.defineProperties(command, apiDescriptors(api)) as ConsentBannerGlobal;
  core.start();
  placeElementAndRunQueue(api, dropInScript);
}

/** The API's properties, getters kept as getters. */
function apiDescriptors(api: object): PropertyDescriptorMap {
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(api);
  delete descriptors['name'];
  delete descriptors['length'];
  return descriptors;
}
