import { expect } from '@open-wc/testing';
import { shownTexts } from '../../src/components/shown-texts.js';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  collectorCondition,
  cookieNames,
  cookieValue,
  events,
  ownTrackerPage,
  part,
  resetBrowser,
  settle,
  uniqueAppId,
  waitFor,
  type CapturedEvent,
  consentEvent,
  consentEventsIn,
} from '../support/harness.js';

const GDPR = 'iglu:com.snowplowanalytics.snowplow/gdpr/jsonschema/1-0-0';
const STATE = 'iglu:dev.consent-banner/consent_state/jsonschema/1-0-0';
const withEvents = { 'no-consent-events': false };

function entity(event: CapturedEvent, schema: string): Record<string, unknown> | undefined {
  const found = event.entities.filter((item) => item.schema === schema);
  expect(found.length, `${schema} at most once`).to.be.at.most(1);
  return found[0]?.data;
}

async function pageViewTitled(appId: string, title: string): Promise<CapturedEvent> {
  let found: CapturedEvent | undefined;
  await waitFor(async () => {
    found = (await events(appId)).find((event) => event.e === 'pv' && event['page'] === title);
    return found !== undefined;
  }, `the page view "${title}"`);
  return found!;
}

/** Every string in the entity's data, however deep. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('consent in the data: every event says under what consent it was sent', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  const cases: { level: ConsentLevel; basis: string }[] = [
    { level: 'full', basis: 'consent' },
    { level: 'session', basis: 'consent' },
    { level: 'anonymous', basis: 'consent' },
    { level: 'cookieless', basis: 'legitimate_interests' },
  ];
  for (const { level, basis } of cases) {
    it(`at ${level}: the gdpr entity (basis ${basis}, the policy and its version) and consent_state, nothing identifying`, async () => {
      const appId = uniqueAppId(`entity-${level}`);
      const page = await ownTrackerPage(appId, {
        'privacy-url': '/privacy',
        'policy-version': '4',
        purposes: 'functional marketing',
        'consent-entity': true,
      });
      page.element.setConsent({ level, purposes: ['marketing'] });
      page.snowplow.trackPageView({ title: 'after' });
      const event = await pageViewTitled(appId, 'after');
      expect(entity(event, GDPR)).to.deep.equal({
        basisForProcessing: basis,
        documentId: `${location.origin}/privacy`,
        documentVersion: '4',
        documentDescription: `level=${level}; purposes=marketing`,
      });
      const state = entity(event, STATE)!;
      expect(state).to.deep.equal({ level, purposes: ['marketing'], source: 'api', policyVersion: '4' });
      // Neither entity carries an identifier: no id of any kind, and none of the event's own.
      const ids = [event.duid, event.uid, event.sid, event['nuid']].filter((id): id is string => typeof id === 'string');
      for (const text of [...stringsOf(entity(event, GDPR)), ...stringsOf(state)]) {
        expect(text).not.to.match(UUID);
        for (const id of ids) expect(text).not.to.contain(id);
      }
    });
  }

  it('without a decision: source default, basis legitimate interests; the site origin stands for a missing privacy-url', async () => {
    const appId = uniqueAppId('entity-default');
    const page = await ownTrackerPage(appId, { 'consent-entity': true });
    page.snowplow.trackPageView({ title: 'undecided' });
    const event = await pageViewTitled(appId, 'undecided');
    expect(entity(event, GDPR)).to.include({ basisForProcessing: 'legitimate_interests', documentId: `${location.origin}/` });
    expect(entity(event, STATE)).to.deep.equal({ level: 'cookieless', purposes: [], source: 'default', policyVersion: '1' });
  });

  it('under Global Privacy Control: source signal; consent_state is off unless asked for, the gdpr entity is always there', async () => {
    const appId = uniqueAppId('entity-gpc');
    const page = await ownTrackerPage(appId, {}, { gpc: true });
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'capped' });
    const event = await pageViewTitled(appId, 'capped');
    expect(entity(event, GDPR)).to.include({ basisForProcessing: 'legitimate_interests' });
    expect(entity(event, STATE)).to.equal(undefined);

    resetBrowser();
    const withState = uniqueAppId('entity-gpc-state');
    const second = await ownTrackerPage(withState, { 'consent-entity': true }, { gpc: true });
    second.snowplow.trackPageView({ title: 'capped' });
    expect(entity(await pageViewTitled(withState, 'capped'), STATE)).to.include({ level: 'cookieless', source: 'signal' });
  });

  it('a visitor decision says visitor; one stored on an earlier page says stored', async () => {
    const appId = uniqueAppId('entity-source');
    const page = await ownTrackerPage(appId, { 'consent-entity': true });
    part(page.element, 'accept-button')!.click();
    page.snowplow.trackPageView({ title: 'clicked' });
    expect(entity(await pageViewTitled(appId, 'clicked'), STATE)).to.include({ level: 'full', source: 'visitor' });
    page.close();
    const next = await ownTrackerPage(appId, { 'consent-entity': true });
    next.snowplow.trackPageView({ title: 'next page' });
    expect(entity(await pageViewTitled(appId, 'next page'), STATE)).to.include({ level: 'full', source: 'stored' });
  });

  it('a decision made in another tab says other_tab there', async () => {
    const appId = uniqueAppId('entity-tab');
    const first = await ownTrackerPage(appId, { 'consent-entity': true });
    const second = await ownTrackerPage(appId, { 'consent-entity': true });
    first.element.setLevel('session');
    await waitFor(() => second.element.level === 'session', 'the other tab to hear of the decision');
    second.snowplow.trackPageView({ title: 'in the other tab' });
    expect(entity(await pageViewTitled(appId, 'in the other tab'), STATE)).to.include({ level: 'session', source: 'other_tab' });
  });

  it('a queued event carries the decision it is sent under, not the one it was tracked under', async () => {
    const appId = uniqueAppId('entity-queued');
    await collectorCondition(appId, { down: true });
    const page = await ownTrackerPage(appId, { 'consent-entity': true });
    page.element.setLevel('full');
    page.snowplow.trackPageView({ title: 'tracked at full' });
    await waitFor(() => (localStorage.getItem('snowplowOutQueue_sp') ?? '').includes('tracked at full'), 'the queued event');
    page.element.rejectAll();
    await collectorCondition(appId, { down: false });
    // Each new event makes the tracker try its queue again (after a failure it may wait before it does).
    await waitFor(
      async () => {
        page.snowplow.trackPageView({ title: 'retry' });
        await settle(250);
        return (await events(appId)).some((event) => event['page'] === 'tracked at full');
      },
      'the queued event',
      20_000,
    );
    const event = await pageViewTitled(appId, 'tracked at full');
    expect(event.duid, 'sent without the device id').to.equal(undefined);
    expect(entity(event, GDPR)).to.include({ basisForProcessing: 'legitimate_interests' });
    expect(entity(event, STATE)).to.include({ level: 'cookieless', source: 'api' });
  });
});

describe('consent events a model can rely on', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('consentScopes of allow_all and consentUrl are the same on pages that list different purposes', async () => {
    const appId = uniqueAppId('scopes');
    const site = { ...withEvents, 'consent-scopes': 'functional personalization marketing', 'privacy-url': '/privacy' };
    const eventTypes = async () => consentEventsIn(await events(appId)).map((event) => event.selfDescribing!.data['eventType']);
    // "Accept all" on a page that lists some of the site's purposes is a selection of them.
    const first = await ownTrackerPage(appId, { ...site, purposes: 'functional' });
    first.element.acceptAll();
    await waitFor(async () => (await eventTypes()).includes('allow_selected'), 'allow_selected');
    first.close();
    // Another page grants the rest: now it is all.
    const second = await ownTrackerPage(appId, { ...site, purposes: 'marketing personalization' });
    second.element.acceptAll();
    await waitFor(async () => (await eventTypes()).includes('allow_all'), 'the first allow_all');
    second.close();
    // A third page, listing one purpose, confirms everything again.
    const third = await ownTrackerPage(appId, { ...site, purposes: 'functional' });
    third.element.setConsent({ level: 'full', purposes: ['functional'] });
    await waitFor(async () => (await eventTypes()).filter((type) => type === 'allow_all').length === 2, 'the second allow_all');

    const allowAll = consentEventsIn(await events(appId), 'allow_all').map((event) => event.selfDescribing!.data);
    expect(allowAll[0]!['consentScopes']).to.deep.equal(allowAll[1]!['consentScopes']);
    expect(allowAll[0]!['consentScopes']).to.include.members(['full', 'functional', 'personalization', 'marketing']);
    const urls = consentEventsIn(await events(appId)).map((event) => event.selfDescribing!.data['consentUrl']);
    expect(new Set(urls)).to.deep.equal(new Set([`${location.origin}/privacy`]));
  });

  it('a page that lists a purpose consent-scopes leaves out: a warning naming it, and the purpose is added', async () => {
    const appId = uniqueAppId('scopes-bad');
    const page = await ownTrackerPage(appId, { ...withEvents, purposes: 'marketing', 'consent-scopes': 'functional, Bad!' });
    expect(
      page.warnings.some((warning) => /consent-scopes=.*Bad!.*marketing.*using \["functional","marketing"\]/.test(warning)),
    ).to.equal(true);
    page.element.acceptAll();
    // Only marketing is listed here: accepting all grants it, not functional, so this is a selection.
    const selected = await consentEvent(appId, 'allow_selected');
    expect(selected.selfDescribing!.data['consentScopes']).to.include('marketing').and.not.include('functional');
  });

  it('the decision after the banner asked carries the time since it appeared, in consent_state', async () => {
    const appId = uniqueAppId('timing');
    const page = await ownTrackerPage(appId, { ...withEvents, 'consent-entity': true });
    await consentEvent(appId, 'pending');
    part(page.element, 'reject-button')!.click();
    const deny = await consentEvent(appId, 'deny_all');
    const state = entity(deny, STATE)!;
    // The reject came after the pending event's round trip through the collector: time has passed.
    expect(state['bannerToDecisionMs']).to.be.a('number').and.above(0);
    const pending = consentEventsIn(await events(appId), 'pending')[0]!;
    expect(entity(pending, STATE)).not.to.have.property('bannerToDecisionMs');
  });
});

describe('the consent receipt', () => {
  beforeEach(resetBrowser);
  afterEach(resetBrowser);

  it('a random id per decision, on that decision event only, with the SHA-256 of the texts shown; shown in the preferences', async () => {
    const appId = uniqueAppId('receipt');
    const page = await ownTrackerPage(appId, { ...withEvents, 'consent-receipt': true, 'privacy-url': '/privacy' });
    const banner = part(page.element, 'banner')!;
    const texts = shownTexts(banner);
    expect(texts).to.contain('Accept all');
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(texts));
    const expectedHash = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
    part(page.element, 'accept-button')!.click();
    page.snowplow.trackPageView({ title: 'after receipt' });
    const accepted = await consentEvent(appId, 'allow_all');
    const receipt = entity(accepted, STATE)!['receipt'] as { id: string; textsSha256: string };
    expect(receipt.id).to.match(UUID);
    expect(receipt.textsSha256).to.equal(expectedHash);

    // Nowhere else: not on other events (which carry consent_state too), not in cookies or storage.
    const after = await pageViewTitled(appId, 'after receipt');
    expect(entity(after, STATE)).to.deep.include({ source: 'visitor' });
    const others = (await events(appId)).filter((event) => event['eid'] !== accepted['eid']);
    expect(others.length).to.be.greaterThan(0);
    for (const event of others) expect(JSON.stringify(event)).not.to.contain(receipt.id);
    for (const name of cookieNames()) expect(cookieValue(name) ?? '').not.to.contain(receipt.id);
    for (const key of Object.keys(localStorage)) expect(localStorage.getItem(key) ?? '').not.to.contain(receipt.id);

    page.element.showPreferences();
    await waitFor(() => part(page.element, 'receipt') !== null, 'the receipt line');
    expect(part(page.element, 'receipt')!.textContent).to.contain(`Your consent record: ${receipt.id}`);

    // The next decision has a receipt of its own.
    page.element.rejectAll();
    const deny = await consentEvent(appId, 'deny_all');
    const second = entity(deny, STATE)!['receipt'] as { id: string; textsSha256: string | null };
    expect(second.id).to.match(UUID).and.not.equal(receipt.id);
    expect(second.textsSha256, 'not decided in the banner: no texts').to.equal(null);
  });

  it('without consent-receipt: no receipt on the decision, no line in the preferences', async () => {
    const appId = uniqueAppId('no-receipt');
    const page = await ownTrackerPage(appId, { ...withEvents, 'consent-entity': true });
    part(page.element, 'accept-button')!.click();
    const accepted = await consentEvent(appId, 'allow_all');
    expect(entity(accepted, STATE)).not.to.have.property('receipt');
    page.element.showPreferences();
    await waitFor(() => part(page.element, 'preferences') !== null, 'the preferences');
    expect(part(page.element, 'receipt')).to.equal(null);
  });
});
