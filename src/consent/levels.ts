/**
 * The consent levels, from the most data to the least. Each level is a promise about which
 * identifiers may leave the browser; `src/tracker/plan.ts` turns it into tracker calls.
 */
export const ConsentLevel = {
  /** Every identifier: user id, device id (duid), session, collector cookie. */
  Full: 'full',
  /** Session identifiers only; the device id is blank. */
  Session: 'session',
  /** No user or session identifiers; the collector still sees the IP and sets its cookie. */
  Anonymous: 'anonymous',
  /** No identifiers, no browser storage, and the collector is told to anonymise (SP-Anonymous). */
  Cookieless: 'cookieless',
  /** Nothing leaves the page. */
  None: 'none',
} as const;
export type ConsentLevel = (typeof ConsentLevel)[keyof typeof ConsentLevel];

/** Most data first; the index is the level's rank (lower index = more data). */
export const CONSENT_LEVELS: readonly ConsentLevel[] = [
  ConsentLevel.Full,
  ConsentLevel.Session,
  ConsentLevel.Anonymous,
  ConsentLevel.Cookieless,
  ConsentLevel.None,
];

export function isConsentLevel(value: unknown): value is ConsentLevel {
  return typeof value === 'string' && (CONSENT_LEVELS as readonly string[]).includes(value);
}

/** How much a level may collect: 4 for `full` down to 0 for `none`. */
export function levelRank(level: ConsentLevel): number {
  return CONSENT_LEVELS.length - 1 - CONSENT_LEVELS.indexOf(level);
}

/** The more private of two levels. */
export function morePrivate(a: ConsentLevel, b: ConsentLevel): ConsentLevel {
  return levelRank(a) <= levelRank(b) ? a : b;
}

/** True when going from `from` to `to` gives up data (or `from` is unknown). */
export function isDowngrade(from: ConsentLevel | undefined, to: ConsentLevel): boolean {
  return from === undefined || levelRank(to) < levelRank(from);
}
