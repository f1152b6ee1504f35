// Part 2: first visit (no stored choice). The same page as a control, with our drop-in, and with
// vanilla-cookieconsent showing its consent modal; runs interleaved, each in a fresh browser context.
import { layoutShift, measuredLoad } from './browser.mjs';
import { benchPage, cookieConsentConfigScript } from './pages.mjs';
import { summary } from './stats.mjs';

export const FIRST_VISIT_VARIANTS = ['baseline', 'ours', 'cookieconsent'];

const SCRIPTS = {
  baseline: [],
  ours: ['/dist/consent-banner.min.js', '/dist/consent-banner-ui.js'],
  cookieconsent: ['/vendor/cookieconsent/cookieconsent.umd.js', '/bench/cookieconsent-config.js'],
};

/** Whether a trace long task ran one of the variant's scripts (by URL: compile, evaluation, callbacks). */
const runsScripts = (variant, task) => SCRIPTS[variant].some((path) => task.scripts.some((url) => url.endsWith(path)));

function record(variant, load) {
  const { bench } = load.probe;
  const trace = load.trace ?? {};
  const ui = load.probe.resources.find((r) => r.path === '/dist/consent-banner-ui.js');
  const core = load.probe.resources.find((r) => r.path === '/dist/consent-banner.min.js');
  return {
    variant,
    // Our two stages on the network (Resource Timing, ms from navigation start).
    coreRequestStart: core?.startTime,
    uiRequestStart: ui?.startTime,
    uiResponseEnd: ui?.responseEnd,
    uiRequests: load.requests.filter((r) => new URL(r.url).pathname === '/dist/consent-banner-ui.js').length,
    // Every file of the drop-in's folder the load requested (stages, language files): what a first visit downloads.
    distFiles: [...new Set(load.requests.map((r) => new URL(r.url).pathname).filter((path) => path.startsWith('/dist/')))],
    traceLongTasksWithScripts: (trace.longTasks ?? []).filter((t) => runsScripts(variant, t)).length,
    bannerSeen: load.bannerSeen,
    anchorPaint: load.paint.anchor,
    bannerPaint: variant === 'baseline' ? undefined : load.paint.visible,
    bannerFrame: load.paint.frame,
    paintMethod: load.paint.method,
    bannerInserted: bench.marks.inserted,
    rafAfterInsert: bench.marks.afterFrame,
    lcp: bench.lcp.length ? bench.lcp[bench.lcp.length - 1].renderTime || bench.lcp[bench.lcp.length - 1].startTime : undefined,
    fcp: bench.paints.find((p) => p.name === 'first-contentful-paint')?.startTime,
    layoutShift: layoutShift(bench),
    longTasks: bench.longtasks.length,
    longTaskMs: bench.longtasks.reduce((sum, t) => sum + t.duration, 0),
    longestTaskMs: bench.longtasks.reduce((max, t) => Math.max(max, t.duration), 0),
    traceLongTasks: trace.longTasks?.length,
    busyMs: trace.busyMs,
    taskMs: load.performance.taskMs,
    scriptMs: load.performance.scriptMs,
    scriptEventsMs: trace.scriptEventsMs,
    scriptStartMs: trace.scriptStartMs,
    scriptEvaluatedMs: trace.scriptEvaluatedMs,
    renderMs: trace.renderMs,
    otherRendererMs: trace.otherRendererMs,
    traceError: trace.error,
    errors: load.consoleErrors,
  };
}

/** Runs `runs` rounds; each round loads every variant once, in an order that rotates between rounds. */
export async function runFirstVisit({ browser, server, runs, log }) {
  for (const variant of FIRST_VISIT_VARIANTS) server.pages.set(`/bench/first-${variant}.html`, benchPage(variant));
  server.pages.set('/bench/cookieconsent-config.js', cookieConsentConfigScript());
  const results = Object.fromEntries(FIRST_VISIT_VARIANTS.map((v) => [v, []]));
  const load = (variant) =>
    measuredLoad(browser, {
      url: `${server.origin}/bench/first-${variant}.html`,
      expectBanner: variant !== 'baseline',
      settleMs: 300,
      scriptUrls: SCRIPTS[variant].map((path) => server.origin + path),
    });
  // Warm-up round, not recorded: the first loads of a fresh browser pay for its own start.
  for (const variant of FIRST_VISIT_VARIANTS) await load(variant);
  for (let round = 0; round < runs; round++) {
    const order = FIRST_VISIT_VARIANTS.map((_, i) => FIRST_VISIT_VARIANTS[(i + round) % FIRST_VISIT_VARIANTS.length]);
    for (const variant of order) {
      server.reset();
      results[variant].push(record(variant, await load(variant)));
    }
    log?.(`  first visit: round ${round + 1}/${runs}`);
  }
  const baselineBusy = summary(results.baseline.map((r) => r.busyMs)).median;
  const baselineTask = summary(results.baseline.map((r) => r.taskMs)).median;
  const aggregate = {};
  for (const variant of FIRST_VISIT_VARIANTS) {
    const rows = results[variant];
    const pick = (key) => summary(rows.map((r) => r[key]));
    aggregate[variant] = {
      runs: rows.length,
      bannerMissing: rows.filter((r) => !r.bannerSeen).length,
      paintMethod: [...new Set(rows.map((r) => r.paintMethod))].join(', '),
      anchorPaint: pick('anchorPaint'),
      bannerPaint: pick('bannerPaint'),
      bannerFrame: pick('bannerFrame'),
      bannerInserted: pick('bannerInserted'),
      rafAfterInsert: pick('rafAfterInsert'),
      bannerMinusAnchor: summary(
        rows.map((r) => (r.bannerPaint === undefined || r.anchorPaint === undefined ? undefined : r.bannerPaint - r.anchorPaint)),
      ),
      bannerNotAfterAnchor: rows.filter(
        (r) => r.bannerPaint !== undefined && r.anchorPaint !== undefined && r.bannerPaint <= r.anchorPaint,
      ).length,
      lcp: pick('lcp'),
      fcp: pick('fcp'),
      layoutShift: pick('layoutShift'),
      longTasks: pick('longTasks'),
      runsWithLongTasks: rows.filter((r) => r.longTasks > 0).length,
      longestTaskMs: pick('longestTaskMs'),
      runsWithScriptLongTasks: rows.filter((r) => r.traceLongTasksWithScripts > 0).length,
      coreRequestStart: pick('coreRequestStart'),
      uiRequestStart: pick('uiRequestStart'),
      uiResponseEnd: pick('uiResponseEnd'),
      uiRequests: rows.reduce((sum, r) => sum + r.uiRequests, 0),
      // The drop-in's files requested, with the number of loads that requested each.
      distFiles: Object.entries(
        rows.flatMap((r) => r.distFiles ?? []).reduce((counts, path) => ({ ...counts, [path]: (counts[path] ?? 0) + 1 }), {}),
      ).map(([path, loads]) => ({ path, loads })),
      traceLongTasks: pick('traceLongTasks'),
      busyMs: pick('busyMs'),
      busyOverBaselineMs: summary(rows.map((r) => (r.busyMs === undefined ? undefined : r.busyMs - baselineBusy))),
      taskMs: pick('taskMs'),
      taskOverBaselineMs: summary(rows.map((r) => r.taskMs - baselineTask)),
      scriptMs: pick('scriptMs'),
      scriptEventsMs: pick('scriptEventsMs'),
      scriptStartMs: pick('scriptStartMs'),
      scriptEvaluatedMs: pick('scriptEvaluatedMs'),
      renderMs: pick('renderMs'),
      noisyRuns: rows.filter((r) => (r.otherRendererMs ?? 0) > 50).length,
      errors: [...new Set(rows.flatMap((r) => r.errors))].slice(0, 5),
    };
  }
  return { runs: results, aggregate };
}
