// Part 3: the returning visitor (a valid stored decision) and the accept click.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_OPTIONS, measuredLoad } from './browser.mjs';
import { BANNER_SELECTOR, benchPage, cookieConsentConfigScript, cookieConsentCookie, trackerOnlyScript } from './pages.mjs';
import { ROOT } from './server.mjs';
import { gzipSize } from './sizes.mjs';
import { summary } from './stats.mjs';

const COOKIE_NAME = 'consent_banner';
/** The drop-in's eager stage: every visitor loads it. */
export const SCRIPT_PATH = '/dist/consent-banner.min.js';
/** The drop-in's UI stage: only when something must show; a returning visitor must not load it. */
export const UI_PATH = '/dist/consent-banner-ui.js';
const COOKIECONSENT_PATHS = [
  '/vendor/cookieconsent/cookieconsent.umd.js',
  '/vendor/cookieconsent/cookieconsent.css',
  '/bench/cookieconsent-config.js',
];

/** The stored record as src/consent/record.ts `serializeRecord` writes it (format v1). */
export function serializeRecord({ level, policyVersion = '1', decidedAt, consentId }) {
  return JSON.stringify({ v: 1, level, policy: policyVersion, at: decidedAt, id: consentId });
}

/** js-cookie's default write encoding, so the cookie is byte for byte what the element would write. */
function jsCookieEncode(value) {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

export function consentCookie(origin, level) {
  const value = serializeRecord({ level, decidedAt: Date.now() - 24 * 60 * 60 * 1000, consentId: randomUUID() });
  return { name: COOKIE_NAME, value: jsCookieEncode(value), url: `${origin}/`, sameSite: 'Lax' };
}

const filled = (value) => value !== undefined && value !== null && value !== '';

/** What README's level table says the first event (and its request) may carry; returns the violations. */
export function levelViolations(level, event, capture) {
  const problems = [];
  const expect = (ok, what) => ok || problems.push(what);
  const anonymousHeader = capture.headers.spAnonymous;
  switch (level) {
    case 'full':
      expect(filled(event.duid), 'duid missing');
      expect(filled(event.sid), 'sid missing');
      expect(anonymousHeader === null, 'SP-Anonymous sent');
      break;
    case 'session':
      expect(!filled(event.uid), 'uid sent');
      expect(!filled(event.duid), 'duid sent');
      expect(filled(event.sid), 'sid missing');
      expect(anonymousHeader === null, 'SP-Anonymous sent');
      break;
    case 'anonymous':
    case 'cookieless':
      for (const field of ['uid', 'duid', 'sid', 'vid']) expect(!filled(event[field]), `${field} sent`);
      expect(
        level === 'cookieless' ? anonymousHeader === '*' : anonymousHeader === null,
        `SP-Anonymous ${anonymousHeader === null ? 'missing' : 'sent'}`,
      );
      break;
    default:
      problems.push(`an event left the page at level ${level}`);
  }
  return problems;
}

/**
 * Requests of a load, by kind: the document, the drop-in's eager stage (`script`), its UI stage (`ui`),
 * tracker events, the tracker-only script and vanilla-cookieconsent's files (comparison pages), anything else.
 */
export function classifyRequests(requests, pageUrl) {
  const kinds = { document: 0, script: 0, ui: 0, tracker: 0, trackerOnly: 0, cookieconsent: 0, other: [] };
  for (const request of requests) {
    const { pathname } = new URL(request.url);
    if (request.url === pageUrl) kinds.document++;
    else if (pathname === SCRIPT_PATH) kinds.script++;
    else if (pathname === UI_PATH) kinds.ui++;
    else if (pathname.startsWith('/collector/')) kinds.tracker++;
    else if (pathname === '/bench/tracker-only.js') kinds.trackerOnly++;
    else if (COOKIECONSENT_PATHS.includes(pathname)) kinds.cookieconsent++;
    else kinds.other.push(`${request.method} ${pathname}`);
  }
  return kinds;
}

/**
 * Gzip bytes (level 9) of the script and style files a load requested, by path: what it would transfer
 * from a server that compresses (the loopback server does not, and a warm load takes them from the cache).
 */
function fileGzip(server) {
  const cache = new Map();
  return (path) => {
    if (!cache.has(path)) {
      let text;
      if (server.pages.has(path)) text = Buffer.from(server.pages.get(path));
      else if (path.startsWith('/dist/')) text = readFileSync(join(ROOT, path));
      else if (path.startsWith('/vendor/cookieconsent/'))
        text = readFileSync(join(ROOT, 'node_modules/vanilla-cookieconsent/dist', path.slice('/vendor/cookieconsent/'.length)));
      cache.set(path, text ? gzipSize(text) : 0);
    }
    return cache.get(path);
  };
}

/**
 * Main-thread cost of the page with the drop-in and a stored `full` decision versus the same page
 * without the drop-in, interleaved, each in a fresh context: load 1 (cold HTTP cache), load 2 (not
 * measured: lets Chromium produce the V8 code cache) and load 3 (warm: script from the HTTP cache, code cache).
 * The same for the tracker-only page and for the tracker + vanilla-cookieconsent page (its own stored
 * decision): every context gets both stored decisions, so the pages differ only in their scripts.
 */
export async function runReturning({ browser, server, runs, log }) {
  server.pages.set('/bench/return-baseline.html', benchPage('baseline'));
  server.pages.set('/bench/return-tracker.html', benchPage('tracker'));
  server.pages.set('/bench/tracker-only.js', (await trackerOnlyScript(ROOT)).code);
  server.pages.set('/bench/cookieconsent-config.js', cookieConsentConfigScript());
  server.pages.set('/bench/return-ours.html', benchPage('ours'));
  server.pages.set('/bench/return-theirs.html', benchPage('tracker-cookieconsent'));
  server.pages.set('/bench/return-ours-de.html', benchPage('ours', { lang: 'de' }));
  const variants = ['baseline', 'tracker', 'ours', 'theirs'];
  const rows = { baseline: [], tracker: [], ours: [], theirs: [] };
  const gzipOf = fileGzip(server);
  const SCRIPTS = {
    baseline: [],
    tracker: ['/bench/tracker-only.js'],
    ours: [SCRIPT_PATH, UI_PATH],
    theirs: ['/bench/tracker-only.js', '/vendor/cookieconsent/cookieconsent.umd.js', '/bench/cookieconsent-config.js'],
  };
  for (let round = 0; round < runs; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const url = `${server.origin}/bench/return-${variant}.html`;
      const scriptUrls = SCRIPTS[variant].map((path) => server.origin + path);
      const context = await browser.newContext(CONTEXT_OPTIONS);
      await context.addCookies([consentCookie(server.origin, 'full'), cookieConsentCookie(server.origin)]);
      const row = {};
      for (const [phase, trace] of [
        ['cold', true],
        ['prime', false],
        ['warm', true],
      ]) {
        server.reset();
        let cookieConsentState;
        const load = await measuredLoad(browser, {
          url,
          context,
          trace,
          scriptUrls,
          settleMs: phase === 'prime' ? 100 : 300,
          beforeRead:
            variant === 'theirs'
              ? async (page) =>
                  (cookieConsentState = await page.evaluate(() => ({
                    validConsent: window.CookieConsent?.validConsent?.() ?? null,
                    shown: !!document.querySelector('#cc-main .cm, #cc-main .pm'),
                  })))
              : undefined,
        });
        if (phase === 'prime') continue;
        const firstCapture = server.arrivals[0]?.capture;
        const requested = [...new Set(load.requests.map((r) => new URL(r.url).pathname))];
        row[phase] = {
          traceLongTasks: load.trace?.longTasks,
          cookieConsent: cookieConsentState,
          // Script and style files requested (any of them, from the network or the cache), at their gzip size.
          filesGzip: requested.filter((path) => /\.(js|css)$/.test(path)).reduce((sum, path) => sum + gzipOf(path), 0),
          files: requested.filter((path) => /\.(js|css)$/.test(path)),
          busyMs: load.trace?.busyMs,
          taskMs: load.performance.taskMs,
          scriptMs: load.performance.scriptMs,
          scriptEventsMs: load.trace?.scriptEventsMs,
          longTasks: load.probe.bench.longtasks.length,
          element: load.probe.element,
          bannerInserted: load.probe.bench.marks.inserted,
          requests: classifyRequests(load.requests, url),
          serverRequests: server.requests.map((r) => `${r.method} ${r.path}`),
          firstEvent: firstCapture
            ? { e: firstCapture.events[0]?.e, violations: levelViolations('full', firstCapture.events[0] ?? {}, firstCapture) }
            : undefined,
          errors: load.consoleErrors,
        };
      }
      await context.close();
      rows[variant].push(row);
    }
    log?.(`  returning visitor: round ${round + 1}/${runs}`);
  }

  /** Median (p90) of `variant` minus `reference`, paired by round. */
  const paired = (variant, reference, phase, key) =>
    summary(
      rows[variant].map((row, i) =>
        rows[reference][i]?.[phase]?.[key] === undefined || row[phase]?.[key] === undefined
          ? undefined
          : row[phase][key] - rows[reference][i][phase][key],
      ),
    );
  const aggregate = {};
  for (const phase of ['cold', 'warm']) {
    const of = (variant) => ({
      busyMs: summary(rows[variant].map((r) => r[phase].busyMs)),
      taskMs: summary(rows[variant].map((r) => r[phase].taskMs)),
      scriptMs: summary(rows[variant].map((r) => r[phase].scriptMs)),
      scriptEventsMs: summary(rows[variant].map((r) => r[phase].scriptEventsMs)),
      longTasks: summary(rows[variant].map((r) => r[phase].longTasks)),
    });
    const over = (variant, reference) => ({
      busyMs: paired(variant, reference, phase, 'busyMs'),
      taskMs: paired(variant, reference, phase, 'taskMs'),
      scriptMs: paired(variant, reference, phase, 'scriptMs'),
    });
    aggregate[phase] = {
      baseline: of('baseline'),
      tracker: of('tracker'),
      ours: of('ours'),
      theirs: of('theirs'),
      overhead: over('ours', 'baseline'),
      trackerOverhead: over('tracker', 'baseline'),
      theirsOverhead: over('theirs', 'baseline'),
      beyondTracker: over('ours', 'tracker'),
      theirsBeyondTracker: over('theirs', 'tracker'),
    };
  }
  const oursLoads = rows.ours.flatMap((r) => [r.cold, r.warm]);
  const theirsLoads = rows.theirs.flatMap((r) => [r.cold, r.warm]);
  const ourFiles = (task) => task.scripts.some((url) => url.includes(SCRIPT_PATH) || url.includes(UI_PATH));
  const theirFiles = (task) =>
    task.scripts.some((url) => url.includes('/vendor/cookieconsent/') || url.includes('cookieconsent-config'));
  /** Rounds (cold or warm load) with a long task (PerformanceObserver), and with one whose trace names the files. */
  const longTaskRounds = (variant, names) => ({
    rounds: rows[variant].length,
    withLongTask: rows[variant].filter((r) => r.cold.longTasks > 0 || r.warm.longTasks > 0).length,
    naming: rows[variant].filter((r) => [r.cold, r.warm].some((l) => (l.traceLongTasks ?? []).some(names))).length,
    longestMs: summary(
      rows[variant].map((r) =>
        Math.max(0, ...[r.cold, r.warm].flatMap((l) => (l.traceLongTasks ?? []).map((t) => t.durationMs))),
      ),
    ),
  });
  const checks = {
    loads: oursLoads.length,
    uiRequests: oursLoads.reduce((sum, l) => sum + l.requests.ui, 0),
    loadsWithUi: oursLoads.filter((l) => l.requests.ui > 0).length,
    longTasks: { ours: longTaskRounds('ours', ourFiles), theirs: longTaskRounds('theirs', theirFiles) },
    bytes: {
      ours: summary(rows.ours.map((r) => r.cold.filesGzip)),
      theirs: summary(rows.theirs.map((r) => r.cold.filesGzip)),
      tracker: summary(rows.tracker.map((r) => r.cold.filesGzip)),
      oursFiles: [...new Set(rows.ours.flatMap((r) => r.cold.files))],
      theirsFiles: [...new Set(rows.theirs.flatMap((r) => r.cold.files))],
    },
    cookieConsent: {
      loads: theirsLoads.length,
      valid: theirsLoads.filter((l) => l.cookieConsent?.validConsent === true).length,
      shown: theirsLoads.filter((l) => l.cookieConsent?.shown || l.bannerInserted !== undefined).length,
      errors: [...new Set(theirsLoads.flatMap((l) => l.errors))].slice(0, 3),
    },
    bannerRendered: oursLoads.filter((l) => l.element?.bannerRendered || l.bannerInserted !== undefined).length,
    notDecided: oursLoads.filter((l) => !l.element?.decided || l.element?.level !== 'full').length,
    notDefined: oursLoads.filter((l) => !l.element?.defined).length,
    shadowContent: [
      ...new Set(oursLoads.map((l) => `${l.element?.shadowElements} element(s), text "${l.element?.shadowText ?? ''}"`)),
    ],
    otherRequests: [...new Set(oursLoads.flatMap((l) => l.requests.other))],
    loadsWithOtherRequests: oursLoads.filter((l) => l.requests.other.length > 0).length,
    trackerRequests: summary(oursLoads.map((l) => l.requests.tracker)),
    scriptRequestsWarm: summary(rows.ours.map((r) => r.warm.serverRequests.filter((p) => p.endsWith(SCRIPT_PATH)).length)),
    firstEventViolations: [...new Set(oursLoads.flatMap((l) => l.firstEvent?.violations ?? ['no event arrived']))],
    errors: [...new Set(oursLoads.flatMap((l) => l.errors))].slice(0, 5),
  };
  return {
    rows,
    aggregate,
    checks,
    levels: await checkLevels({ browser, server }),
    german: await checkGerman({ browser, server }),
  };
}

/** With each stored level, the first event the `page-view` element sends obeys it (none: nothing is sent). */
async function checkLevels({ browser, server }) {
  const results = [];
  for (const level of ['full', 'session', 'anonymous', 'cookieless', 'none']) {
    server.reset();
    const url = `${server.origin}/bench/return-ours.html`;
    const load = await measuredLoad(browser, {
      url,
      cookies: [consentCookie(server.origin, level)],
      trace: false,
      settleMs: 600,
    });
    const first = server.arrivals[0]?.capture;
    const events = server.arrivals.flatMap((a) => a.capture.events);
    const violations =
      level === 'none'
        ? events.length
          ? [`${events.length} event(s) sent`]
          : []
        : first
          ? levelViolations(level, first.events[0] ?? {}, first)
          : ['no event arrived'];
    results.push({
      level,
      uiRequests: classifyRequests(load.requests, url).ui,
      elementLevel: load.probe.element?.level,
      bannerRendered: !!load.probe.element?.bannerRendered,
      events: events.length,
      firstEvent: first ? first.events[0]?.e : undefined,
      duid: first ? filled(first.events[0]?.duid) : undefined,
      sid: first ? filled(first.events[0]?.sid) : undefined,
      spAnonymous: first ? first.headers.spAnonymous : undefined,
      violations,
    });
  }
  return results;
}

/** A German page with a stored decision: is a language file fetched although nothing is shown? */
async function checkGerman({ browser, server }) {
  server.reset();
  const url = `${server.origin}/bench/return-ours-de.html`;
  const load = await measuredLoad(browser, { url, cookies: [consentCookie(server.origin, 'full')], trace: false, settleMs: 600 });
  const kinds = classifyRequests(load.requests, url);
  return {
    other: [...(kinds.ui ? [`GET ${UI_PATH}`] : []), ...kinds.other],
    bannerRendered: !!load.probe.element?.bannerRendered,
    errors: load.consoleErrors.slice(0, 3),
  };
}

/**
 * From a click on the accept button to the tracker in the new mode (first visit, fresh context).
 * The click starts at the input event's own `timeStamp` (the time the browser received the pointer release
 * that makes the click: `pointerup`, whose click event carries the same time), so the time the page needs
 * before it even runs the click's handlers counts too. It ends in the page's `consent-change` listener
 * (`performance.now()` when that listener is called; it then tracks a page view), and at the arrival at the
 * loopback collector of the first event carrying a `duid` (wall clock on both sides: performance.timeOrigin
 * + time). Also the click's Event Timing duration (to the next paint).
 */
export async function runAcceptLatency({ browser, server, runs, log }) {
  server.pages.set('/bench/accept-ours.html', benchPage('ours'));
  const rows = [];
  for (let run = 0; run < runs; run++) {
    server.reset();
    const url = `${server.origin}/bench/accept-ours.html`;
    const load = await measuredLoad(browser, { url, expectBanner: true, trace: false, settleMs: 300, keepPage: true });
    const { page, context } = load;
    try {
      if (!load.bannerSeen) {
        rows.push({ error: 'banner not painted within 5 s: nothing to click' });
        continue;
      }
      await page.evaluate(() => {
        const B = window.__bench;
        B.input = {};
        B.dispatched = {};
        // Capturing on window, registered before the click: the input events' timeStamps, whatever runs first,
        // and when the pointer release was dispatched (nothing of ours listens to it: its wait is the input delay).
        for (const type of ['pointerdown', 'pointerup', 'click'])
          addEventListener(
            type,
            (event) => {
              B.input[type] ??= event.timeStamp;
              B.dispatched[type] ??= performance.now();
            },
            true,
          );
        document.addEventListener('consent-change', (event) => {
          if (event.detail.source !== 'visitor' || B.changeAt !== undefined) return;
          B.changeAt = performance.now();
          B.changeLevel = event.detail.level;
          window.ConsentBanner.snowplow.trackPageView();
          B.trackedAt = performance.now();
        });
      });
      const before = server.arrivals.length;
      try {
        await page.locator('consent-banner').locator('[part~="accept-button"]').click({ timeout: 5000 });
      } catch (error) {
        rows.push({ error: `click failed: ${error.message.split('\n')[0]}` });
        continue;
      }
      const withDuid = () => server.arrivals.slice(before).filter((a) => a.capture.events.some((e) => filled(e.duid)));
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && !withDuid().some((a) => a.capture.events.some((e) => e.e === 'pv' && filled(e.duid)))) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await page.waitForTimeout(100);
      const state = await page.evaluate(
        (bannerSelector) => ({
          timeOrigin: performance.timeOrigin,
          input: window.__bench.input,
          dispatched: window.__bench.dispatched,
          changeAt: window.__bench.changeAt,
          trackedAt: window.__bench.trackedAt,
          changeLevel: window.__bench.changeLevel,
          clickEvent: window.__bench.events
            .filter((e) => e.name === 'click' || e.name === 'pointerup')
            .sort((a, b) => b.duration - a.duration)[0],
          bannerGone: !document.querySelector('consent-banner').shadowRoot?.querySelector(bannerSelector),
        }),
        BANNER_SELECTOR,
      );
      const { pointerup, click } = state.input;
      const clickTs = pointerup ?? click;
      const clickEpoch = state.timeOrigin + clickTs;
      const arrivals = withDuid();
      const firstDuid = arrivals[0];
      const pageView = arrivals.find((a) => a.capture.events.some((e) => e.e === 'pv' && filled(e.duid)));
      rows.push({
        changeMs: state.changeAt === undefined || clickTs === undefined ? undefined : state.changeAt - clickTs,
        // Pointer pressed to released: the automation's own pace, not the page's; printed to show it is left out.
        pressMs:
          pointerup !== undefined && state.input.pointerdown !== undefined ? pointerup - state.input.pointerdown : undefined,
        releaseToClickMs: pointerup !== undefined && click !== undefined ? click - pointerup : undefined,
        // The split of changeMs: waiting for the main thread before the release is dispatched (work already
        // queued: rendering, timers, the tracker), then the dispatch of pointerup, mouseup and click up to the listener.
        inputDelayMs:
          state.dispatched.pointerup !== undefined && pointerup !== undefined
            ? state.dispatched.pointerup - pointerup
            : undefined,
        dispatchToChangeMs:
          state.changeAt !== undefined && state.dispatched.pointerup !== undefined
            ? state.changeAt - state.dispatched.pointerup
            : undefined,
        trackCallMs: state.trackedAt - state.changeAt,
        firstDuidMs: firstDuid ? firstDuid.at - clickEpoch : undefined,
        firstDuidEvent: firstDuid ? firstDuid.capture.events.find((e) => filled(e.duid)).e : undefined,
        firstDuidAnonymousHeader: firstDuid ? firstDuid.capture.headers.spAnonymous : undefined,
        pageViewMs: pageView ? pageView.at - clickEpoch : undefined,
        clickToPaintMs: state.clickEvent?.duration,
        level: state.changeLevel,
        bannerGone: state.bannerGone,
      });
    } finally {
      await context.close();
    }
    if ((run + 1) % 5 === 0) log?.(`  accept click: run ${run + 1}/${runs}`);
  }
  return {
    rows,
    aggregate: {
      changeMs: summary(rows.map((r) => r.changeMs)),
      pressMs: summary(rows.map((r) => r.pressMs)),
      releaseToClickMs: summary(rows.map((r) => r.releaseToClickMs)),
      inputDelayMs: summary(rows.map((r) => r.inputDelayMs)),
      dispatchToChangeMs: summary(rows.map((r) => r.dispatchToChangeMs)),
      noChange: rows.filter((r) => r.changeMs === undefined).length,
      trackCallMs: summary(rows.map((r) => r.trackCallMs)),
      firstDuidMs: summary(rows.map((r) => r.firstDuidMs)),
      pageViewMs: summary(rows.map((r) => r.pageViewMs)),
      clickToPaintMs: summary(rows.map((r) => r.clickToPaintMs)),
      firstDuidEvents: [...new Set(rows.map((r) => r.firstDuidEvent))],
      anonymousHeaderAfterClick: rows.filter(
        (r) => r.firstDuidAnonymousHeader !== null && r.firstDuidAnonymousHeader !== undefined,
      ).length,
      missing: rows.filter((r) => r.pageViewMs === undefined).length,
      errors: [...new Set(rows.filter((r) => r.error).map((r) => r.error))],
      levels: [...new Set(rows.map((r) => r.level))],
      bannerGone: rows.filter((r) => r.bannerGone).length,
    },
  };
}
