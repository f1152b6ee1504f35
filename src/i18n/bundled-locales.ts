import type { LocaleLoader, Messages } from './localize.js';

/** For bundlers: every language becomes its own chunk, loaded only when a page needs it. */
export const importLocale: LocaleLoader = async (language) =>
  ((await import(`../../locales/${language}.json`)) as { default: Messages }).default;
