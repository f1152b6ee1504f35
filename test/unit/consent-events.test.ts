import { expect } from '@open-wc/testing';
import {
  cmpVisibleEvent,
  consentPreferencesEvent,
  consentScopes,
  eventTypeForChoice,
  isMeasurementScope,
  resolveConsentEventSettings,
} from '../../src/consent/consent-events.js';
import { CONSENT_LEVELS, type ConsentLevel } from '../../src/consent/levels.js';
import { schemaProblems } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

const page = { href: 'https://shop.example.com/checkout?token=secret#x', hostname: 'shop.example.com' };

describe('consent events (pure)', () => {
  it('names a decision by where it falls between reject and accept', () => {
    const levelsOnly = (level: ConsentLevel, acceptLevel: ConsentLevel, rejectLevel: ConsentLevel) =>
      eventTypeForChoice({ level, grantedPurposes: [] }, { acceptLevel, rejectLevel, purposes: [] });
    const types = CONSENT_LEVELS.map((level) => levelsOnly(level, 'full', 'cookieless'));
    expect(types).to.deep.equal(['allow_all', 'allow_selected', 'allow_selected', 'deny_all', 'deny_all']);
    expect(levelsOnly('session', 'session', 'none')).to.equal('allow_all');
    expect(levelsOnly('none', 'full', 'none')).to.equal('deny_all');
  });

  it('with purposes: all is the accept level and every purpose, nothing the reject level and none', () => {
    const settings = { acceptLevel: 'full', rejectLevel: 'cookieless', purposes: ['functional', 'marketing'] } as const;
    const cases: [ConsentLevel, string[], string][] = [
      ['full', ['functional', 'marketing'], 'allow_all'],
      ['full', ['marketing'], 'allow_selected'],
      ['full', [], 'allow_selected'],
      ['session', ['functional', 'marketing'], 'allow_selected'],
      ['cookieless', ['functional'], 'allow_selected'],
      ['cookieless', [], 'deny_all'],
      ['none', [], 'deny_all'],
    ];
    for (const [level, grantedPurposes, type] of cases) {
      expect(eventTypeForChoice({ level, grantedPurposes }, settings), `${level} ${grantedPurposes.join()}`).to.equal(type);
    }
    // Accept and reject give the same level: the purposes alone tell all from nothing.
    const sameLevel = { acceptLevel: 'cookieless', rejectLevel: 'cookieless', purposes: ['functional'] } as const;
    expect(eventTypeForChoice({ level: 'cookieless', grantedPurposes: ['functional'] }, sameLevel)).to.equal('allow_all');
    expect(eventTypeForChoice({ level: 'cookieless', grantedPurposes: [] }, sameLevel)).to.equal('deny_all');
  });

  it('scopes start with the level and list what it lets out, then the purposes granted', () => {
    for (const level of CONSENT_LEVELS) expect(consentScopes(level)[0]).to.equal(level);
    expect(consentScopes('cookieless')).to.deep.equal(['cookieless']);
    expect(consentScopes('session')).not.to.include('device_id');
    expect(consentScopes('cookieless', ['functional', 'marketing'])).to.deep.equal(['cookieless', 'functional', 'marketing']);
    for (const word of ['full', 'none', 'device_id', 'cookies']) expect(isMeasurementScope(word), word).to.equal(true);
    expect(isMeasurementScope('marketing')).to.equal(false);
  });

  it('the warehouse reports tell purposes from measurement by the scopes consentScopes() gives the levels', async () => {
    const reports = await (await fetch('/sql/consent_reports.sql')).text();
    const listed = /scope NOT IN \(([^)]*)\)/.exec(reports)?.[1]?.match(/'[^']+'/g) ?? [];
    const measurement = new Set(CONSENT_LEVELS.flatMap((level) => consentScopes(level)));
    expect(new Set(listed.map((quoted) => quoted.slice(1, -1)))).to.deep.equal(measurement);
  });

  it('builds schema-valid events; the default consent URL is the site, never the page', async () => {
    const settings = resolveConsentEventSettings({}, page, undefined, ['functional', 'chat']);
    expect(settings).to.deep.equal({
      basisForProcessing: 'consent',
      consentUrl: 'https://shop.example.com/',
      domainsApplied: ['shop.example.com'],
      sitePurposes: ['functional', 'chat'],
    });
    // Checked against the real Iglu schemas, by the test server (scripts/iglu.mjs).
    for (const type of ['allow_all', 'allow_selected', 'deny_all', 'pending', 'withdrawn', 'expired'] as const) {
      expect(await schemaProblems(consentPreferencesEvent(type, 'full', '2024-06', settings)), type).to.deep.equal([]);
      const withPurposes = consentPreferencesEvent(type, 'none', '2024-06', settings, ['functional', 'chat']);
      expect(withPurposes.data['consentScopes']).to.deep.equal(['none', 'functional', 'chat']);
      expect(await schemaProblems(withPurposes), `${type} with purposes`).to.deep.equal([]);
    }
    expect(await schemaProblems(cmpVisibleEvent(-3))).to.deep.equal([]);
    expect(cmpVisibleEvent(1234.6).data).to.deep.equal({ elapsedTime: 1235 });
  });

  it('uses the cookie domain, a privacy URL and listed domains when given; drops bad domains with a warning', () => {
    const { warnings } = quietly(() => {
      expect(resolveConsentEventSettings({}, page, 'example.com').domainsApplied).to.deep.equal(['example.com']);
      const settings = resolveConsentEventSettings({ consentUrl: '/privacy', domainsApplied: 'a.example, <b>' }, page, undefined);
      expect(settings.consentUrl).to.equal('https://shop.example.com/privacy');
      expect(settings.domainsApplied).to.deep.equal(['a.example']);
    });
    expect(warnings.length).to.equal(1);
  });
});
