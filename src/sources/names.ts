import { shown, warn } from '../util/log.js';

/**
 * The consent managers a page can take its decisions from (`consent-source`). This list is all the eager
 * code knows of them: how each is read lives in its own file, loaded only when a page names it.
 */
export const CONSENT_SOURCES = [
  'tcf',
  'gcm',
  'vanilla-cookieconsent',
  'onetrust',
  'cookiebot',
  'usercentrics',
  'didomi',
] as const;
export type ConsentSourceName = (typeof CONSENT_SOURCES)[number];

/**
 * `consent-source`: the manager to read; undefined when none is named; null when the name is unknown. A page
 * that names a source has a banner of its own somewhere: ours stays hidden even then, and the default level
 * applies, rather than asking twice or guessing.
 */
export function consentSourceName(value: unknown, attribute: string): ConsentSourceName | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const name = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if ((CONSENT_SOURCES as readonly unknown[]).includes(name)) return name as ConsentSourceName;
  warn(
    `${attribute}=${shown(value)} is not a consent manager this library reads (${CONSENT_SOURCES.join(', ')}); the default level applies and no banner shows.`,
  );
  return null;
}
