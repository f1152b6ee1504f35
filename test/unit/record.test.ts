import { expect } from '@open-wc/testing';
import { randomUuid } from '../../src/consent/random-id.js';
import { parseRecord, serializeRecord, type ConsentRecord } from '../../src/consent/record.js';

const now = Date.UTC(2026, 10, 24);
const expected = { policyVersion: '3', maxAgeMs: 180 * 86_400_000, now };
const record: ConsentRecord = { level: 'session', policyVersion: '3', decidedAt: now - 1000, purposes: new Map() };
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

  it('format 3 keeps an answer per purpose asked about (1 granted, 0 refused), in the order given', () => {
    const answered: ConsentRecord = {
      ...record,
      purposes: new Map([
        ['marketing', false],
        ['functional', true],
      ]),
    };
    const stored = serializeRecord(answered);
    expect(JSON.parse(stored)).to.deep.equal({
      v: 3,
      level: 'session',
      policy: '3',
      at: now - 1000,
      p: { marketing: 0, functional: 1 },
    });
    expect(parseRecord(stored, expected)).to.deep.equal({ record: answered });
  });

  it('a decision without purpose answers is written in format 2, which copies from before purposes read', () => {
    const stored = serializeRecord({ ...record, purposes: new Map() });
    expect(JSON.parse(stored)).to.deep.equal({ v: 2, level: 'session', policy: '3', at: now - 1000 });
    expect(parseRecord(stored, expected), 'format 2: a decision, no purpose answered').to.deep.equal({ record });
  });

  it('purpose entries that are not a purpose name with 0 or 1 are left out and reported; the decision stands', () => {
    const tampered = JSON.stringify({
      v: 3,
      level: 'session',
      policy: '3',
      at: now - 1000,
      p: { functional: 1, '<img src=x>': 1, Marketing: 1, ads: 2, chat: true, personalization: 0, ['x'.repeat(33)]: 1 },
    });
    expect(parseRecord(tampered, expected)).to.deep.equal({
      record: {
        ...record,
        purposes: new Map([
          ['functional', true],
          ['personalization', false],
        ]),
      },
      ignoredPurposes: ['<img src=x>', 'Marketing', 'ads', 'chat', 'x'.repeat(33)],
    });
  });

  it('keeps the cookie small: answers that would pass the size limit are left out, the last given first', () => {
    const many = new Map(Array.from({ length: 40 }, (_, i) => [`purpose-${String(i).padStart(2, '0')}-${'x'.repeat(20)}`, true]));
    const stored = serializeRecord({ ...record, purposes: many });
    expect(stored.length).to.be.at.most(1024);
    const reading = parseRecord(stored, expected);
    const kept = 'record' in reading ? [...(reading.record.purposes?.keys() ?? [])] : [];
    expect(kept.length).to.be.within(20, 39);
    expect(kept, 'the first ones given are kept').to.deep.equal([...many.keys()].slice(0, kept.length));
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
      [JSON.stringify({ v: 3, level: 'session', policy: '3', at: now - 1000 }), 'invalid'],
      [JSON.stringify({ v: 3, level: 'session', policy: '3', at: now - 1000, p: ['functional'] }), 'invalid'],
      [JSON.stringify({ v: 3, level: 'session', policy: '3', at: now - 1000, p: 'functional' }), 'invalid'],
      [JSON.stringify({ v: 2, level: 'session', policy: '3', at: now - 1000, p: {} }), 'invalid'],
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
