/**
 * The drop-in's first module, evaluated before the tracker and the core: on a first visit (as far as the
 * script can tell: no consent cookie, no privacy signal) it starts importing the UI file next to the script
 * at once, so that it arrives while the rest of the script is still being set up. The core's own import of
 * the same URL then gets the same module.
 */
import { browserPrivacySignals } from './consent/decide.js';
import { DEFAULT_OPTIONS } from './consent/options.js';

const script = document.currentScript as HTMLScriptElement | null;

/** The UI file next to the script (undefined for a script without src). */
export const uiFileUrl: string | undefined = script?.src ? new URL('consent-banner-ui.js', script.src).href : undefined;

/**
 * No consent cookie under the default name (or the one the script names) and no privacy signal: the element's
 * own check (its attributes, once parsed) follows, and may find more.
 */
function surelyUndecided(): boolean {
  const data = script?.dataset ?? {};
  const signals = browserPrivacySignals({
    ignoreDnt: data['ignoreDnt'] !== undefined,
    ignoreGpc: data['ignoreGpc'] !== undefined,
  });
  if (signals.doNotTrack || signals.globalPrivacyControl) return false;
  const name = data['cookieName'] || DEFAULT_OPTIONS.cookieName;
  return !document.cookie.split(/;\s*/).some((cookie) => cookie.startsWith(`${name}=`));
}

/** The import started early, if one was; the core awaits it instead of starting its own. */
export const earlyUiImport: Promise<unknown> | undefined =
  uiFileUrl && !window.ConsentBanner && surelyUndecided()
    ? import(/* @vite-ignore */ uiFileUrl).catch(() => undefined)
    : undefined;
