// The Iglu validation of scripts/iglu.mjs, and the loopback collector that applies it to every event: it
// must reject what a Snowplow pipeline rejects and accept what the tracker really sends.
// fixtures/tracker-requests.json: the tp2 POST bodies that the browser tracker 4.10.1 sent to the demo's
// collector on a first visit (page view, cmp_visible, pending) and an "accept all" click (allow_all).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { createCollector } from '../../scripts/collector.mjs';
import { decodeBase64Url, PAYLOAD_DATA, validatePayload, validatePostBody, validateSelfDescribing } from '../../scripts/iglu.mjs';

const BODIES = JSON.parse(readFileSync(new URL('./fixtures/tracker-requests.json', import.meta.url), 'utf8'));
const PAYLOADS = BODIES.flatMap((body) => body.data);
const PAGE_VIEW = PAYLOADS.find((payload) => payload.e === 'pv');
const ALLOW_ALL = PAYLOADS.find((payload) => payload.ue_pr?.includes('"allow_all"'));
const SNOWPLOW = 'iglu:com.snowplowanalytics.snowplow';

const base64url = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');

/** A copy of `object` without `key`. */
function without(object, key) {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

/** The allow_all event as a tracker with `encodeBase64: true` (its default) sends it: `cx` and `ue_px`. */
function encoded(payload = ALLOW_ALL) {
  const { co, ue_pr, ...rest } = payload;
  return { ...rest, cx: base64url(JSON.parse(co)), ue_px: base64url(JSON.parse(ue_pr)) };
}

/** The allow_all event with its entities (and optionally the consent event's data) changed. */
function withChanges({ entities = (list) => list, data = (d) => d } = {}) {
  const contexts = JSON.parse(ALLOW_ALL.co);
  const event = JSON.parse(ALLOW_ALL.ue_pr);
  contexts.data = entities(structuredClone(contexts.data));
  event.data.data = data(structuredClone(event.data.data));
  return encoded({ ...ALLOW_ALL, co: JSON.stringify(contexts), ue_pr: JSON.stringify(event) });
}

function expectProblem(problems, pattern) {
  assert.ok(
    problems.some((problem) => pattern.test(problem)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );
}

describe('Iglu validation of tracker payloads', () => {
  it('accepts the events the browser tracker really sent, plain or base64url-encoded', () => {
    assert.equal(PAYLOADS.length, 4);
    for (const payload of PAYLOADS) assert.deepEqual(validatePayload(payload), [], payload.eid);
    for (const payload of PAYLOADS.filter((p) => p.ue_pr)) assert.deepEqual(validatePayload(encoded(payload)), [], payload.eid);
    for (const body of BODIES) assert.deepEqual(validatePostBody(body), []);
  });

  it('rejects a payload without a required field (tv, p, e)', () => {
    for (const field of ['tv', 'p', 'e']) {
      expectProblem(
        validatePayload(without(PAGE_VIEW, field)),
        new RegExp(`payload_data/1-0-4: \\(root\\) must have required property '${field}'`),
      );
    }
  });

  it('rejects a field that is not a string (the protocol sends only strings)', () => {
    expectProblem(validatePayload({ ...PAGE_VIEW, vid: 1 }), /payload_data\/1-0-4: \/vid must be string, got 1/);
    expectProblem(validatePayload({ ...PAGE_VIEW, cookie: true }), /\/cookie must be string/);
    expectProblem(validatePayload({ ...PAGE_VIEW, co: null }), /\/co must be string/);
  });

  it('rejects a field the protocol does not have', () => {
    expectProblem(validatePayload({ ...PAGE_VIEW, consent: 'full' }), /must NOT have additional properties: "consent"/);
  });

  it('rejects atomic fields enrich cannot parse: event code, platform, event id, session index', () => {
    expectProblem(validatePayload({ ...PAGE_VIEW, e: 'page_view' }), /^e: "page_view" is not an event code/);
    expectProblem(validatePayload({ ...PAGE_VIEW, p: 'browser' }), /^p: "browser" is not a platform code/);
    expectProblem(validatePayload({ ...PAGE_VIEW, eid: 'abc' }), /^eid: "abc" is not a UUID/);
    expectProblem(validatePayload({ ...ALLOW_ALL, vid: 'NaN' }), /^vid: "NaN" is not an integer/);
    expectProblem(validatePayload({ ...ALLOW_ALL, dtm: '2024-01-01' }), /^dtm: .* is not a timestamp in ms/);
  });

  it('rejects a client_session with an empty sessionId', () => {
    const payload = withChanges({
      entities: (list) =>
        list.map((e) => (e.schema.includes('/client_session/') ? { ...e, data: { ...e.data, sessionId: '' } } : e)),
    });
    expectProblem(validatePayload(payload), /^cx: entity 1: client_session\/1-0-2: \/sessionId must match format "uuid", got ""/);
  });

  it('rejects a client_session without its required fields, or with one of another type', () => {
    const payload = withChanges({
      entities: (list) =>
        list.map((e) => {
          if (!e.schema.includes('/client_session/')) return e;
          return { ...e, data: { ...without(e.data, 'userId'), sessionIndex: '1' } };
        }),
    });
    const problems = validatePayload(payload);
    expectProblem(problems, /client_session\/1-0-2: \(root\) must have required property 'userId'/);
    expectProblem(problems, /client_session\/1-0-2: \/sessionIndex must be integer, got "1"/);
  });

  it('rejects a consent_preferences event with an unknown eventType, a bad URI or no scopes', () => {
    let problems = validatePayload(withChanges({ data: (d) => ({ ...d, eventType: 'accept' }) }));
    expectProblem(problems, /^ue_px: consent_preferences\/1-0-0: \/eventType must be equal to one of the allowed values/);
    problems = validatePayload(withChanges({ data: (d) => ({ ...d, consentUrl: 'privacy page', consentScopes: [] }) }));
    expectProblem(problems, /\/consentUrl must match format "uri"/);
    expectProblem(problems, /\/consentScopes must NOT have fewer than 1 items/);
    problems = validatePayload(withChanges({ data: (d) => ({ ...d, consentVersion: 'x'.repeat(17) }) }));
    expectProblem(problems, /\/consentVersion must NOT have more than 16 characters/);
  });

  it('rejects an extra property in an event or an entity', () => {
    expectProblem(
      validatePayload(withChanges({ data: (d) => ({ ...d, level: 'full' }) })),
      /^ue_px: consent_preferences\/1-0-0: \(root\) must NOT have additional properties: "level"/,
    );
    expectProblem(
      validatePayload(withChanges({ entities: (list) => [{ ...list[0], data: { ...list[0].data, url: 'x' } }] })),
      /^cx: entity 0: web_page\/1-0-0: \(root\) must NOT have additional properties: "url"/,
    );
  });

  it('rejects bad base64 and bad JSON in cx and ue_px', () => {
    expectProblem(validatePayload({ ...encoded(), cx: 'not*base64!' }), /^cx: not base64url-encoded UTF-8/);
    expectProblem(validatePayload({ ...encoded(), ue_px: 'abcde' }), /^ue_px: not base64url-encoded UTF-8/);
    expectProblem(
      validatePayload({ ...encoded(), cx: Buffer.from([0xff, 0xfe, 0x00]).toString('base64url') }),
      /^cx: not base64url/,
    );
    expectProblem(validatePayload({ ...encoded(), cx: Buffer.from('{"schema":').toString('base64url') }), /^cx: not JSON/);
    expectProblem(validatePayload({ ...PAGE_VIEW, co: '{' }), /^co: not JSON/);
    assert.equal(decodeBase64Url(Buffer.from('ok ü').toString('base64url')), 'ok ü');
  });

  it('checks the envelopes: contexts must be a non-empty list of self-describing entities', () => {
    const contexts = (data) => ({ ...PAGE_VIEW, co: JSON.stringify({ schema: `${SNOWPLOW}/contexts/jsonschema/1-0-0`, data }) });
    expectProblem(validatePayload(contexts([])), /^co: contexts\/1-0-0: \(root\) must NOT have fewer than 1 items/);
    expectProblem(validatePayload(contexts([{ data: {} }])), /^co: contexts\/1-0-0: \/0 must have required property 'schema'/);
    expectProblem(
      validatePayload({ ...PAGE_VIEW, co: JSON.stringify({ schema: `${SNOWPLOW}/unstruct_event/jsonschema/1-0-0`, data: {} }) }),
      /^co: expected a contexts envelope/,
    );
    expectProblem(
      validatePayload({ ...ALLOW_ALL, ue_pr: JSON.stringify({ data: {} }) }),
      /^ue_pr: schema undefined is not an Iglu URI/,
    );
  });

  it("reports a Snowplow schema the repository does not hold; lets other vendors' entities through", () => {
    const unknown = { schema: `${SNOWPLOW}/geolocation_context/jsonschema/1-1-0`, data: { latitude: 1 } };
    const custom = { schema: 'iglu:com.example/product/jsonschema/1-0-0', data: { anything: true } };
    expectProblem(
      validatePayload(withChanges({ entities: (list) => [...list, unknown] })),
      /^cx: entity 2: unknown schema iglu:com.snowplowanalytics.snowplow\/geolocation_context\/jsonschema\/1-1-0$/,
    );
    assert.deepEqual(validatePayload(withChanges({ entities: (list) => [...list, custom] })), []);
    assert.deepEqual(validateSelfDescribing(custom, { unknown: 'all' }), [`unknown schema ${custom.schema}`]);
  });

  it("checks the consent entities: Iglu Central's gdpr and this library's consent_state (from schemas/, as shipped)", () => {
    const gdpr = {
      schema: `${SNOWPLOW}/gdpr/jsonschema/1-0-0`,
      data: {
        basisForProcessing: 'consent',
        documentId: 'https://shop.example/privacy',
        documentVersion: '3',
        documentDescription: 'level=full; purposes=',
      },
    };
    const state = {
      schema: 'iglu:dev.consent-banner/consent_state/jsonschema/1-0-0',
      data: { level: 'full', purposes: ['marketing'], source: 'visitor', policyVersion: '3', bannerToDecisionMs: 812 },
    };
    assert.deepEqual(validatePayload(withChanges({ entities: (list) => [...list, gdpr, state] })), []);
    // Nothing identifying fits in them: no extra property, the receipt id a UUID and only with its hash.
    expectProblem(
      validateSelfDescribing({ ...state, data: { ...state.data, userId: 'u1' } }),
      /consent_state\/1-0-0: \(root\) must NOT have additional properties: "userId"/,
    );
    expectProblem(
      validateSelfDescribing({ ...state, data: { ...state.data, receipt: { id: 'visitor@example.com', textsSha256: null } } }),
      /\/receipt\/id must match format "uuid"/,
    );
    expectProblem(
      validateSelfDescribing({ ...state, data: { ...state.data, level: 'none' } }),
      /\/level must be equal to one of/,
    );
    expectProblem(
      validateSelfDescribing({ ...gdpr, data: { ...gdpr.data, documentVersion: 'x'.repeat(17) } }),
      /documentVersion/,
    );
    // A version of this library's schema the package does not ship is unknown, as a Snowplow one would be.
    expectProblem(
      validateSelfDescribing({ ...state, schema: 'iglu:dev.consent-banner/consent_state/jsonschema/1-0-1' }),
      /unknown schema/,
    );
  });

  it('checks a POST body: a known payload_data version around a non-empty list', () => {
    assert.deepEqual(validatePostBody({ schema: PAYLOAD_DATA, data: [PAGE_VIEW] }), []);
    expectProblem(validatePostBody({ schema: PAYLOAD_DATA, data: [] }), /no events/);
    expectProblem(validatePostBody({ schema: `${SNOWPLOW}/payload_data/jsonschema/1-0-9`, data: [PAGE_VIEW] }), /unknown schema/);
    expectProblem(validatePostBody({ data: [PAGE_VIEW] }), /is not payload_data/);
  });
});

describe('the loopback collector checks every event it captures', () => {
  async function withCollector(run) {
    const collector = createCollector();
    const server = createServer(async (req, res) => {
      if (!(await collector.handle(req, res, '/collector'))) res.writeHead(404).end();
    });
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
    const base = `http://127.0.0.1:${server.address().port}/collector`;
    try {
      await run(collector, base);
    } finally {
      server.close();
    }
  }

  const post = (base, body) =>
    fetch(`${base}/com.snowplowanalytics.snowplow/tp2`, { method: 'POST', body: JSON.stringify(body) });

  it('stores no problem for what the tracker sent, and the problems of an invalid event on its capture', async () => {
    await withCollector(async (collector, base) => {
      for (const body of BODIES) assert.equal((await post(base, body)).status, 200);
      assert.deepEqual(
        collector.captures.map((capture) => capture.schemaProblems),
        BODIES.map(() => []),
      );

      const bad = withChanges({ data: (d) => ({ ...d, eventType: 'accept' }) });
      const other = { ...encoded(), aid: 'other-app' };
      await post(base, { schema: PAYLOAD_DATA, data: [bad, other] });
      const capture = collector.captures.at(-1);
      assert.equal(capture.schemaProblems.length, 1);
      assert.match(
        capture.schemaProblems[0],
        /^event 0 \(e=ue consent_preferences, eid [0-9a-f-]{36}\): ue_px: consent_preferences\/1-0-0: \/eventType must be equal to one/,
      );

      // Read per app id, a capture lists the problems of that app's events only.
      const read = async (aid) => (await fetch(`${base}/__captures?aid=${aid}`)).json();
      assert.equal((await read('demo')).at(-1).schemaProblems.length, 1);
      assert.deepEqual(
        (await read('other-app')).map((c) => c.schemaProblems),
        [[]],
      );
    });
  });

  it('checks GET requests too, and validates a self-describing JSON on POST /__validate', async () => {
    await withCollector(async (collector, base) => {
      const pageView = { ...without(encoded(), 'ue_px'), e: 'pv', vid: 'one' };
      await fetch(`${base}/i?${new URLSearchParams(pageView)}`);
      assert.deepEqual(collector.captures[0].schemaProblems, [
        `event 0 (e=pv, eid ${ALLOW_ALL.eid}): vid: "one" is not an integer`,
      ]);

      const validate = async (json) =>
        (await (await fetch(`${base}/__validate`, { method: 'POST', body: JSON.stringify(json) })).json()).problems;
      const event = JSON.parse(ALLOW_ALL.ue_pr).data;
      assert.deepEqual(await validate(event), []);
      expectProblem(await validate({ ...event, data: { ...event.data, eventType: 'x' } }), /eventType must be equal to one/);
      expectProblem(await validate({ schema: 'iglu:com.example/x/jsonschema/1-0-0', data: {} }), /unknown schema/);
    });
  });
});
