import { browserPrivacySignals } from '../consent/decide.js';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import { pageCookies, sharedConsentStore, startingDecision } from '../consent/stored-decision.js';
import { setupConsent } from '../setup.js';
import { error, warn } from '../util/log.js';
import { afterThisTask, nextTask, oneTimeSignal } from '../util/tasks.js';
import { kebabCase } from '../util/text.js';
import { readConsentSetup, readStrings } from './attributes.js';
import { ConsentBannerElement, defineConsentBanner, TAG, type ElementHost } from './element.js';
import { shippedLanguageOf } from './languages.js';
import { showFallbackPreferences } from './fallback-preferences.js';
import { addWayBackLabels, createWayBackControl, type ReopenControl } from './reopen.js';
import type { ElementView, Messages, UiStage, UiStageLoader } from './stages.js';

/**
 * The eager stage of `<consent-banner>`: it defines the element, so that its settings, API and events exist
 * on every page. Each element gets its consent manager as it enters the document, fires `consent-change`
 * and `consent-ready`, and drives the trackers. The UI stage (Lit templates, styles, languages) is loaded
 * only when something must show (no valid decision, or preferences asked for) and renders the elements.
 */
export class ConsentElements implements ElementHost {
  private readonly managers = new WeakMap<HTMLElement, ConsentManager>();
  private readonly reopenControls = new WeakMap<HTMLElement, ReopenControl>();
  private readonly views = new WeakMap<HTMLElement, ElementView>();
  /** Elements in the page whose manager is set up in the next tasks (see `attachSoon`). */
  private readonly attaching = new Set<ConsentBannerElement>();
  /** Their managers, built and not yet started. */
  private readonly prepared = new Map<ConsentBannerElement, PreparedElement>();
  /** The way back's first drawing, in a task after the element's first level. */
  private readonly firstDraws = new WeakMap<HTMLElement, Promise<void>>();
  /** Elements whose `consent-ready` fired: events go out as they happen from then on. */
  private readonly eventsStarted = new WeakSet<HTMLElement>();
  /** Elements in the page (their managers listen to other tabs), in the order they came. */
  private readonly running = new Set<ConsentBannerElement>();
  private uiStage: Promise<UiStage | undefined> | undefined;
  private readonly pendingLanguages: [string, Messages][] = [];
  private loadedStage: UiStage | undefined;
  private started = false;
  /** Another copy of the library defined the element first: it is in charge of the page's elements. */
  private passive = false;

  /**
   * `loadStrings`: the language file of an element, for the way back that needs no UI stage (the
   * preferences' fallback when the UI file cannot be loaded).
   */
  constructor(
    private readonly loadUiStage: UiStageLoader,
    private readonly loadStrings?: (element: Element) => Promise<Messages>,
  ) {}

  /** Defines `<consent-banner>` (which attaches every element in the document) and answers `data-consent-open`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    document.addEventListener('click', this.onOpenerClick);
    this.passive = !defineConsentBanner(this);
    if (this.passive) warn('<consent-banner> was defined by another copy of the library; that copy is in charge.');
  }

  connected(element: ConsentBannerElement): void {
    const manager = this.managers.get(element);
    if (!manager) this.attachSoon(element);
    else if (!this.running.has(element)) {
      // Back in the page (moved, or removed and added again): catch up with other tabs and listen again.
      this.running.add(element);
      manager.start();
    }
    this.views.get(element)?.connected();
  }

  disconnected(element: ConsentBannerElement): void {
    // Moved within the page: disconnected and connected again at once; nothing to stop.
    if (element.isConnected) return;
    this.views.get(element)?.disconnected();
    if (!this.running.delete(element)) return;
    // Out of the page: stop listening to other tabs until it is back.
    this.managers.get(element)?.stop();
  }

  attributeChanged(element: ConsentBannerElement, name: string): void {
    if (!this.managers.has(element)) return;
    this.views.get(element)?.requestUpdate();
    if (name === 'lang' || name === 'strings' || name === 'theme') this.reopenControls.get(element)?.update();
  }

  managerOf(element: ConsentBannerElement): ConsentManager | undefined {
    if (this.attaching.has(element)) this.attach(element);
    return this.managers.get(element);
  }

  /** Whether `element` fired `consent-ready`: a listener added now hears the next change, not the first level. */
  hasStarted(element: ConsentBannerElement): boolean {
    return this.eventsStarted.has(element);
  }

  async rendered(element: ConsentBannerElement): Promise<boolean> {
    const manager = this.managerOf(element);
    await Promise.all([this.firstDraws.get(element), manager?.settled()]);
    if (!this.views.has(element) && manager?.askVisitor) await this.loadUi(element);
    return (await this.views.get(element)?.updateComplete) ?? true;
  }

  /** The first `<consent-banner>` in the page. */
  pageElement(): ConsentBannerElement | undefined {
    for (const element of this.running) if (element.isConnected) return element;
    return document.querySelector(TAG) ?? undefined;
  }

  /** Opens the preferences view of `element`, loading the UI stage first when it is not there yet. */
  showPreferences(element: ConsentBannerElement): void {
    if (this.managerOf(element)?.options.decidedElsewhere) {
      warn('showPreferences(): decisions come from the consent manager named by consent-source; open its preferences instead.');
      return;
    }
    if (this.passive) return element.showPreferences();
    void this.loadUi(element).then(async (stage) => {
      if (stage) return this.views.get(element)?.showPreferences();
      // No UI file (blocked, offline): the visitor can still change their mind.
      const manager = this.managers.get(element);
      if (!manager) return;
      const messages = await this.loadStrings?.(element).catch(() => undefined);
      showFallbackPreferences(element, manager, messages);
    });
  }

  /** Adds or completes a language; kept until the UI stage is there to take it. */
  addLanguage(language: string, messages: Messages): void {
    addWayBackLabels(language, messages);
    if (this.loadedStage) this.loadedStage.addLanguage(language, messages);
    else this.pendingLanguages.push([language, messages]);
  }

  /** The UI stage is in the bundle already (`consent-banner/element`): nothing to load. */
  provideUi(stage: UiStage): void {
    this.uiStage = Promise.resolve(this.installed(stage));
  }

  /** Loads the UI stage once; a failure is reported and the next request tries again. */
  loadUi(element?: Element): Promise<UiStage | undefined> {
    this.uiStage ??= this.loadUiStage(element).then(
      (stage) => this.installed(stage),
      (cause: unknown) => {
        this.uiStage = undefined;
        error('the banner could not be loaded; the level in force stays.', cause);
        return undefined;
      },
    );
    return this.uiStage;
  }

  private installed(stage: UiStage): UiStage {
    this.loadedStage = stage;
    for (const [language, messages] of this.pendingLanguages.splice(0)) stage.addLanguage(language, messages);
    for (const element of this.running) this.addView(element, stage);
    return stage;
  }

  private addView(element: ConsentBannerElement, stage: UiStage): void {
    const manager = this.managers.get(element);
    if (!manager || this.views.has(element)) return;
    const view = stage.createView(element, manager);
    this.views.set(element, view);
    if (element.isConnected) view.connected();
  }

  /**
   * An element that enters the page gets its manager in two tasks of its own (built, then started), so that
   * the page's startup (the script's evaluation, the parser) and ours are never one long task; anything that
   * asks the element for its consent before then (`level`, `setLevel()`, `updateComplete`, ...) gets it at once.
   */
  private attachSoon(element: ConsentBannerElement): void {
    if (this.attaching.has(element)) return;
    this.attaching.add(element);
    const stillWaiting = (): boolean => {
      if (!this.attaching.has(element)) return false;
      if (element.isConnected) return true;
      // Out of the page before it started: it starts again when it is back.
      this.attaching.delete(element);
      this.prepared.get(element)?.manager.dispose();
      this.prepared.delete(element);
      return false;
    };
    nextTask(() => {
      if (!stillWaiting()) return;
      this.prepare(element);
      nextTask(() => {
        if (stillWaiting()) this.attach(element);
      });
    });
  }

  private attach(element: ConsentBannerElement): void {
    if (!this.attaching.delete(element)) return;
    const prepared = this.prepared.get(element) ?? this.prepare(element);
    this.prepared.delete(element);
    this.startElement(element, prepared);
  }

  /** The element's manager, built from its settings (its bridges made), and what starts with it. */
  private prepare(element: ConsentBannerElement): PreparedElement {
    const setup = readConsentSetup(element);
    const bannerShown = oneTimeSignal();
    const trackerCreated = oneTimeSignal();
    const started = oneTimeSignal();
    const manager = setupConsent(
      {
        ...setup,
        placeholderTexts: (content) => this.placeholderTexts(element, content),
        ownTracker: { after: bannerShown.happened, created: trackerCreated.fire },
      },
      attributeLabel,
    );
    // A first visit's banner comes first: the UI stage is fetched at once, and the element's own tracker is
    // created once the banner is shown (or cannot be; a second at most), as its construction takes tens of ms.
    if (willAsk(manager)) {
      setTimeout(bannerShown.fire, OWN_TRACKER_WAITS_MS);
      void this.loadUi(element)
        // The view exists once the element has started (with a stage loaded already, not before).
        .then(() => started.happened)
        .then(() => this.views.get(element)?.updateComplete)
        .finally(bannerShown.fire);
    } else bannerShown.fire();
    // With a collector the element creates its tracker in a task of its own (createSnowplowBridge): its first
    // events wait for it, so that a listener can track at once.
    const prepared = {
      manager,
      ownTrackerCreated: setup.collector ? trackerCreated.happened : undefined,
      started: started.fire,
    };
    this.prepared.set(element, prepared);
    return prepared;
  }

  private startElement(element: ConsentBannerElement, { manager, ownTrackerCreated, started }: PreparedElement): void {
    this.managers.set(element, manager);
    // Opt-out regions: "Your privacy choices", always there, instead of a banner and the reopen control.
    const reopen = createWayBackControl(element, manager, () => this.showPreferences(element));
    this.reopenControls.set(element, reopen);
    const early: ConsentChangeDetail[] | undefined = ownTrackerCreated ? [] : undefined;
    // The first level's control is drawn in a task of its own, off the page's startup (`updateComplete` waits
    // for it); later ones right after `consent-change` (a click reaches the page's listeners first), before
    // the UI stage hears of the change: after a decision in the banner, the view puts focus on it when it is
    // in sight (see the view's focusAfterDecision).
    manager.subscribe((detail) => {
      if (early && !this.eventsStarted.has(element)) early.push(detail);
      else fire(element, 'consent-change', detail);
      if (this.firstDraws.has(element)) reopen.update();
      else
        this.firstDraws.set(
          element,
          afterThisTask().then(() => void reopen.update()),
        );
      if (manager.askVisitor) void this.loadUi(element);
    });
    this.running.add(element);
    if (this.loadedStage) this.addView(element, this.loadedStage);
    started();
    manager.start();
    const startEvents = (): void => {
      this.eventsStarted.add(element);
      for (const detail of early?.splice(0) ?? []) fire(element, 'consent-change', detail);
      fire(element, 'consent-ready', manager.detail);
    };
    if (ownTrackerCreated) void ownTrackerCreated.then(startEvents);
    else startEvents();
  }

  /**
   * The words of a gated content's placeholder, in the language of where it stands, from the UI stage's
   * languages and the element's `strings`: the UI stage is loaded for it (undefined if it cannot be).
   */
  private async placeholderTexts(element: ConsentBannerElement, content: Element) {
    const stage = await this.loadUi(element);
    if (!stage) return undefined;
    const language = shippedLanguageOf(content);
    return { language, translate: await stage.translator(language, readStrings(element) as Messages | undefined) };
  }

  /** Any element of the page with `data-consent-open` opens the preferences view ("Privacy settings" links). */
  private readonly onOpenerClick = (event: MouseEvent): void => {
    const opener = event.target instanceof Element ? event.target.closest('[data-consent-open]') : null;
    if (!opener) return;
    event.preventDefault();
    const element = this.pageElement();
    if (element) element.showPreferences();
    else warn('a data-consent-open control was used, but there is no <consent-banner> on the page.');
  };
}

/** An element's manager, built and not yet started (see `attachSoon`). */
interface PreparedElement {
  manager: ConsentManager;
  /** With a collector: resolves once the element's own tracker exists, which its first events wait for. */
  ownTrackerCreated: Promise<void> | undefined;
  /** Called once the element has started: its view, when the UI stage is there, exists then. */
  started: () => void;
}

/** The longest the element's own tracker waits for a first visit's banner before it is created anyway. */
const OWN_TRACKER_WAITS_MS = 1000;

/** Warnings name the attribute (`cookie-days`); the site's own purposes are the ones its `strings` describe. */
function attributeLabel(option: string): string {
  return option === 'customPurposes' ? 'strings (purposes with a title)' : kebabCase(option);
}

/** Whether the page will ask the visitor, read before the manager starts (and sets up the trackers). */
function willAsk(manager: ConsentManager): boolean {
  const options = manager.options;
  const stored = sharedConsentStore(options, pageCookies(options)).read();
  return startingDecision(options, stored, browserPrivacySignals(options), Date.now()).decision.askVisitor;
}

function fire(element: HTMLElement, type: 'consent-change' | 'consent-ready', detail: ConsentChangeDetail): void {
  element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
