import { expect } from '@open-wc/testing';
import type { ConsentBridge } from '../../src/consent/bridge.js';
import type { ConsentEventSettings } from '../../src/consent/consent-events.js';
import type { PrivacySignals } from '../../src/consent/decide.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import { ConsentManager, type ConsentChangeDetail } from '../../src/consent/manager.js';
import { resolveConsentOptions, type RawConsentOptions } from '../../src/consent/options.js';
import { serializeRecord } from '../../src/consent/record.js';
import { createConsentStore } from '../../src/consent/storage.js';
import { memoryCookies, recordingBridge, type BridgeCall } from '../support/fakes.js';
import { captureConsole, quietly } from '../support/warnings.js';

const fixedTime = Date.UTC(2026, 10, 24, 12);
const DAY = 24 * 60 * 60 * 1000;
const COOKIE = 'c';
const CONSENT_EVENTS: ConsentEventSettings = {
  basisForProcessing: 'consent',
  consentUrl: 'https://shop.example/privacy',
  domainsApplied: ['shop.example'],
};

/** A decision as the store keeps it (format 2), made `age` ms before `fixedTime`. */
function storedDecision(level: ConsentLevel, age = 60_000): string {
  return serializeRecord({ level, policyVersion: '1', decidedAt: fixedTime - age, purposes: new Map() });
}

type Heard = { listener: string; detail: ConsentChangeDetail };

/** One line per thing the manager did, in order: what bridges received and what listeners heard. */
function step(entry: BridgeCall | Heard): string {
  if ('listener' in entry) return `${entry.listener} heard ${entry.detail.level} (${entry.detail.source})`;
  switch (entry.method) {
    case 'applyLevel':
      return `${entry.bridge}: applyLevel ${entry.change.from ?? 'unknown'} -> ${entry.change.to}`;
    case 'trackSelfDescribingEvent': {
      const { eventType, consentScopes } = entry.data as { eventType?: string; consentScopes?: string[] };
      // A consent event's first scope is the level it was tracked under.
      return eventType === undefined
        ? `${entry.bridge}: ${entry.schema}`
        : `${entry.bridge}: ${entry.schema} ${eventType} at ${consentScopes?.[0]}`;
    }
    case 'identify':
      return `${entry.bridge}: identify ${entry.userId} at ${entry.level}`;
    default:
      return `${entry.bridge}: ${entry.method}`;
  }
}

interface HubSettings {
  /** The cookie's value when the page loads. */
  stored?: string;
  signals?: Partial<PrivacySignals>;
  pageView?: boolean;
  consentEvents?: boolean;
  /** Bridges before the recording ones. */
  before?: ConsentBridge[];
  /** Names of the recording bridges (default one, `bridge`). */
  bridges?: string[];
  /** Settings of the page (default none: the defaults). */
  options?: RawConsentOptions;
}

const started: ConsentManager[] = [];

/** A manager as setupConsent() builds one, with an in-memory cookie jar and recording bridges sharing one log. */
function hub(settings: HubSettings = {}) {
  const cookies = memoryCookies(settings.stored === undefined ? {} : { [COOKIE]: settings.stored });
  const store = createConsentStore(COOKIE, cookies);
  const log: (BridgeCall | Heard)[] = [];
  const bridges = (settings.bridges ?? ['bridge']).map((name) => recordingBridge(log, name));
  const manager = new ConsentManager({
    options: resolveConsentOptions(settings.options ?? {}, 'shop.example'),
    bridges: [...(settings.before ?? []), ...bridges],
    signals: { doNotTrack: false, globalPrivacyControl: false, ...settings.signals },
    store,
    now: () => fixedTime,
    pageView: settings.pageView ?? true,
    consentEvents: settings.consentEvents === false ? undefined : CONSENT_EVENTS,
  });
  manager.subscribe((detail) => log.push({ listener: 'listener', detail }));
  started.push(manager);
  return {
    manager,
    cookies,
    store,
    bridge: bridges[0]!,
    /** What happened since the last call, one line per step. */
    steps(): string[] {
      return log.splice(0).map(step);
    },
  };
}

/** The store tells of values written elsewhere in a microtask. */
const microtasks = () => new Promise((resolve) => setTimeout(resolve, 0));

const countOf = (steps: string[], what: string) => steps.filter((line) => line.includes(what)).length;

describe('ConsentManager (in-memory cookies, recording bridges)', () => {
  afterEach(() => started.splice(0).forEach((manager) => manager.stop()));

  describe('the order of every change: bridges apply the level, the listeners hear of it, then the consent event and the page view', () => {
    it('on start (an expired decision: the expired event)', () => {
      const { manager, steps } = hub({ stored: storedDecision('full', 181 * DAY), bridges: ['first', 'second'] });
      manager.start();
      expect(manager.recordProblem).to.equal('expired');
      expect(steps()).to.deep.equal([
        'first: applyLevel unknown -> cookieless',
        'second: applyLevel unknown -> cookieless',
        'listener heard cookieless (default)',
        'first: consent_preferences expired at cookieless',
        'second: consent_preferences expired at cookieless',
        'first: trackPageView',
        'second: trackPageView',
      ]);
    });

    it('a listener that decides again supersedes the decision it heard: only the newer one is recorded', () => {
      const { manager, steps } = hub({ stored: storedDecision('none') });
      manager.start();
      steps();
      let decidedAgain = false;
      manager.subscribe((detail) => {
        if (detail.level !== 'full' || decidedAgain) return;
        decidedAgain = true;
        manager.reject();
      });
      manager.accept('visitor');
      expect(steps()).to.deep.equal([
        'bridge: applyLevel none -> full',
        'listener heard full (visitor)',
        'bridge: applyLevel full -> cookieless',
        'listener heard cookieless (api)',
        'bridge: consent_preferences deny_all at cookieless',
        'bridge: trackPageView',
      ]);
      expect(manager.level).to.equal('cookieless');
    });

    it('on every decision: setLevel, accept, reject, reset', () => {
      const { manager, steps } = hub({ stored: storedDecision('none'), bridges: ['first', 'second'] });
      manager.start();
      expect(steps()).to.deep.equal([
        'first: applyLevel unknown -> none',
        'second: applyLevel unknown -> none',
        'listener heard none (stored)',
      ]);

      expect(manager.setLevel('session')).to.equal(true);
      expect(steps()).to.deep.equal([
        'first: applyLevel none -> session',
        'second: applyLevel none -> session',
        'listener heard session (api)',
        'first: consent_preferences allow_selected at session',
        'second: consent_preferences allow_selected at session',
        'first: trackPageView',
        'second: trackPageView',
      ]);

      manager.accept('visitor');
      expect(steps()).to.deep.equal([
        'first: applyLevel session -> full',
        'second: applyLevel session -> full',
        'listener heard full (visitor)',
        'first: consent_preferences allow_all at full',
        'second: consent_preferences allow_all at full',
      ]);

      manager.reject();
      expect(steps()).to.deep.equal([
        'first: applyLevel full -> cookieless',
        'second: applyLevel full -> cookieless',
        'listener heard cookieless (api)',
        'first: consent_preferences deny_all at cookieless',
        'second: consent_preferences deny_all at cookieless',
      ]);

      manager.reset();
      expect(steps()).to.deep.equal([
        'first: applyLevel cookieless -> cookieless',
        'second: applyLevel cookieless -> cookieless',
        'listener heard cookieless (default)',
        'first: consent_preferences withdrawn at cookieless',
        'second: consent_preferences withdrawn at cookieless',
      ]);
    });

    it('the change each bridge is told of, and the detail each listener hears', () => {
      const { manager, bridge } = hub();
      const details: ConsentChangeDetail[] = [];
      manager.subscribe((detail) => details.push(detail));
      manager.start();
      manager.setLevel('full');
      expect(bridge.calls.filter((call) => call.method === 'applyLevel').map((call) => call.change)).to.deep.equal([
        { from: undefined, to: 'cookieless', userId: undefined, purposes: new Set() },
        { from: 'cookieless', to: 'full', userId: undefined, purposes: new Set() },
      ]);
      expect(details).to.deep.equal([
        { level: 'cookieless', previousLevel: null, source: 'default', policyVersion: '1', decidedAt: null, purposes: [] },
        {
          level: 'full',
          previousLevel: 'cookieless',
          source: 'api',
          policyVersion: '1',
          decidedAt: new Date(fixedTime).toISOString(),
          purposes: [],
        },
      ]);
    });
  });

  describe('the page view', () => {
    it('is tracked once per page, the first time the level is not none', () => {
      const { manager, steps } = hub({ stored: storedDecision('none') });
      manager.start();
      manager.setLevel('none');
      expect(countOf(steps(), 'trackPageView'), 'never at none').to.equal(0);
      manager.setLevel('cookieless');
      expect(countOf(steps(), 'trackPageView')).to.equal(1);
      manager.setLevel('full');
      manager.setLevel('none');
      manager.setLevel('session');
      manager.reset();
      manager.stop();
      manager.start();
      expect(countOf(steps(), 'trackPageView'), 'once per page').to.equal(0);
    });

    it('is tracked on start when the level there lets events out; never without pageView', () => {
      const atStart = hub();
      atStart.manager.start();
      expect(countOf(atStart.steps(), 'trackPageView')).to.equal(1);

      const without = hub({ pageView: false });
      without.manager.start();
      without.manager.setLevel('full');
      expect(countOf(without.steps(), 'trackPageView')).to.equal(0);
    });
  });

  describe('consent events', () => {
    it('withdrawn only after a decision: reset() with nothing decided sends none', () => {
      const { manager, steps } = hub();
      manager.start();
      steps();
      manager.reset();
      expect(steps()).to.deep.equal(['bridge: applyLevel cookieless -> cookieless', 'listener heard cookieless (default)']);
      manager.setLevel('full');
      steps();
      manager.reset();
      expect(countOf(steps(), 'withdrawn')).to.equal(1);
      manager.reset();
      expect(countOf(steps(), 'consent_preferences'), 'a second reset: nothing left to withdraw').to.equal(0);
    });

    it('withdrawn after a decision stored on an earlier page', () => {
      const { manager, steps } = hub({ stored: storedDecision('session') });
      manager.start();
      steps();
      manager.reset();
      expect(countOf(steps(), 'consent_preferences withdrawn at cookieless')).to.equal(1);
    });

    it('none at all without consent event settings', () => {
      const { manager, steps } = hub({ consentEvents: false, stored: storedDecision('full', 181 * DAY) });
      manager.start();
      manager.setLevel('full');
      manager.reset();
      manager.bannerShown(10);
      expect(countOf(steps(), 'trackSelfDescribingEvent')).to.equal(0);
    });
  });

  describe('bannerShown()', () => {
    it('records cmp_visible (the elapsed time) and pending once per page while the visitor is asked', () => {
      const { manager, steps, bridge } = hub();
      manager.bannerShown(5);
      expect(steps(), 'before start: nothing to record').to.deep.equal([]);
      manager.start();
      steps();
      expect(manager.askVisitor).to.equal(true);
      manager.bannerShown(1234.4);
      expect(steps()).to.deep.equal(['bridge: cmp_visible', 'bridge: consent_preferences pending at cookieless']);
      expect(bridge.calls.find((call) => call.method === 'trackSelfDescribingEvent')).to.deep.include({
        schema: 'cmp_visible',
        data: { elapsedTime: 1234 },
      });
      manager.bannerShown(2000);
      manager.reset();
      manager.bannerShown(3000);
      expect(countOf(steps(), 'cmp_visible'), 'once per page').to.equal(0);
    });

    it('records nothing while the visitor is not asked: decided, Do Not Track, Global Privacy Control', () => {
      for (const settings of [
        { stored: storedDecision('full') },
        { signals: { doNotTrack: true } },
        { signals: { globalPrivacyControl: true } },
      ]) {
        const { manager, steps } = hub(settings);
        manager.start();
        steps();
        expect(manager.askVisitor, JSON.stringify(settings)).to.equal(false);
        manager.bannerShown(10);
        expect(steps(), JSON.stringify(settings)).to.deep.equal([]);
      }
    });

    it('records nothing without consent events, not even cmp_visible', () => {
      const { manager, steps } = hub({ consentEvents: false });
      manager.start();
      steps();
      manager.bannerShown(10);
      expect(steps()).to.deep.equal([]);
    });
  });

  it('setLevel() with a value that is not a level warns, returns false and changes nothing', () => {
    const { manager, steps, cookies } = hub({ stored: storedDecision('session') });
    manager.start();
    steps();
    const before = manager.detail;
    for (const bad of ['maximum', 'FULL', ' full', '', 3, null, undefined, { level: 'full' }]) {
      const { value, warnings } = quietly(() => manager.setLevel(bad));
      expect(value, String(bad)).to.equal(false);
      expect(warnings.length, String(bad)).to.equal(1);
      expect(warnings[0]).to.contain('setLevel(').and.contain('the level stays "session"');
    }
    expect(quietly(() => manager.setLevel('maximum')).warnings[0]).to.contain('setLevel("maximum")');
    expect(steps(), 'no bridge call, no listener').to.deep.equal([]);
    expect(cookies.writes, 'nothing stored').to.deep.equal([]);
    expect(cookies.jar.get(COOKIE)).to.equal(storedDecision('session'));
    expect(manager.detail).to.deep.equal(before);
  });

  describe('identify() and anonymize()', () => {
    it('identify() reaches every bridge with the level in force; the id rides with every later change', () => {
      const { manager, steps, bridge } = hub({ bridges: ['first', 'second'] });
      manager.start();
      steps();
      const { messages } = captureConsole('info', () => manager.identify('alice'));
      expect(steps()).to.deep.equal(['first: identify alice at cookieless', 'second: identify alice at cookieless']);
      expect(messages.join('\n'), 'below full it says the id waits').to.contain('not sent at level "cookieless"');
      manager.setLevel('full');
      manager.identify('bob');
      expect(steps().filter((line) => line.includes('identify'))).to.deep.equal([
        'first: identify bob at full',
        'second: identify bob at full',
      ]);
      manager.setLevel('session');
      const changes = bridge.calls.flatMap((call) => (call.method === 'applyLevel' ? [call.change] : []));
      expect(changes.map((change) => change.userId)).to.deep.equal([undefined, 'alice', 'bob']);
    });

    it('identify() with an id that is not a non-empty string warns and reaches no bridge', () => {
      const { manager, steps } = hub();
      manager.start();
      steps();
      for (const bad of ['', '   ', 42, null, undefined]) {
        expect(quietly(() => manager.identify(bad)).warnings[0], String(bad)).to.contain('identify(');
      }
      expect(steps()).to.deep.equal([]);
    });

    it('anonymize() reaches every bridge and forgets the id; the level stays', () => {
      const { manager, steps, bridge } = hub({ bridges: ['first', 'second'] });
      manager.start();
      manager.setLevel('full');
      manager.identify('alice');
      steps();
      manager.anonymize();
      expect(steps()).to.deep.equal(['first: anonymize', 'second: anonymize']);
      expect(manager.level).to.equal('full');
      manager.setLevel('session');
      expect(bridge.calls.filter((call) => call.method === 'applyLevel').at(-1)).to.deep.include({
        change: { from: 'full', to: 'session', userId: undefined, purposes: new Set() },
      });
    });
  });

  describe('failures stay inside', () => {
    it('a bridge that throws stops neither the other bridges nor the caller; each failure is logged', () => {
      const fail = () => {
        throw new Error('broken bridge');
      };
      const broken: Required<ConsentBridge> = {
        applyLevel: fail,
        identify: fail,
        anonymize: fail,
        trackPageView: fail,
        trackSelfDescribingEvent: fail,
        dispose: fail,
        settled: fail,
      };
      const { manager, bridge } = hub({ before: [broken] });
      const { messages } = captureConsole('error', () => {
        manager.start();
        manager.setLevel('full');
        manager.identify('alice');
        manager.anonymize();
        manager.reset();
        manager.bannerShown(10);
        manager.dispose();
      });
      expect(bridge.calls.map(step)).to.deep.equal([
        'bridge: applyLevel unknown -> cookieless',
        'bridge: trackPageView',
        'bridge: applyLevel cookieless -> full',
        'bridge: consent_preferences allow_all at full',
        'bridge: identify alice at full',
        'bridge: anonymize',
        'bridge: applyLevel full -> cookieless',
        'bridge: consent_preferences withdrawn at cookieless',
        'bridge: cmp_visible',
        'bridge: consent_preferences pending at cookieless',
        'bridge: dispose',
      ]);
      expect(messages.length, 'one error for each call the broken bridge got').to.equal(bridge.calls.length);
      for (const message of messages) expect(message).to.contain('a consent bridge failed').and.contain('broken bridge');
      expect(manager.level).to.equal('cookieless');
    });

    it('a listener that throws stops neither the other listeners nor the caller', () => {
      const { manager, steps } = hub();
      manager.subscribe(() => {
        throw new Error('broken listener');
      });
      const heard: ConsentLevel[] = [];
      manager.subscribe((detail) => heard.push(detail.level));
      const { messages } = captureConsole('error', () => {
        manager.start();
        manager.setLevel('full');
      });
      expect(heard).to.deep.equal(['cookieless', 'full']);
      expect(steps().filter((line) => line.startsWith('listener'))).to.deep.equal([
        'listener heard cookieless (default)',
        'listener heard full (api)',
      ]);
      expect(messages.length).to.equal(2);
      for (const message of messages)
        expect(message).to.contain('a consent-change listener threw').and.contain('broken listener');
    });
  });

  describe('a decision stored elsewhere (another tab, another subdomain)', () => {
    it('is adopted with source sync when the store reads it, and never written back', async () => {
      const { manager, steps, cookies, store } = hub();
      manager.start();
      steps();
      // Another tab stores a decision; this page's next read (a tracker's guard, before an event) finds it.
      cookies.jar.set(COOKIE, storedDecision('session'));
      expect(store.read()).to.deep.equal([storedDecision('session')]);
      await microtasks();
      expect(manager.detail).to.include({
        level: 'session',
        source: 'sync',
        decidedAt: new Date(fixedTime - 60_000).toISOString(),
      });
      expect([manager.decided, manager.askVisitor]).to.deep.equal([true, false]);
      // That tab sent its own consent event; this page tracked its page view at start.
      expect(steps()).to.deep.equal(['bridge: applyLevel cookieless -> session', 'listener heard session (sync)']);

      // The other tab forgets the decision.
      cookies.jar.delete(COOKIE);
      store.read();
      await microtasks();
      expect(manager.detail).to.include({ level: 'cookieless', source: 'default', decidedAt: null });
      expect([manager.decided, manager.askVisitor]).to.deep.equal([false, true]);
      expect(steps()).to.deep.equal(['bridge: applyLevel session -> cookieless', 'listener heard cookieless (default)']);

      expect(cookies.writes, 'nothing written back').to.deep.equal([]);
    });

    it('a value this page has overwritten since it was read is not adopted: the level stays what is stored', async () => {
      const { manager, cookies, store } = hub();
      manager.start();
      // Another tab stores "session"; a read on this page (a tracker's guard, before an event) finds it ...
      cookies.jar.set(COOKIE, storedDecision('session'));
      store.read();
      // ... and in the same task, before the store tells of it, this page decides.
      manager.setLevel('full');
      await microtasks();
      expect(JSON.parse(cookies.jar.get(COOKIE)!)).to.include({ level: 'full' });
      expect(manager.detail, 'the manager follows the stored decision').to.include({ level: 'full', source: 'api' });
    });
  });

  describe('privacy signals', () => {
    it('Do Not Track: none, whatever was stored or is chosen', () => {
      const { manager, bridge } = hub({ stored: storedDecision('full'), signals: { doNotTrack: true } });
      manager.start();
      expect(manager.detail).to.include({ level: 'none', source: 'dnt' });
      for (const level of ['full', 'session', 'cookieless'] as const) {
        manager.setLevel(level);
        expect(manager.detail, level).to.include({ level: 'none', source: 'dnt' });
      }
      manager.reset();
      expect(manager.detail).to.include({ level: 'none', source: 'dnt' });
      const applied = bridge.calls.flatMap((call) => (call.method === 'applyLevel' ? [call.change.to] : []));
      expect(applied).to.deep.equal(['none', 'none', 'none', 'none', 'none']);
      expect(bridge.calls.some((call) => call.method === 'trackPageView')).to.equal(false);
      // No event is handed to any bridge at none, consent events included (a site's own bridge too).
      manager.bannerShown(10);
      expect(bridge.calls.some((call) => call.method === 'trackSelfDescribingEvent')).to.equal(false);
    });

    it('Global Privacy Control: caps at cookieless; a more private choice stands as chosen', () => {
      const { manager, bridge } = hub({ stored: storedDecision('full'), signals: { globalPrivacyControl: true } });
      manager.start();
      expect(manager.detail).to.include({ level: 'cookieless', source: 'gpc' });
      const cases: [ConsentLevel, ConsentLevel, string][] = [
        ['full', 'cookieless', 'gpc'],
        ['session', 'cookieless', 'gpc'],
        ['anonymous', 'cookieless', 'gpc'],
        ['cookieless', 'cookieless', 'api'],
        ['none', 'none', 'api'],
      ];
      for (const [chosen, level, source] of cases) {
        manager.setLevel(chosen);
        expect(manager.detail, chosen).to.include({ level, source });
      }
      const applied = bridge.calls.flatMap((call) => (call.method === 'applyLevel' ? [call.change.to] : []));
      expect(applied).to.deep.equal(['cookieless', 'cookieless', 'cookieless', 'cookieless', 'cookieless', 'none']);
    });
  });

  describe("several copies of the consent cookie (a parent-domain copy beside this site's)", () => {
    it('the most private applies, the conflict is named; a decision made here removes the other copies and lasts', () => {
      const { manager, cookies, store } = hub({ stored: storedDecision('cookieless'), options: { purposes: 'marketing' } });
      cookies.elsewhere.set(COOKIE, [
        serializeRecord({ level: 'full', policyVersion: '1', decidedAt: fixedTime, purposes: new Map([['marketing', true]]) }),
      ]);
      const { warnings } = quietly(() => manager.start());
      expect(manager.detail).to.deep.include({ level: 'cookieless', source: 'stored', purposes: [] });
      expect(manager.hasConsent('marketing')).to.equal(false);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('has 2 copies that disagree').and.contain('the most private applies: level "cookieless"');
      expect(cookies.writes, 'nothing written at start').to.deep.equal([]);

      manager.accept();
      expect(cookies.writes.slice(1), 'the other copy is removed').to.deep.equal([{ removeOtherCopies: COOKIE }]);
      expect(store.read()).to.deep.equal([cookies.jar.get(COOKIE)]);
      const { manager: next } = hub({ stored: cookies.jar.get(COOKIE)!, options: { purposes: 'marketing' } });
      next.start();
      expect(next.detail, 'the next page').to.deep.include({ level: 'full', source: 'stored', purposes: ['marketing'] });
    });

    it('moving from host-only to cookie-domain (or back): the decision is kept, the next one leaves one copy', () => {
      // The copy of the old scope is the only one: it is the decision, and nothing is written to read it.
      const { manager, cookies } = hub();
      cookies.elsewhere.set(COOKIE, [storedDecision('session')]);
      manager.start();
      expect(manager.detail).to.include({ level: 'session', source: 'stored' });
      expect(cookies.writes).to.deep.equal([]);
      manager.setLevel('anonymous');
      expect(cookies.getAll(COOKIE).map((copy) => (JSON.parse(copy) as { level: string }).level)).to.deep.equal(['anonymous']);
    });

    it('a reset removes every copy, so that no older copy comes back', () => {
      const { manager, cookies } = hub({ stored: storedDecision('full') });
      cookies.elsewhere.set(COOKIE, [storedDecision('full')]);
      manager.start();
      manager.reset();
      expect(cookies.getAll(COOKIE)).to.deep.equal([]);
      expect(manager.detail).to.include({ level: 'cookieless', source: 'default' });
    });
  });

  describe('stopped (the element out of the page): a decision made elsewhere still counts', () => {
    it("hasConsent() reads it at once; the bridges hear it at the next read of a tracker's guard", async () => {
      const { manager, steps, cookies, store } = hub({
        options: { purposes: 'marketing' },
        stored: serializeRecord({
          level: 'full',
          policyVersion: '1',
          decidedAt: fixedTime,
          purposes: new Map([['marketing', true]]),
        }),
      });
      manager.start();
      expect(manager.hasConsent('marketing')).to.equal(true);
      manager.stop();
      steps();
      // Another subdomain (or tab) withdraws.
      cookies.jar.set(
        COOKIE,
        serializeRecord({
          level: 'cookieless',
          policyVersion: '1',
          decidedAt: fixedTime,
          purposes: new Map([['marketing', false]]),
        }),
      );
      expect(manager.hasConsent('marketing')).to.equal(false);
      expect(steps()).to.deep.equal(['bridge: applyLevel full -> cookieless', 'listener heard cookieless (sync)']);

      cookies.jar.set(COOKIE, storedDecision('session'));
      store.read();
      await microtasks();
      expect(steps()).to.deep.equal(['bridge: applyLevel cookieless -> session', 'listener heard session (sync)']);
    });
  });

  it('a decision stored in format 1 (with its random id) counts; setLevel() rewrites it without the id', () => {
    const id = '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6';
    const formatOne = JSON.stringify({ v: 1, level: 'session', policy: '1', at: fixedTime - 60_000, id });
    const { manager, cookies } = hub({ stored: formatOne });
    manager.start();
    expect(manager.detail).to.include({ level: 'session', source: 'stored' });
    expect([manager.decided, manager.askVisitor, manager.recordProblem]).to.deep.equal([true, false, undefined]);
    expect(cookies.writes, 'read as it is, not rewritten on start').to.deep.equal([]);

    manager.setLevel('anonymous');
    expect(cookies.writes).to.deep.equal([
      {
        set: COOKIE,
        value: serializeRecord({ level: 'anonymous', policyVersion: '1', decidedAt: fixedTime, purposes: new Map() }),
        days: 180,
      },
    ]);
    const rewritten = JSON.parse(cookies.jar.get(COOKIE)!) as Record<string, unknown>;
    expect(rewritten).to.deep.equal({ v: 2, level: 'anonymous', policy: '1', at: fixedTime });
    expect(cookies.jar.get(COOKIE)).not.to.contain(id);
  });

  describe('purposes', () => {
    const PURPOSES = { purposes: 'functional marketing' };
    /** The purpose answers in the stored record, as the cookie has them. */
    const storedAnswers = (cookies: { jar: Map<string, string> }) =>
      (JSON.parse(cookies.jar.get(COOKIE)!) as { p?: Record<string, number> }).p;
    /** A decision stored in format 3, with these purpose answers. */
    const storedWithPurposes = (level: ConsentLevel, answers: Record<string, boolean>) =>
      serializeRecord({ level, policyVersion: '1', decidedAt: fixedTime - 60_000, purposes: new Map(Object.entries(answers)) });

    it('none granted before a choice; accept() grants every one, reject() none: stored, told to bridges and listeners', () => {
      const { manager, steps, cookies, bridge } = hub({ options: PURPOSES });
      manager.start();
      expect(manager.detail.purposes).to.deep.equal([]);
      expect([manager.askVisitor, manager.unansweredPurposes]).to.deep.equal([true, ['functional', 'marketing']]);
      steps();

      manager.accept('visitor');
      expect(manager.detail).to.include({ level: 'full', source: 'visitor' });
      expect(manager.detail.purposes).to.deep.equal(['functional', 'marketing']);
      expect([manager.askVisitor, manager.unansweredPurposes]).to.deep.equal([false, []]);
      expect(storedAnswers(cookies)).to.deep.equal({ functional: 1, marketing: 1 });
      const accepted = bridge.calls.flatMap((call) => (call.method === 'trackSelfDescribingEvent' ? [call.data] : [])).at(-1)!;
      expect(accepted['eventType']).to.equal('allow_all');
      expect((accepted['consentScopes'] as string[]).slice(-2)).to.deep.equal(['functional', 'marketing']);
      expect(bridge.calls.filter((call) => call.method === 'applyLevel').at(-1)).to.deep.include({
        change: { from: 'cookieless', to: 'full', userId: undefined, purposes: new Set(['functional', 'marketing']) },
      });

      manager.reject();
      expect(manager.detail.purposes).to.deep.equal([]);
      expect(storedAnswers(cookies)).to.deep.equal({ functional: 0, marketing: 0 });
      expect(manager.askVisitor, 'refused is answered').to.equal(false);
      expect(steps().filter((line) => line.includes('consent_preferences'))).to.deep.equal([
        'bridge: consent_preferences allow_all at full',
        'bridge: consent_preferences deny_all at cookieless',
      ]);
    });

    it('setConsent(): a partial choice is allow_selected; what is left out stays; setLevel() keeps the purposes', () => {
      const { manager, steps, cookies } = hub({ options: PURPOSES });
      manager.start();
      steps();
      expect(manager.setConsent({ level: 'session', purposes: ['marketing'] })).to.equal(true);
      expect(manager.detail).to.deep.include({ level: 'session', purposes: ['marketing'] });
      expect(storedAnswers(cookies)).to.deep.equal({ functional: 0, marketing: 1 });
      expect(steps()).to.deep.equal([
        'bridge: applyLevel cookieless -> session',
        'listener heard session (api)',
        'bridge: consent_preferences allow_selected at session',
      ]);

      manager.setConsent({ purposes: ['functional'] });
      expect(manager.detail).to.deep.include({ level: 'session', purposes: ['functional'] });
      manager.setLevel('full');
      expect(manager.detail).to.deep.include({ level: 'full', purposes: ['functional'] });
      expect(countOf(steps(), 'allow_selected'), 'not every purpose: a selection').to.equal(2);

      manager.setConsent({ level: 'cookieless', purposes: [] });
      expect(countOf(steps(), 'deny_all')).to.equal(1);
    });

    it('setConsent() without a decision keeps the default level; purposes as text are read like the setting', () => {
      const { manager } = hub({ options: { ...PURPOSES, defaultLevel: 'anonymous', rejectLevel: 'anonymous' } });
      manager.start();
      manager.setConsent({ purposes: 'Functional' as unknown as string[] });
      expect(manager.detail).to.deep.include({ level: 'anonymous', purposes: ['functional'] });
      expect([manager.decided, manager.askVisitor]).to.deep.equal([true, false]);
    });

    it('setConsent() with a bad level or list warns and changes nothing; unlisted names warn and are ignored', () => {
      const { manager, steps, cookies } = hub({ options: PURPOSES });
      manager.start();
      steps();
      for (const bad of [{ level: 'max' }, { purposes: 3 }, 'full', null]) {
        const { value, warnings } = quietly(() => manager.setConsent(bad as never));
        expect([value, warnings.length], JSON.stringify(bad)).to.deep.equal([false, 1]);
        expect(warnings[0]).to.contain('setConsent(').and.contain('nothing changes');
      }
      expect(steps()).to.deep.equal([]);
      expect(cookies.writes).to.deep.equal([]);

      const { value, warnings } = quietly(() => manager.setConsent({ purposes: ['functional', 'chat'] }));
      expect(value).to.equal(true);
      expect(warnings).to.deep.equal([
        '[consent-banner] setConsent(): "chat" is not a purpose this page lists (functional, marketing); ignored.',
      ]);
      expect(manager.detail.purposes).to.deep.equal(['functional']);
    });

    it('hasConsent(): true only for a granted purpose the page lists; any other name warns once and is false', () => {
      const { manager } = hub({ options: PURPOSES });
      expect(manager.hasConsent('functional'), 'before start').to.equal(false);
      manager.start();
      manager.setConsent({ level: 'full', purposes: ['functional'] });
      expect([manager.hasConsent('functional'), manager.hasConsent('marketing')]).to.deep.equal([true, false]);
      const { value, warnings } = quietly(() => [
        manager.hasConsent('personalization'),
        manager.hasConsent('personalization'),
        manager.hasConsent('full'),
        manager.hasConsent(undefined),
      ]);
      expect(value).to.deep.equal([false, false, false, false]);
      expect(warnings).to.deep.equal([
        '[consent-banner] hasConsent("personalization"): is not a purpose this page lists (functional, marketing); false.',
        '[consent-banner] hasConsent("full"): is not a purpose this page lists (functional, marketing); false.',
        '[consent-banner] hasConsent(undefined): is not a purpose this page lists (functional, marketing); false.',
      ]);
    });

    it('a change of the purposes alone reaches every bridge and listener', () => {
      const { manager, steps, bridge } = hub({
        options: PURPOSES,
        stored: storedWithPurposes('session', { functional: false, marketing: false }),
      });
      manager.start();
      steps();
      manager.setConsent({ purposes: ['marketing'] });
      expect(steps()).to.deep.equal([
        'bridge: applyLevel session -> session',
        'listener heard session (api)',
        'bridge: consent_preferences allow_selected at session',
      ]);
      expect(bridge.calls.at(-2)).to.deep.include({
        change: { from: 'session', to: 'session', userId: undefined, purposes: new Set(['marketing']) },
      });
    });

    it('a purpose the stored decision has never seen asks again, about it; the level and the other answers stay in force', () => {
      const stored = storedWithPurposes('session', { functional: true });
      const { manager, cookies } = hub({ options: { purposes: 'functional personalization marketing' }, stored });
      manager.start();
      expect(manager.detail).to.deep.include({ level: 'session', source: 'stored', purposes: ['functional'] });
      expect([manager.decided, manager.askVisitor, manager.recordProblem]).to.deep.equal([true, true, undefined]);
      expect(manager.unansweredPurposes).to.deep.equal(['personalization', 'marketing']);
      expect(manager.hasConsent('marketing'), 'never granted before an answer').to.equal(false);

      manager.setConsent({ purposes: ['functional', 'marketing'] });
      expect([manager.askVisitor, manager.level, manager.purposes]).to.deep.equal([
        false,
        'session',
        ['functional', 'marketing'],
      ]);
      expect(storedAnswers(cookies)).to.deep.equal({ functional: 1, personalization: 0, marketing: 1 });
    });

    it('a decision from before purposes (formats 1 and 2) stands, with no purpose granted; asked about the listed ones', () => {
      const formatOne = JSON.stringify({
        v: 1,
        level: 'full',
        policy: '1',
        at: fixedTime - 60_000,
        id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6',
      });
      for (const stored of [formatOne, storedDecision('full')]) {
        const { manager } = hub({ options: PURPOSES, stored });
        manager.start();
        expect(manager.detail).to.deep.include({ level: 'full', source: 'stored', purposes: [] });
        expect([manager.decided, manager.askVisitor, manager.unansweredPurposes]).to.deep.equal([
          true,
          true,
          ['functional', 'marketing'],
        ]);
        const unlisted = hub({ stored });
        unlisted.manager.start();
        expect(unlisted.manager.askVisitor, 'a page that lists none does not ask').to.equal(false);
      }
    });

    it("tampered entries in the cookie: a warning, never granted, dropped on rewrite; other pages' answers are kept", () => {
      const stored = JSON.stringify({
        v: 3,
        level: 'full',
        policy: '1',
        at: fixedTime - 60_000,
        p: { functional: 1, marketing: 'yes', '<b>x</b>': 1, chat: 1 },
      });
      const { manager, cookies } = hub({ options: PURPOSES, stored });
      const { warnings } = quietly(() => manager.start());
      expect(warnings).to.deep.equal([
        '[consent-banner] the stored decision (cookie "consent_banner") has purpose entries that are not a purpose name with 0 or 1: "marketing", "<b>x</b>"; they are ignored, never granted.',
      ]);
      expect(manager.detail).to.deep.include({ level: 'full', purposes: ['functional'] });
      expect(manager.unansweredPurposes).to.deep.equal(['marketing']);
      expect(manager.hasConsent('marketing')).to.equal(false);

      manager.setConsent({ purposes: ['functional'] });
      expect(storedAnswers(cookies), 'chat, listed on another page of the site, is kept').to.deep.equal({
        functional: 1,
        marketing: 0,
        chat: 1,
      });
    });

    it('another tab: its answers are adopted, a change of the purposes alone too', async () => {
      const { manager, steps, cookies, store } = hub({ options: PURPOSES });
      manager.start();
      steps();
      cookies.jar.set(COOKIE, storedWithPurposes('full', { functional: true, marketing: false }));
      store.read();
      await microtasks();
      expect(manager.detail).to.deep.include({ level: 'full', source: 'sync', purposes: ['functional'] });
      cookies.jar.set(COOKIE, storedWithPurposes('full', { functional: true, marketing: true }));
      store.read();
      await microtasks();
      expect(manager.detail).to.deep.include({ level: 'full', source: 'sync', purposes: ['functional', 'marketing'] });
      expect(steps()).to.deep.equal([
        'bridge: applyLevel cookieless -> full',
        'listener heard full (sync)',
        'bridge: applyLevel full -> full',
        'listener heard full (sync)',
      ]);
      expect(cookies.writes, 'nothing written back').to.deep.equal([]);
    });

    it('Global Privacy Control and Do Not Track: "Accept all" stores what the visitor was shown, the level capped and marketing refused', () => {
      const cases = [
        { signals: { globalPrivacyControl: true }, level: 'cookieless', source: 'gpc' },
        { signals: { doNotTrack: true }, level: 'none', source: 'dnt' },
      ];
      for (const { signals, level, source } of cases) {
        const { manager, cookies } = hub({ options: PURPOSES, signals });
        manager.start();
        expect([manager.askVisitor, manager.unansweredPurposes], 'functional is still to ask').to.deep.equal([
          true,
          ['functional', 'marketing'],
        ]);
        manager.accept('visitor');
        expect(manager.detail, JSON.stringify(signals)).to.deep.include({ level, source, purposes: ['functional'] });
        expect(manager.hasConsent('marketing')).to.equal(false);
        expect(storedAnswers(cookies)).to.deep.equal({ functional: 1, marketing: 0 });
        expect(JSON.parse(cookies.jar.get(COOKIE)!)).to.include({ level });

        // The next visit, without the signal: what was stored applies, nothing more.
        const { manager: next } = hub({ options: PURPOSES, stored: cookies.jar.get(COOKIE)! });
        next.start();
        expect(next.detail).to.deep.include({ level, source: 'stored', purposes: ['functional'] });
        expect([next.askVisitor, next.hasConsent('marketing')]).to.deep.equal([false, false]);
      }
    });

    it('Global Privacy Control: a level chosen through the API is stored capped; a more private one as chosen', () => {
      const { manager, cookies } = hub({ signals: { globalPrivacyControl: true } });
      manager.start();
      manager.setLevel('full');
      expect(JSON.parse(cookies.jar.get(COOKIE)!)).to.include({ level: 'cookieless' });
      expect(manager.detail).to.include({ level: 'cookieless', source: 'gpc' });
      manager.setLevel('none');
      expect(JSON.parse(cookies.jar.get(COOKIE)!)).to.include({ level: 'none' });
      expect(manager.detail).to.include({ level: 'none', source: 'api' });
    });
  });
});
