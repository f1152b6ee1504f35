import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
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
} from '../support/harness.js';
import { expectSentAt } from '../support/level-table.js';

const PREFERENCES = 'iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0';
const VISIBLE = 'iglu:com.snowplowanalytics.snowplow/cmp_visible/jsonschema/1-0-0';
const withEvents = { 'no-consent-events': false };

/** Waits for the consent_preferences event of this type (a `pending` one may or may not come first). */
async function consentEvent(appId: string, eventType: string): Promise<CapturedEvent> {
  let found: CapturedEvent | undefined;
  await waitFor(async () => {
    found = (await events(appId)).find(
      (event) => event.selfDescribing?.schema === PREFERENCES && event.selfDescribing.data['eventType'] === eventType,
    );
    return found !== undefined;
  }, `a ${eventType} consent event`);
  return found!;
}

/**
 * The event carries only what `level` allows. (That it is valid for its schema, and its entities for
 * theirs, the harness checks on every event it reads: `requests()` throws on a payload the pipeline rejects.)
 */
async function expectValid(appId: string, event: CapturedEvent, level: ConsentLevel): Promise<void> {
  expect(event.e).to.equal('ue');
  expect(event.selfDescribing!.schema).to.equal(PREFERENCES);
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
