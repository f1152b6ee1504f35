/** The languages shipped in `locales/`, lower case (`pt-br`); `en` is the source of every key. */
export const LANGUAGES = [
  // The official languages of the EU.
  'en',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
  // Beyond the EU.
  'pt-br',
  'nb',
  'tr',
  'uk',
  'ja',
  'zh',
  'ko',
  'ar',
  'he',
] as const;
export type Language = (typeof LANGUAGES)[number];

export const SOURCE_LANGUAGE: Language = 'en';
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * Base languages we answer with a close relative we ship: browsers say `no` (Norwegian) or `nn`
 * (Nynorsk) as often as `nb`, and Bokmål is what those visitors read on the web. Used only when the
 * site has no file of the tag itself.
 */
const ALIASES: Readonly<Record<string, string>> = { no: 'nb', nn: 'nb' };

/**
 * The language `element` is to speak, of those `available`: its nearest `lang` (its own or the page's), then the
 * browser's languages, then English. The banner, its way back and the files fetched early all resolve it so.
 */
export function languageOf(element: Element, available: readonly string[]): string {
  const nearest = element.closest('[lang]')?.getAttribute('lang');
  return resolveLanguage([nearest, ...(navigator.languages ?? []), navigator.language], available);
}

/**
 * The first candidate we can speak, English if none. Each candidate is tried from its most specific
 * form to its base language (`lookupTags`), then an alias of the base (`no`, `nn` -> `nb`).
 */
export function resolveLanguage(candidates: readonly (string | null | undefined)[], available: readonly string[]): string {
  for (const candidate of candidates) {
    if (!candidate?.trim()) continue;
    const tags = lookupTags(candidate);
    const found = tags.find((tag) => available.includes(tag));
    if (found !== undefined) return found;
    const alias = ALIASES[tags[tags.length - 1]!];
    if (alias !== undefined && available.includes(alias)) return alias;
  }
  return SOURCE_LANGUAGE;
}

/**
 * The tags to look for, lower case, most specific first; the last is the base language. Pages write
 * tags in any case and sometimes with `_` (`pt_BR`, `PT-br`); extensions, variants and private-use
 * parts never pick a file (`pt-BR-u-nu-latn` -> `pt-br`); a script, written or implied by the region,
 * comes before the region because a reader needs the script first (`zh-TW` -> `zh-tw`, `zh-hant-tw`,
 * `zh-hant`, `zh`); retired codes take their current one (`iw` -> `he`).
 */
export function lookupTags(candidate: string): string[] {
  const written = candidate.trim().replace(/_/g, '-').toLowerCase();
  const tags = [written];
  let locale: Intl.Locale | undefined;
  try {
    locale = new Intl.Locale(written);
  } catch {
    // Not a well-formed tag (or no Intl.Locale): its first part is all we can read.
  }
  const language = locale?.language;
  if (locale && language && language !== 'und') {
    const region = locale.region?.toLowerCase();
    const script = (locale.script ?? (region ? locale.maximize().script : undefined))?.toLowerCase();
    if (script && region) tags.push(`${language}-${script}-${region}`);
    if (script) tags.push(`${language}-${script}`);
    if (region) tags.push(`${language}-${region}`);
    tags.push(language);
  } else {
    tags.push(written.split('-')[0]!);
  }
  return [...new Set(tags)];
}

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0] ?? language);
}

/** A top-level key of `strings` that is a language tag (`de`, `pt-BR`): the texts of that language. */
const LANGUAGE_KEY = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;

export function isLanguageKey(key: string): boolean {
  return LANGUAGE_KEY.test(key);
}

/**
 * A site's `strings` as the layers that apply to `language`, in order, each over the one before: the texts
 * for every language (every key that is not a language tag), then those under the base language's key,
 * then those under the language's own (`{"purposes": {...}, "de": {"purposes": {...}}, "pt-BR": {...}}`).
 * Keys match in any case and with `_` for `-`; a value that is no object is left out (`bad` says which).
 */
export function stringLayers(
  strings: Record<string, unknown>,
  language: string,
  bad: (key: string) => void = () => undefined,
): Record<string, unknown>[] {
  const common: Record<string, unknown> = {};
  const byLanguage = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(strings)) {
    // A key that would set the object's prototype is no text.
    if (key === '__proto__') continue;
    if (!isLanguageKey(key)) common[key] = value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      byLanguage.set(key.replace(/_/g, '-').toLowerCase(), value as Record<string, unknown>);
    else bad(key);
  }
  const layers = [common];
  for (const tag of lookupTags(language).reverse()) {
    const own = byLanguage.get(tag);
    if (own) layers.push(own);
  }
  return layers;
}
