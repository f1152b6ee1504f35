import { expect } from '@open-wc/testing';
import {
  cmpVisibleEvent,
  consentPreferencesEvent,
  consentScopes,
  eventTypeForChoice,
  resolveConsentEventSettings,
} from '../../src/consent/consent-events.js';
import { CONSENT_LEVELS } from '../../src/consent/levels.js';
import { schemaProblems } from '../support/harness.js';
import { quietly } from '../support/warnings.js';

const page = { href: 'https://shop.example.com/checkout?token=secret#x', hostname: 'shop.example.com' };

describe('consent events (pure)', () => {
  it('names a decision by where it falls between reject and accept', () => {
    const types = CONSENT_LEVELS.map((level) => eventTypeForChoice(level, 'full', 'cookieless'));
    expect(types).to.deep.equal(['allow_all', 'allow_selected', 'allow_selected', 'deny_all', 'deny_all']);
    expect(eventTypeForChoice('session', 'session', 'none')).to.equal('allow_all');
    expect(eventTypeForChoice('none', 'full', 'none')).to.equal('deny_all');
  });

  it('scopes start with the level and list what it lets out', () => {
    for (const level of CONSENT_LEVELS) expect(consentScopes(level)[0]).to.equal(level);
    expect(consentScopes('cookieless')).to.deep.equal(['cookieless']);
    expect(consentScopes('session')).not.to.include('device_id');
  });

  it('builds schema-valid events; the default consent URL drops query and fragment', async () => {
    const settings = resolveConsentEventSettings({}, page, undefined);
    expect(settings).to.deep.equal({
      basisForProcessing: 'consent',
      consentUrl: 'https://shop.example.com/checkout',
      domainsApplied: ['shop.example.com'],
    });
    // Checked against the real Iglu schemas, by the test server (scripts/iglu.mjs).
    for (const type of ['allow_all', 'allow_selected', 'deny_all', 'pending', 'withdrawn', 'expired'] as const) {
      expect(await schemaProblems(consentPreferencesEvent(type, 'full', '2024-06', settings)), type).to.deep.equal([]);
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
