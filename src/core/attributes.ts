import type { ConsentSetup } from '../setup.js';

/**
 * The attributes of `<consent-banner>` that configure consent, and the setting each feeds. The eager stage
 * reads them before the element's class (the UI stage) exists; the element declares the same attributes as
 * properties (for its documentation and the UI), and a test keeps the two lists equal.
 */
const CONSENT_ATTRIBUTES = [
  // [attribute, element property, setting]
  ['collector', 'collector', 'collector'],
  ['app-id', 'appId', 'appId'],
  ['tracker', 'tracker', 'tracker'],
  ['page-view', 'pageView', 'pageView'],
  ['policy-version', 'policyVersion', 'policyVersion'],
  ['cookie-name', 'cookieName', 'cookieName'],
  ['cookie-domain', 'cookieDomain', 'cookieDomain'],
  ['cookie-days', 'cookieDays', 'cookieDays'],
  ['default-level', 'defaultLevel', 'defaultLevel'],
  ['accept-level', 'acceptLevel', 'acceptLevel'],
  ['reject-level', 'rejectLevel', 'rejectLevel'],
  ['ignore-dnt', 'ignoreDnt', 'ignoreDnt'],
  ['ignore-gpc', 'ignoreGpc', 'ignoreGpc'],
  ['tag-name', 'snowplowTag', 'tagName'],
  ['google-consent-mode', 'googleConsentMode', 'googleConsentMode'],
  ['reload-on-downgrade', 'reloadOnDowngrade', 'reloadOnDowngrade'],
  ['no-consent-events', 'noConsentEvents', 'consentEvents'],
  ['basis-for-processing', 'basisForProcessing', 'basisForProcessing'],
  ['privacy-url', 'privacyUrl', 'consentUrl'],
  ['consent-domains', 'consentDomains', 'consentDomains'],
  ['consent-scopes', 'consentScopes', 'consentScopes'],
  ['consent-entity', 'consentEntity', 'consentEntity'],
  ['consent-receipt', 'consentReceipt', 'consentReceipt'],
  ['safe-entities', 'safeEntities', 'safeEntities'],
  ['identity-entities', 'identityEntities', 'identityEntities'],
  ['url-identifiers', 'urlIdentifiers', 'urlIdentifiers'],
  ['purposes', 'purposes', 'purposes'],
  ['region', 'region', 'region'],
  ['default-policy', 'defaultPolicy', 'defaultPolicy'],
  ['region-policies', 'regionPolicies', 'regionPolicies'],
  ['consent-source', 'consentSource', 'consentSource'],
  ['consent-source-map', 'consentSourceMap', 'consentSourceMap'],
  ['google-consent-region', 'googleConsentRegion', 'googleConsentRegion'],
  ['google-url-passthrough', 'googleUrlPassthrough', 'googleUrlPassthrough'],
  ['google-ads-data-redaction', 'googleAdsDataRedaction', 'googleAdsDataRedaction'],
  ['uet-consent', 'uetConsent', 'uetConsent'],
  ['clarity-consent', 'clarityConsent', 'clarityConsent'],
  ['datalayer-event', 'datalayerEvent', 'datalayerEvent'],
] as const;

/** Boolean attributes: present means on. */
const FLAGS = new Set<string>([
  'page-view',
  'ignore-dnt',
  'ignore-gpc',
  'google-consent-mode',
  'reload-on-downgrade',
  'no-consent-events',
  'consent-entity',
  'consent-receipt',
  'modal',
  'google-url-passthrough',
  'google-ads-data-redaction',
  'uet-consent',
  'clarity-consent',
]);

/**
 * Attributes of the UI (looks, texts, where languages come from; `reopen` is read by the core's control),
 * with their properties. `lang` is the global attribute, read by the element but no property of its own.
 */
const UI_ATTRIBUTES = [
  ['levels', 'levels'],
  ['modal', 'modal'],
  ['position', 'position'],
  ['theme', 'theme'],
  ['strings', 'strings'],
  ['locales-url', 'localesUrl'],
  ['reopen', 'reopen'],
] as const;

/** The attributes the element declares and the property of each (`app-id`: `appId`; `tag-name`: `snowplowTag`). */
export const ELEMENT_PROPERTIES: readonly ElementProperty[] = [
  ...CONSENT_ATTRIBUTES.map(([attribute, property]) => elementProperty(attribute, property)),
  ...UI_ATTRIBUTES.map(([attribute, property]) => elementProperty(attribute, property)),
];

/** The names of the element's settings properties (its attributes as properties). */
export type ElementPropertyName = (typeof CONSENT_ATTRIBUTES)[number][1] | (typeof UI_ATTRIBUTES)[number][1];

export interface ElementProperty {
  attribute: string;
  property: ElementPropertyName;
  /** `flag`: present means on; `json`: an object given as JSON in the attribute (or as an object); else text. */
  kind: 'text' | 'flag' | 'json';
}

function elementProperty(attribute: string, property: ElementPropertyName): ElementProperty {
  return { attribute, property, kind: FLAGS.has(attribute) ? 'flag' : attribute === 'strings' ? 'json' : 'text' };
}

/** Every attribute of `<consent-banner>`. */
export const ELEMENT_ATTRIBUTES: readonly string[] = [...ELEMENT_PROPERTIES.map(({ attribute }) => attribute), 'lang'];

/**
 * The element's consent settings. A property set on the element (by a framework, before or after the UI
 * stage upgraded it) wins over its attribute, as it does for the upgraded element.
 */
export function readConsentSetup(element: Element): ConsentSetup {
  const setup: Record<string, unknown> = {};
  for (const [attribute, property, setting] of CONSENT_ATTRIBUTES) {
    const value = declaredProperty(element, property);
    if (FLAGS.has(attribute)) {
      const on = typeof value === 'boolean' ? value : element.hasAttribute(attribute);
      setup[setting] = attribute === 'no-consent-events' ? !on : on;
    } else {
      setup[setting] = typeof value === 'string' ? value : (element.getAttribute(attribute) ?? undefined);
    }
  }
  // A purpose of the site's own is one its strings give a title to.
  const described = readStrings(element)?.['purposes'];
  if (typeof described === 'object' && described !== null) {
    setup['customPurposes'] = Object.entries(described as Record<string, unknown>)
      .filter(([, texts]) => typeof (texts as { title?: unknown } | null)?.title === 'string')
      .map(([name]) => name);
  }
  return setup;
}

/**
 * The element's `strings` (the property's object, or the attribute's JSON), or undefined; reporting a bad
 * value is the UI stage's, which shows the texts.
 */
export function readStrings(element: Element): Record<string, unknown> | undefined {
  let strings: unknown = declaredProperty(element, 'strings');
  if (strings === undefined) {
    try {
      strings = JSON.parse(element.getAttribute('strings') ?? 'null');
    } catch {
      return undefined;
    }
  }
  return typeof strings === 'object' && strings !== null && !Array.isArray(strings)
    ? (strings as Record<string, unknown>)
    : undefined;
}

/**
 * A property the element itself has (set before its class was defined) or that its class declares; never
 * one that page code put on Object.prototype, which every object would otherwise seem to have.
 */
function declaredProperty(element: Element, property: string): unknown {
  for (
    let holder: object | null = element;
    holder && holder !== HTMLElement.prototype;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(holder, property)) return (element as unknown as Record<string, unknown>)[property];
  }
  return undefined;
}
