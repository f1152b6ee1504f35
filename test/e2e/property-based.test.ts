import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CONSENT_LEVELS, levelRank, morePrivate, type ConsentLevel } from '../../src/consent/levels.js';
import {
  events,
  openPage,
  ownTrackerPage,
  part,
  requestOf,
  resetBrowser,
  uniqueAppId,
  waitFor,
  type BrowserSettings,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { expectEventWithin, expectStorageObeys, expectStorageWithin } from '../support/level-table.js';

/** One step of what visitors, sites, other tabs and browsers do. */
type Action =
  | { kind: 'accept' | 'reject' | 'reset' | 'anonymize' | 'track' | 'reload' }
  | { kind: 'setLevel' | 'otherTab' | 'preferences'; level: ConsentLevel }
  | { kind: 'identify'; userId: string }
  | { kind: 'reloadWith'; settings: BrowserSettings };

const level = fc.constantFrom(...CONSENT_LEVELS);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom<Action>({ kind: 'accept' }, { kind: 'reject' }, { kind: 'reset' }, { kind: 'anonymize' }, { kind: 'reload' }),
  { arbitrary: fc.constant<Action>({ kind: 'track' }), weight: 3 },
  level.map<Action>((l) => ({ kind: 'setLevel', level: l })),
  level.map<Action>((l) => ({ kind: 'otherTab', level: l })),
  fc.constantFrom<ConsentLevel>('full', 'session', 'cookieless', 'none').map<Action>((l) => ({ kind: 'preferences', level: l })),
  fc.constantFrom('alice', 'bob').map<Action>((userId) => ({ kind: 'identify', userId })),
  fc.constantFrom<BrowserSettings>({ dnt: '1' }, { gpc: true }, {}).map<Action>((settings) => ({ kind: 'reloadWith', settings })),
);

/**
 * Runs the steps on frames of one site. Every page view is titled with the level in force when it was
 * tracked; afterwards each received event is checked against that level. Requests are checked against
 * the level in force when they leave, so a page view tracked before a downgrade may leave with less, and
 * one tracked before a switch to `none` may not leave at all.
 */
async function runSequence(steps: Action[]): Promise<void> {
  resetBrowser();
  const appId = uniqueAppId('prop');
  const open = (settings: BrowserSettings = {}) => ownTrackerPage(appId, { 'no-consent-events': false }, settings);
  let settings: BrowserSettings = {};
  let page: Page = await open();
  /** `lowest`: the most private level in force since it was tracked. */
  const tracked: { title: string; level: ConsentLevel; lowest: ConsentLevel }[] = [];
  let counter = 0;
  const before = () => page.element.level;
  /** Page views of a frame are sent before it goes (removing a frame cancels its requests in flight). */
  const delivered = () =>
    waitFor(async () => {
      const received = await events(appId);
      return tracked
        .filter((entry) => entry.lowest !== 'none')
        .every((entry) => received.some((event) => event['page'] === entry.title));
    }, 'the page views of the closing frame');
  for (const step of steps) {
    const previous = before();
    switch (step.kind) {
      case 'accept':
        page.element.acceptAll();
        break;
      case 'reject':
        page.element.rejectAll();
        break;
      case 'reset':
        page.element.reset();
        break;
      case 'anonymize':
        page.element.anonymize();
        break;
      case 'identify':
        page.element.identify(step.userId);
        break;
      case 'setLevel':
        page.element.setLevel(step.level);
        break;
      case 'preferences': {
        page.element.showPreferences();
        await page.element.updateComplete;
        const radio = page.element.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${step.level}"]`)!;
        radio.click();
        part(page.element, 'save-button')!.click();
        break;
      }
      case 'otherTab': {
        const other = await open(settings);
        other.element.setLevel(step.level);
        // The decision reaches this tab through the broadcast channel, as in a real second tab.
        await waitFor(() => page.element.decided && page.element.level === other.element.level, 'the other tab');
        other.close();
        break;
      }
      case 'reload':
      case 'reloadWith':
        if (step.kind === 'reloadWith') settings = step.settings;
        await delivered();
        page.close();
        page = await open(settings);
        break;
      case 'track': {
        const title = `step-${++counter}`;
        tracked.push({ title, level: page.element.level, lowest: page.element.level });
        page.snowplow.trackPageView({ title });
        break;
      }
    }
    const now = before();
    if (levelRank(now) < levelRank(previous)) expectStorageWithin(now);
    for (const entry of tracked) entry.lowest = morePrivate(entry.lowest, now);
  }

  const expected = tracked.filter((entry) => entry.lowest !== 'none');
  let received: CapturedEvent[] = [];
  await waitFor(async () => {
    received = await events(appId);
    return expected.every((entry) => received.some((event) => event['page'] === entry.title));
  }, 'every page view that may leave');
  await new Promise((resolve) => setTimeout(resolve, 150));
  received = await events(appId);
  for (const event of received) {
    const request = await requestOf(appId, event['eid'] as string);
    if (event.e === 'pv') {
      const entry = tracked.find((candidate) => candidate.title === event['page']);
      expect(entry, `a page view tracked at none arrived: ${String(event['page'])}`).not.to.equal(undefined);
      expect(entry!.level).not.to.equal('none');
      expectEventWithin(entry!.level, event, request);
    } else if (event.selfDescribing?.schema.includes('/consent_preferences/')) {
      // A consent event carries the level it was tracked under as its first scope.
      const scopes = event.selfDescribing.data['consentScopes'] as ConsentLevel[];
      expectEventWithin(scopes[0]!, event, request);
    }
    // cmp_visible says nothing about its level; the guard plugin holds it to the table like any event.
  }
  page.close();
}

describe('properties in the browser (real tracker, loopback collector)', function () {
  this.timeout(240_000);

  it('any sequence of visitor actions, API calls, reloads, tab syncs and signal changes: no event carries an identifier its level forbids, nothing is left behind after a downgrade (20 runs x 4-9 steps)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 9 }), async (steps) => {
        try {
          await runSequence(steps);
        } catch (error) {
          // fast-check reports the steps; this says what went wrong with them.
          console.error(`${JSON.stringify(steps)}\n  -> ${String(error)}`);
          throw error;
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
    resetBrowser();
  });

  it('a frame opened with no decision and DNT never lets an event out, whatever the page calls (10 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('track', 'identify', 'anonymize'), { minLength: 1, maxLength: 5 }),
        async (calls) => {
          resetBrowser();
          const appId = uniqueAppId('dnt-prop');
          const page = await openPage(
            { attributes: { collector: `${location.origin}/collector`, 'app-id': appId, 'page-view': true } },
            { dnt: '1' },
          );
          for (const call of calls) {
            if (call === 'track') page.snowplow.trackPageView();
            else if (call === 'identify') page.element.identify('zoe');
            else page.element.anonymize();
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
          expect(await events(appId)).to.deep.equal([]);
          expectStorageObeys('none');
        },
      ),
      { numRuns: 10 },
    );
    resetBrowser();
  });
});
