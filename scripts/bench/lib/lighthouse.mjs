// Part 4: Lighthouse on demo/first-visit.html, served by the project's own demo server
// (scripts/serve-demo.mjs, our own instance on a free loopback port), against a Chromium started by
// chrome-launcher with the project's flags.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../chromium.mjs';
import { chromiumPath } from './browser.mjs';
import { ROOT } from './server.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts `node scripts/serve-demo.mjs` on a free port; resolves once it says it listens. */
async function startDemoServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve-demo.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server did not start: ${output}`)), 10_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('consent-banner demo:')) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited with ${code}: ${output}`));
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs Lighthouse with its default (mobile, simulated throttling) and desktop settings. */
export async function runLighthouse({ log }) {
  const { default: lighthouse, desktopConfig } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const demo = await startDemoServer();
  let chrome;
  const results = [];
  try {
    chrome = await chromeLauncher.launch({
      chromePath: chromiumPath(),
      chromeFlags: [...CHROMIUM_ARGS, '--headless=new'],
      logLevel: 'silent',
    });
    const url = `${demo.origin}/demo/first-visit.html`;
    for (const [name, config] of [
      ['mobile (default: Moto G emulation, simulated slow 4G + 4x CPU)', undefined],
      ['desktop (preset: simulated cable, no CPU slowdown)', desktopConfig],
    ]) {
      const runnerResult = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
        config,
      );
      const lhr = runnerResult.lhr;
      const failing = (category) =>
        lhr.categories[category].auditRefs
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
          .map((audit) => audit.id);
      results.push({
        name,
        url,
        scores: Object.fromEntries(
          CATEGORIES.map((category) => [category, Math.round((lhr.categories[category].score ?? 0) * 100)]),
        ),
        metrics: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue ?? '-'])),
        // The figures the targets compare, as numbers (ms; CLS unitless).
        numeric: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.numericValue])),
        mobile: config === undefined,
        failing: Object.fromEntries(CATEGORIES.map((category) => [category, failing(category)])),
        layoutShifts: (lhr.audits['layout-shifts']?.details?.items ?? []).slice(0, 3).map((item) => ({
          score: item.score,
          element: item.node?.selector ?? item.node?.snippet,
        })),
        longTasks: (lhr.audits['long-tasks']?.details?.items ?? [])
          .slice(0, 3)
          .map((item) => ({ url: item.url, durationMs: item.duration })),
        runtimeError: lhr.runtimeError?.message,
        warnings: lhr.runWarnings,
        lighthouseVersion: lhr.lighthouseVersion,
        userAgent: lhr.environment?.hostUserAgent,
      });
      log?.(`  lighthouse: ${name.split(' ')[0]} done`);
    }
  } finally {
    if (chrome) await chrome.kill();
    await demo.stop();
  }
  return results;
}
