import { expect } from '@open-wc/testing';
import { decide, readPrivacySignals } from '../../src/consent/decide.js';
import type { ConsentRecord } from '../../src/consent/record.js';

const record = (level: ConsentRecord['level']): ConsentRecord => ({ level, policyVersion: '1', decidedAt: 1 });
const none = { doNotTrack: false, globalPrivacyControl: false };

describe('decide() (pure)', () => {
  it('undecided: the default level, and the banner asks', () => {
    expect(decide({ record: undefined, recordSource: 'stored', defaultLevel: 'cookieless', signals: none })).to.deep.equal({
      level: 'cookieless',
      source: 'default',
      askVisitor: true,
    });
  });

  it('a decision applies with its source', () => {
    expect(decide({ record: record('session'), recordSource: 'sync', defaultLevel: 'none', signals: none })).to.deep.equal({
      level: 'session',
      source: 'sync',
      askVisitor: false,
    });
  });

  it('Do Not Track: none, whatever was decided', () => {
    const signals = { doNotTrack: true, globalPrivacyControl: true };
    expect(decide({ record: record('full'), recordSource: 'stored', defaultLevel: 'cookieless', signals })).to.deep.equal({
      level: 'none',
      source: 'dnt',
      askVisitor: false,
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
