import type { ConsentSetup } from '../../src/setup.js';

/** How a fixture page is set up (sent as JSON in its URL). */
export interface FixtureConfig {
  /** Attributes of the `<consent-banner>`; `true` for a boolean attribute, `false` to leave it out. */
  attributes?: Record<string, string | boolean>;
  /** Extra trackers the page creates itself (namespaces), with the same app id as `siteTracker`. */
  moreSiteTrackers?: string[];
  /** A tracker the page creates itself before the element connects. */
  siteTracker?: {
    namespace: string;
    collector: string;
    appId: string;
    /** Create it with `withConsent(...)` so its first event already obeys the stored decision. */
    useHelper?: boolean;
    consentSettings?: Record<string, unknown>;
    pageViewBeforeElement?: boolean;
  };
  /**
   * A site with the Snowplow JS tag and its tracker `sp1`: the snippet, its queued newTracker (and page view), and
   * sp.js (a stand-in with its own copy of the tracker) loaded by an async script, so the queue runs later.
   */
  tag?: {
    collector: string;
    appId: string;
    /**
     * When the tag snippet and its newTracker arrive: before the element connects, 300 ms after, or before it
     * with sp.js loaded (and the queue run) before the element is put in the page.
     */
    load: 'before-element' | 'after-element' | 'loaded-before-element';
    /** More trackers the site creates through the tag after `sp1`, in the tag's own configuration. */
    moreTrackers?: string[];
    /** The site's `setUserId(tagUserCanary(appId))` through the tag, right after creating its trackers. */
    setUserId?: boolean;
    useHelper?: boolean;
    pageViewAtLoad?: boolean;
    /** The tag's global function (default `snowplow`); its trackers are `<functionName>_sp1`. */
    functionName?: string;
    /** sp.js arrives this many ms after its script is inserted (still downloading). */
    delayMs?: number;
  };
  /**
   * Other vendors' snippets defined first, each a global function with a `q` array as Snowplow's has: LinkedIn
   * (`lintrk`), FullStory (`FS`), Hotjar (`hj`), Intercom (`Intercom`) and analytics.js (`ga`). Nothing may
   * reach their queues (`test/support/vendors.ts` reads them).
   */
  vendorSnippets?: boolean;
  /** Push a Google Consent Mode default (all denied) before the element, as the embed snippet does. */
  consentDefault?: boolean;
  /** The JS tag snippet's queue only: sp.js never loads (blocked by the browser or an extension). */
  tagStubOnly?: boolean;
  /** Markup put into the page body before the element (e.g. scripts that wait for consent). */
  markup?: string;
  /** Snippet pages only: the embed snippet's data-* attributes and how it is pasted. */
  snippet?: {
    data: Record<string, string>;
    twice?: boolean;
    /** The site's own Snowplow tag, before or after the snippet. */
    tag?: 'before' | 'after';
    collector?: string;
    tagAppId?: string;
  };
  /** `cmp-page` only: the site's other consent manager (a `consent-source` name), installed before the element. */
  cmp?: string;
  /** Drop-in page only: load the script twice. */
  scriptTwice?: boolean;
  /** Drop-in page only: the drop-in's script in `dist/` (default `consent-banner.min.js`). */
  script?: string;
  /**
   * Drop-in page only: the site's Snowplow tag, pasted once the script has run: its tracker `sp1` made with
   * `ConsentBanner.withConsent()`, and a page view; sp.js (the stand-in) loads async.
   */
  dropInTag?: { collector: string; appId: string };
  /** Leave the element out of the page (default: appended to body). */
  attach?: boolean;
  /**
   * Headless page only: settings of its `setupConsent()` (default: consent events off, and the tracker of
   * `siteTracker` driven when there is one).
   */
  setup?: Omit<ConsentSetup, 'bridges'>;
}

/** The user id a fixture page's tag sets (`tag.setUserId`): made from the app id, so it is not in the page's URL. */
export function tagUserCanary(appId: string): string {
  return `canary-user-${[...appId].reverse().join('')}`;
}
