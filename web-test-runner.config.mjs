import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { createCollector } from './scripts/collector.mjs';
import { spStandinMiddleware, spStandinPlugin } from './scripts/sp-standin.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { docSamplesPlugin } from './scripts/doc-samples.mjs';
import { tapCommandPlugin } from './scripts/touch-command.mjs';

/** `prefix` serves dist/ without the drop-in's file `name` (a 404 for it). */
function distWithout(prefix, name) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    if (ctx.path.endsWith(`/${name}`)) {
      ctx.status = 404;
      return;
    }
    ctx.url = ctx.url.replace(prefix, '/dist/');
    return next();
  };
}

// The loopback collector lives on the test server itself (same origin, 127.0.0.1 only) and goes away
// with it. Each test uses its own app id, so concurrent test files never read each other's events.
const collector = createCollector();

/**
 * `import en from './en.json'` in the source: bundlers turn it into a module, the browser does not.
 * Such imports are rewritten to `en.json?module`, served as a module; a plain `fetch()` of the same
 * file still gets JSON. (Fetch-metadata headers would tell the two apart, but Firefox does not send
 * them to a plain-http test server.)
 */
const jsonModules = {
  name: 'json-modules',
  resolveImport({ source }) {
    if (source.endsWith('.json')) return `${source}?module`;
  },
  resolveMimeType(context) {
    if (context.path.endsWith('.json') && context.URL.searchParams.has('module')) return 'js';
  },
  transform(context) {
    if (context.path.endsWith('.json') && context.URL.searchParams.has('module')) {
      return { body: `export default ${context.body};` };
    }
  },
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 2,
  // A whole file's limit, not a test's: a busy 2-core machine runs the property-based files slowly.
  testsFinishTimeout: 600000,
  plugins: [
    jsonModules,
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2021' }),
    // The sp.js stand-in, in its own bundle at /.cache/sp-standin/sp.js (`?delay=<ms>`: still downloading).
    spStandinPlugin(),
    // Taps of a finger for the tests of touch input.
    tapCommandPlugin(),
    // The documentation's code samples, listed (and those that import the package bundled) for doc-samples.test.ts.
    docSamplesPlugin(),
  ],
  middleware: [
    spStandinMiddleware(),
    // Hosts where one file of the drop-in cannot be loaded (blocked, or left out of a deploy).
    distWithout('/no-ui/', 'consent-banner-ui.js'),
    distWithout('/no-gated/', 'consent-banner-gated.js'),
    // The hostile-page fixture: a strict policy with Trusted Types, as a security-minded site sends it.
    async (ctx, next) => {
      await next();
      if (ctx.path === '/test/fixtures/csp.html') {
        ctx.set(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types lit-html consent-banner",
        );
      }
    },
    async (ctx, next) => {
      if (!ctx.path.startsWith('/collector/')) return next();
      ctx.respond = false;
      if (await collector.handle(ctx.req, ctx.res, '/collector')) return;
      ctx.respond = true;
      return next();
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true },
    }),
  ],
  testFramework: { config: { timeout: 15000 } },
  reporters: [defaultReporter(), summaryReporter('.cache/test-summary/browser.json')],
};
