// Chromium through Playwright, with the project's flags, and one measured page load.
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../chromium.mjs';
import { BANNER_SELECTOR } from './pages.mjs';
import { analyzeTrace, PROFILE_CATEGORIES, TRACE_CATEGORIES } from './trace.mjs';

export const CONTEXT_OPTIONS = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  locale: 'en-US',
  reducedMotion: 'no-preference',
  colorScheme: 'light',
  serviceWorkers: 'block',
};

export function chromiumPath() {
  return process.env.CHROME_PATH || findChromium() || '/usr/bin/chromium';
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** Navigation timing and the probe's record, read from the page. */
async function readProbe(page) {
  return page.evaluate((bannerSelector) => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const host = document.querySelector('consent-banner');
    const root = host?.shadowRoot;
    return {
      bench: window.__bench,
      timeOrigin: performance.timeOrigin,
      navigation: navigation && {
        responseEnd: navigation.responseEnd,
        domContentLoaded: navigation.domContentLoadedEventEnd,
        load: navigation.loadEventEnd,
      },
      // Files the page fetched (Resource Timing), by path: which of them, when, and from where (cache or not).
      resources: performance.getEntriesByType('resource').map((entry) => ({
        path: new URL(entry.name).pathname,
        startTime: entry.startTime,
        responseEnd: entry.responseEnd,
        transferSize: entry.transferSize,
      })),
      element: host
        ? {
            // The eager stage defines the element on every page; whether the UI stage ran shows in the rendered banner.
            defined: !!customElements.get('consent-banner'),
            level: host.level,
            decided:
              host.decided ??
              (window.__bench?.consent ?? []).some((event) => event.type === 'consent-ready' && event.decidedAt !== null),
            bannerRendered: !!root?.querySelector(bannerSelector),
            shadowElements: root ? root.querySelectorAll('*').length : null,
            shadowText: root ? (root.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80) : null,
          }
        : null,
    };
  }, BANNER_SELECTOR);
}

/** The frame time the probe says the banner was painted in: its own Element Timing, else the sentinel's. */
export function bannerPaint(bench) {
  const own = bench.element.filter((e) => e.id === 'banner').map((e) => e.renderTime);
  const frame = bench.element.filter((e) => e.id === 'banner-frame').map((e) => e.renderTime);
  const anchor = bench.element.filter((e) => e.id === 'anchor').map((e) => e.renderTime);
  return {
    visible: own.length ? Math.min(...own) : frame.length ? Math.min(...frame) : undefined,
    method: own.length ? 'element timing' : frame.length ? 'sentinel' : 'none',
    frame: frame.length ? Math.min(...frame) : undefined,
    anchor: anchor.length ? Math.min(...anchor) : undefined,
  };
}

/**
 * One page load in a fresh context (empty cache and cookies unless `context` is given), traced.
 * `expectBanner`: wait until the probe has seen the banner painted (at most `timeoutMs`).
 * `settleMs`: then wait this long for late layout shifts and long tasks.
 * Returns the probe's record, the trace figures, the requests the page made and the element's state
 * (`keepTraceEvents`: the trace's events too; `profile`: with V8's sampler, which costs main-thread time).
 * The page (and the context, when this made it) is closed afterwards unless `keepPage`.
 */
export async function measuredLoad(
  browser,
  {
    url,
    context,
    cookies,
    expectBanner,
    settleMs = 400,
    timeoutMs = 5000,
    trace = true,
    profile = false,
    scriptUrls = [],
    beforeRead,
    keepPage = false,
    keepTraceEvents = false,
  },
) {
  const ownContext = !context;
  const ctx = context ?? (await browser.newContext(CONTEXT_OPTIONS));
  if (cookies?.length) await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  const requests = [];
  page.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType(), method: request.method() }));
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  // The CDP Performance domain's cumulative counters of this page's renderer: an independent check.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (trace) await browser.startTracing(page, { categories: profile ? PROFILE_CATEGORIES : TRACE_CATEGORIES });
  let bannerSeen = !expectBanner;
  let traceBuffer;
  try {
    await page.goto(url, { waitUntil: 'load' });
    if (expectBanner) {
      bannerSeen = await page
        .waitForFunction(
          () => window.__bench?.element.some((e) => e.id === 'banner' || (e.id === 'banner-frame' && window.__bench.watch?.host)),
          null,
          {
            timeout: timeoutMs,
            polling: 50,
          },
        )
        .then(() => true)
        .catch(() => false);
    }
    await page.waitForTimeout(settleMs);
    if (beforeRead) await beforeRead(page);
  } finally {
    // Always stop tracing, even when the page failed: the next load would fail to start one.
    if (trace) traceBuffer = await browser.stopTracing().catch(() => undefined);
  }
  const probe = await readProbe(page);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const performanceDomain = {
    taskMs: metrics.TaskDuration * 1000,
    scriptMs: metrics.ScriptDuration * 1000,
    layoutMs: metrics.LayoutDuration * 1000,
    styleMs: metrics.RecalcStyleDuration * 1000,
  };
  await cdp.detach().catch(() => {});
  const paint = bannerPaint(probe.bench);
  let traced;
  let traceEvents;
  if (traceBuffer) {
    const events = JSON.parse(traceBuffer.toString('utf8')).traceEvents ?? [];
    if (keepTraceEvents) traceEvents = events;
    const renderWindowMs =
      probe.bench.marks.inserted !== undefined && paint.visible !== undefined
        ? [probe.bench.marks.inserted, paint.visible + 1]
        : undefined;
    traced = analyzeTrace(events, { pageUrl: url, scriptUrls, renderWindowMs });
  }
  const result = {
    url,
    bannerSeen,
    paint,
    probe,
    trace: traced,
    traceEvents,
    performance: performanceDomain,
    requests,
    consoleErrors,
    page,
    context: ctx,
  };
  if (!keepPage) {
    if (ownContext) await ctx.close();
    else await page.close();
    delete result.page;
    delete result.context;
  }
  return result;
}

/** Sum of the layout shift scores without recent input: CLS is the largest window of these, so 0 here means CLS 0. */
export function layoutShift(bench) {
  return bench.shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
}
