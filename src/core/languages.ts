import { LANGUAGES, languageOf, SOURCE_LANGUAGE } from '../util/language.js';
import type { LocaleLoader, Messages } from './stages.js';

/**
 * The shipped language the banner of `element` (the page's, without one) will speak: its nearest `lang`,
 * then the browser's languages. A language a site adds later (`addLanguage`) may still change it.
 */
export function shippedLanguageOf(element?: Element): string {
  return languageOf(element ?? document.documentElement, LANGUAGES);
}

/**
 * `load`, each language requested once (again after a failure), with `prefetch` to request the language
 * of an element before the UI stage asks for it: the two then arrive together, never one after the other.
 */
export function prefetchingLoader(load: LocaleLoader): LocaleLoader & { prefetch(element?: Element): void } {
  const requested = new Map<string, Promise<Messages>>();
  const loader = (language: string): Promise<Messages> => {
    let pending = requested.get(language);
    if (!pending) {
      // Requested now, in this task (a prefetch must not wait for the rest of the script); a loader that
      // throws at once is handled like one that rejects.
      try {
        pending = load(language);
      } catch (cause) {
        pending = Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
      requested.set(language, pending);
      // Reported where the banner asks for it, which falls back to English.
      pending.catch(() => requested.delete(language));
    }
    return pending;
  };
  return Object.assign(loader, {
    prefetch(element?: Element): void {
      const language = shippedLanguageOf(element);
      // English is part of the UI stage.
      if (language !== SOURCE_LANGUAGE) loader(language).catch(() => undefined);
    },
  });
}
