import { expect } from '@open-wc/testing';
import { decide } from '../../src/consent/decide.js';
import { resolveConsentOptions } from '../../src/consent/options.js';
import { parseRecord, serializeRecord, type ConsentRecord } from '../../src/consent/record.js';
import { NO_REGION_POLICY } from '../../src/consent/region-policy.js';
import { NAMED_POLICIES, US_PRIVACY_STATES } from '../../src/consent/regions.js';
import { quietly } from '../support/warnings.js';

const HOST = 'www.example.com';
const options = (given: Record<string, unknown>) => quietly(() => resolveConsentOptions(given, HOST, (key) => key));
const NO_SIGNALS = { doNotTrack: false, globalPrivacyControl: false };
const GPC = { doNotTrack: false, globalPrivacyControl: true };
const PURPOSES = ['functional', 'marketing'];

describe('regions (pure)', () => {
  it('built-in policies: the EEA and the UK GDPR, Switzerland opt-in, US privacy states opt-out, others default-policy', () => {
    const policy = (region: string, more: Record<string, unknown> = {}) => options({ region, ...more }).value.policy;
    for (const region of ['FR', 'de', ' IT ', 'NO', 'IS', 'LI', 'GP', 'GB'])
      expect(policy(region), region).to.deep.equal(NAMED_POLICIES.gdpr);
    expect(policy('CH')).to.deep.equal(NAMED_POLICIES['opt-in']);
    for (const state of US_PRIVACY_STATES) expect(policy(`US-${state}`), state).to.deep.equal(NAMED_POLICIES['opt-out']);
    for (const region of ['US', 'US-FL', 'BR', 'JP', 'FR-75']) {
      const expected = region.startsWith('FR') ? NAMED_POLICIES.gdpr : NAMED_POLICIES['opt-in'];
      expect(policy(region), region).to.deep.equal(expected);
    }
    expect(policy('BR', { defaultPolicy: 'opt-out' })).to.deep.equal(NAMED_POLICIES['opt-out']);
    expect(options({}).value.policy, 'no region').to.equal(NO_REGION_POLICY);
  });

  it('opt-out regions measure at the accept level before a choice; opt-in ones at default-level', () => {
    expect(options({ region: 'US-CA', acceptLevel: 'session' }).value.defaultLevel).to.equal('session');
    expect(options({ region: 'FR', defaultLevel: 'anonymous', rejectLevel: 'anonymous' }).value.defaultLevel).to.equal(
      'anonymous',
    );
  });

  it('a bad region is named and ignored (the page behaves as without region); CDN "unknown" codes are quiet', () => {
    for (const bad of ['Mars', 'FRA', 'QQ', 'US_CA', 'US-CALIF', 42]) {
      const { value, warnings } = options({ region: bad });
      expect(value.region, String(bad)).to.equal(undefined);
      expect(warnings.join(), String(bad)).to.contain('region=');
      expect(warnings.join()).to.contain('is not an ISO 3166-1 country code');
    }
    for (const unknown of ['XX', 't1', '']) {
      const { value, warnings } = options({ region: unknown });
      expect(value.region).to.equal(undefined);
      expect(warnings).to.deep.equal([]);
    }
    expect(options({ region: 'us-ca' }).value.region).to.equal('US-CA');
  });

  it('region-policies: a site overrides a subdivision, a country, or single fields of a policy; bad entries are named', () => {
    const regionPolicies = JSON.stringify({
      'US-CA': 'opt-in',
      US: 'opt-out',
      FR: { signals: 'default' },
      BR: 'nice',
      'X-1': 'opt-in',
      // No country: the United Kingdom is GB.
      UK: 'gdpr',
    });
    const { value: california, warnings } = options({ region: 'US-CA', regionPolicies });
    expect(california.policy).to.deep.equal(NAMED_POLICIES['opt-in']);
    expect(warnings.join()).to.contain('regionPolicies=');
    expect(warnings.join(), 'a region code that names no country').to.contain('"UK"');
    expect(warnings.join()).to.contain('"BR", "X-1"');
    expect(options({ region: 'US-FL', regionPolicies }).value.policy, 'the country entry').to.deep.equal(
      NAMED_POLICIES['opt-out'],
    );
    expect(options({ region: 'FR', regionPolicies }).value.policy).to.deep.equal({ ...NAMED_POLICIES.gdpr, signals: 'default' });
    expect(options({ region: 'FR', regionPolicies: '{not json' }).warnings.join()).to.contain('is not a JSON object');
    expect(options({ region: 'FR', defaultPolicy: 'strict' }).warnings.join()).to.contain(
      'defaultPolicy="strict" is not one of gdpr, opt-in, opt-out',
    );
  });

  it('a record made under a privacy signal keeps `g: 1`; older formats and other values are not decisions', () => {
    const record: ConsentRecord = {
      level: 'full',
      policyVersion: '1',
      decidedAt: 1_000,
      purposes: new Map([['marketing', true]]),
      underSignal: true,
    };
    const stored = serializeRecord(record);
    expect(JSON.parse(stored)).to.deep.include({ g: 1, v: 3 });
    const expected = { policyVersion: '1', maxAgeMs: 10_000, now: 2_000 };
    expect(parseRecord(stored, expected)).to.deep.equal({ record });
    expect(parseRecord(serializeRecord({ ...record, purposes: new Map() }), expected)).to.deep.equal({
      record: { ...record, purposes: new Map() },
    });
    expect(parseRecord(JSON.stringify({ v: 2, level: 'full', policy: '1', at: 1_000, g: 2 }), expected)).to.deep.equal({
      problem: 'invalid',
    });
    expect(parseRecord(JSON.stringify({ v: 2, level: 'full', policy: '1', at: 1_000, g: true }), expected)).to.deep.equal({
      problem: 'invalid',
    });
  });
});

describe("decide() with a region's policy (pure)", () => {
  const optOut = NAMED_POLICIES['opt-out'];
  const base = { recordSource: 'stored' as const, defaultLevel: 'full' as const, purposes: PURPOSES };

  it('opt-out: the purposes are granted until refused, nobody is asked', () => {
    const undecided = decide({ ...base, record: undefined, signals: NO_SIGNALS, policy: optOut });
    expect(undecided).to.deep.include({ level: 'full', source: 'default', askVisitor: false });
    expect([...undecided.purposes]).to.deep.equal(PURPOSES);
    const refused: ConsentRecord = {
      level: 'cookieless',
      policyVersion: '1',
      decidedAt: 1,
      purposes: new Map([['marketing', false]]),
    };
    const decided = decide({ ...base, record: refused, signals: NO_SIGNALS, policy: optOut });
    expect([...decided.purposes], 'functional never answered: still granted').to.deep.equal(['functional']);
    expect(decided.askVisitor).to.equal(false);
  });

  it('signals as the default: they answer for the visitor until a choice made under them, which stands', () => {
    const undecided = decide({ ...base, record: undefined, signals: GPC, policy: optOut });
    expect(undecided).to.deep.include({ level: 'cookieless', source: 'gpc' });
    expect([...undecided.purposes]).to.deep.equal(['functional']);
    const made: ConsentRecord = { level: 'full', policyVersion: '1', decidedAt: 1, purposes: new Map([['marketing', true]]) };
    const before = decide({ ...base, record: made, signals: GPC, policy: optOut });
    expect(before, 'made without the signal: the signal is a later opt-out').to.deep.include({
      level: 'cookieless',
      source: 'gpc',
    });
    const under = decide({ ...base, record: { ...made, underSignal: true }, signals: GPC, policy: optOut });
    expect(under).to.deep.include({ level: 'full', source: 'stored' });
    expect([...under.purposes]).to.deep.equal(PURPOSES);
    const capped = decide({ ...base, record: { ...made, underSignal: true }, signals: GPC, policy: NAMED_POLICIES.gdpr });
    expect(capped, 'where signals cap, the mark gives nothing').to.deep.include({ level: 'cookieless', source: 'gpc' });
    expect([...capped.purposes]).to.deep.equal([]);
  });
});
