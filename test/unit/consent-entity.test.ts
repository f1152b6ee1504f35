import { expect } from '@open-wc/testing';
import {
  consentStateEntity,
  gdprEntity,
  noteAdopted,
  noteDecision,
  textsSha256,
  type ConsentEntitySettings,
  type DecisionInForce,
} from '../../src/consent/consent-entity.js';
import type { ConsentEventSettings } from '../../src/consent/consent-events.js';
import { ConsentSource } from '../../src/consent/decide.js';
import { CONSENT_LEVELS, type ConsentLevel } from '../../src/consent/levels.js';
import { ConsentManager } from '../../src/consent/manager.js';
import { resolveConsentOptions } from '../../src/consent/options.js';
import { createConsentStore } from '../../src/consent/storage.js';
import { memoryCookies } from '../support/fakes.js';
import { schemaProblems } from '../support/harness.js';

const SETTINGS: ConsentEntitySettings = {
  basisForProcessing: 'consent',
  rejectLevel: 'cookieless',
  policyVersion: '2024-06',
  documentUrl: 'https://shop.example/privacy',
  stateEntity: true,
};

const decision = (level: ConsentLevel, extra: Partial<DecisionInForce> = {}): DecisionInForce => ({
  level,
  purposes: new Set(['functional']),
  source: ConsentSource.Stored,
  copies: [],
  ...extra,
});

const SENT_LEVELS = CONSENT_LEVELS.filter((level) => level !== 'none');

describe('the consent entities (pure)', () => {
  it('gdpr: consent above the reject level, legitimate interests at it and below; valid for Iglu Central', async () => {
    const bases = SENT_LEVELS.map((level) => gdprEntity(decision(level), SETTINGS).data['basisForProcessing']);
    expect(bases).to.deep.equal(['consent', 'consent', 'consent', 'legitimate_interests']);
    const anonymousReject = { ...SETTINGS, rejectLevel: 'anonymous' as const, basisForProcessing: 'contract' as const };
    expect(gdprEntity(decision('anonymous'), anonymousReject).data['basisForProcessing']).to.equal('legitimate_interests');
    expect(gdprEntity(decision('session'), anonymousReject).data['basisForProcessing']).to.equal('contract');
    const entity = gdprEntity(decision('full'), SETTINGS);
    expect(entity.data).to.deep.equal({
      basisForProcessing: 'consent',
      documentId: 'https://shop.example/privacy',
      documentVersion: '2024-06',
      documentDescription: 'level=full; purposes=functional',
    });
    for (const level of SENT_LEVELS) expect(await schemaProblems(gdprEntity(decision(level), SETTINGS)), level).to.deep.equal([]);
  });

  it('gdpr: a policy URL longer than the schema allows is left out rather than cut', async () => {
    const long = { ...SETTINGS, documentUrl: `https://shop.example/${'p'.repeat(300)}` };
    const entity = gdprEntity(decision('full'), long);
    expect(entity.data['documentId']).to.equal(null);
    expect(await schemaProblems(entity)).to.deep.equal([]);
  });

  it('consent_state: the source as the schema names it; valid against the schema the package ships', async () => {
    const sources: [DecisionInForce['source'], string][] = [
      [ConsentSource.Default, 'default'],
      [ConsentSource.Gpc, 'signal'],
      [ConsentSource.Dnt, 'signal'],
      [ConsentSource.Stored, 'stored'],
    ];
    for (const [source, named] of sources) {
      const entity = await consentStateEntity(decision('cookieless', { source }), SETTINGS, false);
      expect(entity.data['source'], source).to.equal(named);
      expect(await schemaProblems(entity)).to.deep.equal([]);
    }
  });

  it("a decision's note (source, time, receipt) goes on its own consent event only; an adopted one never overrides it", async () => {
    const value = `stored-value-${Math.random()}`;
    noteDecision(value, {
      source: 'visitor',
      bannerToDecisionMs: 1234,
      receipt: { id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6', textsSha256: textsSha256('shown') },
    });
    noteAdopted(value);
    const inForce = decision('full', { copies: [value] });
    const onDecision = await consentStateEntity(inForce, SETTINGS, true);
    expect(onDecision.data).to.deep.include({ source: 'visitor', bannerToDecisionMs: 1234 });
    expect(onDecision.data['receipt']).to.deep.equal({
      id: '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6',
      textsSha256: await textsSha256('shown'),
    });
    expect(await schemaProblems(onDecision)).to.deep.equal([]);
    const onOthers = await consentStateEntity(inForce, SETTINGS, false);
    expect(onOthers.data).to.deep.equal({ level: 'full', purposes: ['functional'], source: 'visitor', policyVersion: '2024-06' });
    // Two copies that disagree: no single decision, so no note.
    const twoCopies = await consentStateEntity(decision('full', { copies: [value, 'other'] }), SETTINGS, true);
    expect(twoCopies.data).to.deep.include({ source: 'stored' }).and.not.have.property('receipt');
    const adopted = `adopted-${Math.random()}`;
    noteAdopted(adopted);
    expect((await consentStateEntity(decision('full', { copies: [adopted] }), SETTINGS, false)).data['source']).to.equal(
      'other_tab',
    );
  });

  it('textsSha256 is the SHA-256 of the text, in hex', async () => {
    expect(await textsSha256('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the manager: receipts, the time since the banner asked, "all" of the site', () => {
  const EVENTS: ConsentEventSettings = {
    basisForProcessing: 'consent',
    consentUrl: 'https://shop.example/privacy',
    domainsApplied: ['shop.example'],
    sitePurposes: ['functional', 'marketing'],
  };

  function manager(receipts: boolean, purposes = 'functional marketing') {
    let now = 1_000_000;
    const store = createConsentStore('c', memoryCookies({}));
    const tracked: Record<string, unknown>[] = [];
    const consent = new ConsentManager({
      options: resolveConsentOptions({ cookieName: 'c', purposes }, 'shop.example'),
      bridges: [{ applyLevel() {}, trackSelfDescribingEvent: (event) => tracked.push(event.data) }],
      signals: { doNotTrack: false, globalPrivacyControl: false },
      store,
      consentEvents: EVENTS,
      receipts,
      now: () => now,
    });
    consent.start();
    return { consent, store, tracked, advance: (ms: number) => (now += ms) };
  }

  const noteOf = async (store: { read(): readonly string[] }, level: ConsentLevel) =>
    (await consentStateEntity(decision(level, { copies: store.read() }), SETTINGS, true)).data;

  it('each decision gets its own receipt; the texts the visitor was shown are hashed, an API decision has none', async () => {
    const { consent, store, advance } = manager(true);
    consent.bannerShown(10);
    advance(4200);
    consent.textsShown = 'Your privacy Accept all Reject all';
    consent.accept(ConsentSource.Visitor);
    const first = consent.receipt;
    expect(first).to.match(/^[0-9a-f-]{36}$/);
    expect(await noteOf(store, 'full')).to.deep.include({
      source: 'visitor',
      bannerToDecisionMs: 4200,
      receipt: { id: first, textsSha256: await textsSha256('Your privacy Accept all Reject all') },
    });
    consent.reject(ConsentSource.Api);
    expect(consent.receipt).to.not.equal(first);
    const second = await noteOf(store, 'cookieless');
    // The time since the banner is the first decision's only; the texts were shown for that one too.
    expect(second).to.deep.include({ source: 'api', receipt: { id: consent.receipt, textsSha256: null } });
    expect(second).to.not.have.property('bannerToDecisionMs');
    // Withdrawn: the decision with that receipt is no longer in force, so it is not shown.
    consent.reset();
    expect(consent.receipt).to.equal(undefined);
  });

  it('without receipts: no id, nothing in the note but the source and the time', async () => {
    const { consent, store } = manager(false);
    consent.bannerShown(10);
    consent.accept(ConsentSource.Visitor);
    expect(consent.receipt).to.equal(undefined);
    const note = await noteOf(store, 'full');
    expect(note).to.not.have.property('receipt');
    expect(note['bannerToDecisionMs']).to.equal(0);
  });

  it('"accept all" on a page that lists some of the site\'s purposes is a selection; all once every one is granted', () => {
    const { consent, tracked } = manager(false, 'functional');
    consent.accept();
    expect(tracked.at(-1)).to.deep.include({ eventType: 'allow_selected' });
    expect(tracked.at(-1)!['consentScopes']).to.include('functional').and.not.include('marketing');
  });
});
