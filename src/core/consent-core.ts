import { browserPrivacySignals, ConsentSource } from '../consent/decide.js';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import { pageCookies, sharedConsentStore, startingDecision } from '../consent/stored-decision.js';
import { setupConsent } from '../setup.js';
import { error, warn } from '../util/log.js';
import { nextTask } from '../util/tasks.js';
import { kebabCase } from '../util/text.js';
import { readConsentSetup } from './attributes.js';
import { addedReopenLabels, createReopenControl, type ReopenControl } from './reopen.js';
import type { ConsentCore, Messages, UiStage, UiStageLoader } from './stages.js';

const TAG = 'consent-banner';

/** The element once the UI stage upgraded it. */
interface UpgradedElement extends HTMLElement {
  showPreferences?: () => void;
}

/**
 * The eager stage of `<consent-banner>`: every element of the page gets its consent manager as soon as it
 * is in the document (upgraded or not), fires `consent-change` and `consent-ready`, and drives the
 * trackers. The UI stage (the Lit element, styles, languages) is loaded only when something must show: no
 * valid decision, or preferences asked for (`showPreferences`, a `data-consent-open` control).
 */
export class ConsentElements implements ConsentCore {
  private readonly managers = new WeakMap<HTMLElement, ConsentManager>();
  private readonly reopenControls = new WeakMap<HTMLElement, ReopenControl>();
  /** Elements whose `consent-ready` fired: events go out as they happen from then on. */
  private readonly eventsStarted = new WeakSet<HTMLElement>();
  /** Elements whose manager listens to other tabs now (connected), in the order they came. */
  private readonly running = new Set<HTMLElement>();
  private uiStage: Promise<UiStage | undefined> | undefined;
  private readonly pendingLanguages: [string, Messages][] = [];
  private loadedStage: UiStage | undefined;
  private observer: MutationObserver | undefined;

  constructor(private readonly loadUiStage: UiStageLoader) {}

  /** Attaches every `<consent-banner>` in the document now and later, and answers `data-consent-open` controls. */
  watchPage(): void {
    if (this.observer) return;
    this.observer = new MutationObserver((mutations) => this.onMutations(mutations));
    this.observer.observe(document, { childList: true, subtree: true });
    for (const element of document.getElementsByTagName(TAG)) this.managerFor(element);
    document.addEventListener('click', this.onOpenerClick);
  }

  managerFor(element: HTMLElement): ConsentManager {
    const manager = this.managers.get(element);
    if (!manager) return this.attach(element);
    if (element.isConnected && !this.running.has(element)) {
      // Back in the page (moved, or removed and added again): catch up with other tabs and listen again.
      this.running.add(element);
      manager.start();
    }
    return manager;
  }

  /** Whether `element` fired `consent-ready`: a listener added now hears the next change, not the first level. */
  hasStarted(element: HTMLElement): boolean {
    return this.eventsStarted.has(element);
  }

  /** The first `<consent-banner>` in the page, attached. */
  pageElement(): HTMLElement | undefined {
    for (const element of this.running) if (element.isConnected) return element;
    const element = document.querySelector<HTMLElement>(TAG);
    if (element) this.managerFor(element);
    return element ?? undefined;
  }

  /** The consent manager of the page's first `<consent-banner>`, or undefined when there is none. */
  pageManager(): ConsentManager | undefined {
    const element = this.pageElement();
    return element ? this.managerFor(element) : undefined;
  }

  /** Opens the preferences view of `element`, loading the UI stage first when it is not there yet. */
  showPreferences(element: HTMLElement): void {
    this.managerFor(element);
    void this.loadUi().then((stage) => {
      if (stage) (element as UpgradedElement).showPreferences?.();
    });
  }

  /** Adds or completes a language; kept until the UI stage is there to take it. */
  addLanguage(language: string, messages: Messages): void {
    const label = (messages['reopen'] as Messages | undefined)?.['label'];
    if (typeof label === 'string') addedReopenLabels.set(language.trim().toLowerCase(), label);
    if (this.loadedStage) this.loadedStage.addLanguage(language, messages);
    else this.pendingLanguages.push([language, messages]);
  }

  /** The UI stage is in the bundle already (`consent-banner/element`): nothing to load. */
  provideUi(stage: UiStage): void {
    this.uiStage = Promise.resolve(this.installed(stage));
  }

  /** Loads the UI stage once; a failure is reported and the next request tries again. */
  loadUi(): Promise<UiStage | undefined> {
    this.uiStage ??= this.loadUiStage(this).then(
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
    // Defining the element upgraded it: Lit took the shadow root and replaced its style sheets.
    for (const element of this.running) this.reopenControls.get(element)?.restoreStyles();
    for (const [language, messages] of this.pendingLanguages.splice(0)) stage.addLanguage(language, messages);
    return stage;
  }

  private attach(element: HTMLElement): ConsentManager {
    const setup = readConsentSetup(element);
    const manager = setupConsent(setup, attributeLabel);
    this.managers.set(element, manager);
    // Fetched while the trackers are set up, so that a first visit's banner is not later than they are.
    if (willAsk(manager)) void this.loadUi();
    const reopen = createReopenControl(element, manager, () => this.showPreferences(element));
    this.reopenControls.set(element, reopen);
    // With a collector the element creates its tracker in a task of its own (createSnowplowBridge): its first
    // events wait for that task, so that a listener can track at once.
    const early: ConsentChangeDetail[] | undefined = setup.collector ? [] : undefined;
    manager.subscribe((detail) => {
      // Focus is in the element when the visitor decided in its banner: it goes to the way back.
      const decidedHere = detail.source === ConsentSource.Visitor && document.activeElement === element;
      const button = reopen.update();
      if (decidedHere) button?.focus();
      if (early && !this.eventsStarted.has(element)) early.push(detail);
      else fire(element, 'consent-change', detail);
      if (manager.askVisitor) void this.loadUi();
    });
    this.running.add(element);
    manager.start();
    const startEvents = (): void => {
      this.eventsStarted.add(element);
      for (const detail of early?.splice(0) ?? []) fire(element, 'consent-change', detail);
      fire(element, 'consent-ready', manager.detail);
    };
    if (early) nextTask(startEvents);
    else startEvents();
    return manager;
  }

  private onMutations(mutations: MutationRecord[]): void {
    let removed = false;
    for (const mutation of mutations) {
      removed ||= mutation.removedNodes.length > 0;
      for (const node of mutation.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.localName === TAG) this.managerFor(node as HTMLElement);
        else if (node.firstElementChild) for (const element of node.getElementsByTagName(TAG)) this.managerFor(element);
      }
    }
    if (!removed) return;
    for (const element of this.running) {
      if (element.isConnected) continue;
      // Out of the page: stop listening to other tabs until it is back.
      this.running.delete(element);
      this.managers.get(element)?.stop();
    }
  }

  /** Any element of the page with `data-consent-open` opens the preferences view ("Privacy settings" links). */
  private readonly onOpenerClick = (event: MouseEvent): void => {
    const opener = event.target instanceof Element ? event.target.closest('[data-consent-open]') : null;
    if (!opener) return;
    event.preventDefault();
    const element = this.pageElement();
    if (element) this.showPreferences(element);
    else warn('a data-consent-open control was used, but there is no <consent-banner> on the page.');
  };
}

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
