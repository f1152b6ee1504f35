// Whose code runs in the long tasks, and where the drop-in's main-thread JavaScript time goes. Extra loads
// traced with V8's sampling profiler (it costs main-thread time itself, so these loads are not part of the
// timing figures). Every sample is given to the innermost frame that belongs to a script:
// - a frame in dist/consent-banner.min.js or dist/consent-banner-ui.js is mapped through the file's source
//   map: @snowplow/* and the tracker's own dependencies (tslib, uuid) are "tracker", the rest is "ours"
//   (src/, js-cookie, lit, i18next);
// - a tracker sample whose stack goes through the tracker's getTimeZone() is "getTimeZone" (upstream: the
//   first `new Intl.DateTimeFormat()` of a page loads the time-zone data); so is the drop-in's
//   loadTimeZoneData(), which makes that first lookup for the tracker in a task before its construction;
// - the tracker-only script of the comparison page is "tracker" (with getTimeZone through its own map),
//   vanilla-cookieconsent and its config file "cookieconsent", the page's inline scripts "page";
// - samples with no script frame (parsing, compiling, style, layout, GC, idle) are "browser".
// A long task (a main-thread RunTask over 50 ms) "contains our code" when at least 1 ms of its samples is ours;
// it is the tracker's (its construction, its page view) when the tracker's samples, getTimeZone included,
// outweigh ours in it, and our own work's otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_OPTIONS, measuredLoad } from './browser.mjs';
import { benchPage, cookieConsentConfigScript, cookieConsentCookie, trackerOnlyScript } from './pages.mjs';
import { consentCookie } from './returning.mjs';
import { ROOT } from './server.mjs';
import { groupOf } from './sizes.mjs';
import { cpuProfile } from './trace.mjs';
import { summary } from './stats.mjs';

export const OUR_FILES = ['/dist/consent-banner.min.js', '/dist/consent-banner-ui.js'];
const TRACKER_SOURCES = /(?:^|\/)node_modules\/(?:@snowplow\/|tslib\/|uuid\/)/;
const OWNERS = ['ours', 'tracker', 'getTimeZone', 'cookieconsent', 'page', 'browser'];
/** Our code in a long task at or above this (ms of samples) counts as "contains our code". */
export const OUR_CODE_MS = 1;

/** [first, last] 1-based line of `function name(` in a source text, up to the closing brace at the same indent. */
function functionLines(text, name) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(`function ${name}(`));
  if (start < 0) return undefined;
  const indent = lines[start].match(/^\s*/)[0];
  for (let i = start + 1; i < lines.length; i++) if (lines[i] === `${indent}}`) return [start + 1, i + 1];
  return undefined;
}

/** The source maps of the files whose frames are mapped: ours (from dist/) and the tracker-only script. */
async function codeMaps(origin) {
  const { TraceMap, originalPositionFor, sourceContentFor } = await import('@jridgewell/trace-mapping');
  const maps = new Map();
  for (const file of OUR_FILES) {
    const mapPath = join(ROOT, `${file}.map`);
    if (existsSync(mapPath))
      maps.set(origin + file, { map: new TraceMap(readFileSync(mapPath, 'utf8')), base: join(ROOT, 'dist') });
  }
  const trackerOnly = await trackerOnlyScript(ROOT);
  maps.set(`${origin}/bench/tracker-only.js`, { map: new TraceMap(trackerOnly.map), base: join(ROOT, '.cache/bench') });
  const getTimeZone = new Map();
  /** Whether a mapped position is inside the tracker's getTimeZone() (its lines in the source the map names). */
  const inGetTimeZone = (map, position) => {
    const { source, line, name } = position;
    if (name === 'getTimeZone') return true;
    if (!source || !/browser-tracker-core/.test(source)) return false;
    if (!getTimeZone.has(source)) {
      const path = source.replace(/^.*node_modules\//, `${ROOT}/node_modules/`);
      const text = sourceContentFor(map, source) ?? (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
      getTimeZone.set(source, text ? functionLines(text, 'getTimeZone') : undefined);
    }
    const range = getTimeZone.get(source);
    return !!range && line >= range[0] && line <= range[1];
  };
  const frames = new Map();
  /** What a profile call frame is: {owner, group, name, getTimeZone}, or undefined for a frame of no script. */
  const classify = (frame) => {
    if (!frame?.url) return undefined;
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
    if (frames.has(key)) return frames.get(key);
    let result;
    const mapped = maps.get(frame.url);
    if (mapped) {
      const position = originalPositionFor(mapped.map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      const source = position.source ?? undefined;
      const tracker = frame.url.endsWith('/bench/tracker-only.js') || (source !== undefined && TRACKER_SOURCES.test(source));
      const short = (source ?? '?').replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
      result = {
        owner: tracker ? 'tracker' : 'ours',
        group: frame.url.endsWith('/bench/tracker-only.js') ? '@snowplow (tracker-only page)' : groupOf(source),
        name: `${short}:${position.line ?? '?'} ${position.name ?? frame.functionName ?? ''}`.trim(),
        // The drop-in makes the tracker's first time-zone lookup ahead of its construction, in a task of its
        // own (src/tracker/snowplow.ts, loadTimeZoneData): the same upstream cost, counted as getTimeZone.
        getTimeZone: tracker ? inGetTimeZone(mapped.map, position) : (position.name ?? frame.functionName) === 'loadTimeZoneData',
      };
    } else if (/\/vendor\/cookieconsent\/|\/bench\/cookieconsent-config\.js/.test(frame.url)) {
      result = { owner: 'cookieconsent', group: 'vanilla-cookieconsent', name: frame.functionName };
    } else {
      result = { owner: 'page', group: '(other scripts: page, probe)', name: frame.functionName };
    }
    frames.set(key, result);
    return result;
  };
  return { classify };
}

/**
 * Attribution of one profiled load: every long task with the ms of each owner in it, and (for the
 * diagnostic) self time per group and per function of our files over the whole load.
 */
function attributeLoad(events, { pageUrl, classify }) {
  const navigation = events.find(
    (e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl && e.args?.data?.isLoadingMainFrame,
  );
  if (!navigation) return { error: `no navigationStart for ${pageUrl}` };
  const { pid } = navigation;
  const mainThread = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  );
  const tid = mainThread?.tid ?? navigation.tid;
  const origin = navigation.ts;
  const tasks = [];
  for (const task of events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && e.ts >= origin && e.dur > 50_000)
    .sort((a, b) => a.ts - b.ts)) {
    const last = tasks[tasks.length - 1];
    if (last && task.ts < last.ts + last.dur) continue; // nested
    tasks.push(task);
  }
  const profile = cpuProfile(events, pid, tid);
  const longTasks = tasks.map((task) => ({
    startMs: (task.ts - origin) / 1000,
    durationMs: task.dur / 1000,
    us: Object.fromEntries(OWNERS.map((owner) => [owner, 0])),
    ourGroups: new Map(),
    ourFunctions: new Map(),
  }));
  const groups = new Map();
  const functions = new Map();
  const totals = Object.fromEntries(OWNERS.map((owner) => [owner, 0]));
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  let taskIndex = 0;
  for (const { node, deltaUs, ts } of profile?.samples ?? []) {
    if (ts < origin) continue;
    const leaf = profile.nodes.get(node);
    const leafName = leaf?.callFrame?.functionName ?? '';
    if (leafName === '(idle)' || leafName === '(root)') continue;
    // The innermost frame of a script, then (for the tracker) whether getTimeZone is on the stack.
    let owner = 'browser';
    let info;
    for (let key = node; key !== undefined; key = profile.nodes.get(key)?.parentKey) {
      info = classify(profile.nodes.get(key)?.callFrame);
      if (info) break;
    }
    if (info) {
      owner = info.getTimeZone ? 'getTimeZone' : info.owner;
      if (owner === 'tracker') {
        for (let key = node; key !== undefined; key = profile.nodes.get(key)?.parentKey) {
          if (classify(profile.nodes.get(key)?.callFrame)?.getTimeZone) {
            owner = 'getTimeZone';
            break;
          }
        }
      }
    }
    totals[owner] += deltaUs;
    // Diagnostic, as before: self time of the leaf frame, by package or src/ folder.
    const leafInfo = classify(leaf?.callFrame);
    const group = leafInfo
      ? leafInfo.group
      : leafName.startsWith('(')
        ? `${leafName}${leafName === '(program)' ? ' (V8/Blink native: parse, compile, DOM, style)' : ''}`
        : `(browser API: ${leafName})`;
    add(groups, group, deltaUs);
    if (leafInfo && (leafInfo.owner === 'ours' || leafInfo.owner === 'tracker')) add(functions, leafInfo.name, deltaUs);
    while (taskIndex < tasks.length && ts >= tasks[taskIndex].ts + tasks[taskIndex].dur) taskIndex++;
    const task = tasks[taskIndex];
    if (task && ts >= task.ts) {
      const entry = longTasks[taskIndex];
      entry.us[owner] += deltaUs;
      if (owner === 'ours') {
        add(entry.ourGroups, info.group, deltaUs);
        add(entry.ourFunctions, info.name, deltaUs);
      }
    }
  }
  const ms = (us) => us / 1000;
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: ms(us) }));
  return {
    profiled: !!profile,
    longTasks: longTasks.map((t) => {
      const byOwner = Object.fromEntries(OWNERS.map((owner) => [owner, ms(t.us[owner])]));
      return {
        startMs: t.startMs,
        durationMs: t.durationMs,
        ms: byOwner,
        kind:
          byOwner.ours >= OUR_CODE_MS
            ? byOwner.tracker + byOwner.getTimeZone > byOwner.ours
              ? 'construction'
              : 'ours'
            : byOwner.tracker + byOwner.getTimeZone >= OUR_CODE_MS
              ? 'tracker'
              : byOwner.cookieconsent >= OUR_CODE_MS
                ? 'cookieconsent'
                : 'other',
        ourGroups: top(t.ourGroups, 4),
        ourFunctions: top(t.ourFunctions, 4),
      };
    }),
    totalsMs: Object.fromEntries(OWNERS.map((owner) => [owner, ms(totals[owner])])),
    groups,
    functions,
  };
}

/** Per variant: the loads' long tasks, counted by kind, and the diagnostic groups (ms per load). */
function aggregate(loads) {
  const tasks = loads.flatMap((load) => load.longTasks ?? []);
  const withKind = (kind) => tasks.filter((t) => t.kind === kind);
  const groups = new Map();
  const functions = new Map();
  for (const load of loads) {
    for (const [group, us] of load.groups ?? []) groups.set(group, (groups.get(group) ?? 0) + us);
    for (const [name, us] of load.functions ?? []) functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const perLoad = (us) => us / 1000 / Math.max(1, loads.length);
  return {
    loads: loads.length,
    errors: loads.filter((l) => l.error).map((l) => l.error),
    notProfiled: loads.filter((l) => !l.error && !l.profiled).length,
    loadsWithLongTask: loads.filter((l) => l.longTasks?.length).length,
    loadsWithOurCode: loads.filter((l) => l.longTasks?.some((t) => t.kind === 'ours' || t.kind === 'construction')).length,
    loadsWithOurs: loads.filter((l) => l.longTasks?.some((t) => t.kind === 'ours')).length,
    loadsWithCookieConsent: loads.filter((l) => l.longTasks?.some((t) => t.ms.cookieconsent >= OUR_CODE_MS)).length,
    longTasks: tasks.length,
    withOurCode: tasks.filter((t) => t.kind === 'ours' || t.kind === 'construction'),
    ours: withKind('ours'),
    construction: withKind('construction'),
    trackerOnly: withKind('tracker'),
    withCookieConsent: tasks.filter((t) => t.ms.cookieconsent >= OUR_CODE_MS),
    other: withKind('other').length,
    longestMs: summary(loads.map((l) => Math.max(0, ...(l.longTasks ?? []).map((t) => t.durationMs)))),
    /** getTimeZone per load (ms), wherever it ran (in a long task or not). */
    getTimeZoneMs: summary(loads.filter((l) => l.totalsMs).map((l) => l.totalsMs.getTimeZone)),
    trackerMs: summary(loads.filter((l) => l.totalsMs).map((l) => l.totalsMs.tracker)),
    oursMs: summary(loads.filter((l) => l.totalsMs).map((l) => l.totalsMs.ours)),
    cookieconsentMs: summary(loads.filter((l) => l.totalsMs).map((l) => l.totalsMs.cookieconsent)),
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: perLoad(us) })),
    functions: [...functions.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, us]) => ({ name, ms: perLoad(us) })),
  };
}

/**
 * `visit` "first": our page and vanilla-cookieconsent's, no stored decision, fresh context each (as in
 * part 2). `visit` "returning": our page and the tracker + vanilla-cookieconsent page, both decisions
 * stored; per round one context, load 1 (cold) and load 3 (warm) profiled, load 2 primes the code cache
 * (as in part 3). Rounds interleave the variants.
 */
export async function runAttribution({ browser, server, runs, visit, log }) {
  const { classify } = await codeMaps(server.origin);
  server.pages.set('/bench/cookieconsent-config.js', cookieConsentConfigScript());
  server.pages.set('/bench/tracker-only.js', (await trackerOnlyScript(ROOT)).code);
  const variants = visit === 'first' ? ['ours', 'cookieconsent'] : ['ours', 'tracker-cookieconsent'];
  for (const variant of variants) server.pages.set(`/bench/profile-${visit}-${variant}.html`, benchPage(variant));
  const loads = Object.fromEntries(variants.map((v) => [v, []]));
  const profiled = async (url, options) => {
    const load = await measuredLoad(browser, { url, profile: true, keepTraceEvents: true, settleMs: 300, ...options });
    const result = load.traceEvents ? attributeLoad(load.traceEvents, { pageUrl: url, classify }) : { error: 'no trace' };
    return { ...result, phase: options.phase, requests: load.requests.map((r) => new URL(r.url).pathname) };
  };
  for (let round = 0; round < runs; round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const variant of order) {
      server.reset();
      const url = `${server.origin}/bench/profile-${visit}-${variant}.html`;
      if (visit === 'first') {
        loads[variant].push(await profiled(url, { expectBanner: true, phase: 'first' }));
        continue;
      }
      const context = await browser.newContext(CONTEXT_OPTIONS);
      await context.addCookies([consentCookie(server.origin, 'full'), cookieConsentCookie(server.origin)]);
      try {
        loads[variant].push(await profiled(url, { context, phase: 'cold' }));
        await measuredLoad(browser, { url, context, trace: false, settleMs: 100 });
        loads[variant].push(await profiled(url, { context, phase: 'warm' }));
      } finally {
        await context.close();
      }
    }
    log?.(`  profiled (${visit} visit): round ${round + 1}/${runs}`);
  }
  const result = { visit, runs, variants: {} };
  for (const variant of variants) {
    result.variants[variant] = aggregate(loads[variant]);
    // Keep the per-load long tasks (small) for results.json; drop the Maps.
    result.variants[variant].perLoad = loads[variant].map((l) => ({
      phase: l.phase,
      error: l.error,
      longTasks: l.longTasks,
      totalsMs: l.totalsMs,
    }));
  }
  return result;
}
