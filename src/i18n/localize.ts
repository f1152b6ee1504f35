import i18next, { type TFunction } from 'i18next';
import en from '../../locales/en.json';
import { warn } from '../util/log.js';
import { LANGUAGES, SOURCE_LANGUAGE, stringLayers } from '../util/language.js';
import { fetchLocales, type LocaleLoader, type Messages } from '../util/locale-files.js';

export { fetchLocales, type LocaleLoader, type Messages };

/**
 * Source served as is (tests, demo): the `locales/` folder of this repository. Entry points replace
 * it; it is resolved on first use because a classic script has no `import.meta.url`.
 */
let defaultLoader: LocaleLoader = (language) =>
  fetchLocales(new URL(/* @vite-ignore */ '../../locales/', import.meta.url))(language);

/** Entry points set how languages arrive: split chunks for bundlers, files next to the drop-in script. */
export function setDefaultLocaleLoader(loader: LocaleLoader): void {
  defaultLoader = loader;
}

/** One i18next instance for the library, private so it never touches a site's own i18next. */
const i18n = i18next.createInstance();
void i18n.init({
  resources: { [SOURCE_LANGUAGE]: { translation: en } },
  lng: SOURCE_LANGUAGE,
  fallbackLng: SOURCE_LANGUAGE,
  ns: ['translation'],
  defaultNS: 'translation',
  // Our tags are lower case (`pt-br`); i18next would look them up as `pt-BR` and find nothing.
  lowerCaseLng: true,
  // Lit escapes every value it renders; escaping here would show entities as text.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

const loading = new Map<string, Promise<void>>();
const languagesAdded = new Set<string>();

/** Languages the library can speak: the shipped ones and any added with `addLanguage`. */
export function availableLanguages(): string[] {
  return [...LANGUAGES, ...languagesAdded];
}

/** Adds or completes a language without a translation file; missing keys fall back to English. */
export function addLanguage(language: string, messages: Messages): void {
  const tag = language.trim().toLowerCase();
  languagesAdded.add(tag);
  i18n.addResourceBundle(tag, 'translation', messages, true, true);
}

/** Makes `language` ready to use; on failure English stands in (with a warning), never raw keys. */
export function loadLanguage(language: string, loader: LocaleLoader = defaultLoader): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    // A loader that throws at once is handled like one that rejects.
    pending = Promise.resolve()
      .then(() => loader(language))
      .then((messages) => {
        i18n.addResourceBundle(language, 'translation', messages, true, false);
      })
      .catch((error: unknown) => {
        loading.delete(language);
        warn(`could not load the "${language}" strings (${String(error)}); using English.`);
      });
    loading.set(language, pending);
  }
  return pending;
}

let overrideCount = 0;

/**
 * A translate function for one element: its own overrides first (a namespace of their own, so two
 * elements never share them), then the language, then English.
 */
export function translator(language: string, overrides: Messages | undefined): TFunction {
  if (!overrides) return i18n.getFixedT(language);
  const namespace = `overrides-${++overrideCount}`;
  const bad = (key: string) => warn(`strings["${key}"] names a language but holds no texts; it is left out.`);
  // The texts for every language, then the language's own (see stringLayers), each merged over the last.
  for (const layer of stringLayers(overrides, language, bad)) i18n.addResourceBundle(language, namespace, layer, true, true);
  return i18n.getFixedT(language, [namespace, 'translation']);
}

export function hasLanguage(language: string): boolean {
  return i18n.hasResourceBundle(language, 'translation');
}
