import { expect } from '@open-wc/testing';
import { randomUuid } from '../../src/consent/random-id.js';
import { parseRecord, serializeRecord, type ConsentRecord } from '../../src/consent/record.js';

const now = Date.UTC(2026, 10, 24);
const expected = { policyVersion: '3', maxAgeMs: 180 * 86_400_000, now };
const record: ConsentRecord = { level: 'session', policyVersion: '3', decidedAt: now - 1000 };
/** The format version 0.1 stored: the same fields and a random id. */
const formatOne = (id: string): string => JSON.stringify({ v: 1, level: 'session', policy: '3', at: now - 1000, id });

describe('stored record (pure)', () => {
  it('round-trips, and stores no identifier: level, policy version and time only', () => {
    expect(parseRecord(serializeRecord(record), expected)).to.deep.equal({ record });
    expect(Object.keys(JSON.parse(serializeRecord(record)) as object).sort()).to.deep.equal(['at', 'level', 'policy', 'v']);
  });

  it('a decision stored by version 0.1 (with its random id) is still valid, and is rewritten without the id', () => {
    const reading = parseRecord(formatOne(randomUuid()), expected);
    expect(reading).to.deep.equal({ record });
    expect(serializeRecord(record)).not.to.contain('"id"');
  });

  it('says why a value is not a decision', () => {
    const cases: [unknown, string][] = [
      [undefined, 'missing'],
      ['', 'missing'],
      ['{', 'invalid'],
      ['null', 'invalid'],
      ['x'.repeat(5000), 'invalid'],
      [serializeRecord({ ...record, level: 'max' as never }), 'invalid'],
      [formatOne('not-a-uuid'), 'invalid'],
      [JSON.stringify({ ...JSON.parse(serializeRecord(record)), id: randomUuid() }), 'invalid'],
      [serializeRecord({ ...record, decidedAt: 1.5 }), 'invalid'],
      [serializeRecord({ ...record, decidedAt: now + 2 * 86_400_000 }), 'invalid'],
      [serializeRecord({ ...record, policyVersion: '2' }), 'outdated'],
      [serializeRecord({ ...record, decidedAt: now - 181 * 86_400_000 }), 'expired'],
    ];
    for (const [raw, problem] of cases)
      expect(parseRecord(raw as string, expected), String(raw).slice(0, 40)).to.deep.equal({ problem });
  });

  it('makes version 4 ids', () => {
    const ids = new Set(Array.from({ length: 50 }, randomUuid));
    expect(ids.size).to.equal(50);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
