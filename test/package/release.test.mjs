// `npm run release` as a site owner gets it: the release command runs into a scratch folder, its archive is
// unpacked by the system's tar, the hashes are computed here again and `sha256sum -c` checks the checksums;
// then the README's tag, with its `integrity`, loads the hosted files in Chromium, and refuses changed ones.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { attempt, inChromium, root, run } from './site.mjs';

const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const base = `${name}-${version}`;
const SHIPPED_LANGUAGES = readdirSync(join(root, 'locales')).sort();

let scratch;
let unpacked;
let integrity;

before(() => {
  if (!existsSync(join(root, 'dist/index.js'))) run('npm', ['run', '--silent', 'build'], root);
  scratch = mkdtempSync(join(tmpdir(), 'consent-banner-release-'));
  run('node', ['scripts/release.mjs', '--out', join(scratch, 'release')], root);
  // The archive as a site owner unpacks it: the system's tar, not the code that wrote it.
  unpacked = join(scratch, 'unpacked');
  mkdirSync(unpacked);
  run('tar', ['-xzf', join(scratch, 'release', `${base}.tar.gz`), '-C', unpacked], root);
  integrity = JSON.parse(readFileSync(join(unpacked, base, 'integrity.json'), 'utf8'));
});

after(() => scratch && rmSync(scratch, { recursive: true, force: true }));

/** Every file under `folder`, relative, sorted. */
const filesUnder = (folder) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();

const sha = (algorithm, bytes, encoding) => createHash(algorithm).update(bytes).digest(encoding);

describe('the release', () => {
  test("names carry package.json's version; the npm tarball is that version too", () => {
    assert.deepEqual(readdirSync(join(scratch, 'release')).sort(), [base, `${base}.SHA256SUMS`, `${base}.tar.gz`, `${base}.tgz`]);
    const manifest = JSON.parse(run('tar', ['-xzOf', join(scratch, 'release', `${base}.tgz`), 'package/package.json'], root));
    assert.equal(manifest.version, version);
    assert.ok(manifest.files.includes('dist/locales/'), 'the npm package is the package, not the hosted folder');
  });

  test('the archive holds the drop-in (both builds), its UI file, every language, integrity.json and SHA256SUMS, all in one versioned folder', () => {
    const listed = run('tar', ['-tzf', join(scratch, 'release', `${base}.tar.gz`)], root)
      .split('\n')
      .filter((path) => path && !path.endsWith('/'));
    assert.ok(
      listed.every((path) => path.startsWith(`${base}/`)),
      'one top folder',
    );
    const files = listed.map((path) => path.slice(base.length + 1)).sort();
    for (const required of [
      'consent-banner.min.js',
      'consent-banner-tag.min.js',
      'consent-banner-ui.js',
      'integrity.json',
      'SHA256SUMS',
    ]) {
      assert.ok(files.includes(required), `${required} is in the archive`);
    }
    assert.deepEqual(
      files.filter((path) => path.startsWith('locales/')),
      SHIPPED_LANGUAGES.map((file) => `locales/${file}`),
    );
    assert.deepEqual(
      Object.keys(integrity).sort(),
      files.filter((path) => !['integrity.json', 'SHA256SUMS'].includes(path)).sort(),
    );
    assert.deepEqual(filesUnder(join(scratch, 'release', base)), files, 'the unpacked folder next to the archive is the same');
  });

  test('the drop-in is the build the tests run (dist/), byte for byte', () => {
    for (const path of Object.keys(integrity).filter((file) => !file.endsWith('.map'))) {
      assert.ok(readFileSync(join(unpacked, base, path)).equals(readFileSync(join(root, 'dist', path))), path);
    }
  });

  test("each SRI hash is the sha384 of the file's bytes", () => {
    for (const [path, value] of Object.entries(integrity)) {
      assert.equal(value, `sha384-${sha('sha384', readFileSync(join(unpacked, base, path)), 'base64')}`, path);
    }
  });

  test('`sha256sum -c SHA256SUMS` passes in the unpacked folder, and fails once a file is changed', async () => {
    const folder = join(unpacked, base);
    const sums = readFileSync(join(folder, 'SHA256SUMS'), 'utf8');
    assert.equal(sums.trim().split('\n').length, Object.keys(integrity).length + 1, 'every file and integrity.json');
    const check = await attempt('sha256sum', ['--strict', '-c', 'SHA256SUMS'], folder);
    assert.equal(check.code, 0, check.output);
    const lines = check.output.trim().split('\n');
    assert.deepEqual(lines.map((line) => line.replace(/: OK$/, '')).sort(), [...Object.keys(integrity), 'integrity.json'].sort());
    const archives = await attempt('sha256sum', ['--strict', '-c', `${base}.SHA256SUMS`], join(scratch, 'release'));
    assert.equal(archives.code, 0, archives.output);

    const changed = join(scratch, 'changed');
    cpSync(folder, changed, { recursive: true });
    writeFileSync(join(changed, 'locales/de.json'), '{}');
    const failed = await attempt('sha256sum', ['-c', 'SHA256SUMS'], changed);
    assert.notEqual(failed.code, 0);
    assert.match(failed.output, /locales\/de\.json: FAILED/);
  });
});

describe('hosted from its versioned folder', () => {
  /** A site with the release at /consent-banner/<version>/ and a page with the README's tag; `change` alters a hosted file. */
  function site(change) {
    const dir = join(scratch, `site-${Math.random().toString(36).slice(2)}`);
    cpSync(join(unpacked, base), join(dir, 'consent-banner', version), { recursive: true });
    change?.(join(dir, 'consent-banner', version));
    return dir;
  }

  function page(origin, withImportMap) {
    const folder = `/consent-banner/${version}`;
    const importMap = withImportMap
      ? `<script type="importmap">${JSON.stringify({ integrity: { [`${folder}/consent-banner-ui.js`]: integrity['consent-banner-ui.js'] } })}</script>`
      : '';
    return `<!doctype html>
<html lang="pt-BR"><head><title>Release</title><link rel="icon" href="data:,">${importMap}
<script async src="${folder}/consent-banner.min.js" integrity="${integrity['consent-banner.min.js']}" crossorigin="anonymous"
  data-collector="${origin}/collector" data-app-id="release"></script>
</head><body><main><h1>Site</h1></main></body></html>`;
  }

  const title = (page) =>
    page.waitForFunction(() =>
      document.querySelector('consent-banner')?.shadowRoot?.querySelector('#banner-title')?.textContent?.trim(),
    );

  test('the tag with integrity loads the drop-in, its UI file (checked by the import map) and the page language', async () => {
    const dir = site();
    const brazilian = JSON.parse(readFileSync(join(root, 'locales/pt-br.json'), 'utf8'));
    await inChromium(dir, async ({ page: tab, problems, origin }) => {
      writeFileSync(join(dir, 'index.html'), page(origin, true));
      await tab.goto(`${origin}/`);
      assert.equal(await (await title(tab)).jsonValue(), brazilian.banner.title);
      assert.deepEqual(problems, []);
    });
  });

  test('a changed drop-in is refused by the browser: no script runs', async () => {
    const dir = site((folder) => writeFileSync(join(folder, 'consent-banner.min.js'), 'window.changed = true;'));
    await inChromium(dir, async ({ page: tab, problems, origin }) => {
      writeFileSync(join(dir, 'index.html'), page(origin, false));
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => document.readyState === 'complete');
      await waitUntil(() => problems.some((problem) => problem.includes('integrity')));
      assert.equal(
        await tab.evaluate(() => [window.changed, window.ConsentBanner, document.querySelector('consent-banner')].join()),
        ',,',
      );
    });
  });

  test('a changed UI file is refused where the import map gives its hash; the banner says so and nothing else runs', async () => {
    const dir = site((folder) => writeFileSync(join(folder, 'consent-banner-ui.js'), 'window.changed = true; export {};'));
    await inChromium(dir, async ({ page: tab, problems, origin }) => {
      writeFileSync(join(dir, 'index.html'), page(origin, true));
      await tab.goto(`${origin}/`);
      await waitUntil(() => problems.some((problem) => problem.includes('[consent-banner] the banner could not be loaded')));
      assert.ok(problems.some((problem) => problem.includes('integrity') && problem.includes('consent-banner-ui.js')));
      assert.equal(await tab.evaluate(() => window.changed), undefined);
    });
  });
});

/** Resolves once `condition()` holds, checked as the page's messages arrive (up to 10 s, then fails). */
async function waitUntil(condition) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'the expected message never came');
    await new Promise((wait) => setTimeout(wait, 50));
  }
}
