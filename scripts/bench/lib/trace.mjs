// Reads a Chromium trace (Playwright's browser.startTracing, i.e. the CDP Tracing domain) for one page load:
// the renderer main thread's busy time, its long tasks, the time the rendering steps took in a window, and
// the JavaScript time spent in given scripts (from the V8 sampling profiler the trace carries).

/** Categories: main-thread tasks, script/render events, user timing marks. */
export const TRACE_CATEGORIES = [
  '__metadata',
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
];

/** Plus V8's CPU samples, for the diagnostic runs only (the sampler costs main-thread time itself). */
export const PROFILE_CATEGORIES = [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler'];

/** Trace events that name the script they compile, evaluate or call into. */
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.produceCache',
  'v8.produceModuleCache',
  'FunctionCall',
  'V8.ScriptCompiler',
]);

/** Main-thread work the browser does to put a frame on screen. */
const RENDER_EVENTS = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer']);

/** Total length of the union of [start, end) intervals. */
function unionLength(intervals) {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/**
 * @param {object[]} events traceEvents
 * @param {{pageUrl: string, scriptUrls?: string[], renderWindowMs?: [number, number]}} options
 *   `renderWindowMs`: a window in page time (ms since navigation start) whose rendering work to sum.
 * @returns figures in milliseconds, or `{error}` when the page's navigation is not in the trace.
 */
export function analyzeTrace(events, { pageUrl, scriptUrls = [], renderWindowMs }) {
  const navigation = events.find(
    (e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl && e.args?.data?.isLoadingMainFrame,
  );
  if (!navigation) return { error: `no navigationStart for ${pageUrl}` };
  const { pid } = navigation;
  const origin = navigation.ts;
  const mainThread = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  );
  const tid = mainThread?.tid ?? navigation.tid;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= origin);

  const tasks = main.filter((e) => e.name === 'RunTask');
  const busyUs = unionLength(tasks.map((e) => [e.ts, e.ts + (e.dur ?? 0)]));
  const urlOf = (e) => e.args?.data?.url ?? e.args?.fileName ?? e.args?.data?.fileName;
  // Long tasks, each with the scripts that compiled, evaluated or were called in it (by URL, from the
  // trace's own events; code run from a microtask may name no URL: see profile.mjs for the sampler's view).
  const longTasks = tasks
    .filter((e) => e.dur > 50_000)
    .map((task) => {
      const end = task.ts + task.dur;
      const scripts = new Set(
        main
          .filter((e) => SCRIPT_EVENTS.has(e.name) && e.ts >= task.ts && e.ts < end)
          .map(urlOf)
          .filter((url) => url && url !== pageUrl),
      );
      return { startMs: (task.ts - origin) / 1000, durationMs: task.dur / 1000, scripts: [...scripts] };
    });

  // Script events that name one of the scripts (evaluation, compilation, callbacks into it).
  const urls = new Set(scriptUrls);
  const scriptEvents = main.filter((e) => SCRIPT_EVENTS.has(e.name)).filter((e) => urls.has(urlOf(e)));
  const scriptEventUs = unionLength(scriptEvents.map((e) => [e.ts, e.ts + (e.dur ?? 0)]));
  // When the first of those scripts started to compile or run, and when its first evaluation ended.
  const firstEvaluation = scriptEvents.filter((e) => e.name === 'EvaluateScript').sort((a, b) => a.ts - b.ts)[0];
  const scriptStartMs = scriptEvents.length ? (Math.min(...scriptEvents.map((e) => e.ts)) - origin) / 1000 : undefined;
  const scriptEvaluatedMs = firstEvaluation ? (firstEvaluation.ts + firstEvaluation.dur - origin) / 1000 : undefined;

  let renderUs;
  if (renderWindowMs) {
    const [from, to] = renderWindowMs.map((ms) => origin + ms * 1000);
    renderUs = unionLength(
      main.filter((e) => RENDER_EVENTS.has(e.name) && e.ts >= from && e.ts < to).map((e) => [e.ts, e.ts + (e.dur ?? 0)]),
    );
  }

  // V8 CPU samples of this renderer: self time per script URL (GC and "(program)" are not attributed).
  const profile = cpuProfile(events, pid, tid);
  let scriptJsUs = 0;
  const byFunction = new Map();
  if (profile) {
    for (const { node, deltaUs, ts } of profile.samples) {
      if (ts < origin) continue;
      const frame = profile.nodes.get(node)?.callFrame;
      if (frame && urls.has(frame.url)) {
        scriptJsUs += deltaUs;
        const key = `${frame.functionName || '(anonymous)'}@${frame.lineNumber}:${frame.columnNumber}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + deltaUs);
      }
    }
  }

  // Other renderers' main threads (e.g. Chromium's own "WebUI Top Renderer" preloading its toolbar UI),
  // which compete for the same two cores: reported so a noisy run can be recognised.
  const otherRendererUs = unionLength(
    events
      .filter((e) => e.pid !== pid && e.ph === 'X' && e.name === 'RunTask' && e.ts >= origin && isRendererMain(events, e))
      .map((e) => [e.ts, e.ts + (e.dur ?? 0)]),
  );

  return {
    busyMs: busyUs / 1000,
    longTasks,
    scriptEventsMs: scriptEventUs / 1000,
    scriptStartMs,
    scriptEvaluatedMs,
    scriptJsMs: profile ? scriptJsUs / 1000 : undefined,
    renderMs: renderUs === undefined ? undefined : renderUs / 1000,
    otherRendererMs: otherRendererUs / 1000,
    topFunctions: [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
}

const rendererMainCache = new WeakMap();
function isRendererMain(events, event) {
  let set = rendererMainCache.get(events);
  if (!set) {
    set = new Set(
      events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}/${e.tid}`),
    );
    rendererMainCache.set(events, set);
  }
  return set.has(`${event.pid}/${event.tid}`);
}

/**
 * The V8 sampling profile of one process (of one thread of it, given `tid`) from `Profile`/`ProfileChunk`
 * trace events. `nodes` maps a key to the profile node, with `parentKey` for walking up a sample's stack.
 */
export function cpuProfile(events, pid, tid) {
  // A profile's `Profile` event is on the profiled thread, its chunks come from V8's profiler thread.
  const ids =
    tid === undefined
      ? undefined
      : new Set(events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'Profile').map((e) => e.id));
  const chunks = events.filter(
    (e) => e.pid === pid && (e.name === 'Profile' || e.name === 'ProfileChunk') && (!ids || ids.has(e.id)),
  );
  if (chunks.length === 0) return undefined;
  const nodes = new Map();
  const samples = [];
  // One profile per id; the main thread's is the one with JS frames of the page.
  const byId = new Map();
  for (const chunk of chunks) {
    const list = byId.get(chunk.id) ?? [];
    list.push(chunk);
    byId.set(chunk.id, list);
  }
  for (const [id, list] of byId) {
    const start = list.find((e) => e.name === 'Profile')?.args?.data?.startTime;
    let time = start ?? list[0].ts;
    for (const chunk of list) {
      const data = chunk.args?.data;
      for (const node of data?.cpuProfile?.nodes ?? []) {
        nodes.set(`${id}:${node.id}`, { ...node, parentKey: node.parent === undefined ? undefined : `${id}:${node.parent}` });
      }
      const ids = data?.cpuProfile?.samples ?? [];
      const deltas = data?.timeDeltas ?? [];
      for (let i = 0; i < ids.length; i++) {
        time += deltas[i] ?? 0;
        samples.push({ node: `${id}:${ids[i]}`, ts: time, deltaUs: 0 });
      }
    }
  }
  samples.sort((a, b) => a.ts - b.ts);
  // A sample stands for the time until the next one (capped, in case of a gap while idle).
  for (let i = 0; i < samples.length; i++) {
    const next = samples[i + 1];
    samples[i].deltaUs = next ? Math.min(next.ts - samples[i].ts, 2000) : 0;
  }
  return { nodes, samples };
}
