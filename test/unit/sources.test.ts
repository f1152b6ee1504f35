// The settings of decision sources and signals out: their defaults, the maps, and what a bad value gives.
import { expect } from '@open-wc/testing';
import { decide } from '../../src/consent/decide.js';
import { DEFAULT_OPTIONS } from '../../src/consent/options.js';
import { decisionFrom, resolveSourceMap } from '../../src/sources/map.js';
import { consentSourceName } from '../../src/sources/names.js';
import { setupConsent } from '../../src/setup.js';
import { recordConsole } from '../support/warnings.js';

const options = { ...DEFAULT_OPTIONS, purposes: ['functional', 'marketing'] };
const grants =
  (...keys: string[]) =>
  (key: string) =>
    keys.includes(key);

describe('decision sources: settings', () => {
  let warnings: string[];
  const original = console.warn;
  beforeEach(() => {
    warnings = [];
    recordConsole('warn', warnings);
  });
  afterEach(() => {
    console.warn = original;
  });

  it('with a source, our banner never asks, even undecided; the default level applies', () => {
    const input = {
      record: undefined,
      recordSource: 'stored' as const,
      defaultLevel: 'cookieless' as const,
      signals: { doNotTrack: false, globalPrivacyControl: false },
      purposes: ['marketing'],
    };
    expect(decide(input)).to.include({ askVisitor: true, level: 'cookieless' });
    expect(decide({ ...input, decidedElsewhere: true })).to.include({
      askVisitor: false,
      level: 'cookieless',
      source: 'default',
    });
  });

  it('an unknown source is named in a warning; no banner shows and the default level stays', () => {
    expect(consentSourceName('quantcast', 'consent-source')).to.equal(null);
    expect(warnings.join('\n')).to.contain('consent-source="quantcast" is not a consent manager this library reads');
    const manager = setupConsent({ consentSource: 'quantcast', consentEvents: false, cookieName: 'sources_unit' });
    manager.start();
    expect(manager.askVisitor).to.equal(false);
    expect(manager.level).to.equal('cookieless');
    manager.dispose();
  });

  it('default maps: the most data whose keys are all granted, else reject-level, capped at accept-level', () => {
    const map = resolveSourceMap('onetrust', undefined, options, 'consent-source-map');
    expect(decisionFrom(map, grants('C0001', 'C0002', 'C0004'), options)).to.deep.equal({
      level: 'full',
      purposes: ['marketing'],
    });
    expect(decisionFrom(map, grants('C0001'), options)).to.deep.equal({ level: 'cookieless', purposes: [] });
    expect(decisionFrom(map, grants('C0002'), { ...options, acceptLevel: 'session' })).to.deep.include({ level: 'session' });
    const tcf = resolveSourceMap('tcf', undefined, options, 'consent-source-map');
    expect(decisionFrom(tcf, grants('purpose:8'), options), 'measurement without storage').to.deep.include({
      level: 'cookieless',
    });
    expect(decisionFrom(tcf, grants('purpose:1', 'purpose:8'), options)).to.deep.equal({
      level: 'full',
      purposes: ['functional'],
    });
  });

  it('a map given replaces the sections it names; bad JSON and bad entries are warned about and grant nothing', () => {
    const map = resolveSourceMap(
      'cookiebot',
      '{"levels": {"session": ["statistics"], "loud": ["x"]}, "purposes": {"marketing": []}}',
      options,
      'consent-source-map',
    );
    expect(decisionFrom(map, grants('statistics', 'marketing', 'preferences'), options)).to.deep.equal({
      level: 'session',
      purposes: [],
    });
    expect(warnings.join('\n')).to.contain('"loud" are not consent levels');
    expect(warnings.join('\n')).to.contain('"marketing" needs a non-empty list of keys');
    expect(warnings.join('\n')).to.contain('gives no key of cookiebot for the purposes "functional", "marketing"');
    const fallback = resolveSourceMap('cookiebot', '{not json', options, 'consent-source-map');
    expect(fallback).to.deep.equal(resolveSourceMap('cookiebot', undefined, options, 'consent-source-map'));
    expect(warnings.join('\n')).to.contain('consent-source-map="{not json" is not a JSON object');
  });
});
