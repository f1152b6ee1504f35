/**
 * What a region's policy is made of, apart from the table of regions (`regions.ts`): the parts that deciding
 * and rendering read, so that they do not bring the table along.
 */

/** How the Do Not Track and Global Privacy Control signals weigh. */
export const SignalWeight = {
  /** The signal caps what can be chosen: no choice gives more (today's behaviour, and the EU's reading). */
  Cap: 'cap',
  /**
   * The signal sets the default answer (an opt-out); the visitor may later choose more explicitly, and that
   * choice, made while the signal was sent, is recorded as theirs and stands.
   */
  Default: 'default',
} as const;
export type SignalWeight = (typeof SignalWeight)[keyof typeof SignalWeight];

export interface RegionPolicy {
  /**
   * `opt-in`: before a choice only `default-level` applies and no purpose is granted; the banner asks.
   * `opt-out`: before a choice the `accept-level` applies and every listed purpose is granted, until the
   * visitor opts out through the "Your privacy choices" control; no banner is shown.
   */
  consent: 'opt-in' | 'opt-out';
  signals: SignalWeight;
  /** What consent events say in `gdprApplies`; undefined: the field is left out (the page gave no region). */
  gdprApplies: boolean | undefined;
}

/** A page without `region` (or with one the CDN could not tell): opt-in, signals cap, as before regions existed. */
export const NO_REGION_POLICY: RegionPolicy = { consent: 'opt-in', signals: SignalWeight.Cap, gdprApplies: undefined };
