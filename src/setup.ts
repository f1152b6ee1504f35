import { gatedContentWhenPresent, type GatedContentModule } from './blocking/gated-watch.js';
import type { PlaceholderTranslator } from './blocking/placeholder.js';
import type { watchConsentSource } from './sources/index.js';
import { declareEntitySettings } from './consent/consent-entity.js';
import { resolveConsentEventSettings } from './consent/consent-events.js';
import { browserPrivacySignals, ConsentSource } from './consent/decide.js';
import { ConsentManager } from './consent/manager.js';
import type { ConsentBridge } from './consent/bridge.js';
import {
  ownSettings,
  resolveConsentOptions,
  type ConsentOptions,
  type RawConsentOptions,
  type SettingLabel,
} from './consent/options.js';
import { warn } from './util/log.js';
import { browserPage, pageHostname } from './util/page.js';
import { httpUrl } from './util/url.js';
import { pageCookies, sharedConsentStore } from './consent/stored-decision.js';
import type { SafeCookies } from './consent/storage.js';
import { declareDefaultLevel } from './tracker/config.js';
import { resolveEnforcementPolicy } from './tracker/enforce.js';
import { createGoogleConsentModeBridge } from './tracker/google-consent-mode.js';
import { createClarityConsentBridge } from './tracker/clarity-consent.js';
import { createDataLayerEventBridge } from './tracker/datalayer-event.js';
import { createUetConsentBridge } from './tracker/uet-consent.js';
import { consentSourceName, type ConsentSourceName } from './sources/names.js';
import { createQueueGuard, pageGuard } from './tracker/guard.js';
import { createLinkGuard } from './tracker/link-guard.js';
import { createSnowplowBridge } from './tracker/snowplow.js';
import { createTagBridge } from './tracker/tag.js';
import { presentTagName } from './tracker/tag-marks.js';

/** What the decision sources' module offers (`src/sources/index.ts`). */
export interface ConsentSourcesModule {
  watchConsentSource: typeof watchConsentSource;
}

/**
 * The parts a page loads only when it needs them, and how each arrives, given by the entry: a chunk of its
 * own for bundlers (the headless and npm entries), a file next to the drop-in for its classic script, which has
 * no chunks (an inlined dynamic import would also be built as a module namespace object, with a loop that page
 * code's keys on Object.prototype break).
 */
export interface LazyParts {
  /** The decision sources: on a page that names another consent manager (`consent-source`). */
  sources(): Promise<ConsentSourcesModule>;
  /** Gated content: on a page that has some (`data-consent-level`, `data-consent-purpose`). */
  gatedContent(): Promise<GatedContentModule>;
}

let lazyParts: LazyParts | undefined;

export function provideLazyParts(parts: LazyParts): void {
  lazyParts = parts;
}

/** A part, or a rejection that names it when the entry gave none. */
function lazyPart<Name extends keyof LazyParts>(name: Name): ReturnType<LazyParts[Name]> {
  return (lazyParts?.[name]() ?? Promise.reject(new Error(`this build has no ${name}`))) as ReturnType<LazyParts[Name]>;
}

/** Everything a consent manager can be set up with; the element passes its attributes here. */
export interface ConsentSetup extends RawConsentOptions {
  /** Collector URL: create a tracker (namespace `tracker`, default `sp`) already in the right mode. */
  collector?: string | undefined;
  appId?: string | undefined;
  /**
   * With `collector`: when the tracker is created. It waits for `after` to settle (the element passes its first
   * visit's banner being shown, so that the tracker's construction does not delay it) and for the page to be
   * parsed; `created` is called once the tracker exists and has sent what was asked of it meanwhile.
   */
  ownTracker?: { after?: Promise<unknown> | undefined; created?: (() => void) | undefined } | undefined;
  /** Without `collector`: the tracker ids to drive, comma-separated or a list; default all. */
  tracker?: string | string[] | undefined;
  /** Track one page view the first time the level lets events out. */
  pageView?: boolean;
  /**
   * Drive trackers of the Snowplow JS tag (sp.js) through this global function. Default: the tag's
   * function when the page has one (`window.snowplow`, or the names in `GlobalSnowplowNamespace`).
   */
  tagName?: string | undefined;
  /** Tell Google tags the level and the purposes through Google Consent Mode v2. */
  googleConsentMode?: boolean;
  /** Google Consent Mode: the regions (ISO 3166-2 codes, comma-separated) its consent default is for; default everywhere. */
  googleConsentRegion?: string | string[] | undefined;
  /** Google Consent Mode: `url_passthrough` (ad click ids pass in link URLs while storage is denied). */
  googleUrlPassthrough?: boolean;
  /** Google Consent Mode: `ads_data_redaction` (ad click ids redacted while `ad_storage` is denied). */
  googleAdsDataRedaction?: boolean;
  /** Tell Microsoft UET the decision (UET consent mode: `ad_storage`). */
  uetConsent?: boolean;
  /** Tell Microsoft Clarity the decision (its consent API: analytics and ad storage). */
  clarityConsent?: boolean;
  /** Push a `dataLayer` event of this name on every decision (level, purposes, what changed). */
  datalayerEvent?: string | undefined;
  /**
   * Take decisions from the site's other consent manager instead of this banner, which then never shows:
   * `tcf`, `gcm`, `vanilla-cookieconsent`, `onetrust`, `cookiebot`, `usercentrics`, `didomi`.
   */
  consentSource?: string | undefined;
  /** How that manager's keys become levels and purposes (JSON text or an object); default: the source's own map. */
  consentSourceMap?: string | object | undefined;
  /**
   * Activate `<script type="text/plain">` and `<iframe data-src>` that wait for consent (`data-consent-level`,
   * `data-consent-purpose`); default on.
   */
  gatedContent?: boolean;
  /** Reload the page when a downgrade or a purpose withdrawn leaves gated scripts running that are no longer allowed. */
  reloadOnDowngrade?: boolean;
  /** Record decisions as Snowplow consent events (default on). */
  consentEvents?: boolean;
  basisForProcessing?: string | undefined;
  /** The privacy policy decisions refer to; default this page. */
  consentUrl?: string | undefined;
  /** Domains a decision applies to, comma-separated; default the cookie domain or this host. */
  consentDomains?: string | string[] | undefined;
  /**
   * Every purpose of the site, the same on every page (space or comma separated): what "all" means in consent
   * events, and the purposes `allow_all` lists. Default: the purposes this page lists.
   */
  consentScopes?: string | string[] | undefined;
  /** Add this library's `consent_state` entity to every event (its schema must be in the site's Iglu registry). */
  consentEntity?: boolean;
  /** Give each decision a receipt, sent in the `consent_state` entity of its consent event (implies `consentEntity`). */
  consentReceipt?: boolean;
  /**
   * More entities (`vendor/name` schemas) known to carry no identifier, kept below `full`; any entity not
   * known to be safe is removed there.
   */
  safeEntities?: string | string[] | undefined;
  /** More entities (`vendor/name` schemas) that identify a person, removed below `full` even when declared safe. */
  identityEntities?: string | string[] | undefined;
  /** URL parameters removed from `url` and `refr` below `full`; default: the common ad click ids. */
  urlIdentifiers?: string | string[] | undefined;
  /** More consumers of the level, driven like the built-in ones (a site's own tag manager, say). */
  bridges?: ConsentBridge[] | undefined;
  /** The words of gated content's placeholders (the element gives the UI stage's languages); default English. */
  placeholderTexts?: PlaceholderTranslator | undefined;
}

const TRACKER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Builds a consent manager from settings: validated options, the cookie scope, the browser's privacy
 * signals and the bridges (trackers, Google Consent Mode, gated content). Call `start()` on it to apply
 * the stored decision. Outside a browser it drives only the `bridges` it is given.
 */
export function setupConsent(given: ConsentSetup, label?: SettingLabel): ConsentManager {
  // Own settings only: a key page code added to Object.prototype is no setting (see `ownSettings`).
  const setup = ownSettings(given);
  const name = label ?? ((key: string) => key);
  const source = consentSourceName(setup.consentSource, name('consentSource'));
  // With a source named (even an unknown one), another manager asks the visitor: this banner never does.
  const options = { ...resolveConsentOptions(setup, pageHostname(), label), decidedElsewhere: source !== undefined };
  declareDefaultLevel(options);
  const cookies = pageCookies(options);
  const page = browserPage();
  // The gated content's placeholders record "Always allow" through the manager built below (only on a click).
  const allowPurposes = (purposes: readonly string[]): void => manager.allowPurposes(purposes, ConsentSource.Visitor);
  const bridges = page ? pageBridges(setup, options, cookies, allowPurposes, label, source ?? undefined) : [];
  bridges.push(...(setup.bridges ?? []));
  const events = page
    ? resolveConsentEventSettings(
        {
          basisForProcessing: setup.basisForProcessing,
          consentUrl: setup.consentUrl,
          domainsApplied: setup.consentDomains,
          sitePurposes: setup.consentScopes,
        },
        page.location,
        options.cookieDomain,
        options.purposes,
      )
    : undefined;
  const receipts = setup.consentReceipt === true;
  // Every event the guards of this cookie let out says under what consent it was sent.
  if (events) {
    declareEntitySettings(options.cookieName, {
      basisForProcessing: events.basisForProcessing,
      rejectLevel: options.rejectLevel,
      policyVersion: options.policyVersion,
      documentUrl: events.consentUrl,
      stateEntity: setup.consentEntity === true || receipts,
    });
  }
  const link = source && page ? consentSourceLink(source, setup.consentSourceMap, name('consentSourceMap')) : undefined;
  if (link) bridges.push(link.bridge);
  const manager = new ConsentManager({
    options,
    bridges,
    signals: browserPrivacySignals(options),
    store: sharedConsentStore(options, cookies),
    pageView: setup.pageView ?? false,
    consentEvents: setup.consentEvents === false || !events ? undefined : { ...events, gdprApplies: options.policy.gdprApplies },
    receipts,
  });
  link?.connect(manager);
  return manager;
}

/**
 * The decision source named by `consent-source`, as a bridge of its own: it starts reading once the manager
 * has applied its first level (stored or default), in a chunk loaded only for pages that name a source, and
 * its `dispose` removes the listeners it added to the other manager.
 */
function consentSourceLink(
  source: ConsentSourceName,
  map: unknown,
  mapLabel: string,
): { bridge: ConsentBridge; connect(manager: ConsentManager): void } {
  let manager: ConsentManager | undefined;
  let state: 'waiting' | 'loading' | 'disposed' = 'waiting';
  let stop: (() => void) | undefined;
  return {
    connect(created) {
      manager = created;
    },
    bridge: {
      applyLevel() {
        if (state !== 'waiting' || !manager) return;
        state = 'loading';
        const started = manager;
        // After this decision is applied, never inside it: the source may answer at once.
        void lazyPart('sources').then(
          ({ watchConsentSource }) => {
            if (state !== 'disposed') stop = watchConsentSource(source, map, started, mapLabel);
          },
          (cause: unknown) =>
            warn(`consent-source="${source}" could not be loaded (${String(cause)}); the level in force stays.`),
        );
      },
      dispose() {
        state = 'disposed';
        stop?.();
        stop = undefined;
      },
    },
  };
}

/** The bridges a browser page gets from its settings. */
function pageBridges(
  setup: ConsentSetup,
  options: ConsentOptions,
  cookies: SafeCookies,
  allowPurposes: (purposes: readonly string[]) => void,
  label: SettingLabel | undefined,
  source: ConsentSourceName | undefined,
): ConsentBridge[] {
  const name = label ?? ((key: string) => key);
  const guard = pageGuard(
    options,
    resolveEnforcementPolicy(
      { safeEntities: setup.safeEntities, identityEntities: setup.identityEntities, urlIdentifiers: setup.urlIdentifiers },
      label,
    ),
  );
  const trackers = trackerIds(setup.tracker);
  const collector = collectorUrl(setup.collector);
  if (collector && trackers && trackers.length > 1) {
    warn(`tracker="${trackers.join(',')}": with a collector only one tracker is created; using "${trackers[0]}".`);
  }
  const tagName = namedTag(setup.tagName);
  // No tracker of ours to wait for (no collector, or one that is no URL).
  if (!collector) setup.ownTracker?.created?.();
  const bridges: ConsentBridge[] = [
    createSnowplowBridge({
      // With the JS tag in charge, tracker names are the tag's; this library's own copy of the tracker
      // (the drop-in's) then has no trackers of those names.
      trackers: (tagName ?? presentTagName()) && !collector ? undefined : trackers,
      create: collector
        ? {
            collector,
            namespace: trackers?.[0] ?? 'sp',
            appId: setup.appId,
            cookieDomain: options.cookieDomain,
            after: setup.ownTracker?.after,
            created: setup.ownTracker?.created,
          }
        : undefined,
      guard,
      cookies,
    }),
    createLinkGuard(guard),
    createQueueGuard(guard),
  ];
  // The tag is driven when the site names it, or when one shows up (now or later) with Snowplow's marks.
  if (tagName !== null) bridges.push(createTagBridge({ tagName, trackers, guard, cookies }));
  if (setup.googleConsentMode && source === 'gcm') {
    // Its consent state on the dataLayer is the decision read: this library must not write it too.
    warn(
      `${name('googleConsentMode')} is ignored with ${name('consentSource')}="gcm": the page's own Google Consent Mode state decides.`,
    );
  } else if (setup.googleConsentMode) {
    bridges.push(
      createGoogleConsentModeBridge(options.purposes, {
        regions: regionCodes(setup.googleConsentRegion, name('googleConsentRegion')),
        urlPassthrough: setup.googleUrlPassthrough === true,
        adsDataRedaction: setup.googleAdsDataRedaction === true,
      }),
    );
  }
  if (setup.uetConsent) bridges.push(createUetConsentBridge(options.purposes));
  if (setup.clarityConsent) bridges.push(createClarityConsentBridge(options.purposes));
  const datalayerEvent = eventName(setup.datalayerEvent, name('datalayerEvent'));
  if (datalayerEvent) bridges.push(createDataLayerEventBridge(datalayerEvent));
  if (setup.gatedContent !== false) {
    bridges.push(
      gatedContentWhenPresent(
        {
          root: document,
          reloadOnDowngrade: setup.reloadOnDowngrade ?? false,
          purposes: options.purposes,
          allowPurposes,
          placeholderTexts: setup.placeholderTexts,
        },
        () => lazyPart('gatedContent'),
      ),
    );
  }
  return bridges;
}

/** `tracker="a, b"`: the trackers to drive; none given means all of them. */
function trackerIds(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = (Array.isArray(value) ? value : value.split(',')).map((id) => String(id).trim()).filter((id) => id !== '');
  const valid = ids.filter((id) => TRACKER_ID_PATTERN.test(id));
  if (valid.length !== ids.length) {
    warn(
      `tracker=${JSON.stringify(value)} has names that are not tracker ids (letters, digits, _ -); using ${JSON.stringify(valid)}.`,
    );
  }
  return valid.length > 0 ? valid : undefined;
}

const GLOBAL_NAME_PATTERN = /^[A-Za-z_$][\w$]{0,63}$/;

/** `tag-name`: the JS tag's global function; undefined when not named, null when the name is unusable. */
function namedTag(named: string | undefined): string | undefined | null {
  if (named === undefined || named === '') return undefined;
  if (GLOBAL_NAME_PATTERN.test(named)) return named;
  warn(`tag-name="${named}" is not a JavaScript name; the Snowplow tag is not driven.`);
  return null;
}

/** ISO 3166-1 country or ISO 3166-2 subdivision codes, as Google Consent Mode takes them (`ES`, `US-CA`). */
const REGION_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** `google-consent-region="ES, US-CA"`; codes that are not region codes are left out with a warning. */
function regionCodes(value: string | string[] | undefined, attribute: string): string[] {
  if (value === undefined) return [];
  const given = (Array.isArray(value) ? value : String(value).split(/[\s,]+/)).map((code) => String(code).trim().toUpperCase());
  const codes = given.filter((code) => code !== '');
  const valid = codes.filter((code) => REGION_PATTERN.test(code));
  if (valid.length !== codes.length) {
    warn(
      `${attribute}=${JSON.stringify(value)} has codes that are not ISO 3166 region codes (ES, US-CA); using ${JSON.stringify(valid)}${valid.length === 0 ? ': the default applies everywhere' : ''}.`,
    );
  }
  return valid;
}

const EVENT_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `datalayer-event`: the event name, or undefined (off, or a name a tag manager trigger could not match). */
function eventName(value: string | undefined, attribute: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  if (EVENT_NAME_PATTERN.test(text)) return text;
  warn(
    `${attribute}=${JSON.stringify(value)} is not an event name (letters, digits, _ . : -, at most 64); no dataLayer event is pushed.`,
  );
  return undefined;
}

function collectorUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = httpUrl(value, location.href);
  if (url) return url.href.replace(/\/$/, '');
  warn(`collector="${value}" is not an http(s) URL; no tracker is created.`);
  return undefined;
}
