// Validates tracker payloads as a Snowplow pipeline does, against the real Iglu schemas kept in
// test/iglu/schemas (copied unchanged from Iglu Central; see its README). An event that fails here would
// become a failed event in a real pipeline instead of a row in the warehouse.
//
// One payload (the name/value object of one event: an item of a tp2 POST body's `data`, or a GET /i
// query) is checked against `payload_data`'s item schema (every field a string, `e`, `p` and `tv`
// required, no unknown field), then against the few conversions enrich applies to atomic fields (event
// code, platform, UUIDs, integers, timestamps). Its entities (`co`, or `cx` base64url-decoded) must form a
// `contexts` envelope and each entity must match its own schema; the same for the self-describing event
// (`ue_pr`/`ue_px`, an `unstruct_event` envelope around the event). A schema this repository does not hold
// is reported as unknown when its vendor is Snowplow's or this library's (the tracker's own entities and
// events, and this library's, are all expected here); entities of other vendors are let through. This
// library's own schemas are read from where the package ships them (`schemas/`), as a site's registry would.
//
// Iglu schemas are JSON Schema draft 04 (their meta-schema, com.snowplowanalytics.self-desc, extends
// draft-04) and enrich validates them as draft 04: Ajv's draft-04 class, with ajv-formats for `uri`,
// `uuid`, `date-time` and the other formats enrich checks.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** Where the schemas are, in the static Iglu layout: `<vendor>/<name>/<format>/<version>`. */
export const SCHEMA_ROOT = resolve(import.meta.dirname, '../test/iglu/schemas');
/** This library's own schemas, as the package ships them. */
export const OWN_SCHEMA_ROOT = resolve(import.meta.dirname, '../schemas');
export const SNOWPLOW_VENDOR = 'com.snowplowanalytics.snowplow';
export const OWN_VENDOR = 'dev.consent-banner';
/** Vendors whose every schema must be known here. */
const EXPECTED_VENDORS = [SNOWPLOW_VENDOR, OWN_VENDOR];
export const PAYLOAD_DATA = `iglu:${SNOWPLOW_VENDOR}/payload_data/jsonschema/1-0-4`;

const IGLU_URI = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;

// strict: false as in enrich, whose validator ignores keywords it does not know; formats are checked;
// verbose: errors carry the offending value, for the message.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: true });
addFormats(ajv);

/** `iglu:vendor/name/format/version` -> its parts, or undefined for a malformed URI. */
export function parseIgluUri(uri) {
  const match = typeof uri === 'string' ? IGLU_URI.exec(uri) : null;
  if (!match) return undefined;
  const [, vendor, name, format, version] = match;
  return { vendor, name, format, version };
}

const validators = new Map();

/**
 * The compiled validator of an Iglu schema, or undefined when this repository does not hold it.
 * `part: 'items'` compiles the schema of one item of an array schema (payload_data describes a list).
 */
function validatorFor(uri, part) {
  const key = `${uri}#${part ?? ''}`;
  if (validators.has(key)) return validators.get(key);
  const parts = parseIgluUri(uri);
  const root = parts?.vendor === OWN_VENDOR ? OWN_SCHEMA_ROOT : SCHEMA_ROOT;
  const file = parts && join(root, parts.vendor, parts.name, parts.format, parts.version);
  let validate;
  if (file && existsSync(file)) {
    // The self-describing meta-schema and the `self` block are Iglu's, not JSON Schema's: Ajv gets the rest.
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    const self = schema.self;
    delete schema.$schema;
    delete schema.self;
    const declared = self && `iglu:${self.vendor}/${self.name}/${self.format}/${self.version}`;
    if (declared !== uri) throw new Error(`${file} describes itself as ${declared}, not ${uri}`);
    validate = ajv.compile(part ? schema[part] : schema);
  }
  validators.set(key, validate);
  return validate;
}

/** `name/version` of an Iglu URI, short enough for a message. */
function shortName(uri) {
  const parts = parseIgluUri(uri);
  return parts ? `${parts.name}/${parts.version}` : String(uri);
}

/** Ajv's errors as one line each: where in the instance, what is wrong. */
function describeErrors(errors) {
  return (errors ?? []).map((error) => {
    const where = error.instancePath || '(root)';
    let detail = '';
    if (error.keyword === 'additionalProperties') detail = `: ${JSON.stringify(error.params.additionalProperty)}`;
    else if (error.keyword === 'enum') detail = ` (${error.params.allowedValues.join(', ')})`;
    const value = error.keyword === 'required' || error.keyword === 'additionalProperties' ? '' : `, got ${preview(error.data)}`;
    return `${where} ${error.message}${detail}${value}`;
  });
}

function preview(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Problems of one self-describing JSON (`{schema, data}`) against the schema it names. `unknown`:
 * 'snowplow' reports a schema not held here only for Snowplow's vendor and this library's (as for
 * entities), 'all' always.
 */
export function validateSelfDescribing(json, { unknown = 'snowplow' } = {}) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return ['not a self-describing JSON object'];
  const parts = parseIgluUri(json.schema);
  if (!parts) return [`schema ${preview(json.schema)} is not an Iglu URI`];
  const validate = validatorFor(json.schema);
  if (!validate) {
    return unknown === 'all' || EXPECTED_VENDORS.includes(parts.vendor) ? [`unknown schema ${json.schema}`] : [];
  }
  if (validate(json.data)) return [];
  return describeErrors(validate.errors).map((problem) => `${shortName(json.schema)}: ${problem}`);
}

/** Strict base64url (or base64) decoding to UTF-8 text; undefined when the text is not base64 or not UTF-8. */
export function decodeBase64Url(text) {
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Parses the field that carries an envelope, plain (`co`, `ue_pr`) or base64url-encoded (`cx`, `ue_px`). */
function readEnvelope(payload, field, encoded) {
  const raw = payload[field];
  if (typeof raw !== 'string') return { problems: [] }; // payload_data already says it must be a string
  const text = encoded ? decodeBase64Url(raw) : raw;
  if (text === undefined) return { problems: [`${field}: not base64url-encoded UTF-8`] };
  try {
    return { json: JSON.parse(text), problems: [] };
  } catch (error) {
    return { problems: [`${field}: not JSON (${error.message})`] };
  }
}

/** An envelope must be the expected Snowplow schema, any 1-*-* version (as enrich's criterion). */
function envelopeProblems(field, json, name) {
  const parts = parseIgluUri(json?.schema);
  if (parts && (parts.vendor !== SNOWPLOW_VENDOR || parts.name !== name || !parts.version.startsWith('1-'))) {
    return [`${field}: expected a ${name} envelope, got ${json.schema}`];
  }
  return validateSelfDescribing(json).map((problem) => `${field}: ${problem}`);
}

/**
 * Enrich parses some atomic fields into typed columns and fails the event when one does not parse
 * (snowplow/enrich, Transform: event code, platform, UUIDs, integers, timestamps).
 */
const EVENT_CODES = ['se', 'ev', 'ue', 'ad', 'tr', 'ti', 'pv', 'pp'];
const PLATFORMS = ['web', 'mob', 'pc', 'srv', 'app', 'tv', 'cnsl', 'iot', 'headset'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,10}$/;
const TIMESTAMP = /^\d{1,15}$/;
const ATOMIC_FIELDS = {
  e: [(value) => EVENT_CODES.includes(value), 'is not an event code'],
  p: [(value) => PLATFORMS.includes(value), 'is not a platform code'],
  eid: [(value) => UUID.test(value), 'is not a UUID'],
  sid: [(value) => UUID.test(value), 'is not a UUID'],
  vid: [(value) => INTEGER.test(value), 'is not an integer'],
  tid: [(value) => INTEGER.test(value), 'is not an integer'],
  dtm: [(value) => TIMESTAMP.test(value), 'is not a timestamp in ms'],
  stm: [(value) => TIMESTAMP.test(value), 'is not a timestamp in ms'],
  ttm: [(value) => TIMESTAMP.test(value), 'is not a timestamp in ms'],
};

/**
 * Every reason a pipeline would reject this one tracker payload; empty when it would accept it. `schema`:
 * the payload_data version it came under (a POST body names it; a GET request is read as 1-0-4).
 */
export function validatePayload(payload, schema = PAYLOAD_DATA) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return ['the payload is not an object'];
  const validate = validatorFor(schema, 'items');
  if (!validate) return [`unknown schema ${schema}`];
  const problems = validate(payload) ? [] : describeErrors(validate.errors).map((problem) => `${shortName(schema)}: ${problem}`);
  for (const [field, [valid, message]] of Object.entries(ATOMIC_FIELDS)) {
    const value = payload[field];
    if (typeof value === 'string' && !valid(value)) problems.push(`${field}: ${preview(value)} ${message}`);
  }

  // Entities (`co`/`cx`, a contexts envelope around a list) and the event itself (`ue_pr`/`ue_px`, an
  // unstruct_event envelope around one), each plain or base64url.
  for (const [field, encoded, kind] of [
    ['co', false, 'contexts'],
    ['cx', true, 'contexts'],
    ['ue_pr', false, 'unstruct_event'],
    ['ue_px', true, 'unstruct_event'],
  ]) {
    const { json, problems: read } = readEnvelope(payload, field, encoded);
    problems.push(...read);
    if (json === undefined) continue;
    const envelope = envelopeProblems(field, json, kind);
    problems.push(...envelope);
    if (envelope.length > 0) continue;
    const inner =
      kind === 'contexts' ? json.data.map((entity, index) => [entity, `${field}: entity ${index}`]) : [[json.data, field]];
    for (const [item, where] of inner) problems.push(...validateSelfDescribing(item).map((problem) => `${where}: ${problem}`));
  }
  return problems;
}

/** A tp2 POST body is itself self-describing: a known `payload_data` version around a non-empty list. */
export function validatePostBody(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['the POST body is not a JSON object'];
  const parts = parseIgluUri(body.schema);
  if (!parts || parts.vendor !== SNOWPLOW_VENDOR || parts.name !== 'payload_data') {
    return [`the POST body's schema ${preview(body.schema)} is not payload_data`];
  }
  if (!validatorFor(body.schema, 'items')) return [`unknown schema ${body.schema}`];
  if (!Array.isArray(body.data) || body.data.length === 0)
    return ['the POST body has no events (data must be a non-empty array)'];
  return [];
}
