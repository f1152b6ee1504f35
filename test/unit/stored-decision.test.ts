import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import { DEFAULT_OPTIONS, resolveConsentOptions } from '../../src/consent/options.js';
import { expectationsFor, parseRecord, serializeRecord } from '../../src/consent/record.js';
import { createConsentStore } from '../../src/consent/storage.js';
import { consentGate, readStoredDecision } from '../../src/consent/stored-decision.js';
import { memoryCookies } from '../support/fakes.js';

const NOW = Date.UTC(2026, 10, 24, 12);
const DAY = 24 * 60 * 60 * 1000;
const EXPECTED = expectationsFor(DEFAULT_OPTIONS, NOW);
const NO_SIGNALS = { doNotTrack: false, globalPrivacyControl: false };

function stored(level: ConsentLevel, answers: Record<string, boolean> = {}, age = DAY): string {
  return serializeRecord({ level, policyVersion: '1', decidedAt: NOW - age, purposes: new Map(Object.entries(answers)) });
}

describe('the stored decision, from every copy of the cookie (pure)', () => {
  it('copies that disagree: the lowest level; a purpose granted only when every copy grants it, refused when one refuses', () => {
    const sibling = stored('full', { functional: true, marketing: true, chat: true }, 2 * DAY);
    const own = stored('cookieless', { functional: true, marketing: false });
    for (const copies of [
      [sibling, own],
      [own, sibling],
    ]) {
      const reading = readStoredDecision(copies, EXPECTED);
      expect(reading.conflict).to.equal(true);
      expect(reading.problem).to.equal(undefined);
      expect(reading.record?.level).to.equal('cookieless');
      // chat: granted by one copy, never asked by the other: not granted, and asked again.
      expect([...(reading.record?.purposes ?? [])]).to.deep.equal([
        ['functional', true],
        ['marketing', false],
      ]);
      expect(reading.record?.decidedAt, 'the older decision runs out first').to.equal(NOW - 2 * DAY);
    }
  });

  it('a copy that is no decision (tampered, another policy, expired) counts for nothing beside a valid one', () => {
    const own = stored('session');
    for (const other of ['full', '{"v":2,"level":"full","policy":"0","at":1}', stored('full', {}, 400 * DAY)]) {
      const reading = readStoredDecision([other, own], EXPECTED);
      expect(reading.record?.level, other).to.equal('session');
      expect(reading.conflict).to.equal(true);
    }
  });

  it('no valid copy: no decision, and the problem that says most (expired, then outdated, then invalid)', () => {
    const expired = stored('full', {}, 400 * DAY);
    const outdated = JSON.stringify({ v: 2, level: 'full', policy: '0', at: NOW - DAY });
    expect(readStoredDecision([], EXPECTED)).to.deep.equal({
      record: undefined,
      problem: 'missing',
      ignoredPurposes: [],
      conflict: false,
    });
    expect(readStoredDecision(['x', outdated], EXPECTED).problem).to.equal('outdated');
    expect(readStoredDecision(['x', outdated, expired], EXPECTED).problem).to.equal('expired');
    expect(readStoredDecision(['x'], EXPECTED).problem).to.equal('invalid');
  });

  it('two equal copies are no conflict', () => {
    const own = stored('anonymous');
    expect(readStoredDecision([own, own], EXPECTED)).to.deep.include({ conflict: false, problem: undefined });
  });
});

describe('the gate: the stored decision read before every event, parsed once per change', () => {
  /** Counts the JSON.parse calls made while `run` runs: each parse of a stored copy is one. */
  function parsesDuring(run: () => void): number {
    const original = JSON.parse;
    let count = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      count += 1;
      return original(text, reviver);
    }) as typeof JSON.parse;
    try {
      run();
    } finally {
      JSON.parse = original;
    }
    return count;
  }

  it('asked a hundred times with the cookie unchanged: one parse; a change of the cookie is read at the next question', () => {
    const cookies = memoryCookies({ c: stored('full') });
    const options = resolveConsentOptions({ cookieName: 'c' }, 'shop.example');
    let now = NOW;
    const gate = consentGate(options, createConsentStore('c', cookies), NO_SIGNALS, () => now);
    const levels: ConsentLevel[] = [];
    expect(parsesDuring(() => Array.from({ length: 100 }, () => levels.push(gate.level())))).to.equal(1);
    expect(new Set(levels)).to.deep.equal(new Set(['full']));

    // Another subdomain withdraws: the very next question sees it.
    cookies.elsewhere.set('c', [stored('cookieless')]);
    expect(parsesDuring(() => levels.push(gate.level(), gate.level()))).to.equal(2);
    expect(levels.slice(-2)).to.deep.equal(['cookieless', 'cookieless']);

    // The decision runs out while the page is open (cookie-days after it was made): read again then.
    now = NOW + 180 * DAY;
    expect(gate.level()).to.equal('cookieless');
    cookies.elsewhere.delete('c');
    expect(gate.level(), 'the full decision is older than cookie-days').to.equal('cookieless');
  });
});

describe('page code that adds keys to Object.prototype (prototype pollution)', () => {
  const POLLUTION: Record<string, unknown> = {
    defaultLevel: 'full',
    acceptLevel: 'full',
    rejectLevel: 'full',
    ignoreDnt: true,
    ignoreGpc: true,
    purposes: 'marketing',
    p: { marketing: 1, functional: 1 },
    level: 'full',
  };
  afterEach(() => {
    for (const key of Object.keys(POLLUTION)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  /** Runs `read` with enumerable keys on Object.prototype, and removes them before anything is asserted. */
  function polluted<T>(read: () => T): T {
    for (const [key, value] of Object.entries(POLLUTION)) {
      Object.defineProperty(Object.prototype, key, { value, enumerable: true, configurable: true, writable: true });
    }
    try {
      return read();
    } finally {
      for (const key of Object.keys(POLLUTION)) delete (Object.prototype as Record<string, unknown>)[key];
    }
  }

  it('settings: a level, a purpose or ignoring a signal is never taken from the prototype', () => {
    const options = polluted(() => resolveConsentOptions({}, 'shop.example'));
    expect(options).to.deep.equal({ ...DEFAULT_OPTIONS });
  });

  it('a stored record without purposes grants none, whatever Object.prototype.p says', () => {
    const reading = polluted(() => parseRecord(stored('session'), EXPECTED));
    expect(reading).to.deep.equal({
      record: { level: 'session', policyVersion: '1', decidedAt: NOW - DAY, purposes: new Map() },
    });
  });
});
