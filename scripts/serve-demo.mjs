// `npm start`: serves the demo site and a loopback Snowplow collector on 127.0.0.1. The collector's log
// is streamed to the demo pages (server-sent events on /collector/__stream) so they can show, live,
// what each event carries.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { createCollector } from './collector.mjs';

const root = resolve(import.meta.dirname, '..');
const host = '127.0.0.1';

/** Content types of the files the demo and the benchmark pages serve. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
// Only what a visitor of the demo needs; never the sources of the machine.
const PUBLIC = ['/index.html', '/demo/', '/dist/', '/locales/'];

/** Starts the demo server on 127.0.0.1 (port 0: any free port); resolves to `{server, url, collector}`. */
export function startDemoServer(port) {
  const collector = createCollector();
  const streams = new Set();
  collector.listeners.add((capture) => {
    for (const stream of streams) stream.write(`data: ${JSON.stringify(capture)}\n\n`);
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/collector/__stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ history: collector.captures })}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/collector/')) {
      if (await collector.handle(req, res, '/collector')) return;
    }
    let path = decodeURIComponent(url.pathname);
    if (path === '/') path = '/index.html';
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    const allowed = PUBLIC.some((prefix) => path === prefix || path.startsWith(prefix));
    if (!allowed || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });

  return new Promise((resolvePromise) => {
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}`;
      resolvePromise({ server, url, collector });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { url } = await startDemoServer(Number(process.env.PORT ?? 8080));
  console.log(`consent-banner demo: ${url}/`);
  console.log(`loopback collector:  ${url}/collector (log: /collector/__captures)`);
}
