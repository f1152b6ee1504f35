import { expect } from '@open-wc/testing';
import { consentModeFor } from '../../src/tracker/google-consent-mode.js';
import { pageGlobals } from '../support/globals.js';
import { openPage, resetBrowser, type Page } from '../support/harness.js';

/** The consent commands on the page's dataLayer, as gtag queued them. */
function consentCommands(page: Page): unknown[][] {
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

  it('off unless asked for', async () => {
    const page = await openPage({ attributes: {} });
    expect(consentCommands(page)).to.deep.equal([]);
  });
});
