// What the package tests share: the packed tarball installed into a scratch site, commands run there, and a
// loopback server (the site's files and the collector) with Chromium to open it. Not a test file itself.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { createCollector } from '../../scripts/collector.mjs';

export const root = resolve(import.meta.dirname, '../..');
export const bin = (name) => join(root, 'node_modules/.bin', name);

const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

/** Runs a command (with `extraEnv` added), returns its output; on failure the error carries stdout and stderr. */
export function run(command, args, cwd, extraEnv = {}) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...extraEnv } });
}

/** Runs a command that may fail: its exit code and everything it printed. */
export function attempt(command, args, cwd) {
  return new Promise((done) => {
    execFile(command, args, { cwd, encoding: 'utf8', env }, (error, stdout, stderr) =>
      done({ code: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/**
 * `npm pack`, then a scratch site (ES modules) with the tarball and `dependencies` installed from the
 * registry (the npm cache first). `remove()` deletes it all.
 */
export function packedSite(prefix, dependencies) {
  assert.ok(existsSync(join(root, 'dist/index.js')), 'dist/ is missing: run `npm run build` first');
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], root));
  const project = join(scratch, 'site');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  const tarball = join(scratch, info.filename);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...dependencies], project);
  return {
    project,
    packed: info.files.map((file) => file.path),
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

const types = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.json': 'application/json' };

/**
 * Serves `dir` and the loopback collector (at /collector) on 127.0.0.1, opens Chromium, and hands them to
 * `use({page, problems, origin, collector})`; the page's errors and console warnings and errors are in
 * `problems`. Everything is closed afterwards.
 */
export async function inChromium(dir, use) {
  const collector = createCollector();
  const server = createServer(async (req, res) => {
    if (await collector.handle(req, res, '/collector')) return;
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()));
    return await use({ page, problems, origin: `http://127.0.0.1:${server.address().port}`, collector });
  } finally {
    await browser.close();
    server.close();
  }
}

/** Waits until `count` requests reached the collector (or 5 s passed); returns the captures. */
export async function captures(collector, count) {
  const deadline = Date.now() + 5000;
  while (collector.captures.length < count && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 50));
  return collector.captures;
}
