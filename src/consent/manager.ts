import { error, info, shown, warn } from '../util/log.js';
import type { ConsentBridge, LevelChange } from './bridge.js';
import {
  cmpVisibleEvent,
  consentPreferencesEvent,
  eventTypeForChoice,
  type ConsentEventSettings,
  type ConsentEventType,
} from './consent-events.js';
import { ConsentSource, decide, type Decision, type DecisionSource, type PrivacySignals } from './decide.js';
import { ConsentLevel, isConsentLevel, CONSENT_LEVELS } from './levels.js';
import type { ConsentOptions } from './options.js';
import { purposeNames } from './purposes.js';
import { expectationsFor, parseRecord, serializeRecord, type ConsentRecord, type RecordProblem } from './record.js';
import type { ConsentStore, SafeCookies } from './storage.js';
import { sharedConsentStore, startingDecision } from './stored-decision.js';
import { openTabSync, type TabSync } from './sync.js';

/** What every `consent-change` says. */
export interface ConsentChangeDetail {
  /** The level in force now. */
  level: ConsentLevel;
  /** The level before; null for the first level of the page. */
  previousLevel: ConsentLevel | null;
  source: ConsentSource;
  policyVersion: string;
  /** When the decision in force was made (ISO 8601), null while undecided. */
  decidedAt: string | null;
  /** The purposes granted now, of those the page lists, in the page's order. */
  purposes: string[];
}

/** A decision given through `setConsent()`; what is left out stays as decided before. */
export interface ConsentChoice {
  /** The measurement level; default the level decided before (the default level when nothing was). */
  level?: ConsentLevel;
  /** The purposes granted; the page's other purposes are refused. Default: the answers given before. */
  purposes?: readonly string[];
}

export interface ConsentManagerInit {
  options: ConsentOptions;
  /** What the level drives (trackers, Google Consent Mode, gated content); none is fine. */
  bridges: ConsentBridge[];
  signals: PrivacySignals;
  /** Where the decision is stored; default the page's shared store of `options.cookieName` in `cookies`. */
  store?: ConsentStore;
  cookies?: SafeCookies;
  /** Track one page view the first time the level lets events out. */
  pageView?: boolean;
  /** Record decisions as Snowplow consent events; undefined: no consent events. */
  consentEvents?: ConsentEventSettings | undefined;
  now?: () => number;
}

/** Who made a decision on this page. */
export type ChoiceSource = typeof ConsentSource.Visitor | typeof ConsentSource.Api;

export type ConsentListener = (detail: ConsentChangeDetail) => void;

/**
 * The headless consent core: reads the stored decision, decides the level, tells the bridges (trackers,
 * Google Consent Mode, gated content) and the listeners. It is the one writer of the stored decision;
 * the trackers' guards read it on their own, before each event. No DOM rendering, no lit, no tracker.
 */
export class ConsentManager {
  readonly options: ConsentOptions;
  private readonly bridges: ConsentBridge[];
  private readonly signals: PrivacySignals;
  private readonly store: ConsentStore;
  private readonly now: () => number;
  private readonly pageView: boolean;
  private readonly listeners = new Set<ConsentListener>();
  private sync: TabSync | undefined;
  private unwatchStore: (() => void) | undefined;
  private current: Decision | undefined;
  private record: ConsentRecord | undefined;
  /** The last stored value this tab knows of, to notice changes made elsewhere. */
  private knownStoredValue: string | undefined;
  private userId: string | undefined;
  private pageViewTracked = false;
  private bannerShownTracked = false;
  /** Names `hasConsent()` was asked about that the page does not list: each is warned about once. */
  private readonly unlistedPurposesAsked = new Set<string>();
  private readonly consentEvents: ConsentEventSettings | undefined;
  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.adoptStoredValue(this.store.read());
  };

  /** Why the stored value did not count, at page start (`expired` and `outdated` ask again). */
  recordProblem: RecordProblem | undefined;

  constructor(init: ConsentManagerInit) {
    this.options = init.options;
    this.bridges = init.bridges;
    this.signals = init.signals;
    this.now = init.now ?? Date.now;
    this.pageView = init.pageView ?? false;
    this.consentEvents = init.consentEvents;
    this.store =
      init.store ?? sharedConsentStore(init.options, init.cookies ?? { get: () => undefined, set: () => false, remove() {} });
  }

  /** The level in force; `none` until `start()`. */
  get level(): ConsentLevel {
    return this.current?.level ?? ConsentLevel.None;
  }

  /** A valid decision exists (stored, or made on this page). */
  get decided(): boolean {
    return this.record !== undefined;
  }

  /**
   * The banner should ask: no decision, and no privacy signal answered for the visitor; or a purpose the
   * page lists has no answer yet (`unansweredPurposes`), while the rest of the decision stays in force.
   */
  get askVisitor(): boolean {
    return this.current?.askVisitor ?? false;
  }

  /** The purposes granted now, of those the page lists, in the page's order. */
  get purposes(): string[] {
    return [...(this.current?.purposes ?? [])];
  }

  /** The purposes the page lists that the decision has never seen (all of them while undecided). */
  get unansweredPurposes(): readonly string[] {
    return this.current?.unansweredPurposes ?? [];
  }

  get source(): ConsentSource | undefined {
    return this.current?.source;
  }

  /** False when the decision could not be stored (cookies off): it lasts for this page only. */
  get persistent(): boolean {
    return this.store.persistent;
  }

  get privacySignals(): Readonly<PrivacySignals> {
    return this.signals;
  }

  get detail(): ConsentChangeDetail {
    return this.describe(null);
  }

  /** Applies the stored decision (or the default) to the trackers, then listens to other tabs. */
  start(): void {
    if (this.current) {
      // Started before and stopped since (an element moved in the page): catch up with what other tabs
      // decided meanwhile, and listen again. Nothing of the first start (page view, consent events) repeats.
      this.listen();
      this.adoptStoredValue(this.store.read());
      return;
    }
    const stored = this.store.read();
    this.knownStoredValue = stored;
    const start = startingDecision(this.options, stored, this.signals, this.now());
    this.warnOfIgnoredPurposes(start.ignoredPurposes);
    this.recordProblem = start.problem;
    this.record = start.record;
    this.transition(start.decision, start.problem === 'expired' ? 'expired' : undefined);
    this.listen();
  }

  /** Stops listening to other tabs; `start()` resumes. The trackers stay as they are. */
  stop(): void {
    this.sync?.close();
    this.sync = undefined;
    this.unwatchStore?.();
    this.unwatchStore = undefined;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** For good: stops listening and lets the bridges go (observers, timers, listeners). */
  dispose(): void {
    this.stop();
    this.eachBridge((bridge) => bridge.dispose?.());
  }

  /**
   * Other tabs tell of their decisions; the stored value, read again, is what counts (two tabs deciding
   * at once converge on what was stored last). A decision from another subdomain sends no message: the
   * trackers' guards read the store before each event and it is adopted then, or when this tab is shown.
   */
  private listen(): void {
    if (this.sync) return;
    this.sync = openTabSync(`consent-banner:${this.options.cookieName}`, ({ value }) =>
      this.adoptStoredValue(this.store.persistent ? this.store.read() : value),
    );
    this.unwatchStore = this.store.watch((value) => this.adoptStoredValue(value));
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisible);
  }

  subscribe(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records a decision for `level`; the answers about purposes stay. An unknown level is refused with a
   * warning; the level stays.
   */
  setLevel(level: unknown, source: ChoiceSource = ConsentSource.Api): boolean {
    if (!isConsentLevel(level)) {
      warn(`setLevel(${shown(level)}): not a consent level (${CONSENT_LEVELS.join(', ')}); the level stays "${this.level}".`);
      return false;
    }
    this.choose(level, undefined, source);
    return true;
  }

  /**
   * Records a decision: the level and the purposes granted (the page's other purposes are refused); what
   * is left out stays as decided before. A bad level or list is refused with a warning and nothing
   * changes; names the page does not list are ignored with a warning.
   */
  setConsent(choice: ConsentChoice, source: ChoiceSource = ConsentSource.Api): boolean {
    // Callers without types may pass anything.
    if (typeof choice !== 'object' || choice === null) {
      warn(`setConsent(${shown(choice)}): expected { level, purposes }; nothing changes.`);
      return false;
    }
    const { level, purposes } = choice as { level?: unknown; purposes?: unknown };
    if (level !== undefined && !isConsentLevel(level)) {
      warn(`setConsent(): level ${shown(level)} is not a consent level (${CONSENT_LEVELS.join(', ')}); nothing changes.`);
      return false;
    }
    let granted: string[] | undefined;
    if (purposes !== undefined) {
      const names = purposeNames(purposes);
      if (names === undefined) {
        warn(`setConsent(): purposes ${shown(purposes)} is not a list of purpose names; nothing changes.`);
        return false;
      }
      const unlisted = names.filter((name) => !this.options.purposes.includes(name));
      if (unlisted.length > 0) {
        warn(`setConsent(): ${unlisted.map(shown).join(', ')} ${this.notListed()}; ignored.`);
      }
      granted = names.filter((name) => this.options.purposes.includes(name));
    }
    this.choose(level ?? this.record?.level ?? this.options.defaultLevel, granted, source);
    return true;
  }

  /** The accept level and every purpose the page lists. */
  accept(source: ChoiceSource = ConsentSource.Api): void {
    this.choose(this.options.acceptLevel, this.options.purposes, source);
  }

  /** The reject level and no purpose. */
  reject(source: ChoiceSource = ConsentSource.Api): void {
    this.choose(this.options.rejectLevel, [], source);
  }

  /**
   * Whether the purpose is granted now. False for a purpose the page does not list, with a warning (once
   * per name): its content would wait for ever.
   */
  hasConsent(purpose: unknown): boolean {
    const name = typeof purpose === 'string' ? purpose.trim().toLowerCase() : purpose;
    if (typeof name === 'string' && this.options.purposes.includes(name)) return this.current?.purposes.has(name) ?? false;
    const asked = shown(purpose);
    if (!this.unlistedPurposesAsked.has(asked)) {
      this.unlistedPurposesAsked.add(asked);
      warn(`hasConsent(${asked}): ${this.notListed()}; false.`);
    }
    return false;
  }

  /** Forgets the decision: the default level applies and the banner asks again. */
  reset(): void {
    const hadDecision = this.record !== undefined;
    this.record = undefined;
    this.writeStored(undefined);
    this.transition(decide(this.decisionInput(ConsentSource.Api)), hadDecision ? 'withdrawn' : undefined);
  }

  /**
   * The banner became visible to the visitor (once per page): records `cmp_visible` with the time since
   * navigation start, and a `pending` consent event. A site with its own banner calls this too.
   */
  bannerShown(elapsedMs: number = performance.now()): void {
    if (this.bannerShownTracked || !this.current) return;
    this.bannerShownTracked = true;
    // Decided before the banner was painted: it was never seen, nothing is pending.
    if (!this.askVisitor) return;
    const settings = this.consentEvents;
    if (!settings || this.level === ConsentLevel.None) return;
    this.eachBridge((bridge) => bridge.trackSelfDescribingEvent?.(cmpVisibleEvent(elapsedMs)));
    this.trackConsentEvent('pending', settings);
  }

  /** Sets the business user id, at `full` only; otherwise it waits in memory (never stored) for `full`. */
  identify(userId: unknown): void {
    if (typeof userId !== 'string' || userId.trim() === '') {
      warn(`identify(${shown(userId)}): the user id must be a non-empty string; ignored.`);
      return;
    }
    this.userId = userId;
    if (this.level !== ConsentLevel.Full) {
      info(`identify(): the user id is not sent at level "${this.level}"; it will be if the level becomes "full".`);
    }
    const level = this.level;
    this.eachBridge((bridge) => bridge.identify?.(userId, level));
  }

  /** Logout or account switch: forgets the user id, starts a new device id and session. The level stays. */
  anonymize(): void {
    this.userId = undefined;
    this.eachBridge((bridge) => bridge.anonymize?.());
  }

  /**
   * Records a decision for `level` with these purposes granted, of those the page lists (the others refused);
   * `granted` undefined keeps the answers given before.
   */
  private choose(level: ConsentLevel, granted: readonly string[] | undefined, source: ChoiceSource): void {
    const before = this.record?.purposes;
    const answers = new Map<string, boolean>();
    for (const purpose of this.options.purposes) {
      const answer = granted ? granted.includes(purpose) : before?.get(purpose);
      if (answer !== undefined) answers.set(purpose, answer);
    }
    // Answers about purposes that other pages of the site list are theirs: kept as they were.
    for (const [purpose, answer] of before ?? []) if (!answers.has(purpose)) answers.set(purpose, answer);
    this.record = { level, policyVersion: this.options.policyVersion, decidedAt: this.now(), purposes: answers };
    this.writeStored(serializeRecord(this.record));
    const grantedPurposes = this.options.purposes.filter((purpose) => answers.get(purpose) === true);
    this.transition(decide(this.decisionInput(source)), eventTypeForChoice({ level, grantedPurposes }, this.options));
  }

  /** Why a purpose name is unknown here, for warnings. */
  private notListed(): string {
    const listed = this.options.purposes;
    return `is not a purpose this page lists (${listed.length > 0 ? listed.join(', ') : 'it lists none'})`;
  }

  private warnOfIgnoredPurposes(entries: readonly string[]): void {
    if (entries.length === 0) return;
    warn(
      `the stored decision (cookie "${this.options.cookieName}") has purpose entries that are not a purpose name with 0 or 1: ${entries.map(shown).join(', ')}; they are ignored, never granted.`,
    );
  }

  private decisionInput(recordSource: DecisionSource) {
    return {
      record: this.record,
      recordSource,
      defaultLevel: this.options.defaultLevel,
      signals: this.signals,
      purposes: this.options.purposes,
    };
  }

  private writeStored(value: string | undefined): void {
    if (value === undefined) this.store.clear();
    else this.store.write(value, this.options.cookieDays);
    this.knownStoredValue = value;
    this.sync?.publish({ value });
  }

  /** A decision made in another tab (or read again after this tab was hidden). Never written back. */
  private adoptStoredValue(value: string | undefined): void {
    if (!this.current || value === this.knownStoredValue) return;
    this.knownStoredValue = value;
    const reading = parseRecord(value, expectationsFor(this.options, this.now()));
    this.record = 'record' in reading ? reading.record : undefined;
    if ('ignoredPurposes' in reading) this.warnOfIgnoredPurposes(reading.ignoredPurposes ?? []);
    this.transition(decide(this.decisionInput(ConsentSource.Sync)));
  }

  /**
   * Applies a decision; bridges and listeners hear of every one (a decision can be news at the same level:
   * the purposes may have changed, or nothing but the time).
   * The consent event, if any, is tracked after the switch: it obeys the level it records.
   */
  private transition(next: Decision, consentEvent?: ConsentEventType): void {
    const previous = this.current;
    const change: LevelChange = { from: previous?.level, to: next.level, userId: this.userId, purposes: next.purposes };
    this.current = next;
    this.eachBridge((bridge) => bridge.applyLevel(change));
    if (consentEvent && this.consentEvents) this.trackConsentEvent(consentEvent, this.consentEvents);
    if (this.pageView && !this.pageViewTracked && next.level !== ConsentLevel.None) {
      this.pageViewTracked = true;
      this.eachBridge((bridge) => bridge.trackPageView?.());
    }
    const detail = this.describe(previous?.level ?? null);
    this.listeners.forEach((listener) => {
      try {
        listener(detail);
      } catch (cause) {
        error('a consent-change listener threw:', cause);
      }
    });
  }

  /** Not at `none`: no event leaves then, and a bridge of the site's own should not be handed one either. */
  private trackConsentEvent(type: ConsentEventType, settings: ConsentEventSettings): void {
    if (this.level === ConsentLevel.None) return;
    const event = consentPreferencesEvent(type, this.level, this.options.policyVersion, settings, this.purposes);
    this.eachBridge((bridge) => bridge.trackSelfDescribingEvent?.(event));
  }

  /** One broken bridge must not stop the others, nor throw into the page. */
  private eachBridge(action: (bridge: ConsentBridge) => void): void {
    for (const bridge of this.bridges) {
      try {
        action(bridge);
      } catch (cause) {
        error('a consent bridge failed:', cause);
      }
    }
  }

  private describe(previousLevel: ConsentLevel | null): ConsentChangeDetail {
    return {
      level: this.level,
      previousLevel,
      source: this.current?.source ?? ConsentSource.Default,
      policyVersion: this.options.policyVersion,
      decidedAt: this.record ? new Date(this.record.decidedAt).toISOString() : null,
      purposes: this.purposes,
    };
  }
}
