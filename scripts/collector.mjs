// A loopback Snowplow collector for tests and the demo. It accepts the tracker's POST (tp2) and GET (/i)
// requests, answers CORS preflights the way a real collector does, and mimics the collector's identity
// handling: without `SP-Anonymous` it sets its `sp` cookie (the network user id) and records the IP;
// with it, it records the null UUID and "unknown" and expires an `sp` cookie the request carried
// (snowplow/stream-collector Service.scala). Every request is kept, decoded, for inspection, with the
// reasons a real pipeline would reject its events (`schemaProblems`, checked against the Iglu schemas by
// scripts/iglu.mjs).
import { randomUUID } from 'node:crypto';
import { PAYLOAD_DATA, validatePayload, validatePostBody, validateSelfDescribing } from './iglu.mjs';

export const NULL_UUID = '00000000-0000-0000-0000-000000000000';
const NETWORK_COOKIE = 'sp';
const MAX_BODY_BYTES = 1024 * 1024;

/** Parses a Cookie header into an object. */
export function parseCookies(header = '') {
  const cookies = {};
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      cookies[name] = part.slice(index + 1).trim();
    }
  }
  return cookies;
}

function decodeBase64Url(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

function parseJsonField(payload, plain, base64) {
  try {
    if (typeof payload[plain] === 'string') return JSON.parse(payload[plain]);
    if (typeof payload[base64] === 'string') return JSON.parse(decodeBase64Url(payload[base64]));
  } catch {
    return { unparsable: true };
  }
  return undefined;
}

/** One tracker payload, with its entities (`co`/`cx`) and self-describing event (`ue_pr`/`ue_px`) decoded. */
export function decodeEvent(payload) {
  if (payload === null || typeof payload !== 'object') payload = {};
  const contexts = parseJsonField(payload, 'co', 'cx');
  const unstruct = parseJsonField(payload, 'ue_pr', 'ue_px');
  return {
    ...payload,
    entities: Array.isArray(contexts?.data) ? contexts.data : [],
    selfDescribing: unstruct?.data,
  };
}

/** A short name for an event in a problem message: its code, its self-describing schema, its id. */
function eventLabel(event, index) {
  const name = event.selfDescribing?.schema ? ` ${String(event.selfDescribing.schema).split('/')[1]}` : '';
  return `event ${index} (e=${event.e}${name}, eid ${event.eid ?? '?'})`;
}

/**
 * Creates a collector. `handle(req, res, prefix)` answers requests under `prefix` and returns true when
 * it did; `captures` holds what arrived, each with `schemaProblems`: the reasons a pipeline would reject
 * its events (empty when it would accept them all). `GET <prefix>/__captures?aid=...` returns them as
 * JSON and `DELETE <prefix>/__captures` empties the log, so a browser test can inspect the collector
 * directly. `POST <prefix>/__validate` with a self-describing JSON answers `{problems}` (its schema must
 * be one the repository holds), for tests of events built in the browser without sending them.
 * `POST <prefix>/__control` with `{aid, down, delayMs}` simulates an outage (503, nothing recorded) or a
 * slow collector for the requests of that app id only, so concurrent tests do not disturb each other.
 */
export function createCollector() {
  const captures = [];
  // The problems of each event and of each request as a whole, so that a capture read for one app id
  // lists the problems of that app's events only.
  const eventProblems = new WeakMap();
  const requestProblems = new WeakMap();
  const collector = {
    captures,
    /** Per app id: `{down, delayMs}`. */
    conditions: new Map(),
    listeners: new Set(),
    clear() {
      captures.length = 0;
    },
    /** Requests whose events carry this app id (all when none given). */
    find(appId) {
      if (!appId) return captures;
      return captures
        .map((capture) => {
          const events = capture.events.filter((event) => event.aid === appId);
          const schemaProblems = [
            ...(requestProblems.get(capture) ?? []),
            ...events.flatMap((event) => eventProblems.get(event) ?? []),
          ];
          return { ...capture, events, schemaProblems };
        })
        .filter((capture) => capture.events.length > 0);
    },
    async handle(req, res, prefix = '') {
      const url = new URL(req.url, 'http://collector.invalid');
      if (!url.pathname.startsWith(prefix)) return false;
      const path = url.pathname.slice(prefix.length);
      const origin = req.headers.origin;

      if (path === '/__captures') {
        if (req.method === 'DELETE') collector.clear();
        send(
          res,
          200,
          { 'content-type': 'application/json', 'cache-control': 'no-store' },
          JSON.stringify(collector.find(url.searchParams.get('aid'))),
        );
        return true;
      }
      if (path === '/__validate' && req.method === 'POST') {
        let problems;
        try {
          problems = validateSelfDescribing(JSON.parse(await readBody(req)), { unknown: 'all' });
        } catch (error) {
          problems = [`not JSON: ${error.message}`];
        }
        send(res, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, JSON.stringify({ problems }));
        return true;
      }
      if (path === '/__control' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}');
        const condition = { down: body.down === true, delayMs: typeof body.delayMs === 'number' ? body.delayMs : 0 };
        collector.conditions.set(String(body.aid), condition);
        send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(condition));
        return true;
      }

      const isPost = path === '/com.snowplowanalytics.snowplow/tp2';
      const isGet = path === '/i';
      if (!isPost && !isGet) return false;

      const cors = origin
        ? {
            'access-control-allow-origin': origin,
            'access-control-allow-credentials': 'true',
            'access-control-allow-headers': 'Content-Type, SP-Anonymous',
            'access-control-allow-methods': 'POST, GET, OPTIONS',
            vary: 'Origin',
          }
        : {};
      if (req.method === 'OPTIONS') {
        send(res, 200, cors, '');
        return true;
      }

      const body = isPost ? await readBody(req) : '';
      let payloads;
      let bodyProblems = [];
      let payloadSchema = PAYLOAD_DATA;
      if (isPost) {
        let parsed;
        try {
          parsed = JSON.parse(body);
        } catch {
          send(res, 400, cors, 'bad payload');
          return true;
        }
        bodyProblems = validatePostBody(parsed);
        payloads = Array.isArray(parsed?.data) ? parsed.data : [];
        if (typeof parsed?.schema === 'string' && bodyProblems.length === 0) payloadSchema = parsed.schema;
      } else {
        payloads = [Object.fromEntries(url.searchParams)];
      }
      const condition = payloads.map((payload) => collector.conditions.get(String(payload.aid))).find(Boolean);
      if (condition?.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, condition.delayMs));
      if (condition?.down) {
        send(res, 503, cors, '');
        return true;
      }

      const cookies = parseCookies(req.headers.cookie);
      const anonymous = req.headers['sp-anonymous'] !== undefined;
      const headers = { ...cors, 'content-type': 'text/plain' };
      let networkUserId;
      if (anonymous) {
        networkUserId = NULL_UUID;
        if (cookies[NETWORK_COOKIE]) headers['set-cookie'] = `${NETWORK_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
      } else {
        networkUserId = cookies[NETWORK_COOKIE] ?? randomUUID();
        headers['set-cookie'] = `${NETWORK_COOKIE}=${networkUserId}; Path=/; Max-Age=31536000; SameSite=Lax`;
      }

      const capture = {
        time: new Date().toISOString(),
        method: req.method,
        path,
        headers: {
          spAnonymous: req.headers['sp-anonymous'] ?? null,
          origin: origin ?? null,
          referer: req.headers.referer ?? null,
          cookie: req.headers.cookie ?? null,
        },
        cookies,
        networkUserId,
        ipAddress: anonymous ? 'unknown' : (req.socket.remoteAddress ?? 'unknown'),
        events: payloads.map(decodeEvent),
        schemaProblems: [],
      };
      requestProblems.set(capture, bodyProblems);
      capture.events.forEach((event, index) => {
        const problems = validatePayload(payloads[index], payloadSchema).map(
          (problem) => `${eventLabel(event, index)}: ${problem}`,
        );
        eventProblems.set(event, problems);
      });
      capture.schemaProblems = [...bodyProblems, ...capture.events.flatMap((event) => eventProblems.get(event))];
      captures.push(capture);
      collector.listeners.forEach((listener) => listener(capture));
      send(res, 200, headers, 'ok');
      return true;
    },
  };
  return collector;
}

function send(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('payload too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
