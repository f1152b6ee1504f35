import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CONSENT_LEVELS, isConsentLevel, levelRank, morePrivate, type ConsentLevel } from '../../src/consent/levels.js';
import { startingDecision } from '../../src/consent/stored-decision.js';
import { DEFAULT_OPTIONS, resolveConsentOptions, type RawConsentOptions } from '../../src/consent/options.js';
import { serializeRecord } from '../../src/consent/record.js';
import {
  events,
  openPage,
  ownTrackerPage,
  requestOf,
  resetBrowser,
  uniqueAppId,
  waitFor,
  type BrowserSettings,
  type CapturedEvent,
  type Page,
} from '../support/harness.js';
import { expectEventWithin, expectStorageObeys, expectStorageWithin } from '../support/level-table.js';
import { quietly } from '../support/warnings.js';

const NOW = Date.UTC(2026, 10, 24);
const NO_SIGNALS = { doNotTrack: false, globalPrivacyControl: false };
const VALID = JSON.parse(
  serializeRecord({
    level: 'full',
    policyVersion: '1',
    decidedAt: NOW - 1000,
  }),
) as Record<string, unknown>;
/** A decision stored by version 0.1: format 1, with a random id. */
const VALID_V1 = { ...VALID, v: 1, id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6' };

/** A valid stored record with one field removed, added, or given another value of any type. */
const mutatedRecord = fc
  .tuple(
    fc.constantFrom('v', 'level', 'policy', 'at', 'id', 'extra'),
    fc.oneof(fc.anything(), fc.constantFrom(...CONSENT_LEVELS, 'FULL', 'all', 2, -1, 1e308, NOW + 1e12), fc.constant(undefined)),
  )
  .map(([field, value]) => {
    const record: Record<string, unknown> = { ...VALID };
    if (value === undefined) delete record[field];
    else record[field] = value;
    return JSON.stringify(record);
  });

const storedValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.json(),
  mutatedRecord,
  fc.constant(JSON.stringify(VALID)),
  fc.constant(JSON.stringify(VALID_V1)),
);

describe('properties (fast-check)', () => {
  it('any stored cookie value: never throws, never above the default unless it is a valid decision (1000 runs)', () => {
    fc.assert(
      fc.property(storedValue, fc.boolean(), fc.boolean(), (value, doNotTrack, globalPrivacyControl) => {
        const { decision, record } = startingDecision(DEFAULT_OPTIONS, value, { doNotTrack, globalPrivacyControl }, NOW);
        const unsignalled = startingDecision(DEFAULT_OPTIONS, value, NO_SIGNALS, NOW).decision;
        if (record) expect(unsignalled.level).to.equal(record.level);
        else expect(levelRank(unsignalled.level)).to.be.at.most(levelRank(DEFAULT_OPTIONS.defaultLevel));
        if (doNotTrack) expect(decision.level).to.equal('none');
        if (globalPrivacyControl) expect(levelRank(decision.level)).to.be.at.most(levelRank('cookieless'));
      }),
      { numRuns: 1000 },
    );
  });

  it('any attribute values: never throws, levels ordered default <= reject <= accept, a warning for each value not used (500 runs)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        ...CONSENT_LEVELS,
        ' Full ',
        'SESSION',
        '',
        '  ',
        '0',
        '-3',
        '395',
        '396',
        '1e3',
        'NaN',
        'example.com',
        '.example.com',
      ),
      fc.integer().map(String),
    );
    const raw = fc.record(
      {
        defaultLevel: text,
        acceptLevel: text,
        rejectLevel: text,
        cookieDays: fc.oneof(text, fc.double()),
        cookieName: text,
        cookieDomain: text,
        policyVersion: fc.oneof(text, fc.string({ maxLength: 40 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(raw, (settings: RawConsentOptions) => {
        const { value: options, warnings } = quietly(() => resolveConsentOptions(settings, 'shop.example.com'));
        for (const level of [options.defaultLevel, options.acceptLevel, options.rejectLevel])
          expect(isConsentLevel(level)).to.equal(true);
        expect(levelRank(options.defaultLevel)).to.be.at.most(levelRank(options.rejectLevel));
        expect(levelRank(options.rejectLevel)).to.be.at.most(levelRank(options.acceptLevel));
        expect(options.cookieDays).to.be.greaterThan(0).and.at.most(395);
        expect(options.policyVersion.length).to.be.within(1, 16);
        const givenLevelsUsed = (['defaultLevel', 'acceptLevel', 'rejectLevel'] as const).every((key) => {
          const given = settings[key];
          return given === undefined || (typeof given === 'string' && given.trim().toLowerCase() === options[key]);
        });
        if (!givenLevelsUsed) expect(warnings.length, 'a level not used as given was warned about').to.be.greaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

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
        page.element.shadowRoot!.querySelector<HTMLElement>('[part="save-button"]')!.click();
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
