import { expect } from '@open-wc/testing';
import { consentModeFor } from '../../src/tracker/google-consent-mode.js';
import { pageGlobals } from '../support/globals.js';
import { openPage, resetBrowser } from '../support/harness.js';
import { headlessPage } from '../support/headless-page.js';

/** The consent commands on the page's dataLayer, as gtag queued them. */
function consentCommands(page: { window: Window }): unknown[][] {
  const dataLayer = pageGlobals(page).dataLayer ?? [];
  return dataLayer.map((entry) => Array.from(entry)).filter((entry) => entry[0] === 'consent');
}

describe('Google Consent Mode v2 bridge', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('maps levels: every type granted at full only (analytics storage keeps a client id that session does not allow)', () => {
    expect(consentModeFor('full')).to.deep.equal({
      analytics_storage: 'granted',
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    });
    for (const level of ['session', 'anonymous', 'cookieless', 'none'] as const) {
      expect(Object.values(consentModeFor(level)), level).to.deep.equal(['denied', 'denied', 'denied', 'denied']);
    }
  });

  it('sets the default from the level in force, then updates on every change, as gtag arguments', async () => {
    const page = await openPage({ attributes: { 'google-consent-mode': true } });
    expect(consentCommands(page)).to.deep.equal([['consent', 'default', consentModeFor('cookieless')]]);
    const dataLayer = pageGlobals(page).dataLayer!;
    expect(Object.prototype.toString.call(dataLayer[0]), 'an Arguments object, as gtag pushes').to.equal('[object Arguments]');
    page.element.acceptAll();
    page.element.setLevel('session');
    expect(consentCommands(page).slice(1)).to.deep.equal([
      ['consent', 'update', consentModeFor('full')],
      ['consent', 'update', consentModeFor('session')],
    ]);
  });

  it('a default already set by the embed snippet is followed by an update, not a second default', async () => {
    const page = await openPage({ attributes: { 'google-consent-mode': true }, consentDefault: true });
    expect(consentCommands(page).map((command) => command[1])).to.deep.equal(['default', 'update']);
  });

  it('region-scoped default, url_passthrough and ads_data_redaction: set first, then updates everywhere', async () => {
    const page = await headlessPage({
      setup: {
        googleConsentMode: true,
        googleConsentRegion: 'es, US-CA, nowhere',
        googleUrlPassthrough: true,
        googleAdsDataRedaction: true,
      },
    });
    page.consent.accept();
    const commands = (pageGlobals(page).dataLayer ?? []).map((entry) => Array.from(entry));
    expect(commands).to.deep.equal([
      ['set', 'url_passthrough', true],
      ['set', 'ads_data_redaction', true],
      ['consent', 'default', { ...consentModeFor('cookieless'), region: ['ES', 'US-CA'] }],
      ['consent', 'update', consentModeFor('full')],
    ]);
    expect(page.warnings.join('\n')).to.contain(
      'googleConsentRegion="es, US-CA, nowhere" has codes that are not ISO 3166 region codes',
    );
  });

  it('off unless asked for', async () => {
    const page = await openPage({ attributes: {} });
    expect(consentCommands(page)).to.deep.equal([]);
  });

  describe('with purposes', () => {
    const listed = ['functional', 'personalization', 'marketing'];
    const modeWith = (level: 'full' | 'session' | 'cookieless' | 'none', granted: string[]) =>
      consentModeFor(level, { listed, granted: new Set(granted) });

    it('maps purposes: advertising from marketing, functionality and personalization from theirs, analytics from full, security granted', () => {
      expect(modeWith('cookieless', [])).to.deep.equal({
        analytics_storage: 'denied',
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
      });
      expect(modeWith('cookieless', ['marketing'])).to.deep.include({
        analytics_storage: 'denied',
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        functionality_storage: 'denied',
      });
      expect(modeWith('full', ['functional'])).to.deep.include({
        analytics_storage: 'granted',
        ad_storage: 'denied',
        functionality_storage: 'granted',
        personalization_storage: 'denied',
      });
      expect(modeWith('session', ['personalization'])).to.deep.include({
        analytics_storage: 'denied',
        personalization_storage: 'granted',
      });
      expect(modeWith('full', listed)).to.deep.equal({
        analytics_storage: 'granted',
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        functionality_storage: 'granted',
        personalization_storage: 'granted',
        security_storage: 'granted',
      });
      // A page that lists no purpose asked only about the level: the four types follow it, as before.
      expect(consentModeFor('full', { listed: [], granted: new Set() })).to.deep.equal(consentModeFor('full'));
    });

    it('a page that lists purposes tells Google tags each choice: default, then an update per change', async () => {
      const page = await headlessPage({ setup: { googleConsentMode: true, purposes: listed.join(' ') } });
      page.consent.setConsent({ level: 'cookieless', purposes: ['marketing'] });
      page.consent.setConsent({ level: 'full', purposes: ['functional', 'personalization'] });
      page.consent.accept();
      page.consent.reject();
      expect(consentCommands(page)).to.deep.equal([
        ['consent', 'default', modeWith('cookieless', [])],
        ['consent', 'update', modeWith('cookieless', ['marketing'])],
        ['consent', 'update', modeWith('full', ['functional', 'personalization'])],
        ['consent', 'update', modeWith('full', listed)],
        ['consent', 'update', modeWith('cookieless', [])],
      ]);
    });

    it('Global Privacy Control: advertising stays denied after Accept all; functionality follows the choice', async () => {
      const page = await headlessPage({ setup: { googleConsentMode: true, purposes: listed.join(' ') } }, { gpc: true });
      page.consent.accept();
      expect(consentCommands(page).at(-1)).to.deep.equal([
        'consent',
        'update',
        modeWith('cookieless', ['functional', 'personalization']),
      ]);
    });
  });
});
