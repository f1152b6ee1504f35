import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  bannerShown,
  cookieValue,
  events,
  ownTrackerPage,
  part,
  resetBrowser,
  uiStage,
  uniqueAppId,
  waitFor,
  type BrowserSettings,
  type CapturedEvent,
  type Page,
  consentEvent,
} from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

const PURPOSES = 'functional marketing';

/** A page in `region` (none: the attribute left out) that lists two purposes and records consent events. */
function regionPage(
  appId: string,
  region: string | undefined,
  settings: BrowserSettings = {},
  more: Record<string, string> = {},
) {
  const attributes: Record<string, string | boolean> = { purposes: PURPOSES, 'no-consent-events': false, ...more };
  if (region !== undefined) attributes['region'] = region;
  return ownTrackerPage(appId, attributes, settings);
}

/** Tracks a page view and checks that it reached the collector with exactly what `level` allows. */
async function expectPageViewAt(page: Page, appId: string, level: ConsentLevel): Promise<void> {
  page.snowplow.trackPageView();
  let pageView: CapturedEvent | undefined;
  await waitFor(async () => {
    pageView = (await events(appId)).find((event) => event.e === 'pv');
    return pageView !== undefined;
  }, 'the page view');
  await expectSentAt(level, appId, pageView!);
}

const choicesControl = (page: Page) => part(page.element, 'privacy-choices');

/** Opens the preferences through "Your privacy choices", as a visitor does. */
async function openChoices(page: Page): Promise<void> {
  choicesControl(page)!.click();
  await uiStage(page);
  await waitFor(() => part(page.element, 'preferences') !== null, 'the preferences view');
}

/** The opt-in policies: the banner asks; before a choice and after "Reject all" cookieless, "Accept all" full. */
const OPT_IN_REGIONS: { name: string; region: string | undefined; gdprApplies: boolean | undefined }[] = [
  { name: 'EU/EEA (FR, GDPR)', region: 'FR', gdprApplies: true },
  { name: 'EEA outside the EU (NO, GDPR)', region: 'no', gdprApplies: true },
  { name: 'UK (GB, UK GDPR)', region: 'GB', gdprApplies: true },
  { name: 'Switzerland (CH, revFADP)', region: 'CH', gdprApplies: false },
  { name: 'elsewhere (BR, default-policy opt-in)', region: 'BR', gdprApplies: false },
  { name: 'no region (as before regions)', region: undefined, gdprApplies: undefined },
];

describe('regions: the policy of where the visitor is', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  for (const { name, region, gdprApplies } of OPT_IN_REGIONS) {
    describe(`opt-in: ${name}`, () => {
      it('first visit: the banner asks, cookieless until a choice, no purpose granted', async () => {
        const appId = uniqueAppId('optin-first');
        const page = await regionPage(appId, region);
        expect(page.ready).to.deep.include({ level: 'cookieless', source: 'default', purposes: [] });
        expect(bannerShown(page)).to.equal(true);
        expect(choicesControl(page)).to.equal(null);
        await expectPageViewAt(page, appId, 'cookieless');
        const pending = (await consentEvent(appId, 'pending')).selfDescribing!.data;
        if (gdprApplies === undefined) expect(pending).not.to.have.property('gdprApplies');
        else expect(pending['gdprApplies']).to.equal(gdprApplies);
      });

      it('"Accept all": full and every purpose; the consent event says whether the GDPR applies', async () => {
        const appId = uniqueAppId('optin-accept');
        const page = await regionPage(appId, region);
        part(page.element, 'accept-button')!.click();
        expect(page.changes.at(-1)).to.deep.include({ level: 'full', purposes: ['functional', 'marketing'] });
        const allowed = (await consentEvent(appId, 'allow_all')).selfDescribing!.data;
        if (gdprApplies === undefined) expect(allowed).not.to.have.property('gdprApplies');
        else expect(allowed['gdprApplies']).to.equal(gdprApplies);
        await expectPageViewAt(page, appId, 'full');
      });

      it('"Reject all": cookieless, no purpose', async () => {
        const appId = uniqueAppId('optin-reject');
        const page = await regionPage(appId, region);
        part(page.element, 'reject-button')!.click();
        expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', purposes: [] });
        await consentEvent(appId, 'deny_all');
        await expectPageViewAt(page, appId, 'cookieless');
      });

      it('Global Privacy Control caps: "Accept all" gives cookieless and no marketing, stored so', async () => {
        const appId = uniqueAppId('optin-gpc');
        const page = await regionPage(appId, region, { gpc: true });
        expect(page.ready).to.deep.include({ level: 'cookieless', source: 'gpc' });
        part(page.element, 'accept-button')!.click();
        expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', purposes: ['functional'] });
        expect(JSON.parse(cookieValue('consent_banner')!)).to.deep.include({
          level: 'cookieless',
          p: { functional: 1, marketing: 0 },
        });
        expect(JSON.parse(cookieValue('consent_banner')!)).not.to.have.property('g');
        await expectPageViewAt(page, appId, 'cookieless');
      });
    });
  }

  describe('opt-out: US states with a privacy law (US-CA, CCPA/CPRA)', () => {
    it('first visit: no banner, "Your privacy choices" instead; full measurement and the purposes until the visitor opts out', async () => {
      const appId = uniqueAppId('us-first');
      const page = await regionPage(appId, 'us-ca');
      expect(page.ready).to.deep.include({ level: 'full', source: 'default', purposes: ['functional', 'marketing'] });
      expect(page.element.decided).to.equal(false);
      expect(bannerShown(page)).to.equal(false);
      expect(choicesControl(page)!.textContent).to.equal('Your privacy choices');
      expect(choicesControl(page)!.hidden).to.equal(false);
      expect(part(page.element, 'reopen-button')).to.equal(null);
      expect(page.element.hasConsent('marketing')).to.equal(true);
      await expectPageViewAt(page, appId, 'full');
      // Nothing was asked: no cmp_visible, no pending event, nothing stored.
      expect((await events(appId)).filter((event) => event.selfDescribing !== undefined)).to.deep.equal([]);
      expect(cookieValue('consent_banner')).to.equal(undefined);
    });

    it('opting out ("Reject all" in the choices): cookieless, no purpose, gdprApplies false', async () => {
      const appId = uniqueAppId('us-reject');
      const page = await regionPage(appId, 'US-CA');
      await openChoices(page);
      part(page.element, 'preferences-reject-button')!.click();
      expect(page.changes.at(-1)).to.deep.include({ level: 'cookieless', purposes: [], source: 'visitor' });
      const denied = (await consentEvent(appId, 'deny_all')).selfDescribing!.data;
      expect(denied['gdprApplies']).to.equal(false);
      expect(choicesControl(page)!.hidden, 'the control stays, to change the choice again').to.equal(false);
      await expectPageViewAt(page, appId, 'cookieless');
    });

    it('"Accept all" in the choices: full and every purpose, stored as the visitor\'s decision', async () => {
      const appId = uniqueAppId('us-accept');
      const page = await regionPage(appId, 'US-TX');
      await openChoices(page);
      part(page.element, 'preferences-accept-button')!.click();
      expect(page.changes.at(-1)).to.deep.include({ level: 'full', purposes: ['functional', 'marketing'], source: 'visitor' });
      expect(page.element.decided).to.equal(true);
      expect((await consentEvent(appId, 'allow_all')).selfDescribing!.data['gdprApplies']).to.equal(false);
      await expectPageViewAt(page, appId, 'full');
    });

    it('Global Privacy Control is the opt-out of sale and sharing: cookieless and no marketing by default; an explicit choice then counts, and is kept on the next page', async () => {
      const appId = uniqueAppId('us-gpc');
      const page = await regionPage(appId, 'US-CO', { gpc: true });
      expect(page.ready).to.deep.include({ level: 'cookieless', source: 'gpc', purposes: ['functional'] });
      expect(bannerShown(page)).to.equal(false);
      await expectPageViewAt(page, appId, 'cookieless');

      await openChoices(page);
      const preferences = part(page.element, 'preferences')!;
      expect(preferences.textContent).to.contain('which we take as your opt-out of the sale and sharing of your data');
      const full = preferences.querySelector<HTMLInputElement>('input[name="level"][value="full"]')!;
      expect(full.disabled, 'full can be chosen: the signal is the default, not a cap').to.equal(false);
      full.click();
      const marketing = preferences.querySelector<HTMLInputElement>('input[name="purpose"][value="marketing"]')!;
      expect(marketing.disabled).to.equal(false);
      marketing.click();
      part(page.element, 'save-button')!.click();
      expect(page.changes.at(-1)).to.deep.include({ level: 'full', purposes: ['functional', 'marketing'], source: 'visitor' });
      expect(JSON.parse(cookieValue('consent_banner')!)).to.deep.include({
        level: 'full',
        g: 1,
        p: { functional: 1, marketing: 1 },
      });
      page.close();

      const nextAppId = uniqueAppId('us-gpc-next');
      const next = await regionPage(nextAppId, 'US-CO', { gpc: true });
      expect(next.ready).to.deep.include({ level: 'full', source: 'stored', purposes: ['functional', 'marketing'] });
      await expectPageViewAt(next, nextAppId, 'full');
    });

    it('with a decision source (consent-source), no "Your privacy choices": the other consent manager is the way back', async () => {
      const page = await regionPage(uniqueAppId('us-source'), 'US-CA', {}, { 'consent-source': 'gcm' });
      expect(page.ready).to.deep.include({ level: 'full', source: 'default' });
      expect(choicesControl(page)).to.equal(null);
      expect(part(page.element, 'reopen-button')).to.equal(null);
    });

    it('Global Privacy Control overrides a choice made without it (the signal is a later opt-out)', async () => {
      const first = await regionPage(uniqueAppId('us-before-gpc'), 'US-CA');
      await openChoices(first);
      part(first.element, 'preferences-accept-button')!.click();
      first.close();
      // The choice was stored, made without the signal (no `g`): what the signal then overrides.
      const stored = JSON.parse(cookieValue('consent_banner')!) as Record<string, unknown>;
      expect(stored).to.deep.include({ level: 'full', p: { functional: 1, marketing: 1 } });
      expect(stored).not.to.have.property('g');

      const appId = uniqueAppId('us-then-gpc');
      const page = await regionPage(appId, 'US-CA', { gpc: true });
      expect(page.ready).to.deep.include({ level: 'cookieless', source: 'gpc', purposes: ['functional'] });
      await expectPageViewAt(page, appId, 'cookieless');
      expect(JSON.parse(cookieValue('consent_banner')!), 'the choice itself is kept').to.deep.equal(stored);
    });

    it('a US state without a comprehensive privacy law gets default-policy (opt-in unless the site says otherwise)', async () => {
      const asked = await regionPage(uniqueAppId('us-fl'), 'US-FL');
      expect(asked.ready).to.deep.include({ level: 'cookieless', source: 'default' });
      expect(bannerShown(asked)).to.equal(true);
      asked.close();

      const optOut = await regionPage(uniqueAppId('us-fl-optout'), 'US-FL', {}, { 'default-policy': 'opt-out' });
      expect(optOut.ready).to.deep.include({ level: 'full', source: 'default' });
      expect(choicesControl(optOut)).not.to.equal(null);
    });
  });

  describe('site overrides (region-policies)', () => {
    it('a site makes California opt-in and lets Global Privacy Control in France set the default only', async () => {
      const policies = JSON.stringify({ 'US-CA': 'opt-in', FR: { signals: 'default' } });
      const california = await regionPage(uniqueAppId('override-ca'), 'US-CA', {}, { 'region-policies': policies });
      expect(california.ready).to.deep.include({ level: 'cookieless', source: 'default' });
      expect(bannerShown(california)).to.equal(true);
      california.close();

      const france = await regionPage(uniqueAppId('override-fr'), 'FR', { gpc: true }, { 'region-policies': policies });
      expect(france.ready).to.deep.include({ level: 'cookieless', source: 'gpc' });
      france.element.setConsent({ level: 'full', purposes: ['marketing'] });
      expect(france.element.level, 'the signal only set the default').to.equal('full');
      expect(france.element.grantedPurposes).to.deep.equal(['marketing']);
    });
  });

  describe('bad values', () => {
    it('a region that is no ISO code is named in a warning; the page behaves as without region (it asks)', async () => {
      const page = await regionPage(uniqueAppId('bad-region'), 'Mars');
      expect(page.warnings.some((warning) => warning.includes('region="Mars" is not an ISO 3166-1 country code'))).to.equal(true);
      expect(page.ready).to.deep.include({ level: 'cookieless', source: 'default' });
      expect(bannerShown(page)).to.equal(true);
    });

    it('an unknown country code (XX from a CDN) is quietly no region', async () => {
      const page = await regionPage(uniqueAppId('xx-region'), 'XX');
      expect(page.warnings.filter((warning) => warning.includes('region='))).to.deep.equal([]);
      expect(bannerShown(page)).to.equal(true);
    });

    it('bad default-policy and region-policies entries are named; the rest stands', async () => {
      const policies = JSON.stringify({ 'US-CA': 'opt-in', BR: 'lenient' });
      const page = await regionPage(
        uniqueAppId('bad-policies'),
        'US-CA',
        {},
        { 'default-policy': 'whatever', 'region-policies': policies },
      );
      expect(
        page.warnings.some((warning) => warning.includes('default-policy="whatever" is not one of gdpr, opt-in, opt-out')),
      ).to.equal(true);
      expect(page.warnings.some((warning) => warning.includes('region-policies=') && warning.includes('"BR"'))).to.equal(true);
      expect(page.ready).to.deep.include({ level: 'cookieless', source: 'default' });
    });
  });

  describe('a cached page whose region changes: one stored decision, the policy of where the visitor is now', () => {
    it('no decision in the US (measured by default) is no decision in France: the banner asks there', async () => {
      const us = await regionPage(uniqueAppId('travel-us'), 'US-CA');
      expect(us.ready).to.deep.include({ level: 'full', source: 'default' });
      us.close();
      const appId = uniqueAppId('travel-fr');
      const france = await regionPage(appId, 'FR');
      expect(france.ready).to.deep.include({ level: 'cookieless', source: 'default', purposes: [] });
      expect(bannerShown(france)).to.equal(true);
      await expectPageViewAt(france, appId, 'cookieless');
    });

    it('a refusal in France stands in California: no measurement by default there, no banner, the choices control', async () => {
      const france = await regionPage(uniqueAppId('travel-fr-reject'), 'FR');
      part(france.element, 'reject-button')!.click();
      france.close();
      const appId = uniqueAppId('travel-ca');
      const california = await regionPage(appId, 'US-CA');
      expect(california.ready).to.deep.include({ level: 'cookieless', source: 'stored', purposes: [] });
      expect(bannerShown(california)).to.equal(false);
      expect(choicesControl(california)).not.to.equal(null);
      await expectPageViewAt(california, appId, 'cookieless');
    });

    it('a choice made in California under Global Privacy Control is capped again in France, where the signal caps', async () => {
      const california = await regionPage(uniqueAppId('travel-ca-gpc'), 'US-CA', { gpc: true });
      california.element.setConsent({ level: 'full', purposes: ['functional', 'marketing'] });
      expect(california.element.level).to.equal('full');
      california.close();
      const appId = uniqueAppId('travel-fr-gpc');
      const france = await regionPage(appId, 'FR', { gpc: true });
      expect(france.ready).to.deep.include({ level: 'cookieless', source: 'gpc', purposes: ['functional'] });
      await expectPageViewAt(france, appId, 'cookieless');
    });
  });
});
