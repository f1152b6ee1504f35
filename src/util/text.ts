/**
 * A setting's value as text when it is text or a plain value (`2`, `true`); undefined for objects, arrays and
 * functions, whose `String()` (`[object Object]`) would pass for a setting.
 */
export function settingText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** `cookieDays` -> `cookie-days`: an option or `dataset` key as the attribute it stands for. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Languages whose sentences follow one another without a space: Chinese and Japanese end a sentence with a
 * full-width mark (`。`) that already holds the gap; an ASCII space after it shows as a stray hole.
 */
const NO_SPACE_BETWEEN_SENTENCES = new Set(['zh', 'ja', 'yue']);

/** What goes between two sentences of one paragraph in `language` (a tag such as `ja` or `zh-tw`). */
export function sentenceSeparator(language: string): string {
  const base = language.split(/[-_]/)[0]!.toLowerCase();
  return NO_SPACE_BETWEEN_SENTENCES.has(base) ? '' : ' ';
}

/** The non-empty `sentences` as one paragraph in `language`. */
export function joinSentences(language: string, sentences: readonly string[]): string {
  return sentences.filter(Boolean).join(sentenceSeparator(language));
}

/** Items as a list of the language ("Functional, Marketing and Chat"); joined by commas where Intl cannot. */
export function listInLanguage(items: readonly string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}
