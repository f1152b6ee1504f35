// Browser-side helpers for end-to-end tests: pages in frames (each load a fresh tracker registry, cookies
// and storage shared like tabs of one site), the loopback collector's log, cookies and localStorage.
import type * as Snowplow from '@snowplow/browser-tracker';
import type { ConsentBannerElement } from '../../src/core/element.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import type { ConsentChangeDetail, ConsentManager } from '../../src/consent/manager.js';
import type { withConsent } from '../../src/tracker/config.js';
import type { FixtureConfig } from './fixture-config.js';
import { findTagFunction, type GlobalsWindow } from './globals.js';

export const COLLECTOR = `${location.origin}/collector`;
export const NULL_UUID = '00000000-0000-0000-0000-000000000000';
export const CLIENT_SESSION = 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2';

export interface CapturedEvent {
  e: string;
  aid?: string;
  uid?: string;
  duid?: string;
  sid?: string;
  vid?: string;
  entities: { schema: string; data: Record<string, unknown> }[];
  selfDescribing?: { schema: string; data: Record<string, unknown> };
  [field: string]: unknown;
}

export interface CapturedRequest {
  time: string;
  method: string;
  path: string;
  headers: { spAnonymous: string | null; origin: string | null; cookie: string | null };
  cookies: Record<string, string>;
  networkUserId: string;
  ipAddress: string;
  events: CapturedEvent[];
  /** Why a Snowplow pipeline would reject the request's events (scripts/iglu.mjs); empty when it would not. */
  schemaProblems: string[];
}

export type FixtureWindow = GlobalsWindow & {
  fixture: {
    snowplow: typeof Snowplow;
    element: ConsentBannerElement;
    ready: Promise<ConsentChangeDetail>;
    changes: ConsentChangeDetail[];
    warnings: string[];
    /** The page's own copy of `withConsent`, for trackers a test creates in the page. */
    withConsent: typeof withConsent;
    /** Pages of the built bundle (test/fixtures/recorder.js): uncaught errors and CSP violations. */
    errors?: string[];
    violations?: string[];
    /** The headless page (no element): its consent manager. */
    consent?: ConsentManager;
  };
  /** Every cookie and Web Storage write of the page (test/fixtures/write-log.js). */
  storageWrites: { area: 'cookie' | 'localStorage' | 'sessionStorage'; key?: string; value: string }[];
};

export interface Page {
  frame: HTMLIFrameElement;
  window: FixtureWindow;
  element: ConsentBannerElement;
  snowplow: typeof Snowplow;
  ready: ConsentChangeDetail;
  changes: ConsentChangeDetail[];
  warnings: string[];
  close(): void;
}

let counter = 0;
/** An app id no other test uses, so the collector log can be read per test. */
export function uniqueAppId(label = 'test'): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

const openFrames = new Set<HTMLIFrameElement>();

/** Loads the fixture page in a new frame and waits until its element has applied the first level. */
export interface BrowserSettings {
  /** navigator.doNotTrack */
  dnt?: string;
  /** navigator.globalPrivacyControl */
  gpc?: boolean;
  /** Cookie writes ignored, as with cookies disabled. */
  cookiesOff?: boolean;
  /** localStorage throws on every access. */
  storageThrows?: boolean;
  /** Count the listeners on document and window and the open broadcast channels (`window.openHandles`). */
  countHandles?: boolean;
  /** More query parameters of the page's URL (a landing page's `_sp` or click ids). */
  query?: Record<string, string>;
}

export async function openPage(config: FixtureConfig, settings: BrowserSettings = {}, fixture = 'page'): Promise<Page> {
  const params = new URLSearchParams({ config: JSON.stringify(config) });
  if (settings.dnt !== undefined) params.set('dnt', settings.dnt);
  if (settings.gpc !== undefined) params.set('gpc', settings.gpc ? '1' : '0');
  if (settings.cookiesOff) params.set('cookies', 'off');
  if (settings.storageThrows) params.set('storage', 'throw');
  if (settings.countHandles) params.set('count-listeners', '1');
  for (const [name, value] of Object.entries(settings.query ?? {})) params.set(name, value);
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
  const loaded = new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error('fixture did not load')), { once: true });
  });
  frame.src = `/test/fixtures/${fixture}.html?${params}`;
  document.body.append(frame);
  openFrames.add(frame);
  await loaded;
  const win = frame.contentWindow as FixtureWindow;
  await waitFor(() => win.fixture !== undefined, 'the fixture page to start');
  const ready = await win.fixture.ready;
  // The way back is drawn in a task after the first level; updateComplete waits for it (and for the banner).
  await win.fixture.element?.updateComplete;
  // Undecided: the banner asks, so the UI stage loads (the drop-in imports it); wait until it rendered. An
  // opt-out region asks no question: its "Your privacy choices" control stands instead.
  const optOut = win.fixture.element?.shadowRoot?.querySelector('[part~="privacy-choices"]:not([hidden])');
  if (ready.source === 'default' && win.fixture.element && !optOut) await uiStage({ window: win, element: win.fixture.element });
  return {
    frame,
    window: win,
    element: win.fixture.element,
    snowplow: win.fixture.snowplow,
    ready,
    changes: win.fixture.changes,
    warnings: win.fixture.warnings,
    close() {
      frame.remove();
      openFrames.delete(frame);
    },
  };
}

/** The drop-in's UI stage, which a returning visitor's page must never request. */
export const UI_FILE = '/dist/consent-banner-ui.js';

/** The files a page requested (resource timing), by path. */
export function requestedPaths(page: { window: Window }): string[] {
  return page.window.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
}

/** Waits until the UI stage renders the page's element (its view's root is in the shadow root) and is done. */
export async function uiStage(page: { window: Window; element: HTMLElement }): Promise<void> {
  await waitFor(() => page.element.shadowRoot?.querySelector('.root') != null, 'the UI stage to render <consent-banner>');
  await (page.element as ConsentBannerElement).updateComplete;
}

/**
 * A page with the element creating its own tracker against the loopback collector; `fixture`: another fixture
 * page, such as the built bundle's (`dropin`, `csp`).
 */
export function ownTrackerPage(
  appId: string,
  attributes: Record<string, string | boolean> = {},
  settings: BrowserSettings = {},
  fixture = 'page',
): Promise<Page> {
  // Consent events are off unless a test asks for them (`'no-consent-events': false`), so that tests of
  // other behaviour can count the events they track themselves.
  return openPage(
    { attributes: { collector: COLLECTOR, 'app-id': appId, 'no-consent-events': true, ...attributes } },
    settings,
    fixture,
  );
}

/** Removes frames, cookies and localStorage of the origin: every test starts as a first visit. */
export function resetBrowser(): void {
  openFrames.forEach((frame) => frame.remove());
  openFrames.clear();
  for (const name of cookieNames()) {
    document.cookie = `${name}=; Path=/; Max-Age=0`;
    document.cookie = `${name}=; Path=/; Max-Age=0; Secure`;
  }
  localStorage.clear();
}

export function cookieNames(): string[] {
  return document.cookie
    .split(';')
    .map((part) => part.split('=')[0]!.trim())
    .filter(Boolean);
}

export function cookieValue(name: string): string | undefined {
  const part = document.cookie.split(';').find((p) => p.trim().startsWith(`${name}=`));
  return part === undefined ? undefined : decodeURIComponent(part.slice(part.indexOf('=') + 1));
}

/** Snowplow's own cookies and localStorage keys: what a level may leave in the browser. */
export function trackerState(): { cookies: string[]; storage: string[] } {
  return {
    cookies: cookieNames().filter((name) => name.startsWith('_sp_') || name === 'sp'),
    storage: Object.keys(localStorage).filter((key) => key.startsWith('_sp_') || key.startsWith('snowplowOutQueue_')),
  };
}

/** The device id in the `_sp_id` cookie (its first field), or undefined without the cookie. */
export function storedDeviceId(): string | undefined {
  const name = cookieNames().find((n) => n.startsWith('_sp_id.'));
  return name === undefined ? undefined : cookieValue(name)!.split('.')[0];
}

/**
 * What the collector received for this app id. Every event is checked against the real Iglu schemas as it
 * arrives: this throws when any would be rejected by a Snowplow pipeline, so every test that reads events
 * (`events`, `waitForEvents`, `requestOf`) fails on an invalid payload.
 */
export async function requests(appId: string): Promise<CapturedRequest[]> {
  const response = await fetch(`/collector/__captures?aid=${encodeURIComponent(appId)}`);
  const captured = (await response.json()) as CapturedRequest[];
  const invalid = captured.filter((request) => request.schemaProblems.length > 0);
  if (invalid.length > 0) {
    const lines = invalid.flatMap((request) => [
      `  ${request.method} ${request.path} at ${request.time}:`,
      ...request.schemaProblems.map((problem) => `    ${problem}`),
    ]);
    throw new Error(
      `the collector received events of ${appId} that a Snowplow pipeline would reject (Iglu schemas in test/iglu/schemas):\n${lines.join('\n')}`,
    );
  }
  return captured;
}

/** Why a Snowplow pipeline would reject this self-describing JSON (an event or entity built in the page). */
export async function schemaProblems(json: { schema: string; data: unknown }): Promise<string[]> {
  const response = await fetch('/collector/__validate', { method: 'POST', body: JSON.stringify(json) });
  return ((await response.json()) as { problems: string[] }).problems;
}

export async function events(appId: string): Promise<CapturedEvent[]> {
  return (await requests(appId)).flatMap((request) => request.events);
}

export const CONSENT_PREFERENCES_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0';

/** The consent_preferences events among `all`, of `eventType` when one is given. */
export function consentEventsIn(all: readonly CapturedEvent[], eventType?: string): CapturedEvent[] {
  return all.filter(
    (event) =>
      event.selfDescribing?.schema === CONSENT_PREFERENCES_SCHEMA &&
      (eventType === undefined || event.selfDescribing.data['eventType'] === eventType),
  );
}

/** Waits for this app's first consent_preferences event of `eventType` at the collector (a `pending` one may come first). */
export async function consentEvent(appId: string, eventType: string): Promise<CapturedEvent> {
  let found: CapturedEvent | undefined;
  await waitFor(async () => {
    found = consentEventsIn(await events(appId), eventType)[0];
    return found !== undefined;
  }, `a ${eventType} consent event`);
  return found!;
}

/** Waits until the collector has `count` events of this app (and returns all of them). */
export async function waitForEvents(appId: string, count: number, timeoutMs = 5000): Promise<CapturedEvent[]> {
  let seen: CapturedEvent[] = [];
  await waitFor(
    async () => {
      seen = await events(appId);
      return seen.length >= count;
    },
    `${count} event(s) for ${appId}`,
    timeoutMs,
  );
  return seen;
}

/** The request that carried an event (for headers and cookies). */
export async function requestOf(appId: string, eventId: string): Promise<CapturedRequest> {
  const found = (await requests(appId)).find((request) => request.events.some((event) => event['eid'] === eventId));
  if (!found) throw new Error(`no request carried event ${eventId}`);
  return found;
}

/** Time enough for a request from the page to reach the loopback collector if one were sent. */
export function settle(ms = 400): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function sessionEntity(event: CapturedEvent): Record<string, unknown> | undefined {
  return event.entities.find((entity) => entity.schema.startsWith('iglu:com.snowplowanalytics.snowplow/client_session/'))?.data;
}

/**
 * Whether sp.js has run on this page: it replaces the array in which the snippet's function `window[functionName]`
 * keeps its calls (`.q`) with an object that runs them.
 */
export function tagLoaded(win: Window, functionName = 'snowplow'): boolean {
  const queue = findTagFunction(win, functionName)?.q;
  return typeof queue === 'object' && queue !== null && !Array.isArray(queue);
}

/** Waits until the page's sp.js (the stand-in, loaded by an async script) has loaded and run the queue. */
export async function waitForTag(page: { window: Window }, functionName = 'snowplow', timeoutMs = 5000): Promise<void> {
  await waitFor(
    () => tagLoaded(page.window, functionName),
    `sp.js to load (window.${functionName}.q no longer an array)`,
    timeoutMs,
  );
}

/** Simulates a collector outage (`down`) or a slow collector for one app id's requests. */
export async function collectorCondition(appId: string, condition: { down?: boolean; delayMs?: number }): Promise<void> {
  await fetch('/collector/__control', { method: 'POST', body: JSON.stringify({ aid: appId, ...condition }) });
}

/** A decision stored on an earlier page load (made there through the element, as a visitor would). */
export async function storeChoice(level: ConsentLevel): Promise<void> {
  const page = await openPage({ attributes: { 'no-consent-events': true } });
  page.element.setLevel(level);
  page.close();
}

/** The element of the consent banner's shadow root with this part name (`[part~="name"]`), or null. */
export function part(element: Element, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** Whether the page's banner is on screen. */
export function bannerShown(page: Page): boolean {
  return part(page.element, 'banner') !== null;
}
