import { error, info, shown, warn } from '../util/log.js';
import type { ConsentBridge, LevelChange } from './bridge.js';
import { noteAdopted, noteDecision, textsSha256, type DecisionNote } from './consent-entity.js';
import {
  cmpVisibleEvent,
  consentPreferencesEvent,
  eventTypeForChoice,
  type ConsentEventSettings,
  type ConsentEventType,
} from './consent-events.js';
import {
  ConsentSource,
  decide,
  limitingSignals,
  refusedBySignal,
  signalCap,
  type Decision,
  type DecisionSource,
  type PrivacySignals,
} from './decide.js';
import { ConsentLevel, isConsentLevel, CONSENT_LEVELS, morePrivate } from './levels.js';
import type { ConsentOptions } from './options.js';
import { purposeNames } from './purposes.js';
import { randomUuid } from './random-id.js';
import { SignalWeight } from './region-policy.js';
import { ownValue } from '../util/own.js';
import { expectationsFor, serializeRecord, type ConsentRecord, type RecordProblem } from './record.js';
import { sameCopies, type ConsentStore, type SafeCookies } from './storage.js';
import { readStoredDecision, sharedConsentStore, startingDecision, type StoredReading } from './stored-decision.js';
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
  /** Give each decision made on this page a receipt (`consent-receipt`), sent on its consent event only. */
  receipts?: boolean;
  now?: () => number;
}

/** A jar that holds nothing and refuses every write: the decision lasts for the page. */
const NO_COOKIES: SafeCookies = {
  get: () => undefined,
  getAll: () => [],
  set: () => false,
  remove() {},
  removeOtherCopies() {},
};

/** Who made a decision on this page. */
export type ChoiceSource = typeof ConsentSource.Visitor | typeof ConsentSource.Api | typeof ConsentSource.Cmp;

/** A decision read from the site's other consent manager, already in our levels and purposes. */
export interface SourceDecision {
  level: ConsentLevel;
  /** The purposes it grants, of those the page lists. */
  purposes: readonly string[];
}

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
  /** The stored copies this tab knows of, to notice changes made elsewhere. */
  private knownCopies: readonly string[] = [];
  private userId: string | undefined;
  private pageViewTracked = false;
  private bannerShownTracked = false;
  /** When the banner asked on this page (`now()`), until the first decision after it. */
  private bannerShownAt: number | undefined;
  private readonly receipts: boolean;
  /** The id of the receipt of the decision in force, when it was made on this page; never stored. */
  private receiptId: string | undefined;
  /** The texts of the layer the visitor decides in, set by the UI just before the decision. */
  private shownTexts: string | undefined;
  /** Names `hasConsent()` was asked about that the page does not list: each is warned about once. */
  private readonly unlistedPurposesAsked = new Set<string>();
  private readonly consentEvents: ConsentEventSettings | undefined;
  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.catchUp();
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
    this.receipts = init.receipts ?? false;
    this.store = init.store ?? sharedConsentStore(init.options, init.cookies ?? NO_COOKIES);
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

  /** The receipt id of the decision in force, made on this page (with `consent-receipt`), for the visitor to keep. */
  get receipt(): string | undefined {
    return this.receiptId;
  }

  /**
   * The texts the visitor sees in the layer where the next decision is made (the UI sets them just before):
   * the receipt of that decision holds their SHA-256.
   */
  set textsShown(texts: string) {
    this.shownTexts = texts;
  }

  /** False when the decision could not be stored (cookies off): it lasts for this page only. */
  get persistent(): boolean {
    return this.store.persistent;
  }

  get privacySignals(): Readonly<PrivacySignals> {
    return this.signals;
  }

  /**
   * The privacy signals that limit what can be chosen now: all of them where they cap (today's policy, the
   * EU's), none where the region's policy makes them the default answer only (the visitor may choose more).
   */
  get limitingSignals(): Readonly<PrivacySignals> {
    return limitingSignals(this.signals, this.options.policy, { underSignal: true });
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
      this.catchUp();
      return;
    }
    const stored = this.store.read();
    this.knownCopies = stored;
    const start = startingDecision(this.options, stored, this.signals, this.now());
    this.warnOfReading(start, stored);
    this.recordProblem = start.problem;
    this.record = start.record;
    this.transition(start.decision, start.problem === 'expired' ? 'expired' : undefined);
    this.listen();
    // Kept while stopped too: the trackers' guards read the store before every event, so a decision made
    // elsewhere reaches the bridges and `hasConsent()` then, even while the element is out of the page.
    this.unwatchStore ??= this.store.watch((copies) => this.adoptStoredValue(copies));
  }

  /** Stops listening to other tabs; `start()` resumes. The trackers stay as they are, and follow the stored decision. */
  stop(): void {
    this.sync?.close();
    this.sync = undefined;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** For good: stops listening and lets the bridges go (observers, timers, listeners). */
  dispose(): void {
    this.stop();
    this.unwatchStore?.();
    this.unwatchStore = undefined;
    this.eachBridge((bridge) => bridge.dispose?.());
  }

  /**
   * Other tabs tell of their decisions; the stored copies, read again, are what counts (two tabs deciding
   * at once converge on what was stored last). A decision from another subdomain sends no message: the
   * trackers' guards read the store before each event and it is adopted then, or when this tab is shown.
   */
  private listen(): void {
    if (this.sync) return;
    this.sync = openTabSync(`consent-banner:${this.options.cookieName}`, ({ value }) =>
      this.adoptStoredValue(this.store.persistent ? this.store.read() : value === undefined ? [] : [value]),
    );
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisible);
  }

  /** Adopts what is stored now, if it changed (one read of the cookie when it did not). */
  private catchUp(): void {
    this.adoptStoredValue(this.store.read());
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
    // Own properties only: a key added to Object.prototype by page code is no part of the choice.
    const level = ownValue(choice, 'level');
    const purposes = ownValue(choice, 'purposes');
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

  /**
   * Grants these purposes (of those the page lists), the visitor's other answers and the level as they were:
   * "Always allow" on a placeholder of gated content.
   */
  allowPurposes(purposes: readonly string[], source: ChoiceSource = ConsentSource.Api): void {
    const listed = purposes.filter((purpose) => this.options.purposes.includes(purpose));
    if (listed.length === 0) return;
    const answers = this.record?.purposes;
    const granted = this.options.purposes.filter((purpose) => listed.includes(purpose) || answers?.get(purpose) === true);
    const unanswered = this.options.purposes.filter(
      (purpose) => !granted.includes(purpose) && answers?.get(purpose) === undefined,
    );
    this.choose(this.record?.level ?? this.options.defaultLevel, granted, source, unanswered);
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
    // A decision made in another tab or on another subdomain counts at once, even while the element is out of the page.
    this.catchUp();
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
    this.receiptId = undefined;
    this.writeStored(undefined);
    this.transition(decide(this.decisionInput(ConsentSource.Api)), hadDecision ? 'withdrawn' : undefined);
  }

  /**
   * A decision of the site's other consent manager (`consent-source`), recorded as a visitor's choice is:
   * stored, enforced before the next event, the same clean-up and consent events. That manager answers again
   * on every page: the answer already stored changes nothing. `undefined`: it has no decision (its own
   * banner asks again), so one stored from it is forgotten and the default level applies.
   */
  adoptSourceDecision(decision: SourceDecision | undefined): void {
    if (decision === undefined) {
      if (this.record) this.reset();
      return;
    }
    const granted = decision.purposes.filter((purpose) => this.options.purposes.includes(purpose));
    if (this.record && this.storedAlready(decision.level, granted)) return;
    this.choose(decision.level, granted, ConsentSource.Cmp);
  }

  /** Whether the record in force already says this level and these purposes (as it would be stored). */
  private storedAlready(level: ConsentLevel, granted: readonly string[]): boolean {
    const record = this.record;
    if (!record) return false;
    const answers = new Map(this.options.purposes.map((purpose) => [purpose, granted.includes(purpose)]));
    const shown = this.asShown({ ...record, level, purposes: answers });
    return (
      shown.level === record.level &&
      this.options.purposes.every((purpose) => record.purposes.get(purpose) === shown.purposes.get(purpose))
    );
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
    this.bannerShownAt = this.now();
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
  private choose(
    level: ConsentLevel,
    granted: readonly string[] | undefined,
    source: ChoiceSource,
    /** Purposes left unanswered, though `granted` is given (the visitor was not asked about them). */
    unasked: readonly string[] = [],
  ): void {
    const before = this.record?.purposes;
    const answers = new Map<string, boolean>();
    for (const purpose of this.options.purposes) {
      if (unasked.includes(purpose)) continue;
      const answer = granted ? granted.includes(purpose) : before?.get(purpose);
      if (answer !== undefined) answers.set(purpose, answer);
    }
    // Answers about purposes that other pages of the site list are theirs: kept as they were.
    for (const [purpose, answer] of before ?? []) if (!answers.has(purpose)) answers.set(purpose, answer);
    const chosen: ConsentRecord = { level, policyVersion: this.options.policyVersion, decidedAt: this.now(), purposes: answers };
    const stored = this.asShown(chosen);
    const value = serializeRecord(stored);
    noteDecision(value, this.decisionNote(source));
    this.writeStored(value);
    const inForce = this.withCopiesLeft();
    this.record = inForce ?? stored;
    const sitePurposes = this.sitePurposes;
    const grantedPurposes = sitePurposes.filter((purpose) => answers.get(purpose) === true);
    // Decided from the level as chosen (`decide` caps it again), so that `source` says when a signal limited it.
    this.transition(
      decide({ ...this.decisionInput(source), record: inForce ?? { ...stored, level } }),
      eventTypeForChoice({ level, grantedPurposes }, { ...this.options, purposes: sitePurposes }),
    );
  }

  /** Every purpose of the site (`consent-scopes`), or those this page lists. */
  private get sitePurposes(): readonly string[] {
    return this.consentEvents?.sitePurposes ?? this.options.purposes;
  }

  /**
   * What a decision made here adds to its own consent event: who made it, the time since the banner asked
   * (the first decision after it), and its receipt.
   */
  private decisionNote(source: ChoiceSource): DecisionNote {
    const note: DecisionNote = { source: source === ConsentSource.Visitor ? 'visitor' : 'api' };
    if (this.bannerShownAt !== undefined) {
      note.bannerToDecisionMs = Math.max(0, Math.round(this.now() - this.bannerShownAt));
      this.bannerShownAt = undefined;
    }
    if (this.receipts) {
      this.receiptId = randomUuid();
      const texts = source === ConsentSource.Visitor ? this.shownTexts : undefined;
      note.receipt = { id: this.receiptId, textsSha256: texts === undefined ? Promise.resolve(null) : textsSha256(texts) };
    }
    this.shownTexts = undefined;
    return note;
  }

  /**
   * What is stored is what the visitor was shown as allowed: the privacy signal's cap on the level, and the
   * purposes it refuses refused, so that neither comes back on a visit without the signal. Where the policy
   * makes the signal the default answer only, the choice is stored as made, marked as made under the signal.
   */
  private asShown(chosen: ConsentRecord): ConsentRecord {
    const cap = signalCap(this.signals);
    if (cap === undefined) return chosen;
    if (this.options.policy.signals === SignalWeight.Default) return { ...chosen, underSignal: true };
    const purposes = new Map(chosen.purposes);
    for (const purpose of this.options.purposes) {
      if (purposes.get(purpose) === true && refusedBySignal(purpose, this.signals)) purposes.set(purpose, false);
    }
    return { ...chosen, level: morePrivate(chosen.level, cap), purposes };
  }

  /**
   * The decision in force when copies this page cannot delete (written for a path below this page's) stay
   * beside the one just stored: the most private of them, named in a warning. Undefined when there are none.
   */
  private withCopiesLeft(): ConsentRecord | undefined {
    if (!this.store.persistent) return undefined;
    const copies = this.store.read();
    this.knownCopies = copies;
    if (copies.length <= 1) return undefined;
    const reading = readStoredDecision(copies, expectationsFor(this.options, this.now()));
    warn(
      `the consent cookie "${this.options.cookieName}" still has ${copies.length} copies after the decision was stored (one this page cannot delete, written for another path): the most private of them applies.`,
    );
    return reading.record;
  }

  /** Why a purpose name is unknown here, for warnings. */
  private notListed(): string {
    const listed = this.options.purposes;
    return `is not a purpose this page lists (${listed.length > 0 ? listed.join(', ') : 'it lists none'})`;
  }

  /** Names what in the stored copies was left out: tampered purpose entries, copies that disagree. */
  private warnOfReading(reading: StoredReading, copies: readonly string[]): void {
    const cookie = `cookie "${this.options.cookieName}"`;
    if (reading.ignoredPurposes.length > 0) {
      warn(
        `the stored decision (${cookie}) has purpose entries that are not a purpose name with 0 or 1: ${reading.ignoredPurposes.map(shown).join(', ')}; they are ignored, never granted.`,
      );
    }
    if (reading.conflict) {
      const level = reading.record?.level;
      const purposes = [...(reading.record?.purposes ?? [])].filter(([, granted]) => granted).map(([name]) => name);
      warn(
        `the ${cookie} has ${copies.length} copies that disagree (one written for a parent domain, such as by another subdomain or before cookie-domain changed, beside this site's): ${copies.map(shown).join(', ')}; the most private applies: ${level === undefined ? 'no decision' : `level "${level}", purposes granted: ${purposes.length > 0 ? purposes.join(', ') : 'none'}`}. The next decision made here leaves one copy.`,
      );
    }
  }

  private decisionInput(recordSource: DecisionSource) {
    return {
      record: this.record,
      recordSource,
      defaultLevel: this.options.defaultLevel,
      signals: this.signals,
      purposes: this.options.purposes,
      policy: this.options.policy,
      decidedElsewhere: this.options.decidedElsewhere,
    };
  }

  private writeStored(value: string | undefined): void {
    if (value === undefined) this.store.clear();
    else this.store.write(value, this.options.cookieDays);
    this.knownCopies = value === undefined ? [] : [value];
    this.sync?.publish({ value });
  }

  /** A decision made in another tab (or read again after this tab was hidden). Never written back. */
  private adoptStoredValue(copies: readonly string[]): void {
    if (!this.current || sameCopies(copies, this.knownCopies)) return;
    this.knownCopies = copies;
    copies.forEach(noteAdopted);
    // The decision in force is no longer the one this page made: its receipt is not shown for it.
    this.receiptId = undefined;
    const reading = readStoredDecision(copies, expectationsFor(this.options, this.now()));
    this.record = reading.record;
    this.warnOfReading(reading, copies);
    this.transition(decide(this.decisionInput(ConsentSource.Sync)));
  }

  /**
   * Applies a decision; bridges and listeners hear of every one (a decision can be news at the same level:
   * the purposes may have changed, or nothing but the time).
   * The listeners hear of it once the bridges switched (the trackers are in the new mode): a visitor's click
   * reaches `consent-change` with no other work in between. The consent event, if any, and the first page
   * view follow: they obey the level they record.
   */
  private transition(next: Decision, consentEvent?: ConsentEventType): void {
    const previous = this.current;
    const change: LevelChange = { from: previous?.level, to: next.level, userId: this.userId, purposes: next.purposes };
    this.current = next;
    this.eachBridge((bridge) => bridge.applyLevel(change));
    const detail = this.describe(previous?.level ?? null);
    this.listeners.forEach((listener) => {
      try {
        listener(detail);
      } catch (cause) {
        error('a consent-change listener threw:', cause);
      }
    });
    // A listener may have decided again: this decision's events are then out of date.
    if (this.current !== next) return;
    if (consentEvent && this.consentEvents) this.trackConsentEvent(consentEvent, this.consentEvents);
    if (this.pageView && !this.pageViewTracked && next.level !== ConsentLevel.None) {
      this.pageViewTracked = true;
      this.eachBridge((bridge) => bridge.trackPageView?.());
    }
  }

  /** Not at `none`: no event leaves then, and a bridge of the site's own should not be handed one either. */
  private trackConsentEvent(type: ConsentEventType, settings: ConsentEventSettings): void {
    if (this.level === ConsentLevel.None) return;
    const event = consentPreferencesEvent(type, this.level, this.options.policyVersion, settings, this.grantedOfSite());
    this.eachBridge((bridge) => bridge.trackSelfDescribingEvent?.(event));
  }

  /**
   * The purposes of the site granted now: as in force here for those this page lists, as stored for the
   * others (another page of the site asked about them).
   */
  private grantedOfSite(): string[] {
    const inForce = new Set(this.purposes);
    return this.sitePurposes.filter((purpose) =>
      this.options.purposes.includes(purpose) ? inForce.has(purpose) : this.record?.purposes.get(purpose) === true,
    );
  }

  /** Resolves once every bridge is in the state of the level in force (gated content loads its code first). */
  async settled(): Promise<void> {
    await Promise.all(
      this.bridges.map(async (bridge) => {
        try {
          await bridge.settled?.();
        } catch {
          // A bridge that cannot settle says so itself; the others still count.
        }
      }),
    );
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
