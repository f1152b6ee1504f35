/**
 * `consent-banner/react`: `<ConsentBanner>`, the element as a React component (importing it registers
 * `<consent-banner>` with its UI, as `consent-banner/element` does).
 *
 * ```tsx
 * <ConsentBanner collector="https://collector.example.com" appId="shop" onConsentChange={(e) => setLevel(e.detail.level)} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ConsentBannerElement, type ConsentChangeDetail } from './element.js';

export type { ConsentChangeDetail } from './element.js';
export { ConsentBannerElement };

/** `consent-change` and `consent-ready` are CustomEvents with this detail. */
export type ConsentEvent = CustomEvent<ConsentChangeDetail>;

/** The element's attributes, as props named like its properties (`appId` for `app-id`, `snowplowTag` for `tag-name`). */
export type ConsentBannerSettings = Partial<
  Pick<
    ConsentBannerElement,
    | 'collector'
    | 'appId'
    | 'tracker'
    | 'pageView'
    | 'policyVersion'
    | 'cookieName'
    | 'cookieDomain'
    | 'cookieDays'
    | 'defaultLevel'
    | 'acceptLevel'
    | 'rejectLevel'
    | 'ignoreDnt'
    | 'ignoreGpc'
    | 'levels'
    | 'privacyUrl'
    | 'modal'
    | 'position'
    | 'theme'
    | 'strings'
    | 'snowplowTag'
    | 'googleConsentMode'
    | 'reloadOnDowngrade'
    | 'noConsentEvents'
    | 'basisForProcessing'
    | 'consentDomains'
    | 'safeEntities'
    | 'identityEntities'
    | 'urlIdentifiers'
    | 'localesUrl'
  >
>;

export interface ConsentBannerEvents {
  /**
   * Every decision and every change of the level in force (`event.detail`), the first one included: the
   * element decides as React connects it, before React's listeners are on it, so the level in force then
   * is handed over right after mount, as a `CustomEvent` of the same type and detail (not dispatched:
   * no `target`); `consent-ready` too.
   */
  onConsentChange?: (event: ConsentEvent) => void;
  /** Once, when the first level of the page is applied to the trackers (also handed over after mount). */
  onConsentReady?: (event: ConsentEvent) => void;
}

export interface ConsentBannerProps
  extends
    ConsentBannerSettings,
    ConsentBannerEvents,
    Omit<React.HTMLAttributes<ConsentBannerElement>, keyof ConsentBannerSettings | keyof ConsentBannerEvents> {}

const events = {
  onConsentChange: 'consent-change' as EventName<ConsentEvent>,
  onConsentReady: 'consent-ready' as EventName<ConsentEvent>,
};

/**
 * `createComponent` sets every prop that `elementClass.prototype` has as a property, in a layout effect:
 * after React connected the element. `<consent-banner>` reads its tracker and consent settings as it
 * connects, so they must be on it when React creates it. The class given here has no such prop: the
 * wrapper below turns the settings into attributes, which React sets at creation, and createComponent
 * only binds the events (React 18 has no event props for custom elements).
 */
class SettingsAsAttributes {}

const ConsentBannerBase = createComponent({
  react: React,
  tagName: 'consent-banner',
  elementClass: SettingsAsAttributes as unknown as new () => ConsentBannerElement,
  events,
  displayName: 'ConsentBanner',
});

/** Elements whose first decision was handed over. */
const caughtUp = new WeakSet<ConsentBannerElement>();

/** The settings as attributes: strings as they are, `true` as an empty attribute, others (`strings`) as JSON. */
function toAttributes(props: Record<string, unknown>): Record<string, unknown> {
  const passed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    const declaration = ConsentBannerElement.elementProperties.get(key);
    if (!declaration || declaration.attribute === false) {
      passed[key] = value;
      continue;
    }
    if (value === undefined || value === null || value === false) continue;
    const attribute = typeof declaration.attribute === 'string' ? declaration.attribute : key.toLowerCase();
    passed[attribute] = value === true ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return passed;
}

/**
 * `<consent-banner>` as a React component. As with the element's attributes, the tracker and consent
 * settings are read when it connects (on mount); the banner's own (`theme`, `position`, `strings`, ...)
 * follow changes. The ref is the element: `ref.current.setLevel('full')`, `ref.current.showPreferences()`.
 */
export const ConsentBanner: React.ForwardRefExoticComponent<ConsentBannerProps & React.RefAttributes<ConsentBannerElement>> =
  React.forwardRef<ConsentBannerElement, ConsentBannerProps>(function ConsentBanner(props, forwardedRef) {
    const { onConsentChange, onConsentReady, ...rest } = props;
    const element = React.useRef<ConsentBannerElement | null>(null);

    const ref = React.useCallback(
      (node: ConsentBannerElement | null) => {
        element.current = node;
        if (typeof forwardedRef === 'function') forwardedRef(node);
        else if (forwardedRef) forwardedRef.current = node;
      },
      [forwardedRef],
    );

    // Runs after createComponent's own layout effect (a child's) added the listeners: from then on they
    // hear every event. What came before (the element decided as React connected it) is handed over here,
    // once per element (StrictMode runs effects twice), to the handlers of the first render.
    React.useLayoutEffect(() => {
      const node = element.current;
      const detail = node?.consentDetail;
      if (!node || !detail || caughtUp.has(node)) return;
      caughtUp.add(node);
      onConsentChange?.(new CustomEvent('consent-change', { detail }));
      onConsentReady?.(new CustomEvent('consent-ready', { detail }));
    }, []);

    return React.createElement(ConsentBannerBase, { ...toAttributes(rest), onConsentChange, onConsentReady, ref });
  });
ConsentBanner.displayName = 'ConsentBanner';
