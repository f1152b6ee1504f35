/**
 * The browser page this code runs in, or undefined where there is none (a server rendering the page,
 * a test in Node): entries must import and `withConsent()` / `setupConsent()` must run there too.
 */
export function browserPage(): { location: Location; window: Window; document: Document } | undefined {
  if (typeof window === 'undefined' || typeof document === 'undefined' || typeof location === 'undefined') return undefined;
  return { location, window, document };
}

/** The page's host name; empty outside a browser. */
export function pageHostname(): string {
  return browserPage()?.location.hostname ?? '';
}
