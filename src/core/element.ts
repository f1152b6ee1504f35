import { ConsentSource } from '../consent/decide.js';
import { ConsentLevel } from '../consent/levels.js';
import type { ConsentChangeDetail, ConsentChoice, ConsentManager } from '../consent/manager.js';
import { warn } from '../util/log.js';
import { ELEMENT_ATTRIBUTES, ELEMENT_PROPERTIES, type ElementProperty } from './attributes.js';

export const TAG = 'consent-banner';

/** What the element asks of the page's eager stage (`ConsentElements`), which owns managers and views. */
export interface ElementHost {
  connected(element: ConsentBannerElement): void;
  disconnected(element: ConsentBannerElement): void;
  attributeChanged(element: ConsentBannerElement, name: string): void;
  /** The element's manager once it has been in the page, else undefined. */
  managerOf(element: ConsentBannerElement): ConsentManager | undefined;
  /** Whether the element fired `consent-ready`: its `consentDetail` is defined from then on. */
  hasStarted(element: ConsentBannerElement): boolean;
  showPreferences(element: ConsentBannerElement): void;
  /** Resolves once what the element shows now is rendered (at once when it shows nothing) and its bridges settled. */
  rendered(element: ConsentBannerElement): Promise<boolean>;
}

/**
 * The operations every handle on the page's consent offers under these names: the element,
 * `window.ConsentBanner` (the drop-in) and `pageConsent()` (npm, which returns the element). Getters first.
 */
export const CONSENT_GETTERS = ['level', 'decided', 'consentDetail', 'grantedPurposes'] as const;
export const CONSENT_METHODS = [
  'setLevel',
  'acceptAll',
  'rejectAll',
  'setConsent',
  'hasConsent',
  'identify',
  'anonymize',
  'reset',
  'showPreferences',
] as const;

/** Every handle's operations (see `CONSENT_GETTERS`, `CONSENT_METHODS`). */
export type ConsentOperations = Pick<ConsentBannerElement, (typeof CONSENT_GETTERS)[number] | (typeof CONSENT_METHODS)[number]>;

/** What a handle answers when the page has no `<consent-banner>`: the most private answers. */
const WITHOUT_ELEMENT: Pick<ConsentOperations, (typeof CONSENT_GETTERS)[number]> = {
  level: ConsentLevel.None,
  decided: false,
  consentDetail: undefined,
  grantedPurposes: [],
};

/**
 * The page's consent under the element's own names (`window.ConsentBanner`): every operation goes to the
 * element `find()` returns when it is made, so a handle taken early follows an element added later.
 */
export function forwardConsentOperations(find: () => ConsentOperations | undefined, label: string): ConsentOperations {
  const handle = {} as Record<string, unknown>;
  for (const name of CONSENT_GETTERS) {
    Object.defineProperty(handle, name, { enumerable: true, get: () => (find() ?? WITHOUT_ELEMENT)[name] });
  }
  for (const name of CONSENT_METHODS) {
    handle[name] = (...args: unknown[]): unknown => {
      const element = find();
      if (element) return (element[name] as (...args: unknown[]) => unknown)(...args);
      warn(`${label}.${name}(): there is no <consent-banner> on the page.`);
      return name === 'hasConsent' ? false : undefined;
    };
  }
  return handle as unknown as ConsentOperations;
}

let host: ElementHost | undefined;

/** `HTMLElement` in a browser; outside one (server-side rendering imports the entries) a class of no use. */
const ElementBase = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/**
 * A consent banner for sites that measure with Snowplow. It asks the visitor, stores the decision and
 * switches the Snowplow tracker so that only what the visitor allowed leaves the browser.
 *
 * The element, its settings and its API are defined on every page, whether or not anything shows; Lit
 * renders its banner and preferences, loaded only when something must show.
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
 * @csspart privacy-choices - "Your privacy choices" where the region's policy is opt-out: opens the preferences view.
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
export class ConsentBannerElement extends ElementBase {
  static get observedAttributes(): readonly string[] {
    return ELEMENT_ATTRIBUTES;
  }

  // The settings: each property reflects its attribute (installed from `ELEMENT_PROPERTIES` below).
  /**
   * Collector URL: when set, the element creates the tracker itself.
   * @attr collector
   */
  declare collector: string | undefined;
  /**
   * `appId` of the tracker the element creates.
   * @attr app-id
   */
  declare appId: string | undefined;
  /**
   * Tracker namespace to create (default `sp`), or the trackers to drive, comma-separated (default all).
   * @attr tracker
   */
  declare tracker: string | undefined;
  /**
   * Track one page view once the level lets events out.
   * @attr page-view
   */
  declare pageView: boolean;
  /**
   * A new version asks every visitor again.
   * @attr policy-version
   */
  declare policyVersion: string | undefined;
  /** @attr cookie-name */
  declare cookieName: string | undefined;
  /** @attr cookie-domain */
  declare cookieDomain: string | undefined;
  /**
   * Lifetime of a decision in days, at most 395.
   * @attr cookie-days
   */
  declare cookieDays: string | undefined;
  /**
   * The level before a decision.
   * @attr default-level
   */
  declare defaultLevel: string | undefined;
  /**
   * The level "accept" gives.
   * @attr accept-level
   */
  declare acceptLevel: string | undefined;
  /**
   * The level "reject" gives.
   * @attr reject-level
   */
  declare rejectLevel: string | undefined;
  /** @attr ignore-dnt */
  declare ignoreDnt: boolean;
  /** @attr ignore-gpc */
  declare ignoreGpc: boolean;
  /**
   * The levels offered in the preferences view, space-separated.
   * @attr levels
   */
  declare levels: string | undefined;
  /**
   * Link to the site's privacy policy.
   * @attr privacy-url
   */
  declare privacyUrl: string | undefined;
  /**
   * Make the banner a blocking dialog.
   * @attr modal
   */
  declare modal: boolean;
  /**
   * `bottom` (default), `top`, `bottom-left`, `bottom-right` or `center`.
   * @attr position
   */
  declare position: string | undefined;
  /**
   * `auto` (follows the system, default), `light` or `dark`.
   * @attr theme
   */
  declare theme: string | undefined;
  /**
   * Strings that replace the translations, as JSON shaped like `locales/en.json` (or an object).
   * @attr strings
   */
  declare strings: Record<string, unknown> | undefined;
  /**
   * The Snowplow JS tag's global function to drive (default: the page's `snowplow` when there is one).
   * @attr tag-name
   */
  declare snowplowTag: string | undefined;
  /**
   * Also tell Google tags the level (Google Consent Mode v2).
   * @attr google-consent-mode
   */
  declare googleConsentMode: boolean;
  /**
   * Reload the page after a downgrade when gated scripts ran that the new level does not allow.
   * @attr reload-on-downgrade
   */
  declare reloadOnDowngrade: boolean;
  /**
   * Do not record decisions as Snowplow consent events.
   * @attr no-consent-events
   */
  declare noConsentEvents: boolean;
  /**
   * `basisForProcessing` of consent events (default `consent`).
   * @attr basis-for-processing
   */
  declare basisForProcessing: string | undefined;
  /**
   * `domainsApplied` of consent events, comma-separated (default the cookie domain or this host).
   * @attr consent-domains
   */
  declare consentDomains: string | undefined;
  /**
   * Every purpose of the site, the same on every page (default the purposes this page lists): what "all" means
   * in consent events, and the purposes `allow_all` lists in `consentScopes`.
   * @attr consent-scopes
   */
  declare consentScopes: string | undefined;
  /**
   * Add this library's `consent_state` entity (level, purposes granted, source) to every event; its schema
   * must be in the site's Iglu registry (see docs/consent-in-the-warehouse.md).
   * @attr consent-entity
   */
  declare consentEntity: boolean;
  /**
   * Give each decision a receipt (a random id and the SHA-256 of the texts shown), sent in the `consent_state`
   * entity of its consent event only and shown in the preferences view; implies `consent-entity`.
   * @attr consent-receipt
   */
  declare consentReceipt: boolean;
  /**
   * Entities (`vendor/name` Iglu schemas) known to carry no identifier, kept below `full`, where others are removed.
   * @attr safe-entities
   */
  declare safeEntities: string | undefined;
  /**
   * More entities (`vendor/name` Iglu schemas) that identify a person, removed from events below `full`.
   * @attr identity-entities
   */
  declare identityEntities: string | undefined;
  /**
   * URL parameters removed from `url`, `refr` and the Referer below `full`; default the common ad click ids.
   * @attr url-identifiers
   */
  declare urlIdentifiers: string | undefined;
  /**
   * Purposes beside measurement, space-separated: `functional`, `personalization`, `marketing`, or the site's
   * own (given a title in `strings`). Each is asked about on its own, never granted before the visitor does.
   * @attr purposes
   */
  declare purposes: string | undefined;
  /**
   * Where the visitor is, as the page's CDN or server says: an ISO 3166-1 country (`FR`) or ISO 3166-2
   * subdivision (`US-CA`), any case. It picks the consent policy (opt-in, opt-out); none: opt-in everywhere.
   * @attr region
   */
  declare region: string | undefined;
  /**
   * The policy of regions without a built-in one: `opt-in` (default), `opt-out` or `gdpr`.
   * @attr default-policy
   */
  declare defaultPolicy: string | undefined;
  /**
   * The site's policy by region, as JSON: `{"US-CA": "opt-in", "BR": {"consent": "opt-in", "signals": "default"}}`.
   * @attr region-policies
   */
  declare regionPolicies: string | undefined;
  /**
   * Take decisions from the site's other consent manager instead of this banner, which then never shows:
   * `tcf`, `gcm`, `vanilla-cookieconsent`, `onetrust`, `cookiebot`, `usercentrics` or `didomi`.
   * @attr consent-source
   */
  declare consentSource: string | undefined;
  /**
   * JSON mapping that manager's keys to levels and purposes (`{"levels": {...}, "purposes": {...}}`); default its own map.
   * @attr consent-source-map
   */
  declare consentSourceMap: string | undefined;
  /**
   * With `google-consent-mode`: the regions (ISO 3166-2 codes, comma-separated) its consent default is for.
   * @attr google-consent-region
   */
  declare googleConsentRegion: string | undefined;
  /**
   * With `google-consent-mode`: set `url_passthrough` (ad click ids pass in link URLs while storage is denied).
   * @attr google-url-passthrough
   */
  declare googleUrlPassthrough: boolean;
  /**
   * With `google-consent-mode`: set `ads_data_redaction` (ad click ids redacted while `ad_storage` is denied).
   * @attr google-ads-data-redaction
   */
  declare googleAdsDataRedaction: boolean;
  /**
   * Tell Microsoft UET the decision (UET consent mode, `ad_storage`).
   * @attr uet-consent
   */
  declare uetConsent: boolean;
  /**
   * Tell Microsoft Clarity the decision (`consentv2`: analytics and ad storage).
   * @attr clarity-consent
   */
  declare clarityConsent: boolean;
  /**
   * Push a `dataLayer` event of this name on every decision (level, purposes, what changed).
   * @attr datalayer-event
   */
  declare datalayerEvent: string | undefined;
  /**
   * The "Privacy settings" control after a decision: `inline` (where the element is), `floating` or `none`.
   * @attr reopen
   */
  declare reopen: string | undefined;
  /**
   * Where the translation files are (`<url><lang>.json`); defaults to the library's own.
   * @attr locales-url
   */
  declare localesUrl: string | undefined;

  /** `strings` given as an object (a property has no attribute to live in). */
  private stringsObject: Record<string, unknown> | undefined;
  private parsedStrings: { source: string | null; value: Record<string, unknown> | undefined } | undefined;

  /** The level in force (`none` before the element was first in the page). */
  get level(): ConsentLevel {
    return host?.managerOf(this)?.level ?? ConsentLevel.None;
  }

  /** True when a valid decision exists (stored, or made on this page). */
  get decided(): boolean {
    return host?.managerOf(this)?.decided ?? false;
  }

  /**
   * What the last `consent-change` said, or undefined before the first one: for code that starts listening
   * after the first decision (a framework's effect) and must catch up.
   */
  get consentDetail(): ConsentChangeDetail | undefined {
    const manager = host?.managerOf(this);
    return manager && host?.hasStarted(this) ? manager.detail : undefined;
  }

  /** The purposes granted now (of those the page lists in `purposes`). */
  get grantedPurposes(): string[] {
    return host?.managerOf(this)?.purposes ?? [];
  }

  /**
   * Resolves once what the element shows now (banner, preferences) is rendered (at once when nothing shows)
   * and the page's content that waits for consent is in the state of the level in force.
   */
  get updateComplete(): Promise<boolean> {
    return host?.rendered(this) ?? Promise.resolve(true);
  }

  /** Records a decision for `level`, as if made through the site's own UI. */
  setLevel(level: ConsentLevel): void {
    this.withManager(`setLevel`, (manager) => manager.setLevel(level, ConsentSource.Api));
  }

  /** As "Accept all" in the banner: `accept-level` and every purpose the page lists. */
  acceptAll(): void {
    this.withManager('acceptAll', (manager) => manager.accept(ConsentSource.Api));
  }

  /** As "Reject all" in the banner: `reject-level` and no purpose. */
  rejectAll(): void {
    this.withManager('rejectAll', (manager) => manager.reject(ConsentSource.Api));
  }

  /** Records a choice from the site's own UI: the level and the purposes granted (the page's others refused). */
  setConsent(choice: ConsentChoice): void {
    this.withManager('setConsent', (manager) => manager.setConsent(choice, ConsentSource.Api));
  }

  /** Whether the visitor granted this purpose (one the page lists in `purposes`). */
  hasConsent(purpose: string): boolean {
    return host?.managerOf(this)?.hasConsent(purpose) ?? false;
  }

  /** Sets the business user id; it reaches the tracker only at level `full`. */
  identify(userId: string): void {
    this.withManager('identify', (manager) => manager.identify(userId));
  }

  /** Logout or account switch: no user id, new device id and session; the level stays. */
  anonymize(): void {
    this.withManager('anonymize', (manager) => manager.anonymize());
  }

  /** Forgets the decision: the default level applies and the banner asks again. */
  reset(): void {
    this.withManager('reset', (manager) => manager.reset());
  }

  /** Opens the preferences view (for a "Privacy settings" link), loading the banner's UI first when needed. */
  showPreferences(): void {
    this.withManager('showPreferences', () => host?.showPreferences(this));
  }

  connectedCallback(): void {
    upgradeProperties(this);
    host?.connected(this);
  }

  disconnectedCallback(): void {
    host?.disconnected(this);
  }

  attributeChangedCallback(name: string, before: string | null, now: string | null): void {
    if (before !== now) host?.attributeChanged(this, name);
  }

  /** @internal `strings`: the object given as a property, else the attribute's JSON (warned about once when bad). */
  readStrings(): Record<string, unknown> | undefined {
    if (this.stringsObject) return this.stringsObject;
    const source = this.getAttribute('strings');
    if (this.parsedStrings?.source !== source) this.parsedStrings = { source, value: parseStrings(source) };
    return this.parsedStrings.value;
  }

  /** @internal */
  writeStrings(value: unknown): void {
    if (typeof value === 'string') {
      this.stringsObject = undefined;
      this.setAttribute('strings', value);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      this.stringsObject = value as Record<string, unknown>;
      host?.attributeChanged(this, 'strings');
    } else {
      if (value !== undefined && value !== null) warn(`strings must be an object or JSON text; ${typeof value} ignored.`);
      this.stringsObject = undefined;
      this.removeAttribute('strings');
    }
  }

  private withManager(method: string, action: (manager: ConsentManager) => void): void {
    const manager = host?.managerOf(this);
    if (!manager) {
      warn(`${method}() was called before <consent-banner> was connected to the page; ignored.`);
      return;
    }
    action(manager);
  }
}

// Each setting property reflects its attribute: one truth, which the eager stage and the UI read alike.
for (const setting of ELEMENT_PROPERTIES) {
  Object.defineProperty(ConsentBannerElement.prototype, setting.property, settingAccessor(setting));
}

function settingAccessor({ attribute, kind }: ElementProperty): PropertyDescriptor {
  if (kind === 'json') {
    return {
      get(this: ConsentBannerElement) {
        return this.readStrings();
      },
      set(this: ConsentBannerElement, value: unknown) {
        this.writeStrings(value);
      },
      configurable: true,
    };
  }
  if (kind === 'flag') {
    return {
      get(this: HTMLElement) {
        return this.hasAttribute(attribute);
      },
      set(this: HTMLElement, value: unknown) {
        this.toggleAttribute(attribute, !!value);
      },
      configurable: true,
    };
  }
  return {
    get(this: HTMLElement) {
      return this.getAttribute(attribute) ?? undefined;
    },
    set(this: HTMLElement, value: unknown) {
      if (value === undefined || value === null) this.removeAttribute(attribute);
      else if (typeof value === 'string' || typeof value === 'number') this.setAttribute(attribute, String(value));
      else warn(`${attribute} takes text; ${typeof value} ignored.`);
    },
    configurable: true,
  };
}

/**
 * A property set on the element before its class was defined (a framework that created it early) hides
 * the class's accessor: it is taken over so that it reaches the attribute.
 */
function upgradeProperties(element: ConsentBannerElement): void {
  for (const { property } of ELEMENT_PROPERTIES) {
    if (!Object.prototype.hasOwnProperty.call(element, property)) continue;
    const value: unknown = (element as unknown as Record<string, unknown>)[property];
    delete (element as unknown as Record<string, unknown>)[property];
    (element as unknown as Record<string, unknown>)[property] = value;
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
 * Defines `<consent-banner>` with `elementHost` as the page's eager stage. Returns false when another copy
 * of the library defined it first: that copy is in charge of the page's elements.
 */
export function defineConsentBanner(elementHost: ElementHost): boolean {
  if (customElements.get(TAG)) return customElements.get(TAG) === ConsentBannerElement;
  host = elementHost;
  customElements.define(TAG, ConsentBannerElement);
  return true;
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
