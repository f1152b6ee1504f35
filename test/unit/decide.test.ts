import { expect } from '@open-wc/testing';
import { decide, readPrivacySignals } from '../../src/consent/decide.js';
import type { ConsentRecord } from '../../src/consent/record.js';

const record = (level: ConsentRecord['level'], answers: Record<string, boolean> = {}): ConsentRecord => ({
  level,
  policyVersion: '1',
  decidedAt: 1,
  purposes: new Map(Object.entries(answers)),
});
const none = { doNotTrack: false, globalPrivacyControl: false };
/** What a page that lists no purpose decides about them: nothing. */
const noPurposes = { purposes: new Set(), unansweredPurposes: [] };

describe('decide() (pure)', () => {
  it('undecided: the default level, and the banner asks', () => {
    expect(decide({ record: undefined, recordSource: 'stored', defaultLevel: 'cookieless', signals: none })).to.deep.equal({
      level: 'cookieless',
      source: 'default',
      askVisitor: true,
      ...noPurposes,
    });
  });

  it('a decision applies with its source', () => {
    expect(decide({ record: record('session'), recordSource: 'sync', defaultLevel: 'none', signals: none })).to.deep.equal({
      level: 'session',
      source: 'sync',
      askVisitor: false,
      ...noPurposes,
    });
  });

  it('Do Not Track: none, whatever was decided', () => {
    const signals = { doNotTrack: true, globalPrivacyControl: true };
    expect(decide({ record: record('full'), recordSource: 'stored', defaultLevel: 'cookieless', signals })).to.deep.equal({
      level: 'none',
      source: 'dnt',
      askVisitor: false,
      ...noPurposes,
    });
  });

  it('Global Privacy Control caps at cookieless and answers for the visitor', () => {
    const signals = { doNotTrack: false, globalPrivacyControl: true };
    expect(decide({ record: record('full'), recordSource: 'stored', defaultLevel: 'cookieless', signals })).to.include({
      level: 'cookieless',
      source: 'gpc',
    });
    expect(decide({ record: record('none'), recordSource: 'stored', defaultLevel: 'cookieless', signals })).to.include({
      level: 'none',
      source: 'stored',
    });
    expect(decide({ record: undefined, recordSource: 'stored', defaultLevel: 'none', signals })).to.deep.equal({
      level: 'none',
      source: 'gpc',
      askVisitor: false,
      ...noPurposes,
    });
  });

  describe('purposes', () => {
    const purposes = ['functional', 'personalization', 'marketing'];
    const base = { recordSource: 'stored', defaultLevel: 'cookieless', signals: none, purposes } as const;

    it('undecided: none granted, every purpose unanswered', () => {
      expect(decide({ ...base, record: undefined })).to.deep.equal({
        level: 'cookieless',
        source: 'default',
        askVisitor: true,
        purposes: new Set(),
        unansweredPurposes: purposes,
      });
    });

    it('granted as answered, in the order the page lists them; refused ones count as answered', () => {
      const decision = decide({
        ...base,
        record: record('session', { marketing: true, functional: true, personalization: false }),
      });
      expect([...decision.purposes]).to.deep.equal(['functional', 'marketing']);
      expect(decision).to.include({ level: 'session', source: 'stored', askVisitor: false });
      expect(decision.unansweredPurposes).to.deep.equal([]);
    });

    it('a purpose the decision has never seen: asked about, while the level and the other answers stay in force', () => {
      const decision = decide({ ...base, record: record('full', { functional: true, marketing: false }) });
      expect(decision).to.include({ level: 'full', source: 'stored', askVisitor: true });
      expect([...decision.purposes]).to.deep.equal(['functional']);
      expect(decision.unansweredPurposes).to.deep.equal(['personalization']);
    });

    it('a record from before purposes: its level stands, no purpose granted; asked only when the page lists some', () => {
      const old: ConsentRecord = { level: 'full', policyVersion: '1', decidedAt: 1, purposes: new Map() };
      expect(decide({ ...base, record: old })).to.deep.equal({
        level: 'full',
        source: 'stored',
        askVisitor: true,
        purposes: new Set(),
        unansweredPurposes: purposes,
      });
      expect(decide({ ...base, purposes: [], record: old })).to.deep.equal({
        level: 'full',
        source: 'stored',
        askVisitor: false,
        ...noPurposes,
      });
    });

    it('answers about purposes the page does not list grant nothing here', () => {
      const decision = decide({ ...base, purposes: ['functional'], record: record('full', { chat: true, functional: false }) });
      expect([...decision.purposes]).to.deep.equal([]);
      expect(decision.askVisitor).to.equal(false);
    });

    it('Do Not Track and Global Privacy Control: marketing never granted nor asked about; the others follow the answers', () => {
      for (const signals of [
        { doNotTrack: true, globalPrivacyControl: false },
        { doNotTrack: false, globalPrivacyControl: true },
      ]) {
        const label = JSON.stringify(signals);
        const all = record('full', { functional: true, personalization: true, marketing: true });
        expect([...decide({ ...base, signals, record: all }).purposes], label).to.deep.equal(['functional', 'personalization']);
        const undecided = decide({ ...base, signals, record: undefined });
        expect([undecided.purposes.size, undecided.askVisitor], label).to.deep.equal([0, true]);
        const marketingOnly = decide({ ...base, signals, purposes: ['marketing'], record: undefined });
        expect(marketingOnly.askVisitor, `${label}: the signal answers for marketing`).to.equal(false);
      }
    });
  });

  it('reads the signals, honouring ignore-dnt and ignore-gpc', () => {
    expect(readPrivacySignals({ doNotTrack: '1', globalPrivacyControl: true }, { dnt: false, gpc: false })).to.deep.equal({
      doNotTrack: true,
      globalPrivacyControl: true,
    });
    expect(readPrivacySignals({ doNotTrack: 'yes' }, { dnt: true, gpc: false })).to.deep.equal({
      doNotTrack: false,
      globalPrivacyControl: false,
    });
    expect(readPrivacySignals({ doNotTrack: '0', globalPrivacyControl: 'true' }, { dnt: false, gpc: false })).to.deep.equal({
      doNotTrack: false,
      globalPrivacyControl: false,
    });
  });
});
