import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConsentSource } from '../consent/decide.js';
import { CONSENT_LEVELS, ConsentLevel, isConsentLevel, morePrivate } from '../consent/levels.js';
import type { ConsentChangeDetail, ConsentChoice } from '../consent/manager.js';
import { warn } from '../util/log.js';
import { httpUrl } from '../util/url.js';
import { joinSentences, sentenceSeparator } from '../util/text.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import { ConsentController } from './consent-controller.js';
import { styles } from './consent-banner.styles.js';
import { trapTabKey } from './focus.js';
import { FocusClearance } from './focus-clearance.js';
import { aboveCap, isTranslatedNotice, noticeKeys, signalCap } from './notice.js';
import { SkipLink } from './skip-link.js';
import { purposeList, refusedBySignal, renderPurposes } from './purposes-view.js';

const DEFAULT_OFFERED_LEVELS: ConsentLevel[] = [
  ConsentLevel.Full,
  ConsentLevel.Session,
  ConsentLevel.Cookieless,
  ConsentLevel.None,
];
/** The element whose banner has the page's skip link and focus clearance. */
const page: { banner: HTMLElement | undefined } = { banner: undefined };
const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] as const;
const THEMES = ['auto', 'light', 'dark'] as const;

/**
 * A consent banner for sites that measure with Snowplow. It asks the visitor, stores the decision and
 * switches the Snowplow tracker so that only what the visitor allowed leaves the browser.
 *
 * @summary Asks for consent and drives the Snowplow browser tracker accordingly.
 * @tagname consent-banner
 *
 * @attr {string} lang - Language of the banner; default: the nearest `lang` of the page, then the browser's.
 *
 * @fires consent-change - Every decision and every change of the level in force. `detail`: {@link ConsentChangeDetail}.
 * @fires consent-ready - Once, when the first level of the page is applied to the trackers.
 *
 * @slot title - Replaces the banner's heading.
 * @slot text - Replaces the banner's explanation.
 * @slot links - Extra links after the explanation (imprint, cookie list, ...).
 *
 * @csspart banner - The banner region shown until the visitor decides.
 * @csspart accept-button - Accepts (`accept-level`).
 * @csspart reject-button - Rejects (`reject-level`).
 * @csspart preferences-button - Opens the preferences view.
 * @csspart preferences - The preferences dialog.
 * @csspart level-option - One level in the preferences view.
 * @csspart save-button - Saves the level chosen in the preferences view.
 * @csspart close-button - The preferences view's close (X) button in its header: closes it without a change.
 * @csspart preferences-accept-button - "Accept all" in the preferences view (as the banner's).
 * @csspart preferences-reject-button - "Reject all" in the preferences view (as the banner's).
 * @csspart reopen-button - "Privacy settings" after a decision: opens the preferences view (see `reopen`).
 *
 * @cssproperty --consent-banner-background - Surface colour.
 * @cssproperty --consent-banner-color - Text colour.
 * @cssproperty --consent-banner-muted - Secondary text (descriptions, notes).
 * @cssproperty --consent-banner-accent - Buttons and focus ring.
 * @cssproperty --consent-banner-accent-contrast - Text on the accent colour.
 * @cssproperty --consent-banner-border - Borders and separators.
 * @cssproperty --consent-banner-font - Font family.
 * @cssproperty --consent-banner-radius - Corner radius.
 * @cssproperty --consent-banner-spacing - Base spacing unit.
 * @cssproperty --consent-banner-z-index - Stacking order.
 * @cssproperty --consent-banner-max-width - Width of cards and dialog.
 */
export class ConsentBannerElement extends LitElement {
  static override styles = styles;

  /** Collector URL: when set, the element creates the tracker itself. */
  @property() collector?: string;
  /** `appId` of the tracker the element creates. */
  @property({ attribute: 'app-id' }) appId?: string;
  /** Tracker namespace to create (default `sp`), or the trackers to drive, comma-separated (default all). */
  @property() tracker?: string;
  /** Track one page view once the level lets events out. */
  @property({ type: Boolean, attribute: 'page-view' }) pageView = false;
  /** A new version asks every visitor again. */
  @property({ attribute: 'policy-version' }) policyVersion?: string;
  @property({ attribute: 'cookie-name' }) cookieName?: string;
  @property({ attribute: 'cookie-domain' }) cookieDomain?: string;
  /** Lifetime of a decision in days, at most 395. */
  @property({ attribute: 'cookie-days' }) cookieDays?: string;
  /** The level before a decision. */
  @property({ attribute: 'default-level' }) defaultLevel?: string;
  /** The level "accept" gives. */
  @property({ attribute: 'accept-level' }) acceptLevel?: string;
  /** The level "reject" gives. */
  @property({ attribute: 'reject-level' }) rejectLevel?: string;
  @property({ type: Boolean, attribute: 'ignore-dnt' }) ignoreDnt = false;
  @property({ type: Boolean, attribute: 'ignore-gpc' }) ignoreGpc = false;
  /** The levels offered in the preferences view, space-separated. */
  @property() levels?: string;
  /** Link to the site's privacy policy. */
  @property({ attribute: 'privacy-url' }) privacyUrl?: string;
  /** Make the banner a blocking dialog. */
  @property({ type: Boolean, reflect: true }) modal = false;
  /** `bottom` (default), `top`, `bottom-left`, `bottom-right` or `center`. */
  @property({ reflect: true }) position: string = 'bottom';
  /** `auto` (follows the system, default), `light` or `dark`. */
  @property({ reflect: true }) theme: string = 'auto';
  /** Strings that replace the translations, as JSON shaped like `locales/en.json` (or an object). */
  @property({ attribute: 'strings', converter: { fromAttribute: parseStrings } }) strings?: Record<string, unknown>;
  /** The Snowplow JS tag's global function to drive (default: the page's `snowplow` when there is one). */
  @property({ attribute: 'tag-name' }) snowplowTag?: string;
  /** Also tell Google tags the level (Google Consent Mode v2). */
  @property({ type: Boolean, attribute: 'google-consent-mode' }) googleConsentMode = false;
  /** Reload the page after a downgrade when gated scripts ran that the new level does not allow. */
  @property({ type: Boolean, attribute: 'reload-on-downgrade' }) reloadOnDowngrade = false;
  /** Do not record decisions as Snowplow consent events. */
  @property({ type: Boolean, attribute: 'no-consent-events' }) noConsentEvents = false;
  /** `basisForProcessing` of consent events (default `consent`). */
  @property({ attribute: 'basis-for-processing' }) basisForProcessing?: string;
  /** `domainsApplied` of consent events, comma-separated (default the cookie domain or this host). */
  @property({ attribute: 'consent-domains' }) consentDomains?: string;
  /** More entities (`vendor/name` Iglu schemas) that identify a person, removed from events below `full`. */
  @property({ attribute: 'identity-entities' }) identityEntities?: string;
  /** URL parameters removed from `url`, `refr` and the Referer below `full`; default the common ad click ids. */
  @property({ attribute: 'url-identifiers' }) urlIdentifiers?: string;
  /**
   * Purposes beside measurement, space-separated: `functional`, `personalization`, `marketing`, or the site's
   * own (given a title in `strings`). Each is asked about on its own, never granted before the visitor does.
   */
  @property() purposes?: string;
  /** The "Privacy settings" control after a decision: `inline` (where the element is), `floating` or `none`. */
  @property() reopen?: string;
  /** Where the translation files are (`<url><lang>.json`); defaults to the library's own. */
  @property({ attribute: 'locales-url' }) localesUrl?: string;

  @state() private preferencesOpen = false;
  @state() private selectedLevel: ConsentLevel | undefined;
  /** The purposes switched on in the preferences view. */
  @state() private selectedPurposes: ReadonlySet<string> = new Set();
  /** Save was pressed and its choice taken already (see `onChoicePressed`). */
  private savedOnPress = false;
  @state() private announcement = '';

  @query('dialog[part="preferences"]') private preferencesDialog?: HTMLDialogElement;
  @query('dialog.modal-banner') private modalBannerDialog?: HTMLDialogElement;

  private readonly consent = new ConsentController(this);
  private readonly localize = new LocalizeController(this);
  private bannerSeen = false;
  /** Where focus goes back to when the preferences view closes. */
  private openedFrom: HTMLElement | null = null;
  /** While the banner asks: the page's first Tab stop, which takes focus to the banner. */
  private readonly skipLink = new SkipLink(() => this.shadowRoot?.querySelector<HTMLElement>('section.banner')?.focus());
  /** While the banner asks: page controls that get focus are kept out from under it. */
  private readonly clearance = new FocusClearance(this);
  /** `default-level` or `reject-level` is `full` and no sentence was given for it: said once. */
  private fullNoticeWarned = false;

  /** The level in force. */
  get level(): ConsentLevel {
    return this.consent.manager?.level ?? ConsentLevel.None;
  }

  /** True when a valid decision exists (stored, or made on this page). */
  get decided(): boolean {
    return this.consent.manager?.decided ?? false;
  }

  /**
   * What the last `consent-change` said, or undefined before the first one: for code that starts listening
   * after the first decision (a framework's effect) and must catch up.
   */
  get consentDetail(): ConsentChangeDetail | undefined {
    return this.consent.lastDetail;
  }

  /** Records a decision for `level`, as if made through the site's own UI. */
  setLevel(level: ConsentLevel): void {
    this.withManager('setLevel', (manager) => manager.setLevel(level, ConsentSource.Api));
  }

  acceptAll(): void {
    this.withManager('acceptAll', (manager) => manager.accept(ConsentSource.Api));
  }

  rejectAll(): void {
    this.withManager('rejectAll', (manager) => manager.reject(ConsentSource.Api));
  }

  /** Forgets the decision: the default level applies and the banner asks again. */
  reset(): void {
    this.withManager('reset', (manager) => manager.reset());
  }

  /** Opens the preferences view (for a "Privacy settings" link). */
  showPreferences(): void {
    this.withManager('showPreferences', (manager) => {
      const active = deepActiveElement();
      this.openedFrom = active instanceof HTMLElement && active !== document.body ? active : null;
      // Pre-select what is in force, never more: nothing is pre-ticked on the visitor's behalf.
      this.selectedLevel = this.chosenOrInForce();
      this.selectedPurposes = new Set(manager.purposes);
      // Open in the visitor's language, not in English first: it may still have to be fetched.
      if (this.localize.ready) this.preferencesOpen = true;
      else void this.localize.load().then(() => (this.preferencesOpen = true));
    });
  }

  /** @internal Whether any text is on screen (the localize controller loads a language only then). */
  showsText(): boolean {
    return this.preferencesOpen || (this.consent.manager?.askVisitor ?? false);
  }

  /** Whether the visitor granted this purpose (one the page lists in `purposes`). */
  hasConsent(purpose: string): boolean {
    return this.consent.manager?.hasConsent(purpose) ?? false;
  }

  /** Records a choice from the site's own UI: the level and the purposes granted (the page's others refused). */
  setConsent(choice: ConsentChoice): void {
    this.withManager('setConsent', (manager) => manager.setConsent(choice, ConsentSource.Api));
  }

  /** Sets the business user id; it reaches the tracker only at level `full`. */
  identify(userId: string): void {
    this.withManager('identify', (manager) => manager.identify(userId));
  }

  /** Logout or account switch: no user id, new device id and session; the level stays. */
  anonymize(): void {
    this.withManager('anonymize', (manager) => manager.anonymize());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('consent-change', this.onConsentChange);
    window.addEventListener('click', this.onChoicePressed, { capture: true });
    // Back in the page after a move: the skip link and the focus clearance follow the banner again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.skipLink.remove();
    this.clearance.follow(undefined);
    if (page.banner === this) page.banner = undefined;
    this.removeEventListener('consent-change', this.onConsentChange);
    window.removeEventListener('click', this.onChoicePressed, { capture: true });
  }

  /**
   * The visitor's choice takes effect on the window, in the capture phase: before the page's own click
   * listeners (or the button-click tracking plugin) track the click under the level it gives up.
   */
  private readonly onChoicePressed = (event: MouseEvent): void => {
    const button = event
      .composedPath()
      .find((node): node is HTMLElement => node instanceof HTMLElement && node.dataset['choice'] !== undefined);
    if (!button || button.getRootNode() !== this.shadowRoot) return;
    const choice = button.dataset['choice'];
    const manager = this.consent.manager;
    if (!manager) return;
    const newPurposes = this.askingAgain() ? manager.unansweredPurposes : [];
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
    const manager = this.consent.manager;
    if (!manager || !this.selectedLevel) return;
    if (manager.options.purposes.length === 0) manager.setLevel(this.selectedLevel, ConsentSource.Visitor);
    else manager.setConsent({ level: this.selectedLevel, purposes: [...this.selectedPurposes] }, ConsentSource.Visitor);
  }

  /** A decision stands, and the page lists purposes it never saw: the banner asks about those only. */
  private askingAgain(): boolean {
    const manager = this.consent.manager;
    return !!manager && manager.decided && manager.unansweredPurposes.length > 0;
  }

  /**
   * The banner's sentence about purposes: what it asks about again, or that "Accept all" grants them too
   * (those a privacy signal refuses left out, as accepting does not grant them).
   */
  private purposesText(): string {
    const manager = this.consent.manager;
    if (!manager || manager.options.purposes.length === 0) return '';
    const t = this.localize.t;
    const language = this.localize.language;
    if (this.askingAgain()) return t('purposes.askAgain', { purposes: purposeList(t, language, manager.unansweredPurposes) });
    const granted = manager.options.purposes.filter((purpose) => !refusedBySignal(purpose, manager.privacySignals));
    return granted.length > 0 ? t('purposes.acceptAllNote', { purposes: purposeList(t, language, granted) }) : '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('position') && !(POSITIONS as readonly string[]).includes(this.position)) {
      warn(`position="${this.position}" is not one of ${POSITIONS.join(', ')}; using "bottom".`);
      this.position = 'bottom';
    }
    if (changed.has('theme') && !(THEMES as readonly string[]).includes(this.theme)) {
      warn(`theme="${this.theme}" is not one of ${THEMES.join(', ')}; using "auto".`);
      this.theme = 'auto';
    }
  }

  protected override updated(): void {
    const manager = this.consent.manager;
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
    this.followBanner();
    const modalBanner = this.modalBannerDialog;
    if (modalBanner && !modalBanner.open && !this.preferencesOpen) {
      modalBanner.showModal();
      // The dialog itself takes focus, so a screen reader reads its title and text first (showModal
      // would focus the first link, ringed before anyone pressed a key).
      modalBanner.focus();
    }
  }

  protected override render() {
    const manager = this.consent.manager;
    if (!manager) return nothing;
    const showBanner = manager.askVisitor && !this.preferencesOpen;
    return html`<div class="root" lang=${this.localize.language} dir=${this.localize.dir}>
      ${showBanner ? this.renderBanner() : nothing} ${this.preferencesOpen ? this.renderPreferences() : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
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
    if (this.modal) {
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
    const manager = this.consent.manager;
    if (!manager) return '';
    const t = this.localize.t;
    const keys = noticeKeys(manager.options, manager.privacySignals);
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
    const url = this.privacyUrl ? httpUrl(this.privacyUrl, location.href)?.href : undefined;
    if (this.privacyUrl && !url) warn(`privacy-url="${this.privacyUrl}" is not an http(s) URL; the link is left out.`);
    return url ? html`${before}<a class="policy-link" href=${url}>${this.localize.t('banner.privacyPolicy')}</a>` : nothing;
  }

  private renderPreferences() {
    const manager = this.consent.manager!;
    const t = this.localize.t;
    const signals = manager.privacySignals;
    const cap = signalCap(signals);
    const unavailable = cap ? t(cap.signal === 'dnt' ? 'preferences.unavailableDnt' : 'preferences.unavailableGpc') : '';
    // Header and footer are pinned; only the middle scrolls. The close (X) button carries the part
    // `close-button` (Escape closes too); the footer decides like the banner (`data-choice`) or saves.
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
          ${this.privacyUrl ? html`<p class="policy">${this.renderPrivacyLink()}</p>` : nothing}
          ${
            signals.doNotTrack
              ? html`<p class="notice">${t('preferences.dnt')}</p>`
              : signals.globalPrivacyControl
                ? html`<p class="notice">${t('preferences.gpc', { level: t(`levels.${ConsentLevel.Cookieless}.title`) })}</p>`
                : nothing
          }
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
                  @change=${() => (this.selectedLevel = level)}
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
              this.selectedPurposes = next;
            },
          })}
          <p class="current">${t('preferences.current', { level: t(`levels.${manager.level}.title`) })}</p>
        </div>
        <div class="sheet-footer actions">
          <div class="choices">
            <button
              type="button"
              part="preferences-reject-button"
              class="button"
              data-choice="reject"
              @click=${this.closePreferences}
            >
              ${t('banner.reject')}
            </button>
            <button
              type="button"
              part="preferences-accept-button"
              class="button"
              data-choice="accept"
              @click=${this.closePreferences}
            >
              ${t('banner.accept')}
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
    let banner = this.shadowRoot?.querySelector<HTMLElement>('section.banner') ?? undefined;
    if (banner && this.isConnected && (!page.banner?.isConnected || page.banner === this)) page.banner = this;
    else banner = undefined;
    this.clearance.follow(banner);
    if (!banner) {
      if (page.banner === this) page.banner = undefined;
      this.skipLink.remove();
      return;
    }
    const style = getComputedStyle(banner);
    this.skipLink.show(this.ownerDocument, this.localize.t('banner.skipLink'), this.localize.language, this.localize.dir, {
      background: style.backgroundColor,
      color: style.color,
      accent: style.getPropertyValue('--_accent').trim() || style.color,
      fontFamily: style.fontFamily,
    });
  }

  private readonly onSave = (event: Event): void => {
    event.preventDefault();
    // A submit without a press of Save (`form.requestSubmit()`) saves here.
    if (!this.savedOnPress) this.saveChoice();
    this.savedOnPress = false;
    this.closePreferences();
  };

  private readonly onDialogKeydown = (event: KeyboardEvent): void => {
    trapTabKey(event, event.currentTarget as HTMLElement, this.shadowRoot!.activeElement);
  };

  /** Closes the preferences view (save, close button, or Escape through the dialog's own close event). */
  private readonly closePreferences = (): void => {
    if (!this.preferencesOpen) return;
    this.preferencesDialog?.close();
    this.preferencesOpen = false;
    const target = this.openedFrom;
    this.openedFrom = null;
    if (target?.isConnected) {
      target.focus();
    } else if (target) {
      // Opened from the banner, whose buttons were re-rendered meanwhile: back to its "choose" button, if
      // the banner is still asking. After a decision the banner is gone and focus stays on the page.
      void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('[part="preferences-button"]')?.focus());
    }
  };

  private readonly onConsentChange = (event: Event): void => {
    const detail = (event as CustomEvent<ConsentChangeDetail>).detail;
    if (detail.source === ConsentSource.Visitor || detail.source === ConsentSource.Api) {
      const t = this.localize.t;
      const saved = t(this.consent.manager?.persistent === false ? 'status.memoryOnly' : 'status.saved', {
        level: t(`levels.${detail.level}.title`),
      });
      // The eager stage's "Privacy settings" control (see core/reopen.ts), when it shows.
      const reopen = this.shadowRoot?.querySelector('[part~="reopen-button"]:not([hidden])');
      this.announcement = reopen ? `${saved} ${t('status.changeLater')}` : saved;
    }
  };

  /** The offered levels, most data first; unknown names are dropped with a warning. */
  private offeredLevels(): ConsentLevel[] {
    if (!this.levels) return DEFAULT_OFFERED_LEVELS;
    const names = this.levels.split(/[\s,]+/).filter(Boolean);
    const known = names.filter(isConsentLevel);
    if (known.length !== names.length) {
      warn(`levels="${this.levels}" names unknown levels; offering ${JSON.stringify(known)}.`);
    }
    const offered = CONSENT_LEVELS.filter((level) => known.includes(level));
    return offered.length > 0 ? offered : DEFAULT_OFFERED_LEVELS;
  }

  /** The radio to pre-select: the level in force, or the nearest offered level that is more private. */
  private chosenOrInForce(): ConsentLevel {
    const offered = this.offeredLevels();
    const level = this.level;
    return offered.find((candidate) => morePrivate(candidate, level) === candidate) ?? offered[offered.length - 1] ?? level;
  }

  private withManager(method: string, action: (manager: NonNullable<ConsentController['manager']>) => void): void {
    const manager = this.consent.manager;
    if (!manager) {
      warn(`${method}() was called before <consent-banner> was connected to the page; ignored.`);
      return;
    }
    action(manager);
  }
}

function parseStrings(value: string | null): Record<string, unknown> | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  warn(`strings is not a JSON object; using the translations.`);
  return undefined;
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

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

declare global {
  interface HTMLElementTagNameMap {
    'consent-banner': ConsentBannerElement;
  }
  // Global so that listeners on document and window are typed too (the events bubble and are composed).
  interface GlobalEventHandlersEventMap {
    'consent-change': CustomEvent<ConsentChangeDetail>;
    'consent-ready': CustomEvent<ConsentChangeDetail>;
  }
}
