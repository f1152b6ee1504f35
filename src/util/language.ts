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
 * The first candidate we can speak: its full tag if the site added that language, else its base
 * language (`de-AT` -> `de`), else an alias of the base (`no`, `nn` -> `nb`), else English.
 */
export function resolveLanguage(candidates: readonly (string | null | undefined)[], available: readonly string[]): string {
  for (const candidate of candidates) {
    const tag = candidate?.trim().toLowerCase();
    if (!tag) continue;
    if (available.includes(tag)) return tag;
    const base = tag.split(/[-_]/)[0] ?? tag;
    if (available.includes(base)) return base;
    const alias = ALIASES[base];
    if (alias !== undefined && available.includes(alias)) return alias;
  }
  return SOURCE_LANGUAGE;
}

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0] ?? language);
}
