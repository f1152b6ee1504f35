import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { html, nothing, render } from 'lit/html.js';
import { ConsentSource } from '../consent/decide.js';
import { CONSENT_LEVELS, ConsentLevel, isConsentLevel, morePrivate } from '../consent/levels.js';
import type { ConsentChangeDetail, ConsentManager } from '../consent/manager.js';
import type { ConsentBannerElement } from '../core/element.js';
import type { ElementView } from '../core/stages.js';
import { warn } from '../util/log.js';
import { adoptStyleSheet } from '../util/style-sheet.js';
import { afterThisTask } from '../util/tasks.js';
import { httpUrl } from '../util/url.js';
import { bannerScheme } from '../util/color-scheme.js';
import { joinSentences, sentenceSeparator } from '../util/text.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import { bannerStyleSheet } from './consent-banner.styles.js';
import { trapTabKey } from './focus.js';
import { FocusClearance } from './focus-clearance.js';
import { SignalWeight } from '../consent/region-policy.js';
import { aboveCap, isTranslatedNotice, noticeKeys, signalCap } from './notice.js';
import { SkipLink } from './skip-link.js';
import { shownTexts } from './shown-texts.js';
import { purposeList, refusedBySignal, renderPurposes } from './purposes-view.js';

const DEFAULT_OFFERED_LEVELS: ConsentLevel[] = [
  ConsentLevel.Full,
  ConsentLevel.Session,
  ConsentLevel.Cookieless,
  ConsentLevel.None,
];
/** The element whose banner has the page's skip link and focus clearance. */
const page: { banner: HTMLElement | undefined } = { banner: undefined };
interface ViewState {
  preferencesOpen: boolean;
  selectedLevel: ConsentLevel | undefined;
  selectedPurposes: ReadonlySet<string>;
  announcement: string;
  savedNoteShown: boolean;
}

const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] as const;
const THEMES = ['auto', 'light', 'dark'] as const;

/**
 * What Lit renders into one `<consent-banner>`: the banner while the visitor has not decided, the
 * preferences dialog when asked for, and a status line for screen readers. The element (the eager stage)
 * owns the settings and the consent; this view reads them and marks the visitor's intent (`data-choice`).
 * It is the host of its reactive controllers, as a LitElement would be.
 */
export class ConsentBannerView implements ElementView, ReactiveControllerHost {
  /** UI state: each change renders again (set through `setState`). */
  private preferencesOpen = false;
  private selectedLevel: ConsentLevel | undefined;
  /** The purposes switched on in the preferences view. */
  private selectedPurposes: ReadonlySet<string> = new Set();
  private announcement = '';
  /** The status line shows as a note that holds focus after a decision (see `focusAfterDecision`). */
  private savedNoteShown = false;
  /** A decision was made in this element: focus is placed once the banner or the dialog is gone. */
  private focusPending = false;
  /** The page control that had focus when focus went into the element (the way a keyboard visitor came). */
  private focusedBefore: HTMLElement | null = null;
  /** Save was pressed and its choice taken already (see `onChoicePressed`). */
  private savedOnPress = false;

  private readonly root: ShadowRoot;
  private readonly controllers = new Set<ReactiveController>();
  private isConnected = false;
  private updatePending = false;
  private renderComplete: Promise<boolean> = Promise.resolve(true);
  /** The skip link and focus clearance first following the banner (see `updated`). */
  private firstFollow: Promise<void> | undefined;

  /** Resolves once the render asked for is done (and, the first time, the page's skip link is in place). */
  get updateComplete(): Promise<boolean> {
    return this.renderComplete.then(async (done) => {
      await this.firstFollow;
      return done;
    });
  }

  private readonly localize: LocalizeController;
  private bannerSeen = false;
  /** Where focus goes back to when the preferences view closes. */
  private openedFrom: HTMLElement | null = null;
  /** While the banner asks: the page's first Tab stop, which takes focus to the banner. */
  private readonly skipLink = new SkipLink(() => this.root.querySelector<HTMLElement>('section.banner')?.focus());
  /** While the banner asks: page controls that get focus are kept out from under it. */
  private readonly clearance: FocusClearance;
  /** `default-level` or `reject-level` is `full` and no sentence was given for it: said once. */
  private fullNoticeWarned = false;
  private unsubscribe: (() => void) | undefined;
  /** The last `position` and `theme` checked, so that a bad value is reported once. */
  private checkedLooks = { position: '', theme: '' };

  constructor(
    private readonly element: ConsentBannerElement,
    private readonly manager: ConsentManager,
  ) {
    // The eager stage may have made the root already (for the "Privacy settings" control): shared.
    this.root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    adoptStyleSheet(this.root, bannerStyleSheet());
    this.clearance = new FocusClearance(element);
    this.localize = new LocalizeController(this);
  }

  // The element's side (ElementView).

  connected(): void {
    this.isConnected = true;
    this.unsubscribe?.();
    this.unsubscribe = this.manager.subscribe(() => this.requestUpdate());
    this.element.addEventListener('consent-change', this.onConsentChange);
    this.element.addEventListener('focusin', this.onFocusIn);
    window.addEventListener('click', this.onChoicePressed, { capture: true });
    for (const controller of this.controllers) controller.hostConnected?.();
    // Back in the page after a move: the skip link and the focus clearance follow the banner again.
    this.requestUpdate();
  }

  disconnected(): void {
    this.isConnected = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.skipLink.remove();
    this.clearance.follow(undefined);
    if (page.banner === this.element) page.banner = undefined;
    this.element.removeEventListener('consent-change', this.onConsentChange);
    this.element.removeEventListener('focusin', this.onFocusIn);
    window.removeEventListener('click', this.onChoicePressed, { capture: true });
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }

  /** Opens the preferences view (for a "Privacy settings" link). */
  showPreferences(): void {
    const active = deepActiveElement();
    this.openedFrom = active instanceof HTMLElement && active !== document.body ? active : null;
    // Pre-select what is in force, never more: nothing is pre-ticked on the visitor's behalf.
    this.selectedLevel = this.chosenOrInForce();
    this.selectedPurposes = new Set(this.manager.purposes);
    // Open in the visitor's language, not in English first: it may still have to be fetched.
    if (this.localize.ready) this.setState({ preferencesOpen: true });
    else void this.localize.load().then(() => this.setState({ preferencesOpen: true }));
  }

  // The controllers' host (ReactiveControllerHost), as LitElement is.

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  /** Renders again in a microtask; calls before then share that render. */
  requestUpdate(): void {
    if (this.updatePending) return;
    this.updatePending = true;
    this.renderComplete = Promise.resolve().then(() => {
      this.performUpdate();
      return !this.updatePending;
    });
  }

  private get preferencesDialog(): HTMLDialogElement | null {
    return this.root.querySelector('dialog[part="preferences"]');
  }

  private get modalBannerDialog(): HTMLDialogElement | null {
    return this.root.querySelector('dialog.modal-banner');
  }

  /** The element the view renders into (the localize controller reads its `lang`, `strings`, `localesUrl`). */
  get host(): ConsentBannerElement {
    return this.element;
  }

  /** @internal Whether any text is on screen (the localize controller loads a language only then). */
  showsText(): boolean {
    return this.preferencesOpen || this.manager.askVisitor;
  }

  private setState(state: Partial<ViewState>): void {
    Object.assign(this, state);
    this.requestUpdate();
  }

  private performUpdate(): void {
    this.updatePending = false;
    if (!this.isConnected) return;
    for (const controller of this.controllers) controller.hostUpdate?.();
    this.checkLooks();
    render(this.render(), this.root, { host: this });
    for (const controller of this.controllers) controller.hostUpdated?.();
    this.updated();
  }

  /**
   * The visitor's choice takes effect on the window, in the capture phase: before the page's own click
   * listeners (or the button-click tracking plugin) track the click under the level it gives up.
   */
  private readonly onChoicePressed = (event: MouseEvent): void => {
    const button = event
      .composedPath()
      .find((node): node is HTMLElement => node instanceof HTMLElement && node.dataset['choice'] !== undefined);
    if (!button || button.getRootNode() !== this.root) return;
    const choice = button.dataset['choice'];
    const manager = this.manager;
    if (!manager) return;
    // What the visitor agrees to is what this layer said: a receipt of the decision holds its hash.
    const layer = button.closest('[part~="banner"], [part~="preferences"]');
    if (layer) manager.textsShown = shownTexts(layer);
    const newPurposes = this.askingAgain() ? manager.unansweredPurposes : [];
    // Focus is in the banner or the dialog, which go: it is placed once they are gone (see `updated`).
    this.focusPending = choice === 'accept' || choice === 'reject' || choice === 'save';
    if (choice === 'accept' && newPurposes.length > 0 && !this.preferencesOpen) {
      // Asked again about purposes it never saw: the answer is about those; the rest stays as decided.
      manager.setConsent({ purposes: [...manager.purposes, ...newPurposes] }, ConsentSource.Visitor);
    } else if (choice === 'reject' && newPurposes.length > 0 && !this.preferencesOpen) {
      manager.setConsent({ purposes: manager.purposes }, ConsentSource.Visitor);
    } else if (choice === 'accept') manager.accept(ConsentSource.Visitor);
    else if (choice === 'reject') manager.reject(ConsentSource.Visitor);
    else if (choice === 'save') {
      // The form's submit, which follows, only closes the view.
      this.savedOnPress = true;
      this.saveChoice();
    }
  };

  /** Save: the level and exactly the purposes switched on in the preferences view. */
  private saveChoice(): void {
    const manager = this.manager;
    if (!manager || !this.selectedLevel) return;
    if (manager.options.purposes.length === 0) manager.setLevel(this.selectedLevel, ConsentSource.Visitor);
    else manager.setConsent({ level: this.selectedLevel, purposes: [...this.selectedPurposes] }, ConsentSource.Visitor);
  }

  /** A decision stands, and the page lists purposes it never saw: the banner asks about those only. */
  private askingAgain(): boolean {
    const manager = this.manager;
    return !!manager && manager.decided && manager.unansweredPurposes.length > 0;
  }

  /**
   * The banner's sentence about purposes: what it asks about again, or that "Accept all" grants them too
   * (those a privacy signal refuses left out, as accepting does not grant them).
   */
  private purposesText(): string {
    const manager = this.manager;
    if (!manager || manager.options.purposes.length === 0) return '';
    const t = this.localize.t;
    const language = this.localize.language;
    if (this.askingAgain()) return t('purposes.askAgain', { purposes: purposeList(t, language, manager.unansweredPurposes) });
    const granted = manager.options.purposes.filter((purpose) => !refusedBySignal(purpose, manager.limitingSignals));
    return granted.length > 0 ? t('purposes.acceptAllNote', { purposes: purposeList(t, language, granted) }) : '';
  }

  /** A bad `position` or `theme` is reported once and replaced on the element, as a LitElement's would be. */
  private checkLooks(): void {
    const { position = 'bottom', theme = 'auto' } = this.element;
    if (position !== this.checkedLooks.position && !(POSITIONS as readonly string[]).includes(position)) {
      warn(`position="${position}" is not one of ${POSITIONS.join(', ')}; using "bottom".`);
      this.element.position = 'bottom';
    }
    if (theme !== this.checkedLooks.theme && !(THEMES as readonly string[]).includes(theme)) {
      warn(`theme="${theme}" is not one of ${THEMES.join(', ')}; using "auto".`);
      this.element.theme = 'auto';
    }
    this.checkedLooks = { position: this.element.position ?? 'bottom', theme: this.element.theme ?? 'auto' };
  }

  private updated(): void {
    const manager = this.manager;
    if (manager?.askVisitor && !this.preferencesOpen && !this.bannerSeen) {
      this.bannerSeen = true;
      // The frame after this render is the one that shows the banner.
      requestAnimationFrame(() => manager.bannerShown(performance.now()));
    }
    const dialog = this.preferencesDialog;
    if (dialog && this.preferencesOpen && !dialog.open) {
      dialog.showModal();
      focusOpenedSheet(dialog);
    }
    // The first time in a task of its own (it computes the banner's styles): the render that puts the banner
    // in the page stays short. `updateComplete` waits for it.
    if (this.firstFollow) this.followBanner();
    else this.firstFollow = afterThisTask().then(() => this.followBanner());
    if (this.focusPending && !this.preferencesOpen) {
      this.focusPending = false;
      this.focusAfterDecision();
    }
    const modalBanner = this.modalBannerDialog;
    if (modalBanner && !modalBanner.open && !this.preferencesOpen) {
      modalBanner.showModal();
      // The dialog itself takes focus, so a screen reader reads its title and text first (showModal
      // would focus the first link, ringed before anyone pressed a key).
      modalBanner.focus();
    }
  }

  private render() {
    const manager = this.manager;
    if (!manager) return nothing;
    // The banner's first paint is in the visitor's language: nothing shows while it is still loading.
    const showBanner = manager.askVisitor && !this.preferencesOpen && this.localize.ready;
    const scheme = bannerScheme(this.element.theme, this.element.ownerDocument);
    return html`<div class="root" lang=${this.localize.language} dir=${this.localize.dir} data-scheme=${scheme}>
      ${showBanner ? this.renderBanner() : nothing} ${this.preferencesOpen ? this.renderPreferences() : nothing}
      <div
        class=${this.savedNoteShown ? 'saved-note' : 'visually-hidden'}
        part=${this.savedNoteShown ? 'saved-note' : nothing}
        role="status"
        aria-live="polite"
        tabindex=${this.savedNoteShown ? '-1' : nothing}
        @focusout=${() => this.setState({ savedNoteShown: false })}
      >
        ${this.announcement}
      </div>
    </div>`;
  }

  private renderBanner() {
    const t = this.localize.t;
    const notice = joinSentences(this.localize.language, [this.noticeText(), this.purposesText()]);
    const gap = sentenceSeparator(this.localize.language);
    // The banner is described by its text and the sentence about what is measured, each by its own id: a
    // description built from a whole paragraph runs words together in Chromium ("identifiers.Privacy policy")
    // when a space between inline elements follows Lit's markers. The links are read as links, in Tab order.
    const described = notice ? 'banner-text banner-notice' : 'banner-text';
    const content = html`
      <div class="banner-body">
        <h2 id="banner-title" class="title"><slot name="title">${t('banner.title')}</slot></h2>
        <p class="text">
          <span id="banner-text"><slot name="text">${t('banner.text')}</slot></span
          >${
            notice ? html`${gap}<span id="banner-notice" class="notice-text">${notice}</span>` : nothing
          }${this.renderPrivacyLink(gap)}<slot name="links"></slot>
        </p>
      </div>
      <div class="actions">
        <div class="choices">
          <button type="button" part="accept-button" class="button" data-choice="accept">${t('banner.accept')}</button>
          <button type="button" part="reject-button" class="button" data-choice="reject">${t('banner.reject')}</button>
        </div>
        <button type="button" part="preferences-button" class="button" @click=${() => this.showPreferences()}>
          ${t('banner.settings')}
        </button>
      </div>
    `;
    if (this.element.modal) {
      return html`<dialog
        tabindex="-1"
        class="modal-banner"
        part="banner"
        aria-labelledby="banner-title"
        aria-describedby=${described}
        @cancel=${(event: Event) => event.preventDefault()}
        @keydown=${this.onDialogKeydown}
      >
        ${content}
      </dialog>`;
    }
    // tabindex="-1": the skip link's target, so that a screen reader reads the title and text on arrival.
    return html`<section class="banner" part="banner" tabindex="-1" aria-labelledby="banner-title" aria-describedby=${described}>
      ${content}
    </section>`;
  }

  /**
   * The first layer's sentence about what is measured before a choice and after "Reject all" (see
   * `noticeKeys`), in the visitor's language; empty when nothing is.
   */
  private noticeText(): string {
    const manager = this.manager;
    if (!manager) return '';
    const t = this.localize.t;
    const keys = noticeKeys(manager.options, manager.limitingSignals);
    const sentences = keys.map((key) => (isTranslatedNotice(key) ? t(key) : t(key, { defaultValue: '' })));
    const untold = keys.filter((key, index) => !isTranslatedNotice(key) && !sentences[index]);
    if (untold.length > 0 && !this.fullNoticeWarned) {
      this.fullNoticeWarned = true;
      warn(
        `the level "full" applies before a choice or after "Reject all", and the banner has no sentence that says so; give one in strings (${untold.join(', ')}).`,
      );
    }
    return joinSentences(this.localize.language, sentences);
  }

  /** The privacy policy link, `before` a separator of its own (a space inside a sentence's paragraph). */
  private renderPrivacyLink(before = '') {
    const url = this.element.privacyUrl ? httpUrl(this.element.privacyUrl, location.href)?.href : undefined;
    if (this.element.privacyUrl && !url)
      warn(`privacy-url="${this.element.privacyUrl}" is not an http(s) URL; the link is left out.`);
    return url ? html`${before}<a class="policy-link" href=${url}>${this.localize.t('banner.privacyPolicy')}</a>` : nothing;
  }

  /** Which privacy signal the browser sends and how it weighs here: a cap on the choice, or the default answer. */
  private renderSignalNotice() {
    const t = this.localize.t;
    const sent = this.manager.privacySignals;
    const caps = this.manager.options.policy.signals === SignalWeight.Cap;
    const level = t(`levels.${ConsentLevel.Cookieless}.title`);
    if (sent.doNotTrack) return html`<p class="notice">${t(caps ? 'preferences.dnt' : 'preferences.dntDefault')}</p>`;
    if (sent.globalPrivacyControl) {
      return html`<p class="notice">${t(caps ? 'preferences.gpc' : 'preferences.gpcDefault', { level })}</p>`;
    }
    return nothing;
  }

  private renderPreferences() {
    const manager = this.manager;
    const t = this.localize.t;
    // Signals that cap what can be chosen; where the region's policy makes them the default answer only, none.
    const signals = manager.limitingSignals;
    const cap = signalCap(signals);
    const unavailable = cap ? t(cap.signal === 'dnt' ? 'preferences.unavailableDnt' : 'preferences.unavailableGpc') : '';
    // Header and footer are pinned; only the middle scrolls. The close (X) button carries the part
    // `close-button` (Escape closes too); the footer decides like the banner, in the banner's order
    // (Accept all, Reject all: `data-choice`), or saves.
    return html`<dialog
      part="preferences"
      tabindex="-1"
      aria-labelledby="preferences-title"
      aria-describedby="preferences-intro"
      @close=${this.closePreferences}
      @keydown=${this.onDialogKeydown}
    >
      <form method="dialog" @submit=${this.onSave}>
        <div class="sheet-header">
          <h2 id="preferences-title" class="title">${t('preferences.title')}</h2>
          <button
            type="button"
            part="close-button"
            class="icon-button"
            aria-label=${t('preferences.closeLabel')}
            @click=${this.closePreferences}
          >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
        <div class="sheet-body">
          <p id="preferences-intro" class="text">${t('preferences.intro')}</p>
          ${this.element.privacyUrl ? html`<p class="policy">${this.renderPrivacyLink()}</p>` : nothing}
          ${this.renderSignalNotice()}
          <fieldset class="levels" role="radiogroup" aria-labelledby="levels-legend">
            <legend id="levels-legend">${t('preferences.levelsLabel')}</legend>
            ${this.offeredLevels().map((level) => {
              const blocked = aboveCap(level, cap);
              const described = [`level-${level}-description`, ...(blocked ? [`level-${level}-unavailable`] : [])].join(' ');
              return html`<label part="level-option" class="level-option">
                <input
                  type="radio"
                  name="level"
                  .value=${level}
                  .checked=${level === this.selectedLevel}
                  ?disabled=${blocked}
                  aria-labelledby=${`level-${level}-title`}
                  aria-describedby=${described}
                  @change=${() => this.setState({ selectedLevel: level })}
                />
                <span class="level-text">
                  <span class="level-title" id=${`level-${level}-title`}>${t(`levels.${level}.title`)}</span>
                  <span class="level-description" id=${`level-${level}-description`}>${t(`levels.${level}.description`)}</span>
                  ${blocked ? html`<span class="level-unavailable" id=${`level-${level}-unavailable`}>${unavailable}</span>` : nothing}
                </span>
              </label>`;
            })}
          </fieldset>
          ${renderPurposes(t, {
            listed: manager.options.purposes,
            selected: this.selectedPurposes,
            signals,
            toggle: (purpose, on) => {
              const next = new Set(this.selectedPurposes);
              if (on) next.add(purpose);
              else next.delete(purpose);
              this.setState({ selectedPurposes: next });
            },
          })}
          <p class="current">${t('preferences.current', { level: t(`levels.${manager.level}.title`) })}</p>
          ${manager.receipt ? html`<p class="current" part="receipt">${t('preferences.receipt', { id: manager.receipt })}</p>` : nothing}
        </div>
        <div class="sheet-footer actions">
          <div class="choices">
            <button
              type="button"
              part="preferences-accept-button"
              class="button"
              data-choice="accept"
              @click=${this.closePreferences}
            >
              ${t('banner.accept')}
            </button>
            <button
              type="button"
              part="preferences-reject-button"
              class="button"
              data-choice="reject"
              @click=${this.closePreferences}
            >
              ${t('banner.reject')}
            </button>
          </div>
          <button type="submit" part="save-button" class="button" data-choice="save">${t('preferences.save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  /**
   * The page's skip link and focus clearance follow the (non-modal) banner while it shows; with two
   * elements asking at once, the first to ask has them.
   */
  private followBanner(): void {
    let banner = this.root.querySelector<HTMLElement>('section.banner') ?? undefined;
    if (banner && this.isConnected && (!page.banner?.isConnected || page.banner === this.element)) page.banner = this.element;
    else banner = undefined;
    this.clearance.follow(banner);
    if (!banner) {
      if (page.banner === this.element) page.banner = undefined;
      this.skipLink.remove();
      return;
    }
    const style = getComputedStyle(banner);
    this.skipLink.show(
      this.element.ownerDocument,
      this.localize.t('banner.skipLink'),
      this.localize.language,
      this.localize.dir,
      {
        background: style.backgroundColor,
        color: style.color,
        accent: style.getPropertyValue('--_accent').trim() || style.color,
        fontFamily: style.fontFamily,
      },
    );
  }

  private readonly onSave = (event: Event): void => {
    event.preventDefault();
    // A submit without a press of Save (`form.requestSubmit()`) saves here.
    if (!this.savedOnPress) this.saveChoice();
    this.savedOnPress = false;
    this.closePreferences();
  };

  private readonly onDialogKeydown = (event: KeyboardEvent): void => {
    trapTabKey(event, event.currentTarget as HTMLElement, this.root.activeElement);
  };

  /** Closes the preferences view (save, close button, or Escape through the dialog's own close event). */
  private readonly closePreferences = (): void => {
    if (!this.preferencesOpen) return;
    this.preferencesDialog?.close();
    this.setState({ preferencesOpen: false });
    const target = this.openedFrom;
    this.openedFrom = null;
    // After a decision in the view, focus goes where `focusAfterDecision` says (once the view is gone).
    if (this.focusPending) {
      if (target && !this.element.contains(target) && target.getRootNode() !== this.root) this.focusedBefore = target;
      return;
    }
    if (target?.isConnected) {
      target.focus({ preventScroll: true });
    } else if (target) {
      // Opened from the banner, whose buttons were re-rendered meanwhile: back to its "choose" button, if
      // the banner is still asking. After a decision the banner is gone and focus stays on the page.
      void this.updateComplete.then(() => this.root.querySelector<HTMLElement>('[part="preferences-button"]')?.focus());
    }
  };

  private readonly onConsentChange = (event: Event): void => {
    const detail = (event as CustomEvent<ConsentChangeDetail>).detail;
    if (detail.source === ConsentSource.Visitor || detail.source === ConsentSource.Api) {
      const t = this.localize.t;
      const saved = t(this.manager.persistent === false ? 'status.memoryOnly' : 'status.saved', {
        level: t(`levels.${detail.level}.title`),
      });
      // The way back is drawn right after the event (see the core's subscriber): named once it is there.
      queueMicrotask(() => this.setState({ announcement: this.reopenControl() ? `${saved} ${t('status.changeLater')}` : saved }));
    }
  };

  /** Remembers the page control focus came from, unless it is the skip link (which goes with the banner). */
  private readonly onFocusIn = (event: FocusEvent): void => {
    const from = event.relatedTarget;
    if (!(from instanceof HTMLElement) || from === this.element || this.element.contains(from)) return;
    if (from.dataset['consentBannerSkip'] !== undefined) return;
    this.focusedBefore = from;
  };

  /** The eager stage's "Privacy settings" control (see core/reopen.ts), when it shows. */
  private reopenControl(): HTMLElement | null {
    // Opt-out regions have "Your privacy choices" (core/reopen.ts) in its place.
    return this.root.querySelector<HTMLElement>('[part~="reopen-button"]:not([hidden]), [part~="privacy-choices"]:not([hidden])');
  }

  /**
   * Where focus goes after a decision made in the banner or the preferences view, never scrolling the page
   * (the visitor keeps their place) and never left on `<body>`: the first of these that is in the
   * viewport and takes focus:
   *
   * 1. the page control focus came from (what opened the preferences view, or the control the visitor
   *    left for the banner): they go on from where they were;
   * 2. the way back: the element's "Privacy settings" control, or the page's own `data-consent-open` one;
   * 3. otherwise the element's status line, shown as a note at the banner's edge ("Your choice is saved"),
   *    which goes away once focus leaves it.
   */
  private focusAfterDecision(): void {
    const wayBack = this.reopenControl() ?? document.querySelector<HTMLElement>('[data-consent-open]');
    const before = this.focusedBefore;
    this.focusedBefore = null;
    for (const candidate of [before, wayBack]) {
      if (candidate && inViewport(candidate) && focusWithoutScroll(candidate)) return;
    }
    const t = this.localize.t;
    const announcement = this.announcement || t('status.saved', { level: t(`levels.${this.manager.level}.title`) });
    this.setState({ savedNoteShown: true, announcement });
    void this.updateComplete.then(() => this.root.querySelector<HTMLElement>('.saved-note')?.focus({ preventScroll: true }));
  }

  /** The offered levels, most data first; unknown names are dropped with a warning. */
  private offeredLevels(): ConsentLevel[] {
    if (!this.element.levels) return DEFAULT_OFFERED_LEVELS;
    const names = this.element.levels.split(/[\s,]+/).filter(Boolean);
    const known = names.filter(isConsentLevel);
    if (known.length !== names.length) {
      warn(`levels="${this.element.levels}" names unknown levels; offering ${JSON.stringify(known)}.`);
    }
    const offered = CONSENT_LEVELS.filter((level) => known.includes(level));
    return offered.length > 0 ? offered : DEFAULT_OFFERED_LEVELS;
  }

  /** The radio to pre-select: the level in force, or the nearest offered level that is more private. */
  private chosenOrInForce(): ConsentLevel {
    const offered = this.offeredLevels();
    const level = this.manager.level;
    return offered.find((candidate) => morePrivate(candidate, level) === candidate) ?? offered[offered.length - 1] ?? level;
  }
}

/**
 * The preferences view opens at its top (intro and policy link in sight; title and buttons are pinned).
 * Focus goes to the level in force when it is in sight there; when it is not (a short screen, a zoomed
 * page), to the dialog itself, which a screen reader reads from its title, and Tab goes on from the top.
 */
function focusOpenedSheet(dialog: HTMLDialogElement): void {
  const body = dialog.querySelector<HTMLElement>('.sheet-body');
  if (body) body.scrollTop = 0;
  const radio = dialog.querySelector<HTMLInputElement>('input[type="radio"]:checked');
  const shown = body?.getBoundingClientRect();
  const box = radio?.closest('label')?.getBoundingClientRect();
  if (radio && shown && box && box.top >= shown.top && box.bottom <= shown.bottom) radio.focus({ preventScroll: true });
  else dialog.focus({ preventScroll: true });
}

/** Whether `element` is rendered and wholly inside the viewport. */
function inViewport(element: HTMLElement): boolean {
  const box = element.getBoundingClientRect();
  const view = element.ownerDocument.documentElement;
  return (
    box.width > 0 &&
    box.height > 0 &&
    box.top >= 0 &&
    box.left >= 0 &&
    box.bottom <= view.clientHeight &&
    box.right <= view.clientWidth
  );
}

/** Focuses `element` without scrolling; false when it does not take focus (a `data-consent-open` span, say). */
function focusWithoutScroll(element: HTMLElement): boolean {
  element.focus({ preventScroll: true });
  return deepActiveElement() === element;
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
