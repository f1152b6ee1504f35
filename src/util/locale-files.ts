/** The strings of one language, shaped like `locales/en.json`. */
export type Messages = { [key: string]: string | Messages };

/** Fetches one language's strings; English is always bundled with the UI and never loaded. */
export type LocaleLoader = (language: string) => Promise<Messages>;

/** Loads `<base><language>.json`: the drop-in's `locales/` next to its script, or a site's `locales-url`. */
export function fetchLocales(base: string | URL): LocaleLoader {
  return async (language) => {
    const response = await fetch(new URL(`${language}.json`, base));
    if (!response.ok) throw new Error(`${response.status} for ${response.url}`);
    return (await response.json()) as Messages;
  };
}
