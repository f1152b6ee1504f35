// A loopback server for the benchmarks: the project's built files, the comparison library's files, pages
// the benchmark generates in memory, and the project's own loopback collector (scripts/collector.mjs).
// Listens on 127.0.0.1 only, on a free port; `close()` stops it and drops open connections.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCollector } from '../../collector.mjs';
import { CONTENT_TYPES as TYPES } from '../../serve-demo.mjs';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** URL prefix -> folder on disk. Only what a visitor of the benchmark pages needs. */
const MOUNTS = [
  ['/dist/', join(ROOT, 'dist')],
  ['/locales/', join(ROOT, 'locales')],
  ['/vendor/cookieconsent/', join(ROOT, 'node_modules/vanilla-cookieconsent/dist')],
];

/**
 * Starts the server. Static files are sent with `cache-control: max-age=600` (as a CDN would), so a
 * returning visitor's browser can reuse them; generated pages with `no-store`.
 * `pages` maps a path (`/bench/x.html`, `/bench/x.js`) to its text; set entries at any time.
 * `collector.arrivals` records, per capture, the wall-clock time (ms since the epoch, sub-ms) it arrived.
 */
export async function startBenchServer() {
  const collector = createCollector();
  const pages = new Map();
  const arrivals = [];
  collector.listeners.add((capture) => {
    arrivals.push({ at: performance.timeOrigin + performance.now(), capture });
  });
  const requests = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname });
    try {
      if (url.pathname.startsWith('/collector/')) {
        if (await collector.handle(req, res, '/collector')) return;
      }
      const page = pages.get(url.pathname);
      if (page !== undefined) {
        res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? TYPES['.html'], 'cache-control': 'no-store' });
        res.end(page);
        return;
      }
      const path = decodeURIComponent(url.pathname);
      for (const [prefix, dir] of MOUNTS) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'max-age=600',
          });
          createReadStream(file).pipe(res);
          return;
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end('not found');
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 2000;
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    pages,
    collector,
    arrivals,
    requests,
    /** Forget captured events and requests between runs. */
    reset() {
      collector.clear();
      arrivals.length = 0;
      requests.length = 0;
    },
    close() {
      return new Promise((resolveClose) => {
        server.closeAllConnections?.();
        server.close(() => resolveClose());
      });
    },
  };
}
