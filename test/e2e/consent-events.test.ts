import { expect } from '@open-wc/testing';
import { consentScopes } from '../../src/consent/consent-events.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  COLLECTOR,
  events,
  ownTrackerPage,
  part,
  resetBrowser,
  schemaProblems,
  settle,
  uniqueAppId,
  waitFor,
  type CapturedEvent,
  type Page,
  CONSENT_PREFERENCES_SCHEMA,
  consentEvent,
  consentEventsIn,
} from '../support/harness.js';
import { headlessPage } from '../support/headless-page.js';
import { expectSentAt } from '../support/level-table.js';

const VISIBLE = 'iglu:com.snowplowanalytics.snowplow/cmp_visible/jsonschema/1-0-0';
const withEvents = { 'no-consent-events': false };

/**
 * The event carries only what `level` allows. (That it is valid for its schema, and its entities for
 * theirs, the harness checks on every event it reads: `requests()` throws on a payload the pipeline rejects.)
 */
async function expectValid(appId: string, event: CapturedEvent, level: ConsentLevel): Promise<void> {
  expect(event.e).to.equal('ue');
  expect(event.selfDescribing!.schema).to.equal(CONSENT_PREFERENCES_SCHEMA);
  await expectSentAt(level, appId, event);
}

function click(page: Page, name: string): void {
  part(page.element, name)!.click();
}

describe('consent records in Snowplow', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('first view: cmp_visible with the elapsed time, and a pending consent event, both at the default level', async () => {
    const appId = uniqueAppId('visible');
    await ownTrackerPage(appId, withEvents);
    const pending = await consentEvent(appId, 'pending');
    await expectValid(appId, pending, 'cookieless');
    expect(pending.selfDescribing!.data).to.include({
      eventType: 'pending',
      consentVersion: '1',
      basisForProcessing: 'consent',
    });
    const visible = (await events(appId)).find((event) => event.selfDescribing?.schema === VISIBLE)!;
    expect(await schemaProblems(visible.selfDescribing!)).to.deep.equal([]);
    expect(visible.selfDescribing!.data['elapsedTime']).to.be.a('number').and.be.at.least(0).and.below(60_000);
  });

  it('accept: allow_all, sent with the identifiers the visitor just allowed', async () => {
    const appId = uniqueAppId('accept');
    const page = await ownTrackerPage(appId, { ...withEvents, 'privacy-url': '/privacy', 'policy-version': '7' });
    click(page, 'accept-button');
    const accepted = await consentEvent(appId, 'allow_all');
    await expectValid(appId, accepted, 'full');
    expect(accepted.selfDescribing!.data).to.deep.include({
      eventType: 'allow_all',
      consentVersion: '7',
      consentUrl: `${location.origin}/privacy`,
      domainsApplied: [location.hostname],
    });
    expect(accepted.selfDescribing!.data['consentScopes']).to.include.members(['full', 'device_id', 'user_id']);
  });

  it('a deny after full consent is sent anonymously, never with the old identifiers', async () => {
    const appId = uniqueAppId('deny');
    const page = await ownTrackerPage(appId, withEvents);
    page.element.acceptAll();
    page.element.identify('carol');
    page.element.rejectAll();
    const deny = await consentEvent(appId, 'deny_all');
    await expectValid(appId, deny, 'cookieless');
    expect(deny.selfDescribing!.data['consentScopes']).to.deep.equal(['cookieless']);
  });

  it('a level between accept and reject chosen in the preferences view: allow_selected at that level', async () => {
    const appId = uniqueAppId('selected');
    const page = await ownTrackerPage(appId, withEvents);
    page.element.showPreferences();
    await page.element.updateComplete;
    (page.element.shadowRoot!.querySelector('input[value="session"]') as HTMLInputElement).click();
    click(page, 'save-button');
    const selected = await consentEvent(appId, 'allow_selected');
    await expectValid(appId, selected, 'session');
  });

  it('reset() after a decision: withdrawn, at the default level', async () => {
    const appId = uniqueAppId('withdrawn');
    const page = await ownTrackerPage(appId, { ...withEvents, 'default-level': 'anonymous', 'reject-level': 'anonymous' });
    page.element.acceptAll();
    page.element.reset();
    const withdrawn = await consentEvent(appId, 'withdrawn');
    await expectValid(appId, withdrawn, 'anonymous');
  });

  it('an expired decision is recorded as expired on the next visit', async () => {
    document.cookie = `consent_banner=${encodeURIComponent(
      JSON.stringify({
        v: 1,
        level: 'full',
        policy: '1',
        at: Date.now() - 200 * 86_400_000,
        id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6',
      }),
    )}; Path=/`;
    const appId = uniqueAppId('expired');
    await ownTrackerPage(appId, withEvents);
    const expired = await consentEvent(appId, 'expired');
    await expectValid(appId, expired, 'cookieless');
  });

  it('a reject to none is not sent at all: nothing leaves the page at none', async () => {
    const appId = uniqueAppId('none');
    const page = await ownTrackerPage(appId, { ...withEvents, 'reject-level': 'none', 'default-level': 'none' });
    click(page, 'reject-button');
    await settle();
    expect(await events(appId)).to.deep.equal([]);
  });

  it('basis-for-processing and consent-domains are used; a bad basis warns and falls back to consent', async () => {
    const appId = uniqueAppId('fields');
    const page = await ownTrackerPage(appId, {
      ...withEvents,
      'basis-for-processing': 'legitimate_interests',
      'consent-domains': 'example.com, shop.example.com',
    });
    page.element.acceptAll();
    const accepted = await consentEvent(appId, 'allow_all');
    expect(accepted.selfDescribing!.data).to.deep.include({
      basisForProcessing: 'legitimate_interests',
      domainsApplied: ['example.com', 'shop.example.com'],
    });
    const bad = await ownTrackerPage(uniqueAppId('bad-basis'), { ...withEvents, 'basis-for-processing': 'because' });
    expect(bad.warnings.some((w) => w.includes('basis-for-processing="because"') && w.includes('"consent"'))).to.equal(true);
  });

  it('no-consent-events: no consent_preferences, no cmp_visible', async () => {
    const appId = uniqueAppId('off');
    const page = await ownTrackerPage(appId, { 'no-consent-events': true });
    page.element.acceptAll();
    page.snowplow.trackPageView();
    await waitFor(async () => (await events(appId)).length >= 1, 'the page view');
    await settle(200);
    expect((await events(appId)).map((event) => event.e)).to.deep.equal(['pv']);
  });
});

describe('consent records with purposes', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  /** A site with its own UI that lists purposes, recording decisions with its tracker. */
  const pageWithPurposes = (appId: string, gpc = false) =>
    headlessPage(
      {
        siteTracker: { namespace: 'own-ui', collector: COLLECTOR, appId },
        setup: { consentEvents: true, purposes: 'functional marketing' },
      },
      { gpc },
    );

  /** Each decision recorded (pending ones aside): its eventType and consentScopes. */
  async function decisions(appId: string, count: number): Promise<[unknown, unknown][]> {
    let found: CapturedEvent[] = [];
    await waitFor(async () => {
      found = consentEventsIn(await events(appId)).filter((event) => event.selfDescribing!.data['eventType'] !== 'pending');
      return found.length >= count;
    }, `${count} consent events`);
    return found.map((event) => [event.selfDescribing!.data['eventType'], event.selfDescribing!.data['consentScopes']]);
  }

  it('consentScopes: the level and the purposes granted; allow_all, allow_selected, deny_all per choice; schema-valid', async () => {
    const appId = uniqueAppId('purposes');
    const page = await pageWithPurposes(appId);
    page.consent.accept();
    page.consent.setConsent({ level: 'session', purposes: ['functional'] });
    page.consent.setConsent({ level: 'cookieless', purposes: ['marketing'] });
    page.consent.setConsent({ level: 'full', purposes: [] });
    page.consent.reject();
    // Read through the harness, which fails on any event a Snowplow pipeline would reject.
    expect(await decisions(appId, 5)).to.have.deep.members([
      ['allow_all', [...consentScopes('full'), 'functional', 'marketing']],
      ['allow_selected', [...consentScopes('session'), 'functional']],
      ['allow_selected', ['cookieless', 'marketing']],
      ['allow_selected', consentScopes('full')],
      ['deny_all', ['cookieless']],
    ]);
  });

  it('Global Privacy Control: Accept all is recorded as allow_all, with the level and purposes in force (no marketing)', async () => {
    const appId = uniqueAppId('purposes-gpc');
    const page = await pageWithPurposes(appId, true);
    page.consent.accept();
    expect(await decisions(appId, 1)).to.deep.equal([['allow_all', ['cookieless', 'functional']]]);
  });
});
