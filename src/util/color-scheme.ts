/**
 * What `theme="auto"` follows: the colour scheme the page declares for itself (the `color-scheme` of its root
 * element, else its `<meta name="color-scheme">`) when it names one only, so that a light-only site never
 * gets a dark banner; the visitor's system when the page declares none or both (`light dark`).
 */
export type Scheme = 'light' | 'dark' | 'system';

export function bannerScheme(theme: string | null | undefined, doc: Document): Scheme {
  if (theme === 'light' || theme === 'dark') return theme;
  const declared = [
    doc.defaultView?.getComputedStyle(doc.documentElement).colorScheme,
    doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content'),
  ];
  for (const value of declared) {
    const words = (value ?? '').toLowerCase().split(/\s+/);
    const light = words.includes('light');
    const dark = words.includes('dark');
    if (light !== dark) return light ? 'light' : 'dark';
    if (light && dark) return 'system';
  }
  return 'system';
}
