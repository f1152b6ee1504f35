// The test double of Snowplow's sp.js (test/fixtures/sp-standin/sp.ts), built the way sp.js ships: one
// classic script (IIFE) with its own copy of the tracker inside, so a page's npm copy of
// @snowplow/browser-tracker shares no tracker and no plugin with it.
//
// web-test-runner: `spStandinPlugin()` builds it into .cache/sp-standin/sp.js when the test server starts (the
// server serves the repository root, so pages load it from /.cache/sp-standin/sp.js), and
// `spStandinMiddleware()` answers `/.cache/sp-standin/sp.js?delay=1500` 1500 ms late, as when sp.js is still
// downloading. The demo build (vite --mode demo) calls `buildSpStandin()` with its own output file.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Where pages of the test server load the stand-in from. */
export const SP_STANDIN_URL = '/.cache/sp-standin/sp.js';
const MAX_DELAY_MS = 30_000;

/** Bundles the stand-in and its own copy of the tracker into one classic script at `outfile`. */
export async function buildSpStandin(outfile = resolve(root, '.cache/sp-standin/sp.js')) {
  await build({
    entryPoints: [resolve(root, 'test/fixtures/sp-standin/sp.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2021',
    tsconfig: resolve(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

/** A web-test-runner plugin: builds the stand-in once, before any browser starts. */
export function spStandinPlugin() {
  return {
    name: 'sp-standin',
    async serverStart() {
      await buildSpStandin();
    },
  };
}

/** A test-server middleware: `?delay=<ms>` on the stand-in's URL holds the response back that long. */
export function spStandinMiddleware() {
  return async (ctx, next) => {
    if (ctx.path === SP_STANDIN_URL) {
      const delay = Math.min(Number(ctx.query.delay) || 0, MAX_DELAY_MS);
      if (delay > 0) await new Promise((done) => setTimeout(done, delay));
    }
    return next();
  };
}
