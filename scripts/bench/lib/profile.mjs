// Diagnostic (not a target): where the drop-in's main-thread JavaScript time goes, by package. A few
// extra loads traced with V8's sampling profiler; each sample's frame in consent-banner.min.js is mapped
// through the bundle's source map to the package or src/ folder it came from. The sampler itself costs
// time, so these loads are not part of the timing figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_OPTIONS } from './browser.mjs';
import { benchPage } from './pages.mjs';
import { consentCookie } from './returning.mjs';
import { ROOT } from './server.mjs';
import { groupOf } from './sizes.mjs';
import { cpuProfile, PROFILE_CATEGORIES } from './trace.mjs';

export async function runProfile({ browser, server, runs = 3 }) {
  const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
  const map = new TraceMap(readFileSync(join(ROOT, 'dist/consent-banner.min.js.map'), 'utf8'));
  server.pages.set('/bench/profile-ours.html', benchPage('ours'));
  const url = `${server.origin}/bench/profile-ours.html`;
  const scriptUrl = `${server.origin}/dist/consent-banner.min.js`;
  const out = {};
  for (const visit of ['first', 'returning']) {
    const groups = new Map();
    const functions = new Map();
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext(CONTEXT_OPTIONS);
      if (visit === 'returning') await context.addCookies([consentCookie(server.origin, 'full')]);
      const page = await context.newPage();
      await browser.startTracing(page, { categories: PROFILE_CATEGORIES });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(600);
      const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents ?? [];
      await context.close();
      const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
      const profile = navigation && cpuProfile(events, navigation.pid);
      if (!profile) continue;
      for (const { node, deltaUs, ts } of profile.samples) {
        if (ts < navigation.ts) continue;
        const frame = profile.nodes.get(node)?.callFrame;
        if (!frame || frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
        let group;
        if (frame.url === scriptUrl) {
          const position = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
          group = groupOf(position.source ?? undefined);
          const name =
            `${(position.source ?? '?').replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${position.line} ${position.name ?? frame.functionName ?? ''}`.trim();
          functions.set(name, (functions.get(name) ?? 0) + deltaUs);
        } else if (frame.url) {
          group = '(other scripts: page, probe)';
        } else if (frame.functionName.startsWith('(')) {
          group = `${frame.functionName}${frame.functionName === '(program)' ? ' (V8/Blink native: parse, compile, DOM, style)' : ''}`;
        } else {
          group = `(browser API: ${frame.functionName})`;
        }
        groups.set(group, (groups.get(group) ?? 0) + deltaUs);
      }
    }
    const perLoad = (us) => us / 1000 / runs;
    out[visit] = {
      groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: perLoad(us) })),
      functions: [...functions.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, us]) => ({ name, ms: perLoad(us) })),
    };
  }
  return { runs, ...out };
}
