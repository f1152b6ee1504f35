import { expect } from '@open-wc/testing';
import type { ConsentLevel } from '../../src/consent/levels.js';
import {
  DEFAULT_POLICY,
  encodeBase64Url,
  enforceEvent,
  NULL_UUID,
  PageViewIds,
  resolveEnforcementPolicy,
  type EventPayload,
} from '../../src/tracker/enforce.js';
import { guardedFetch, type Guard } from '../../src/tracker/guard.js';
import { quietly } from '../support/warnings.js';

const D = 'd1d1d1d1-0000-4000-8000-000000000001';
const S = '5e5e5e5e-0000-4000-8000-000000000002';
const U = 'user-canary-42';
const PAGE = 'aaaaaaaa-0000-4000-8000-000000000003';
const TAB = 'bbbbbbbb-0000-4000-8000-000000000004';

const entity = (name: string, data: Record<string, unknown>) => ({ schema: `iglu:${name}`, data });
const contexts = (...entities: unknown[]) =>
  JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: entities });

/** An event as the tracker builds it at `full`, with every identifier this library knows of. */
function identifiedEvent(): EventPayload {
  return {
    e: 'pv',
    eid: 'e1',
    aid: 'shop',
    uid: U,
    duid: D,
    sid: S,
    vid: '3',
    url: `https://shop.example/landing?utm_source=x&_sp=${D}.1700000000&gclid=G1&fbclid=F1`,
    refr: 'https://partner.example/?msclkid=M1&q=shoes',
    co: contexts(
      entity('com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', { id: PAGE }),
      entity('com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2', { userId: D, sessionId: S, sessionIndex: 3 }),
      entity('com.snowplowanalytics.snowplow/browser_context/jsonschema/2-0-0', { viewport: '1x1', tabId: TAB }),
      entity('com.snowplowanalytics.snowplow.ecommerce/user/jsonschema/1-0-0', { id: U, email: 'a@b.c' }),
      entity('com.google.analytics/cookies/jsonschema/1-0-0', { _ga: 'GA1.1.1.1' }),
      entity('com.google.ga4/cookies/jsonschema/1-0-0', { _ga: 'GA1.1.4444.1700000000' }),
      entity('com.acme/customer/jsonschema/1-0-0', { tier: 'gold', visitor: 'acme-visitor-7' }),
    ),
  };
}

function entitiesOf(payload: EventPayload): { schema: string; data: Record<string, unknown> }[] {
  return payload['co'] === undefined ? [] : (JSON.parse(payload['co'] as string) as { data: never[] }).data;
}

function enforced(level: ConsentLevel, payload = identifiedEvent(), ids = new PageViewIds()): EventPayload | undefined {
  return enforceEvent(payload, level, DEFAULT_POLICY, ids) ? payload : undefined;
}

describe('enforcement of a level on one event (pure)', () => {
  it('full: the event leaves as tracked', () => {
    expect(enforced('full')).to.deep.equal(identifiedEvent());
  });

  it('none: the event does not leave', () => {
    expect(enforced('none')).to.equal(undefined);
  });

  for (const level of ['session', 'anonymous', 'cookieless'] as const) {
    it(`${level}: no user or device id, no linker or click id in url and refr, no entity not known to be safe`, () => {
      const event = enforced(level)!;
      const text = JSON.stringify(event);
      for (const canary of [U, D, 'G1', 'F1', 'M1', 'GA1.1.1.1', '4444', 'a@b.c', 'acme-visitor-7', TAB]) {
        expect(text, canary).not.to.contain(canary);
      }
      expect(event['url']).to.equal('https://shop.example/landing?utm_source=x');
      expect(event['refr']).to.equal('https://partner.example/?q=shoes');
      const schemas = entitiesOf(event).map((e) => e.schema.split('/').slice(0, 2).join('/'));
      expect(schemas).to.include.members([
        'iglu:com.snowplowanalytics.snowplow/web_page',
        'iglu:com.snowplowanalytics.snowplow/browser_context',
      ]);
      expect(schemas.filter((schema) => !schema.startsWith('iglu:com.snowplowanalytics.snowplow/'))).to.deep.equal([]);
    });
  }

  it('session: a session tracked under an identified level is dropped with it (it belongs to that identity)', () => {
    const event = enforced('session')!;
    expect(event['sid']).to.equal(undefined);
    expect(event['vid']).to.equal(undefined);
    expect(entitiesOf(event).some((e) => e.schema.includes('client_session'))).to.equal(false);
  });

  it('session: an anonymous session (null user id) stays', () => {
    const event: EventPayload = {
      e: 'pv',
      sid: S,
      vid: '1',
      co: contexts(entity('com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2', { userId: NULL_UUID, sessionId: S })),
    };
    expect(enforceEvent(event, 'session')).to.equal(true);
    expect(event['sid']).to.equal(S);
    expect(entitiesOf(event)[0]!.data['sessionId']).to.equal(S);
  });

  it('anonymous and cookieless: no session at all', () => {
    for (const level of ['anonymous', 'cookieless'] as const) {
      const event = enforced(level)!;
      expect([event['sid'], event['vid']], level).to.deep.equal([undefined, undefined]);
      expect(JSON.stringify(event), level).not.to.contain(S);
    }
  });

  it('base64 entities (cx) are rewritten in base64', () => {
    const event = identifiedEvent();
    event['cx'] = encodeBase64Url(event['co'] as string);
    delete event['co'];
    expect(enforceEvent(event, 'cookieless', DEFAULT_POLICY, new PageViewIds())).to.equal(true);
    expect(event['co']).to.equal(undefined);
    const decoded = atob((event['cx'] as string).replace(/-/g, '+').replace(/_/g, '/'));
    expect(decoded).not.to.contain(D);
    expect(decoded).to.contain('web_page');
  });

  it('unreadable entities do not leave', () => {
    const event: EventPayload = { e: 'pv', cx: '%%%not base64' };
    expect(enforceEvent(event, 'cookieless')).to.equal(true);
    expect(event['cx']).to.equal(undefined);
  });

  it('a page view id first sent at one level gets another id at any other level, the same one each time', () => {
    const ids = new PageViewIds();
    const pageId = (level: ConsentLevel) => entitiesOf(enforced(level, identifiedEvent(), ids)!)[0]!.data['id'];
    expect(pageId('full')).to.equal(PAGE);
    const atSession = pageId('session');
    expect(atSession).not.to.equal(PAGE);
    expect(pageId('session')).to.equal(atSession);
    expect(pageId('cookieless')).not.to.be.oneOf([PAGE, atSession]);
    expect(pageId('full')).to.equal(PAGE);
  });

  it('enforcing twice (at track time, then at send time) changes nothing more', () => {
    const ids = new PageViewIds();
    const once = enforced('cookieless', identifiedEvent(), ids)!;
    const twice = enforced('cookieless', { ...once }, ids)!;
    expect(twice).to.deep.equal(once);
  });
});

describe('entities below full: kept only when known to be safe (pure)', () => {
  const withEntities = (...entities: unknown[]): EventPayload => ({ e: 'pv', co: contexts(...entities) });
  const keptSchemas = (payload: EventPayload, level: ConsentLevel, policy = DEFAULT_POLICY) => {
    expect(enforceEvent(payload, level, policy, new PageViewIds())).to.equal(true);
    return entitiesOf(payload).map((e) => e.schema);
  };

  it('an entity of any vendor not declared safe is removed below full and kept at full', () => {
    const unknown = entity('net.unforeseen/tracking_profile/jsonschema/1-0-0', { profile: 'p-1' });
    for (const level of ['session', 'anonymous', 'cookieless'] as const) {
      expect(keptSchemas(withEntities(unknown), level), level).to.deep.equal([]);
    }
    expect(keptSchemas(withEntities(unknown), 'full')).to.deep.equal(['iglu:net.unforeseen/tracking_profile/jsonschema/1-0-0']);
  });

  it("the tracker's own safe entities, the consent entities and the ecommerce product stay below full", () => {
    const safe = [
      'com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0',
      'com.snowplowanalytics.snowplow/browser_context/jsonschema/2-0-0',
      'com.snowplowanalytics.snowplow/application/jsonschema/1-0-0',
      'com.snowplowanalytics.snowplow/consent_document/jsonschema/1-0-0',
      'com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0',
      'org.w3/PerformanceTiming/jsonschema/1-0-0',
    ];
    const kept = keptSchemas(withEntities(...safe.map((name) => entity(name, { id: PAGE }))), 'cookieless');
    expect(kept).to.deep.equal(safe.map((name) => `iglu:${name}`));
  });

  it('a vendor/name prefix matches that name only, not a longer one of the same vendor', () => {
    const policy = resolveEnforcementPolicy({ safeEntities: 'com.acme/store' });
    const kept = keptSchemas(
      withEntities(
        entity('com.acme/store/jsonschema/1-0-0', { region: 'north' }),
        entity('com.acme/store_visitor/jsonschema/1-0-0', { visitor: 'v' }),
      ),
      'cookieless',
      policy,
    );
    expect(kept).to.deep.equal(['iglu:com.acme/store/jsonschema/1-0-0']);
  });

  it('safe-entities adds schemas; one that identifies a person stays removed, with a warning naming it', () => {
    const { value, warnings } = quietly(() =>
      resolveEnforcementPolicy({ safeEntities: 'com.acme/store, iglu:com.google.ga4/cookies' }, (key) =>
        key === 'safeEntities' ? 'safe-entities' : key,
      ),
    );
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('safe-entities').and.to.contain('com.google.ga4/cookies/');
    const kept = keptSchemas(
      withEntities(
        entity('com.acme/store/jsonschema/1-0-0', { region: 'north' }),
        entity('com.google.ga4/cookies/jsonschema/1-0-0', { _ga: 'GA1.1.4444.1700000000' }),
      ),
      'session',
      value,
    );
    expect(kept).to.deep.equal(['iglu:com.acme/store/jsonschema/1-0-0']);
  });

  it('identity-entities removes an entity that is otherwise safe', () => {
    const policy = resolveEnforcementPolicy({ identityEntities: 'com.snowplowanalytics.snowplow/browser_context' });
    const kept = keptSchemas(
      withEntities(entity('com.snowplowanalytics.snowplow/browser_context/jsonschema/2-0-0', { viewport: '1x1' })),
      'cookieless',
      policy,
    );
    expect(kept).to.deep.equal([]);
  });

  it('a self-describing event (ue_pr, ue_px) leaves as tracked, whatever its schema', () => {
    const unstruct = JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'iglu:net.unforeseen/signup/jsonschema/1-0-0', data: { plan: 'gold' } },
    });
    const plain: EventPayload = { e: 'ue', ue_pr: unstruct };
    const base64: EventPayload = { e: 'ue', ue_px: encodeBase64Url(unstruct) };
    expect(enforced('cookieless', plain)).to.deep.equal({ e: 'ue', ue_pr: unstruct });
    expect(enforced('cookieless', base64)).to.deep.equal({ e: 'ue', ue_px: encodeBase64Url(unstruct) });
  });
});

describe('enforcement policy settings (pure)', () => {
  it('a bad safe-entities value: the warning names the attribute and each bad name, the good ones are used', () => {
    const { value, warnings } = quietly(() =>
      resolveEnforcementPolicy({ safeEntities: 'com.acme/store, https://acme.example/x acme' }, (key) =>
        key === 'safeEntities' ? 'safe-entities' : key,
      ),
    );
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('safe-entities=').and.to.contain('(https://acme.example/x, acme)');
    expect(warnings[0]).to.contain('using ["com.acme/store/"]');
    expect(value.safeEntities).to.deep.equal([...DEFAULT_POLICY.safeEntities, 'com.acme/store/']);
  });

  it('identity-entities adds schemas; url-identifiers replaces the click ids; bad names are dropped with a warning', () => {
    const { value, warnings } = quietly(() =>
      resolveEnforcementPolicy(
        { identityEntities: 'iglu:com.acme/customer com.acme/loyalty/ not a schema', urlIdentifiers: 'gclid, ref id' },
        (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      ),
    );
    expect(value.identityEntities).to.include.members([
      'com.acme/customer/',
      'com.acme/loyalty/',
      ...DEFAULT_POLICY.identityEntities,
    ]);
    expect(value.urlIdentifiers).to.deep.equal(['gclid', 'ref', 'id']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('identity-entities=').and.to.contain('(not, a, schema)');
    const event = identifiedEvent();
    enforceEvent(event, 'cookieless', value, new PageViewIds());
    expect(entitiesOf(event).map((e) => e.schema)).not.to.include('iglu:com.acme/customer/jsonschema/1-0-0');
    expect(event['url']).to.contain('fbclid=F1');
  });
});

describe('guarded fetch: the level in force when a request leaves (pure, with a recording sender)', () => {
  function setup(level: ConsentLevel) {
    const sent: Request[] = [];
    const decision = {
      level,
      source: 'stored' as const,
      askVisitor: false,
      purposes: new Set<string>(),
      unansweredPurposes: [],
      copies: [],
    };
    const guard: Guard = {
      gate: { level: () => level, decision: () => decision },
      policy: DEFAULT_POLICY,
      optOutCookieName: 'x_optout',
    };
    const send = guardedFetch(guard, (request) => {
      sent.push(request);
      return Promise.resolve(new Response('ok'));
    });
    return { sent, send };
  }
  const post = (events: EventPayload[], headers: Record<string, string> = {}) =>
    new Request('https://collector.example/com.snowplowanalytics.snowplow/tp2', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
      body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: events }),
      credentials: 'include',
    });

  it('none: nothing is sent, and the tracker is told it was (so the events are not retried)', async () => {
    const { sent, send } = setup('none');
    const response = await send(post([identifiedEvent()]));
    expect(response.ok).to.equal(true);
    expect(sent).to.have.length(0);
  });

  it('cookieless: a batch queued at full leaves without identifiers and with SP-Anonymous', async () => {
    const { sent, send } = setup('cookieless');
    await send(post([identifiedEvent(), identifiedEvent()]));
    expect(sent).to.have.length(1);
    const request = sent[0]!;
    expect(request.headers.get('SP-Anonymous')).to.equal('*');
    expect(request.headers.get('Content-Type')).to.contain('application/json');
    expect(request.credentials, 'no cookie of the site rides along').to.equal('omit');
    const body = await request.text();
    for (const canary of [U, D, S]) expect(body).not.to.contain(canary);
    expect((JSON.parse(body) as { data: unknown[] }).data).to.have.length(2);
  });

  it('a GET request is rewritten in its query', async () => {
    const { sent, send } = setup('anonymous');
    const query = new URLSearchParams(identifiedEvent() as Record<string, string>);
    await send(new Request(`https://collector.example/i?${query}`));
    const url = new URL(sent[0]!.url);
    expect(url.pathname).to.equal('/i');
    expect([url.searchParams.get('duid'), url.searchParams.get('uid'), url.searchParams.get('sid')]).to.deep.equal([
      null,
      null,
      null,
    ]);
    expect(url.searchParams.get('e')).to.equal('pv');
    expect(sent[0]!.headers.get('SP-Anonymous')).to.equal(null);
  });

  it('the cookie extension service is called at full only', async () => {
    for (const level of ['full', 'session', 'cookieless'] as const) {
      const { sent, send } = setup(level);
      await send(new Request('https://collector.example/cookie-extension', { method: 'GET' }));
      expect(sent.length, level).to.equal(level === 'full' ? 1 : 0);
    }
  });
});
