// The benchmark suite: `node scripts/bench/index.mjs` (see scripts/bench/README.md).
// Builds, then measures in real Chromium on this machine and prints plain tables; the figures also go
// to .cache/bench/results.json. Options: --runs N (default 15), --skip-build, --only size,first,returning,lighthouse.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromiumPath, launchBrowser } from './lib/browser.mjs';
import { runFirstVisit } from './lib/first-visit.mjs';
import { runLighthouse } from './lib/lighthouse.mjs';
import { runProfile } from './lib/profile.mjs';
import { runAcceptLatency, runReturning } from './lib/returning.mjs';
import { ROOT, startBenchServer } from './lib/server.mjs';
import { measureSizes } from './lib/sizes.mjs';
import { cpuMeter, fmt, table } from './lib/stats.mjs';

const TARGET_BEYOND_GZIP = 8 * 1024;
const TARGET_RETURNING_MS = 2;

function parseArgs(argv) {
  const options = { runs: 15, build: true, only: new Set(['size', 'first', 'returning', 'lighthouse']) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i]));
    else if (arg.startsWith('--runs=')) options.runs = Math.max(1, Number(arg.slice(7)));
    else if (arg === '--skip-build') options.build = false;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const list = arg === '--only' ? argv[++i] : arg.slice(7);
      options.only = new Set(list.split(',').map((s) => s.trim()));
    } else if (arg === '--help' || arg === '-h') {
      console.log('node scripts/bench/index.mjs [--runs N] [--skip-build] [--only size,first,returning,lighthouse]');
      process.exit(0);
    } else {
      console.error(`unknown option ${arg}`);
      process.exit(2);
    }
  }
  if (!Number.isFinite(options.runs)) options.runs = 15;
  return options;
}

const out = (text = '') => console.log(text);
const progress = (text) => process.stderr.write(`${text}\n`);
const section = (title) => out(`\n== ${title} ${'='.repeat(Math.max(0, 100 - title.length))}`);
/** "median (p90)" of a summary. */
const mp = (s, digits = 1) => (s && s.n ? `${fmt(s.median, digits)} (${fmt(s.p90, digits)})` : '-');

function machine() {
  const cpus = os.cpus();
  let distro;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    distro = release.match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? os.type();
  } catch {
    distro = os.type();
  }
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model?.trim(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${distro} (Linux ${os.release()})`,
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
  };
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function build() {
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${(result.stdout ?? '') + (result.stderr ?? '')}`);
  }
  return (Date.now() - started) / 1000;
}

function printSizes(sizes) {
  section('1. Size (bytes; gzip -9 and brotli q11 via zlib, per file, summed over the files a site loads)');
  out(
    table(
      [
        { title: 'what', align: 'left' },
        { title: 'raw' },
        { title: 'gzip' },
        { title: 'brotli' },
        { title: 'note', align: 'left' },
      ],
      sizes.rows.map((row) => [row.label, row.raw, row.gzip, row.brotli, row.note ?? '']),
    ),
  );
  for (const note of sizes.notes) out(`* ${note}`);
  if (sizes.breakdown) {
    out('\nWhat dist/consent-banner.min.js is made of (its source map; "gzip alone" compresses each group by itself):');
    const rows = sizes.breakdown.slice(0, 14);
    const rest = sizes.breakdown.slice(14);
    const printed = rows.map((r) => [r.group, r.raw, `${(r.share * 100).toFixed(1)}%`, r.gzipAlone]);
    if (rest.length)
      printed.push([
        `(${rest.length} more)`,
        rest.reduce((s, r) => s + r.raw, 0),
        `${(rest.reduce((s, r) => s + r.share, 0) * 100).toFixed(1)}%`,
        '',
      ]);
    out(
      table(
        [{ title: 'source', align: 'left' }, { title: 'minified bytes' }, { title: 'share' }, { title: 'gzip alone' }],
        printed,
      ),
    );
  } else
    out(
      '\n(dist/consent-banner.min.js.map was missing when read -- was dist/ being rebuilt meanwhile? -- no breakdown of the drop-in)',
    );
  if (sizes.beyondBreakdown) {
    out(
      `\nWhat the drop-in is made of beyond the tracker, lit and i18next (${sizes.beyond.gzip} B gzip; the rebuild's source map, per file):`,
    );
    out(
      table(
        [{ title: 'source', align: 'left' }, { title: 'minified bytes' }, { title: 'share' }, { title: 'gzip alone' }],
        [
          ...sizes.beyondBreakdown.slice(0, 14).map((r) => [r.group, r.raw, `${(r.share * 100).toFixed(1)}%`, r.gzipAlone]),
          ...(sizes.beyondBreakdown.length > 14
            ? [
                [
                  `(${sizes.beyondBreakdown.length - 14} more)`,
                  sizes.beyondBreakdown.slice(14).reduce((sum, r) => sum + r.raw, 0),
                  '',
                  '',
                ],
              ]
            : []),
        ],
      ),
    );
  }
}

function printFirstVisit(first, runs) {
  section(`2. First visit: no stored choice, ${runs} interleaved runs per page, median (p90); times in ms from navigation start`);
  const a = first.aggregate;
  const variants = ['baseline', 'ours', 'cookieconsent'];
  const row = (label, key, digits = 1) => [label, ...variants.map((v) => mp(a[v][key], digits))];
  const count = (label, fn) => [label, ...variants.map((v) => fn(a[v]))];
  out(
    table(
      [{ title: 'metric', align: 'left' }, { title: 'page alone' }, { title: 'our drop-in' }, { title: 'vanilla-cookieconsent' }],
      [
        row('anchor paint (Element Timing on <h1>/<p>)', 'anchorPaint'),
        row('banner paint (first frame showing it)', 'bannerPaint'),
        count('  method', (x) => x.paintMethod),
        row('banner paint - anchor paint (per run)', 'bannerMinusAnchor'),
        count('runs with banner paint <= anchor paint', (x) => (x.bannerPaint.n ? `${x.bannerNotAfterAnchor}/${x.runs}` : '-')),
        row("library's script starts (first compile/evaluate, trace)", 'scriptStartMs'),
        row("library's script evaluation ends (trace)", 'scriptEvaluatedMs'),
        row('banner inserted into the DOM (MutationObserver)', 'bannerInserted'),
        row('frame after insertion done (rAF + message)', 'rafAfterInsert'),
        row('frame that first painted the banner node (sentinel)', 'bannerFrame'),
        row('LCP', 'lcp'),
        row('FCP', 'fcp'),
        row('layout shift (sum of scores)', 'layoutShift', 4),
        row('long tasks (PerformanceObserver)', 'longTasks', 0),
        count('runs with a long task', (x) => `${x.runsWithLongTasks}/${x.runs}`),
        row('longest task', 'longestTaskMs'),
        row('main-thread busy, trace (all RunTask)', 'busyMs'),
        row('  minus the page alone (median of it)', 'busyOverBaselineMs'),
        row('main-thread task time, CDP Performance', 'taskMs'),
        row('  minus the page alone (median of it)', 'taskOverBaselineMs'),
        row('script time, CDP Performance (whole page)', 'scriptMs'),
        row("library's scripts: eval+compile+callbacks (trace)", 'scriptEventsMs'),
        row('style/layout/paint, insertion to banner paint (trace)', 'renderMs'),
        count('runs where Chromium UI renderer was busy >50 ms', (x) => `${x.noisyRuns}/${x.runs}`),
      ],
    ),
  );
  out(`* Page: a large <h1> and two long paragraphs (the anchor, also the LCP element). Our drop-in: <script async> in <head>,
  <consent-banner collector page-view> at the end of <body>; it creates the tracker and sends a page view. vanilla-cookieconsent:
  its CSS (render-blocking, as its docs load it) and UMD script (async) in <head>, plus the site's config file (async)
  calling CookieConsent.run(); its default "box" consent modal (it has no tracker). Fresh browser context for every load.
* Banner paint: Chromium reports Element Timing for light-DOM elements only. vanilla-cookieconsent's modal: Element Timing on
  its own elements, i.e. the first frame in which they were painted visibly (it is inserted hidden and fades in after its
  100 ms timer). Ours (shadow DOM): a one-character light-DOM sentinel with elementtiming, added by a MutationObserver in the
  same task that rendered [part=banner], is painted in the same frame; its renderTime is that frame's presentation time. Our
  banner starts its 160 ms slide-in (translateY(100%) -> 0) in that frame.
* Main thread: Playwright's browser.startTracing (CDP Tracing; devtools.timeline, toplevel, v8.execute, blink.user_timing):
  RunTask time of the page's renderer main thread from navigation start until 0.3 s after the banner painted; the
  library's own script events are EvaluateScript/v8.compile/FunctionCall naming its URL(s) (theirs: library + config file).
  Cross-check: CDP Performance.getMetrics TaskDuration/ScriptDuration for the same load.
* Chromium's own toolbar UI renderer ("WebUI Top Renderer", new headless mode) sometimes starts during a load and competes
  for the cores; such runs are counted above, not dropped.`);
  const errors = variants.flatMap((v) => a[v].errors.map((e) => `${v}: ${e}`));
  if (errors.length) out(`* console errors/warnings seen: ${errors.join(' | ')}`);
  const missing = variants.filter((v) => a[v].bannerMissing);
  if (missing.length) out(`* banner not seen within 5 s in: ${missing.map((v) => `${v} ${a[v].bannerMissing}x`).join(', ')}`);
}

function printProfile(profile) {
  section(
    `Diagnostic: where the drop-in's main-thread JavaScript time goes (V8 sampling profiler, ${profile.runs} extra loads each, ms per load)`,
  );
  for (const visit of ['first', 'returning']) {
    const groups = profile[visit].groups;
    const shown = groups.slice(0, 12);
    const rest = groups.slice(12).reduce((s, g) => s + g.ms, 0);
    out(`${visit === 'first' ? 'First visit' : 'Returning visitor (stored full)'}:`);
    out(
      table(
        [{ title: 'attributed to', align: 'left' }, { title: 'ms' }],
        [...shown.map((g) => [g.group, fmt(g.ms)]), ...(rest > 0 ? [['(rest)', fmt(rest)]] : [])],
      ),
    );
    out(`  hottest functions: ${profile[visit].functions.map((f) => `${f.name} ${fmt(f.ms)} ms`).join('; ')}`);
  }
  out('* Self time of sampled frames, mapped through dist/consent-banner.min.js.map. The sampler slows the page itself.');
}

function printReturning(returning, accept, runs) {
  section(`3. Returning visitor: stored "full" decision, ${runs} interleaved runs, median (p90), ms`);
  const g = returning.aggregate;
  const rows = [];
  for (const phase of ['cold', 'warm']) {
    const p = g[phase];
    rows.push(
      [`${phase}: task time (CDP Performance)`, mp(p.baseline.taskMs), mp(p.tracker.taskMs), mp(p.ours.taskMs)],
      [`${phase}: script time (CDP Performance)`, mp(p.baseline.scriptMs), mp(p.tracker.scriptMs), mp(p.ours.scriptMs)],
      [`${phase}: its script's eval+compile+callbacks (trace)`, '-', mp(p.tracker.scriptEventsMs), mp(p.ours.scriptEventsMs)],
      [`${phase}: long tasks per load`, mp(p.baseline.longTasks, 0), mp(p.tracker.longTasks, 0), mp(p.ours.longTasks, 0)],
      [`${phase}: task time over the page alone (paired)`, '', mp(p.trackerOverhead.taskMs), mp(p.overhead.taskMs)],
      [`${phase}: trace RunTask busy over the page alone (paired)`, '', mp(p.trackerOverhead.busyMs), mp(p.overhead.busyMs)],
      [`${phase}: script time over the page alone (paired)`, '', mp(p.trackerOverhead.scriptMs), mp(p.overhead.scriptMs)],
      [`${phase}: task time over the tracker-only page (paired)`, '', '', mp(p.beyondTracker.taskMs)],
      [`${phase}: script time over the tracker-only page (paired)`, '', '', mp(p.beyondTracker.scriptMs)],
    );
  }
  out(
    table(
      [
        { title: 'metric', align: 'left' },
        { title: 'page alone' },
        { title: 'page + tracker only' },
        { title: 'page + drop-in' },
      ],
      rows,
    ),
  );
  const c = returning.checks;
  out(`* cold = first load in a fresh context (empty HTTP cache); warm = third load in that context (script from the HTTP
  cache, V8 code cache produced by the second load). Overhead = page with <script async> + <consent-banner collector page-view>
  minus the same page without them, paired by round. "tracker only" = the same page with just @snowplow/browser-tracker
  (esbuild IIFE, one tracker configured like the element's, one page view): what a Snowplow site pays without consent.
* nothing rendered: [part=banner] present in ${c.bannerRendered}/${c.loads} loads; shadow root holds ${c.shadowContent.join(' / ')};
  element not at level "full" or undecided in ${c.notDecided}/${c.loads} loads.
* requests the element causes besides the script: tracker requests per load ${mp(c.trackerRequests, 0)}; anything else in
  ${c.loadsWithOtherRequests}/${c.loads} loads${c.otherRequests.length ? ` (${c.otherRequests.join(', ')})` : ''}; script requests on warm loads ${mp(c.scriptRequestsWarm, 0)}.
* first event (page-view attribute) against the stored level "full": ${c.firstEventViolations.length ? c.firstEventViolations.join(', ') : 'obeys it in every load'}.`);
  if (c.errors.length) out(`* console: ${c.errors.join(' | ')}`);
  out('\nFirst event per stored level (tracker configured before its first event):');
  out(
    table(
      [
        { title: 'stored level' },
        { title: 'element level' },
        { title: 'banner' },
        { title: 'events' },
        { title: 'first' },
        { title: 'duid' },
        { title: 'sid' },
        { title: 'SP-Anonymous' },
        { title: 'result', align: 'left' },
      ],
      returning.levels.map((l) => [
        l.level,
        l.elementLevel,
        l.bannerRendered ? 'shown' : 'none',
        l.events,
        l.firstEvent ?? '-',
        l.duid ?? '-',
        l.sid ?? '-',
        l.spAnonymous ?? (l.events ? 'no' : '-'),
        l.violations.length ? `WRONG: ${l.violations.join(', ')}` : 'ok',
      ]),
    ),
  );
  const german = returning.german;
  out(
    `* <html lang="de">, stored decision (nothing to show): requests besides script and tracker: ${german.other.length ? `${german.other.join(', ')} (should be none)` : 'none'}; banner ${german.bannerRendered ? 'shown' : 'not shown'}${german.errors.length ? `; console: ${german.errors.join(' | ')}` : ''}`,
  );

  const x = accept.aggregate;
  out(
    `\nAccept click (first visit, ${accept.rows.length} runs, fresh context each), ms from the click event's timeStamp, median (p90):`,
  );
  out(
    table(
      [{ title: 'step', align: 'left' }, { title: 'median (p90)' }],
      [
        ['consent-change event dispatched (level "full" in force)', mp(x.changeMs)],
        ['trackPageView() call in that listener returns', mp(x.trackCallMs)],
        [`first event with a duid at the loopback collector (${x.firstDuidEvents.join('/')})`, mp(x.firstDuidMs)],
        ['the page view (tracked in the listener) with duid at the collector', mp(x.pageViewMs)],
        ['click to next paint (Event Timing duration, 8 ms granularity)', mp(x.clickToPaintMs)],
      ],
    ),
  );
  out(
    `* levels after the click: ${x.levels.join(', ')}; banner gone in ${x.bannerGone}/${accept.rows.length}; SP-Anonymous on the first duid request in ${x.anonymousHeaderAfterClick}; no duid event in ${x.missing} run(s). Collector times compare the browser's performance.timeOrigin + timeStamp with Node's, same machine clock.`,
  );
}

function printLighthouse(results) {
  section(
    '4. Lighthouse on demo/first-visit.html (scripts/serve-demo.mjs on a free loopback port, chrome-launcher + --headless=new)',
  );
  out(
    table(
      [
        { title: 'settings', align: 'left' },
        { title: 'perf' },
        { title: 'a11y' },
        { title: 'best-pr.' },
        { title: 'FCP' },
        { title: 'LCP' },
        { title: 'TBT' },
        { title: 'CLS' },
        { title: 'SI' },
      ],
      results.map((r) => [
        r.name,
        r.scores.performance,
        r.scores.accessibility,
        r.scores['best-practices'],
        ...Object.values(r.metrics),
      ]),
    ),
  );
  for (const r of results) {
    const failing = Object.entries(r.failing)
      .filter(([, ids]) => ids.length)
      .map(([cat, ids]) => `${cat}: ${ids.join(', ')}`);
    const shifts = r.layoutShifts.map((s) => `${s.element} ${fmt(s.score, 3)}`);
    const tasks = r.longTasks.map((t) => `${t.url.replace(/^https?:\/\/[^/]+/, '')} ${t.durationMs} ms`);
    out(
      `* ${r.name.split(' ')[0]}: audits below 100: ${failing.length ? failing.join('; ') : 'none'}${shifts.length ? `; layout shifts: ${shifts.join(', ')}` : ''}${tasks.length ? `; long tasks (observed): ${tasks.join(', ')}` : ''}${r.runtimeError ? `; runtime error: ${r.runtimeError}` : ''}`,
    );
  }
  out(
    `* Lighthouse ${results[0]?.lighthouseVersion}; its scores use simulated throttling (Lantern) computed from an unthrottled load on this machine.`,
  );
}

function targets(results) {
  const rows = [];
  const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');
  const sizes = results.sizes;
  if (sizes && !sizes.error) {
    const g = sizes.beyond.gzip;
    rows.push([
      'drop-in weight beyond tracker+lit+i18next <= 8 KB gzip',
      `${g} B (${(g / 1024).toFixed(1)} KB) gzip`,
      verdict(g <= TARGET_BEYOND_GZIP),
    ]);
  }
  const first = results.firstVisit?.aggregate;
  if (first) {
    const ours = first.ours;
    const theirs = first.cookieconsent;
    rows.push([
      'first visit: banner paint <= anchor paint',
      `median ${fmt(ours.bannerMinusAnchor.median)} ms later (${ours.bannerNotAfterAnchor}/${ours.runs} runs ok); cookieconsent ${fmt(theirs.bannerMinusAnchor.median)} ms`,
      verdict(ours.bannerMinusAnchor.n ? ours.bannerMinusAnchor.median <= 0 : undefined),
    ]);
    rows.push([
      'first visit: zero long tasks',
      `${ours.runsWithLongTasks}/${ours.runs} runs had one (longest median ${fmt(ours.longestTaskMs.median)} ms); cookieconsent ${theirs.runsWithLongTasks}/${theirs.runs}`,
      verdict(ours.runsWithLongTasks === 0),
    ]);
    rows.push([
      'first visit: CLS 0',
      `max ${fmt(Math.max(...results.firstVisit.runs.ours.map((r) => r.layoutShift)), 4)} over ${ours.runs} runs; cookieconsent max ${fmt(Math.max(...results.firstVisit.runs.cookieconsent.map((r) => r.layoutShift)), 4)}`,
      verdict(results.firstVisit.runs.ours.every((r) => r.layoutShift === 0)),
    ]);
  }
  const returning = results.returning?.aggregate;
  if (returning) {
    const warm = returning.warm.overhead.taskMs.median;
    const cold = returning.cold.overhead.taskMs.median;
    rows.push([
      'returning visitor: overhead < 2 ms main thread (warm cache)',
      `${fmt(warm)} ms warm, ${fmt(cold)} ms cold (median task time over the page alone, paired)`,
      verdict(warm < TARGET_RETURNING_MS),
    ]);
    const beyond = returning.warm.beyondTracker.taskMs.median;
    rows.push([
      '  (reference) the same, over a tracker-only page',
      `${fmt(beyond)} ms warm, ${fmt(returning.cold.beyondTracker.taskMs.median)} ms cold: the consent layer without the tracker's own cost`,
      verdict(beyond < TARGET_RETURNING_MS),
    ]);
    const longTasks = results.returning.rows.ours.filter((r) => r.cold.longTasks > 0 || r.warm.longTasks > 0).length;
    rows.push([
      'returning visitor: zero long tasks',
      `${longTasks}/${results.returning.rows.ours.length} rounds had one`,
      verdict(longTasks === 0),
    ]);
  }
  return rows;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = new Date();
  const results = { started: started.toISOString(), options: { ...options, only: [...options.only] } };
  const command = process.env.npm_lifecycle_event
    ? `npm run ${process.env.npm_lifecycle_event}`
    : `node scripts/bench/index.mjs ${process.argv.slice(2).join(' ')}`.trim();
  results.machine = machine();
  out('consent-banner benchmarks');
  out(`command:   ${command}`);
  out(`date:      ${started.toISOString()}`);

  if (options.build) {
    progress('building (npm run build)...');
    results.buildSeconds = build();
  }
  for (const file of ['dist/consent-banner.min.js', 'dist/index.js', 'dist/headless.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build`);
  }

  const needBrowser = ['first', 'returning'].some((part) => options.only.has(part));
  const browser = needBrowser ? await launchBrowser() : undefined;
  const server = needBrowser ? await startBenchServer() : undefined;
  const m = results.machine;
  results.chromium = { version: browser?.version() ?? '(not started)', path: chromiumPath() };
  results.versions = {
    playwright: packageVersion('playwright'),
    lighthouse: packageVersion('lighthouse'),
    vite: packageVersion('vite'),
    esbuild: packageVersion('esbuild'),
  };
  out(
    `chromium:  ${results.chromium.version} (${results.chromium.path}), headless, via Playwright ${results.versions.playwright}`,
  );
  out(`machine:   ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, load average ${m.loadAverage}`);
  out(`network:   loopback server on 127.0.0.1; no CPU or network throttling; viewport 1280x800, locale en-US`);
  if (options.build) out(`build:     npm run build (${results.buildSeconds.toFixed(1)} s)`);

  const failures = [];
  results.machineLoad = {};
  const part = async (name, fn) => {
    if (!options.only.has(name)) return undefined;
    const meter = cpuMeter();
    try {
      return await fn();
    } catch (error) {
      failures.push(`${name}: ${error.stack ?? error}`);
      return { error: String(error.stack ?? error) };
    } finally {
      const load = (results.machineLoad[name] = meter.read());
      out(
        `* machine during this part: CPU ${fmt(load.busyPct, 0)}% of ${m.cores} cores busy: this benchmark ${fmt(load.ownPct, 0)}%, other processes ${fmt(load.otherPct, 0)}%${load.stealPct ? `, steal ${fmt(load.stealPct, 1)}%` : ''}${load.otherPct > 10 ? ' -- other work competed for the CPU: expect wider spreads' : ''}`,
      );
    }
  };

  try {
    results.sizes = await part('size', async () => {
      progress('sizes...');
      const sizes = await measureSizes();
      printSizes(sizes);
      return sizes;
    });
    results.firstVisit = await part('first', async () => {
      progress(`first visit: ${options.runs} rounds x 3 pages...`);
      const first = await runFirstVisit({ browser, server, runs: options.runs, log: progress });
      printFirstVisit(first, options.runs);
      progress('profile (diagnostic)...');
      results.profile = await runProfile({ browser, server, runs: 3 }).catch((error) => ({ error: String(error) }));
      if (!results.profile.error) printProfile(results.profile);
      return first;
    });
    results.returning = await part('returning', async () => {
      progress(`returning visitor: ${options.runs} rounds x 2 pages x 3 loads...`);
      const returning = await runReturning({ browser, server, runs: options.runs, log: progress });
      progress(`accept click: ${options.runs} runs...`);
      results.accept = await runAcceptLatency({ browser, server, runs: options.runs, log: progress });
      printReturning(returning, results.accept, options.runs);
      return returning;
    });
  } finally {
    await browser?.close();
    await server?.close();
  }
  results.lighthouse = await part('lighthouse', async () => {
    progress('lighthouse (2 runs)...');
    const lighthouse = await runLighthouse({ log: progress });
    printLighthouse(lighthouse);
    return lighthouse;
  });

  section('Targets');
  const rows = targets(results);
  results.targets = rows.map(([target, figure, verdict]) => ({ target, figure, verdict }));
  out(
    table(
      [
        { title: 'target', align: 'left' },
        { title: 'measured', align: 'left' },
        { title: 'verdict', align: 'left' },
      ],
      rows,
    ),
  );
  for (const failure of failures) out(`\nFAILED ${failure}`);
  results.finished = new Date().toISOString();
  results.seconds = (Date.now() - started.getTime()) / 1000;
  const dir = join(ROOT, '.cache/bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  out(`\nfinished in ${results.seconds.toFixed(0)} s; figures in .cache/bench/results.json`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
