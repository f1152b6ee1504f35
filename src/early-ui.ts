/**
 * The drop-in's first module, evaluated before the tracker and the core: on a first visit (as far as the
 * script can tell: no consent cookie, no privacy signal) it starts importing the UI file next to the script
 * and fetching the page's language at once, in parallel, so that both arrive while the rest of the script
 * is still being set up. The core's own requests for them then get the same responses.
 */
import { browserPrivacySignals } from './consent/decide.js';
import { DEFAULT_OPTIONS } from './consent/options.js';
import { fetchLocales, type LocaleLoader } from './util/locale-files.js';
import { prefetchingLoader } from './core/languages.js';

/** The drop-in's own `<script>`: its `data-*` settings, and its folder, where its other files are. */
export const dropInScript = document.currentScript as HTMLScriptElement | null;

/** What the CMS embed snippet leaves on `window.ConsentBanner` before the library arrives. */
export interface SnippetStub {
  (...command: unknown[]): void;
  /** Calls made before the library arrived, in order. */
  q?: ArrayLike<unknown>[];
  /** The element's settings, by property name (`appId`, `pageView`, `strings`, ...). */
  settings?: Record<string, unknown>;
}

/** The snippet's stub: a function without the library's API (which has `snowplow`). */
const existing: unknown = (window as { ConsentBanner?: unknown }).ConsentBanner;
export const snippetStub: SnippetStub | undefined =
  typeof existing === 'function' && !('snowplow' in existing) ? (existing as SnippetStub) : undefined;

/** The library ran on this page already (a second copy of the script): that copy stays in charge. */
export const loadedBefore = existing !== undefined && !snippetStub;

/** The folder of the script: its other files and its `locales/` are there (undefined for a script without src). */
const base: URL | undefined = dropInScript?.src ? new URL('.', dropInScript.src) : undefined;

/** Imports a module of the drop-in (its UI, decision sources, gated content) from next to the script. */
export async function importNextToScript<Module>(name: string): Promise<Module> {
  if (!base) throw new Error(`the consent-banner script has no src, so ${name} cannot be found`);
  return (await import(/* @vite-ignore */ new URL(name, base).href)) as Module;
}

const UI_FILE = 'consent-banner-ui.js';

/** The language files next to the script. */
const fetchLocale: LocaleLoader = base
  ? fetchLocales(new URL('locales/', base))
  : () => Promise.reject(new Error('the consent-banner script has no src, so its languages cannot be found'));

/**
 * No consent cookie under the default name (or the one the script names) and no privacy signal: the element's
 * own check (its attributes, once parsed) follows, and may find more.
 */
function surelyUndecided(): boolean {
  const data: Record<string, unknown> = snippetStub?.settings ?? dropInScript?.dataset ?? {};
  const signals = browserPrivacySignals({
    ignoreDnt: data['ignoreDnt'] !== undefined && data['ignoreDnt'] !== false,
    ignoreGpc: data['ignoreGpc'] !== undefined && data['ignoreGpc'] !== false,
  });
  if (signals.doNotTrack || signals.globalPrivacyControl) return false;
  const name = (typeof data['cookieName'] === 'string' && data['cookieName']) || DEFAULT_OPTIONS.cookieName;
  return !document.cookie.split(/;\s*/).some((cookie) => cookie.startsWith(`${name}=`));
}

const firstVisit = !!base && !loadedBefore && surelyUndecided();

/** The import started early, if one was; the core awaits it instead of starting its own. */
const earlyUiImport: Promise<unknown> | undefined = firstVisit ? importNextToScript(UI_FILE).catch(() => undefined) : undefined;

/** The UI file: the early import's, or (none, or it gave up on a network error) imported now. */
export async function importUiFile<Module>(): Promise<Module> {
  return ((await earlyUiImport) as Module | undefined) ?? importNextToScript<Module>(UI_FILE);
}

/** Languages for the UI stage, each fetched once: the page's is requested with the UI file on a first visit. */
export const localeLoader = prefetchingLoader(fetchLocale);
if (firstVisit) localeLoader.prefetch();
