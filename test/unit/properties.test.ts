import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CONSENT_LEVELS, isConsentLevel, levelRank } from '../../src/consent/levels.js';
import { DEFAULT_OPTIONS, resolveConsentOptions, type RawConsentOptions } from '../../src/consent/options.js';
import { serializeRecord } from '../../src/consent/record.js';
import { startingDecision } from '../../src/consent/stored-decision.js';
import { quietly } from '../support/warnings.js';

const NOW = Date.UTC(2026, 10, 24);
const NO_SIGNALS = { doNotTrack: false, globalPrivacyControl: false };
const VALID = JSON.parse(
  serializeRecord({
    level: 'full',
    policyVersion: '1',
    decidedAt: NOW - 1000,
    purposes: new Map(),
  }),
) as Record<string, unknown>;
/** A decision stored by version 0.1: format 1, with a random id. */
const VALID_V1 = { ...VALID, v: 1, id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6' };
/** A page that lists purposes, and a decision in format 3 that grants them. */
const WITH_PURPOSES = { ...DEFAULT_OPTIONS, purposes: ['functional', 'marketing'] };
const VALID_V3 = JSON.parse(
  serializeRecord({
    level: 'full',
    policyVersion: '1',
    decidedAt: NOW - 1000,
    purposes: new Map([
      ['functional', true],
      ['marketing', true],
    ]),
  }),
) as Record<string, unknown>;

/** A valid format 3 record whose purpose answers are anything at all. */
const mutatedAnswers = fc
  .dictionary(fc.oneof(fc.string(), fc.constantFrom('functional', 'marketing', 'Marketing', 'chat')), fc.anything())
  .map((answers) => JSON.stringify({ ...VALID_V3, p: answers }));

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
  fc.constant(JSON.stringify(VALID_V3)),
  mutatedAnswers,
);

describe('properties of stored values and settings (fast-check, pure)', () => {
  it('any stored cookie value: never throws, never above the default unless it is a valid decision, no purpose granted without its answer (1000 runs)', () => {
    fc.assert(
      fc.property(storedValue, fc.boolean(), fc.boolean(), (value, doNotTrack, globalPrivacyControl) => {
        const { decision, record } = startingDecision(DEFAULT_OPTIONS, [value], { doNotTrack, globalPrivacyControl }, NOW);
        const unsignalled = startingDecision(DEFAULT_OPTIONS, [value], NO_SIGNALS, NOW).decision;
        if (record) expect(unsignalled.level).to.equal(record.level);
        else expect(levelRank(unsignalled.level)).to.be.at.most(levelRank(DEFAULT_OPTIONS.defaultLevel));
        if (doNotTrack) expect(decision.level).to.equal('none');
        if (globalPrivacyControl) expect(levelRank(decision.level)).to.be.at.most(levelRank('cookieless'));
        // A purpose is granted only when the page lists it and the stored record says 1 for it.
        const listed = startingDecision(WITH_PURPOSES, [value], { doNotTrack, globalPrivacyControl }, NOW);
        for (const purpose of listed.decision.purposes) {
          expect(WITH_PURPOSES.purposes).to.include(purpose);
          expect(listed.record?.purposes?.get(purpose)).to.equal(true);
        }
        if (doNotTrack || globalPrivacyControl) expect(listed.decision.purposes.has('marketing')).to.equal(false);
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
