// The consent reports of sql/ on a real SQL engine (DuckDB) over the events the built drop-in really sends:
// Chromium visits pages of two sites (app ids, policy versions), each visitor in a fresh profile, and accepts,
// rejects, chooses through the API or leaves; the loopback collector logs what arrives. Those events are loaded
// into DuckDB as Snowplow's atomic events, in the Snowflake Loader's column layout (read by
// sql/duckdb/consent_events.sql) and in the BigQuery Loader's (read by sql/bigquery/consent_events.sql), the
// reports of sql/consent_reports.sql run over them, and every report must equal the counts computed here from
// the collector's log, rejects sent cookieless included. Needs dist/ (npm run build).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { createCollector } from '../../scripts/collector.mjs';
import { parseIgluUri } from '../../scripts/iglu.mjs';

const root = resolve(import.meta.dirname, '../..');
const sql = (path) => readFileSync(join(root, 'sql', path), 'utf8');
const PREFERENCES = 'iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0';
const VISIBLE = 'iglu:com.snowplowanalytics.snowplow/cmp_visible/jsonschema/1-0-0';
const GDPR = 'iglu:com.snowplowanalytics.snowplow/gdpr/jsonschema/1-0-0';
const STATE = 'iglu:dev.consent-banner/consent_state/jsonschema/1-0-0';
const DECISIONS = ['allow_all', 'allow_selected', 'deny_all'];
/** The scopes that are measurement, not purposes: as the reports list them (a unit test keeps that list the library's). */
const MEASUREMENT_SCOPES = new Set(
  /scope NOT IN \(([^)]*)\)/
    .exec(sql('consent_reports.sql'))[1]
    .match(/'[^']+'/g)
    .map((quoted) => quoted.slice(1, -1)),
);
const SITES = {
  shop: { version: '3', purposes: 'functional marketing' },
  blog: { version: '2024-06', purposes: 'personalization' },
};

/** The page of a site: the element as a site owner writes it, then the drop-in. */
function sitePage(origin, appId) {
  const site = SITES[appId];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${appId}</title></head><body>
<main><h1>${appId}</h1></main>
<consent-banner collector="${origin}/collector" app-id="${appId}" policy-version="${site.version}" privacy-url="/privacy"
  purposes="${site.purposes}" consent-scopes="${site.purposes}" consent-entity page-view></consent-banner>
<script src="/dist/consent-banner.min.js"></script>
</body></html>`;
}

const types = { '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

let server;
let browser;
let collector;
let origin;

before(async () => {
  assert.ok(existsSync(join(root, 'dist/consent-banner.min.js')), 'dist/ is missing: run `npm run build` first');
  collector = createCollector();
  server = createServer(async (req, res) => {
    if (await collector.handle(req, res, '/collector')) return;
    const path = new URL(req.url, 'http://x').pathname;
    const app = /^\/(shop|blog)\/[a-z-]*\.html$/.exec(path)?.[1];
    if (app) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(sitePage(origin, app));
      return;
    }
    const file = join(root, path);
    if (!path.startsWith('/dist/') || !file.startsWith(join(root, 'dist')) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

/** Every event the collector logged, with the request that carried it. */
function logged() {
  return collector.captures.flatMap((capture) => capture.events.map((event) => ({ event, capture })));
}

const consentEventsOf = (appId, eventType) =>
  logged().filter(
    ({ event }) =>
      event.aid === appId &&
      event.selfDescribing?.schema === PREFERENCES &&
      (eventType === undefined || event.selfDescribing.data.eventType === eventType),
  );

async function until(check, what, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * One visitor (a fresh profile) on a page of the site: waits until the banner has asked (its `pending` event
 * arrived), then decides as `decide` does, and waits for that decision's event.
 */
async function visit(appId, decide, expectedType) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pendingBefore = consentEventsOf(appId, 'pending').length;
    await page.goto(`${origin}/${appId}/index.html`);
    await until(() => consentEventsOf(appId, 'pending').length > pendingBefore, `the banner of ${appId} to ask`);
    if (!decide) return;
    const before = consentEventsOf(appId, expectedType).length;
    await decide(page);
    await until(() => consentEventsOf(appId, expectedType).length > before, `${expectedType} on ${appId}`);
    // The next page of the same visitor: no banner, no consent event, a page view under the decision.
    const pageViews = () => logged().filter(({ event }) => event.aid === appId && event.e === 'pv').length;
    const views = pageViews();
    await page.goto(`${origin}/${appId}/next.html`);
    await until(() => pageViews() > views, `the next page view on ${appId}`);
  } finally {
    await context.close();
  }
}

const click = (part) => (page) => page.locator(`consent-banner [part~="${part}"]`).click();
const api = (choice) => (page) => page.evaluate((given) => document.querySelector('consent-banner').setConsent(given), choice);

/** Snowflake Loader's name of a self-describing column: vendor and name in snake case, major version. */
function columnName(kind, uri) {
  const { vendor, name, version } = parseIgluUri(uri);
  return `${kind}_${vendor}_${name}_${version.split('-')[0]}`.replace(/[.-]/g, '_').toLowerCase();
}

/** One logged event as a row of atomic.events: the atomic fields, then one JSON column per event and entity kind. */
function atomicRow({ event, capture }) {
  const selfDescribing = event.selfDescribing?.schema;
  const described = selfDescribing ? parseIgluUri(selfDescribing) : undefined;
  const row = {
    event_id: event.eid,
    app_id: event.aid,
    platform: event.p,
    collector_tstamp: capture.time.replace('T', ' ').replace('Z', ''),
    event: event.e === 'pv' ? 'page_view' : event.e === 'ue' ? 'unstruct' : event.e,
    event_vendor: described?.vendor ?? 'com.snowplowanalytics.snowplow',
    event_name: described?.name ?? (event.e === 'pv' ? 'page_view' : event.e),
    domain_userid: event.duid ?? null,
    domain_sessionid: event.sid ?? null,
    network_userid: capture.networkUserId,
    user_ipaddress: capture.ipAddress,
    page_url: event.url ?? null,
  };
  if (selfDescribing) row[columnName('unstruct_event', selfDescribing)] = JSON.stringify(event.selfDescribing.data);
  const byColumn = new Map();
  for (const entity of event.entities) {
    const column = columnName('contexts', entity.schema);
    byColumn.set(column, [...(byColumn.get(column) ?? []), entity.data]);
  }
  for (const [column, items] of byColumn) row[column] = JSON.stringify(items);
  return row;
}

const ATOMIC_COLUMNS = [
  'event_id',
  'app_id',
  'platform',
  'collector_tstamp',
  'event',
  'event_vendor',
  'event_name',
  'domain_userid',
  'domain_sessionid',
  'network_userid',
  'user_ipaddress',
  'page_url',
];

const literal = (value) => (value === null || value === undefined ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);

/** Loads the rows as atomic.events; every self-describing column is JSON, as Snowflake's are VARIANT. */
async function loadAtomicEvents(connection, rows) {
  const jsonColumns = [
    ...new Set([
      columnName('unstruct_event', PREFERENCES),
      columnName('unstruct_event', VISIBLE),
      columnName('contexts', GDPR),
      columnName('contexts', STATE),
      ...rows.flatMap((row) => Object.keys(row).filter((key) => !ATOMIC_COLUMNS.includes(key))),
    ]),
  ];
  const definitions = ATOMIC_COLUMNS.map((column) => `${column} ${column === 'collector_tstamp' ? 'TIMESTAMP' : 'VARCHAR'}`);
  await connection.run(
    `CREATE SCHEMA atomic; CREATE TABLE atomic.events (${[...definitions, ...jsonColumns.map((column) => `${column} JSON`)].join(', ')})`,
  );
  const columns = [...ATOMIC_COLUMNS, ...jsonColumns];
  const values = rows.map((row) => `(${columns.map((column) => literal(row[column])).join(', ')})`);
  await connection.run(`INSERT INTO atomic.events (${columns.join(', ')}) VALUES ${values.join(',\n')}`);
}

/**
 * BigQuery's layout: one STRUCT column per self-describing event and a list of STRUCTs per entity, named with the
 * full version, properties in snake_case. The columns the views read, with their BigQuery types in DuckDB's words.
 */
const BIGQUERY_COLUMNS = {
  [PREFERENCES]: {
    basis_for_processing: 'VARCHAR',
    consent_scopes: ['VARCHAR'],
    consent_url: 'VARCHAR',
    consent_version: 'VARCHAR',
    domains_applied: ['VARCHAR'],
    event_type: 'VARCHAR',
    gdpr_applies: 'BOOLEAN',
  },
  [VISIBLE]: { elapsed_time: 'DOUBLE' },
  [GDPR]: [
    { basis_for_processing: 'VARCHAR', document_id: 'VARCHAR', document_version: 'VARCHAR', document_description: 'VARCHAR' },
  ],
  [STATE]: [
    {
      banner_to_decision_ms: 'BIGINT',
      level: 'VARCHAR',
      policy_version: 'VARCHAR',
      purposes: ['VARCHAR'],
      receipt: { id: 'VARCHAR', texts_sha256: 'VARCHAR' },
      source: 'VARCHAR',
    },
  ],
};

function bigQueryColumnName(uri) {
  const { vendor, name, version } = parseIgluUri(uri);
  const kind = uri === PREFERENCES || uri === VISIBLE ? 'unstruct_event' : 'contexts';
  return `${kind}_${vendor}_${name}_${version}`.replace(/[.-]/g, '_').toLowerCase();
}

/** camelCase property names in snake_case, at every depth, as the BigQuery Loader names the fields. */
function snakeCase(value) {
  if (Array.isArray(value)) return value.map(snakeCase);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), snakeCase(item)]),
  );
}

/** Loads the logged events as atomic.events in BigQuery's layout (typed columns built from JSON). */
async function loadBigQueryLayout(connection, logged) {
  const typed = Object.entries(BIGQUERY_COLUMNS).map(([uri, shape]) => ({ uri, column: bigQueryColumnName(uri), shape }));
  const definitions = [
    ...ATOMIC_COLUMNS.map((column) => `${column} ${column === 'collector_tstamp' ? 'TIMESTAMP' : 'VARCHAR'}`),
    ...typed.map(({ column, shape }) => `${column} ${duckType(shape)}`),
  ];
  await connection.run(`CREATE SCHEMA atomic; CREATE TABLE atomic.events (${definitions.join(', ')})`);
  const values = logged.map((entry) => {
    const row = atomicRow(entry);
    const cells = typed.map(({ uri, shape }) => {
      const data = Array.isArray(shape)
        ? entry.event.entities.filter((entity) => entity.schema === uri).map((entity) => entity.data)
        : entry.event.selfDescribing?.schema === uri
          ? entry.event.selfDescribing.data
          : undefined;
      if (data === undefined || (Array.isArray(data) && data.length === 0)) return 'NULL';
      return `json_transform(${literal(JSON.stringify(snakeCase(data)))}, ${literal(JSON.stringify(shape))})`;
    });
    return `(${[...ATOMIC_COLUMNS.map((column) => literal(row[column])), ...cells].join(', ')})`;
  });
  await connection.run(`INSERT INTO atomic.events VALUES ${values.join(',\n')}`);
}

function duckType(shape) {
  if (Array.isArray(shape)) return `${duckType(shape[0])}[]`;
  if (typeof shape === 'string') return shape;
  return `STRUCT(${Object.entries(shape)
    .map(([field, type]) => `${field} ${duckType(type)}`)
    .join(', ')})`;
}

/**
 * sql/bigquery/consent_events.sql in DuckDB's words, three differences only: an array's first item is
 * `[SAFE_OFFSET(0)]` in BigQuery and `[1]` in DuckDB; BigQuery quotes the table in backticks; BigQuery names the
 * item of `UNNEST(...) AS scope` by the alias, DuckDB by a column alias.
 */
function bigQueryInDuckDb(text) {
  return text
    .replace(/\[SAFE_OFFSET\((\d+)\)\]/g, (_, index) => `[${Number(index) + 1}]`)
    .replace(/`/g, '')
    .replace(/UNNEST\(([^)]*)\) AS scope/g, 'UNNEST($1) AS unnested(scope)');
}

/** The reports of sql/consent_reports.sql, by name. */
function reports() {
  const text = sql('consent_reports.sql');
  return Object.fromEntries(
    text
      .split(/^-- report: /m)
      .slice(1)
      .map((part) => [part.slice(0, part.indexOf('\n')).trim(), part.slice(part.indexOf('\n') + 1)]),
  );
}

/** Rows as plain values: counts as numbers, dates as `YYYY-MM-DD`. */
function plain(rows) {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && key !== 'consent_version' ? Number(value) : value,
      ]),
    ),
  );
}

/** Counts of the logged events grouped by `keyOf` (undefined: left out), sorted like the reports. */
function grouped(entries, keyOf, columns) {
  const counts = new Map();
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key === undefined) continue;
    const id = JSON.stringify(key);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, count]) => ({ ...Object.fromEntries(JSON.parse(id).map((value, index) => [columns[index], value])), count }))
    .sort((a, b) => JSON.stringify(Object.values(a).slice(0, -1)).localeCompare(JSON.stringify(Object.values(b).slice(0, -1))));
}

/** Each event once, as it first arrived (a tracker may send an event again when it saw no answer). */
function firstArrivals(arrivals) {
  const seen = new Set();
  return [...arrivals]
    .sort((a, b) => a.capture.time.localeCompare(b.capture.time))
    .filter(({ event }) => !seen.has(event.eid) && seen.add(event.eid));
}

/** The same event arriving again a second later, from the next page: without what only its own page knew. */
function sentAgain({ event, capture }) {
  const later = new Date(Date.parse(capture.time) + 1000).toISOString();
  const entities = event.entities.map((entity) =>
    entity.schema === STATE ? { ...entity, data: { ...entity.data, source: 'stored', bannerToDecisionMs: undefined } } : entity,
  );
  return { event: { ...event, entities: JSON.parse(JSON.stringify(entities)) }, capture: { ...capture, time: later } };
}

const dayOf = ({ capture }) => capture.time.slice(0, 10);
const dataOf = ({ event }) => event.selfDescribing?.data ?? {};
const entityOf = ({ event }, schema) => event.entities.find((entity) => entity.schema === schema)?.data;
const isDecision = (entry) => entry.event.selfDescribing?.schema === PREFERENCES && DECISIONS.includes(dataOf(entry).eventType);

describe('consent reports (sql/) on DuckDB over the events the drop-in sent', () => {
  let results;
  let bigQueryResults;
  let entries;

  before(async () => {
    // Visitors of the shop: two accept, two reject, one chooses through the site's own UI, one leaves.
    await visit('shop', click('accept-button'), 'allow_all');
    await visit('shop', click('accept-button'), 'allow_all');
    await visit('shop', click('reject-button'), 'deny_all');
    await visit('shop', click('reject-button'), 'deny_all');
    await visit('shop', api({ level: 'session', purposes: ['functional'] }), 'allow_selected');
    await visit('shop', undefined);
    // Visitors of the blog: one accepts, two reject.
    await visit('blog', click('accept-button'), 'allow_all');
    await visit('blog', click('reject-button'), 'deny_all');
    await visit('blog', click('reject-button'), 'deny_all');

    // What the warehouse holds: every arrival, an event a tracker sent again included (here one more copy of a
    // decision, as a page sends the queue it could not confirm); the reports count each event once.
    const arrivals = [...logged(), sentAgain(logged().find(isDecision))];
    entries = firstArrivals(arrivals);
    const problems = collector.captures.flatMap((capture) => capture.schemaProblems);
    assert.deepEqual(problems, [], 'every event is valid against its Iglu schema');

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await loadAtomicEvents(connection, arrivals.map(atomicRow));
    await connection.run(sql('duckdb/consent_events.sql'));
    results = {};
    for (const [name, query] of Object.entries(reports())) {
      results[name] = plain((await connection.runAndReadAll(query)).getRowObjectsJson());
    }

    const bigQuery = await (await DuckDBInstance.create(':memory:')).connect();
    await loadBigQueryLayout(bigQuery, arrivals);
    await bigQuery.run(bigQueryInDuckDb(sql('bigquery/consent_events.sql')));
    // The views' dataset as the default one, as the reports are run in BigQuery.
    await bigQuery.run('SET schema = atomic');
    bigQueryResults = {};
    for (const [name, query] of Object.entries(reports())) {
      bigQueryResults[name] = plain((await bigQuery.runAndReadAll(query)).getRowObjectsJson());
    }
  });

  it("the BigQuery views over BigQuery's column layout give the same reports", () => {
    assert.deepEqual(bigQueryResults, results);
  });

  it('the scenario is what the collector logged: rejects sent cookieless, without a session id', () => {
    assert.equal(entries.filter(isDecision).length, 8, 'eight decisions, each counted once');
    const denies = entries.filter((entry) => isDecision(entry) && dataOf(entry).eventType === 'deny_all');
    assert.equal(denies.length, 4);
    for (const { event, capture } of denies) {
      assert.equal(capture.headers.spAnonymous, '*', 'a reject is sent cookieless');
      assert.equal(event.sid, undefined, 'without a session id');
    }
    // Read through sessions, as a model that keeps only events with a session id does, most decisions vanish.
    const withSession = entries.filter((entry) => isDecision(entry) && entry.event.sid !== undefined);
    assert.ok(withSession.length < entries.filter(isDecision).length);
  });

  it('impressions: cmp_visible per day, app and policy version (the version from the gdpr entity)', () => {
    const expected = grouped(
      entries.filter(({ event }) => event.selfDescribing?.schema === VISIBLE),
      (entry) => [dayOf(entry), entry.event.aid, entityOf(entry, GDPR).documentVersion],
      ['day', 'app_id', 'consent_version'],
    ).map(({ count, ...key }) => ({ ...key, impressions: count }));
    assert.deepEqual(results.impressions, expected);
    assert.equal(
      expected.reduce((sum, row) => sum + row.impressions, 0),
      9,
    );
  });

  it('decisions by type, and by level (the first consent scope)', () => {
    const byType = grouped(
      entries.filter(isDecision),
      (entry) => [dayOf(entry), entry.event.aid, dataOf(entry).consentVersion, dataOf(entry).eventType],
      ['day', 'app_id', 'consent_version', 'event_type'],
    ).map(({ count, ...key }) => ({ ...key, decisions: count }));
    assert.deepEqual(results.decisions_by_type, byType);
    const byLevel = grouped(
      entries.filter(isDecision),
      (entry) => [dayOf(entry), entry.event.aid, dataOf(entry).consentVersion, dataOf(entry).consentScopes[0]],
      ['day', 'app_id', 'consent_version', 'consent_level'],
    ).map(({ count, ...key }) => ({ ...key, decisions: count }));
    assert.deepEqual(results.decisions_by_level, byLevel);
    assert.deepEqual(
      byLevel.filter((row) => row.app_id === 'shop').map((row) => [row.consent_level, row.decisions]),
      [
        ['cookieless', 2],
        ['full', 2],
        ['session', 1],
      ],
    );
  });

  it('decisions by purpose granted', () => {
    const perPurpose = entries.filter(isDecision).flatMap((entry) =>
      dataOf(entry)
        .consentScopes.filter((scope) => !MEASUREMENT_SCOPES.has(scope))
        .map((purpose) => ({ ...entry, purpose })),
    );
    const expected = grouped(
      perPurpose,
      (entry) => [dayOf(entry), entry.event.aid, dataOf(entry).consentVersion, entry.purpose],
      ['day', 'app_id', 'consent_version', 'purpose'],
    ).map(({ count, ...key }) => ({ ...key, decisions: count }));
    assert.deepEqual(results.decisions_by_purpose, expected);
    assert.deepEqual(
      expected.map((row) => [row.app_id, row.purpose, row.decisions]),
      [
        ['blog', 'personalization', 1],
        ['shop', 'functional', 3],
        ['shop', 'marketing', 2],
      ],
    );
  });

  it('consent rate per day, app and policy version, rejects included', () => {
    const rows = grouped(entries.filter(isDecision), (entry) => [dayOf(entry), entry.event.aid, dataOf(entry).consentVersion], [
      'day',
      'app_id',
      'consent_version',
    ]).map(({ count, ...key }) => {
      const of = (type) =>
        entries.filter(
          (entry) =>
            isDecision(entry) && dayOf(entry) === key.day && entry.event.aid === key.app_id && dataOf(entry).eventType === type,
        ).length;
      const [all, selected, deny] = DECISIONS.map(of);
      return {
        ...key,
        decisions: count,
        allow_all: all,
        allow_selected: selected,
        deny_all: deny,
        accept_all_rate: all / count,
        consent_rate: (all + selected) / count,
      };
    });
    assert.deepEqual(results.consent_rate, rows);
    const blog = rows.find((row) => row.app_id === 'blog');
    assert.equal(blog.consent_rate, 1 / 3);
  });

  it('banner-to-decision time, carried on each decision (consent_state), cookieless rejects included', () => {
    const timed = entries.filter(
      (entry) => entry.event.selfDescribing?.schema === PREFERENCES && entityOf(entry, STATE)?.bannerToDecisionMs !== undefined,
    );
    const keys = grouped(timed, (entry) => [entry.event.aid, dataOf(entry).consentVersion, dataOf(entry).eventType], [
      'app_id',
      'consent_version',
      'event_type',
    ]);
    const expected = keys.map(({ count, ...key }) => {
      const times = timed
        .filter((entry) => entry.event.aid === key.app_id && dataOf(entry).eventType === key.event_type)
        .map((entry) => entityOf(entry, STATE).bannerToDecisionMs);
      return {
        ...key,
        timed_decisions: count,
        avg_ms: times.reduce((sum, time) => sum + time, 0) / times.length,
        min_ms: Math.min(...times),
        max_ms: Math.max(...times),
      };
    });
    assert.deepEqual(results.banner_to_decision, expected);
    // Every decision of a visitor the banner asked is timed, the cookieless rejects too.
    assert.equal(timed.length, entries.filter(isDecision).length);
  });
});
