// `npm start`: serves the demo site and a loopback Snowplow collector on 127.0.0.1. The collector's log
// is streamed to the demo pages (server-sent events on /collector/__stream) so they can show, live,
// what each event carries. `?aid=demo` streams the requests of that app only; `&last=50` starts with
// the requests of its last 50 events and says how many earlier ones were left out. `DELETE` on the
// same address clears that app's list (the collector's own log keeps everything) in every open page.
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
  /** Open streams, each with the app id it follows ('' for all). */
  const streams = new Map();
  // Each request gets a number as it arrives; clearing an app's list hides the requests numbered up to then.
  const arrival = new WeakMap();
  let arrived = 0;
  /** Per app id ('' for all): the number of the last request its list was cleared after. */
  const clearedUpTo = new Map();
  const ofApp = (capture, aid) => (aid ? capture.events.filter((event) => event.aid === aid).length : capture.events.length);
  const send = (stream, message) => stream.write(`data: ${JSON.stringify(message)}\n\n`);
  collector.listeners.add((capture) => {
    arrival.set(capture, ++arrived);
    for (const [stream, aid] of streams) if (ofApp(capture, aid) > 0) send(stream, capture);
  });
  /** The requests that carry events of `aid` since its list was last cleared, limited to those of its `last` events. */
  function history(aid, last) {
    const since = Math.max(clearedUpTo.get(aid) ?? 0, clearedUpTo.get('') ?? 0);
    const captures = collector.captures.filter((capture) => (arrival.get(capture) ?? 0) > since && ofApp(capture, aid) > 0);
    let events = 0;
    let start = captures.length;
    while (start > 0 && events < last) events += ofApp(captures[--start], aid);
    const earlier = captures.slice(0, start).reduce((sum, capture) => sum + ofApp(capture, aid), 0);
    return { history: captures.slice(start), earlier };
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/collector/__stream') {
      const aid = url.searchParams.get('aid') ?? '';
      if (req.method === 'DELETE') {
        clearedUpTo.set(aid, arrived);
        for (const [stream, followed] of streams) if (!aid || followed === aid) send(stream, { cleared: aid });
        res.writeHead(204);
        res.end();
        return;
      }
      const last = Number(url.searchParams.get('last')) || Infinity;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      send(res, history(aid, last));
      streams.set(res, aid);
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
