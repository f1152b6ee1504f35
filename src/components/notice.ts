import type { PrivacySignals } from '../consent/decide.js';
import { ConsentLevel, levelRank, morePrivate } from '../consent/levels.js';

/** The levels that have first-layer sentences (`notice.<case>.<level>`) in every language. */
const SPOKEN_LEVELS: readonly ConsentLevel[] = [ConsentLevel.Session, ConsentLevel.Anonymous, ConsentLevel.Cookieless];

/** A privacy signal's cap on the level: what `decide()` applies whatever was chosen. */
export interface SignalCap {
  signal: 'dnt' | 'gpc';
  /** The most the signal lets through. */
  level: ConsentLevel;
}

/** Do Not Track allows `none` only; Global Privacy Control at most `cookieless` (see `consent/decide.ts`). */
export function signalCap(signals: Readonly<PrivacySignals>): SignalCap | undefined {
  if (signals.doNotTrack) return { signal: 'dnt', level: ConsentLevel.None };
  if (signals.globalPrivacyControl) return { signal: 'gpc', level: ConsentLevel.Cookieless };
  return undefined;
}

/** True when `level` is above the signal's cap: choosing it would not take effect. */
export function aboveCap(level: ConsentLevel, cap: SignalCap | undefined): boolean {
  return cap !== undefined && levelRank(level) > levelRank(cap.level);
}

/**
 * The keys of the first layer's sentence about what is measured without a "yes": before a choice
 * (`default-level`) and after "Reject all" (`reject-level`), each as the visitor's signals leave it.
 *
 * - both the same level and it sends events: `notice.beforeAndReject.<level>`;
 * - otherwise `notice.before.<default>` when the default sends events, then `notice.reject.<reject>` when
 *   reject does (the options keep the default at or below the reject level);
 * - `none` sends nothing: no sentence about it.
 *
 * `full` has no sentence in the translations: the session one would promise "nothing that recognises you
 * later", which `full` breaks, so the banner says nothing rather than something untrue. A site that
 * measures at `full` before a choice gives its own sentence in `strings` (`notice.before.full`,
 * `notice.reject.full`, `notice.beforeAndReject.full`); the key is used when such a string exists.
 */
export function noticeKeys(
  options: { defaultLevel: ConsentLevel; rejectLevel: ConsentLevel },
  signals: Readonly<PrivacySignals>,
): string[] {
  const cap = signalCap(signals)?.level ?? ConsentLevel.Full;
  const before = morePrivate(options.defaultLevel, cap);
  const reject = morePrivate(options.rejectLevel, cap);
  const sends = (level: ConsentLevel) => level !== ConsentLevel.None;
  if (before === reject) return sends(before) ? [`notice.beforeAndReject.${before}`] : [];
  const keys: string[] = [];
  if (sends(before)) keys.push(`notice.before.${before}`);
  if (sends(reject)) keys.push(`notice.reject.${reject}`);
  return keys;
}

/** Whether every language has the sentence of `key` (the others only exist when a site gives them). */
export function isTranslatedNotice(key: string): boolean {
  return SPOKEN_LEVELS.some((level) => key.endsWith(`.${level}`));
}
