/** The languages shipped in `locales/`; `en` is the source of every key. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'fi', 'cs', 'ar', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SOURCE_LANGUAGE: Language = 'en';
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The first candidate we can speak: its full tag if the site added that language, else its base
 * language (`de-AT` -> `de`), else English.
 */
export function resolveLanguage(candidates: readonly (string | null | undefined)[], available: readonly string[]): string {
  for (const candidate of candidates) {
    const tag = candidate?.trim().toLowerCase();
    if (!tag) continue;
    if (available.includes(tag)) return tag;
    const base = tag.split(/[-_]/)[0] ?? tag;
    if (available.includes(base)) return base;
  }
  return SOURCE_LANGUAGE;
}

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0] ?? language);
}
