// `npm run release` (after `npm run build`): the files a site hosts, as a versioned folder and archive, with
// an SRI hash and a SHA-256 checksum of each file, and the npm package's tarball.
//
//   release/consent-banner-<version>/          the drop-in's files as they are served (host this folder as is)
//     consent-banner.min.js, consent-banner-ui.js, locales/*.json, ... (all the drop-in's builds write)
//     integrity.json                           { "<path>": "sha384-..." } for each file above
//     SHA256SUMS                               `sha256sum -c SHA256SUMS` checks every file of the folder
//   release/consent-banner-<version>.tar.gz    that folder, archived
//   release/consent-banner-<version>.tgz       `npm pack` of the package
//   release/consent-banner-<version>.SHA256SUMS  checksums of the two archives
//
// `node scripts/release.mjs [--out <folder>]` (default: release/).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DROP_IN_BUILDS } from './drop-in-builds.mjs';
import { buildDropIn } from './drop-in.mjs';

const root = resolve(import.meta.dirname, '..');

/** The files of the drop-in's builds: the release stops if a build did not write one. */
export const REQUIRED_FILES = DROP_IN_BUILDS.map((build) => build.file);

/** Builds the release into `out`; returns the paths it wrote (absolute) and the hosted files (relative). */
export async function writeRelease(out) {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm pack packs it).');
  const base = `${name}-${version}`;
  const folder = join(out, base);
  const archive = join(out, `${base}.tar.gz`);
  const sums = join(out, `${base}.SHA256SUMS`);
  // A file left from an earlier run (a language since removed) must not ship.
  for (const path of [folder, archive, sums, join(out, `${base}.tgz`)]) rmSync(path, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });

  await buildDropIn(folder);
  const hosted = filesUnder(folder);
  for (const required of REQUIRED_FILES) {
    if (!hosted.includes(required)) throw new Error(`the drop-in build wrote no ${required}`);
  }

  const integrity = Object.fromEntries(hosted.map((path) => [path, sri(readFileSync(join(folder, path)))]));
  writeFileSync(join(folder, 'integrity.json'), `${JSON.stringify(integrity, null, 2)}\n`);
  writeFileSync(join(folder, 'SHA256SUMS'), checksums(folder, [...hosted, 'integrity.json']));

  writeFileSync(archive, gzipSync(tar(folder, base, filesUnder(folder)), { level: 9 }));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }),
  );
  writeFileSync(sums, checksums(out, [`${base}.tar.gz`, packed.filename]));

  return { version, folder, archive, tarball: join(out, packed.filename), sums, hosted };
}

/** Every file under `folder`, relative, with `/`, sorted (a stable order for the archive and the lists). */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => statSync(join(folder, path)).isFile())
    .sort();
}

/** The value of a Subresource Integrity attribute for these bytes. */
export function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** Lines in the format `sha256sum -c` reads: the hex digest, two spaces, the path. */
function checksums(folder, paths) {
  return paths
    .map(
      (path) =>
        `${createHash('sha256')
          .update(readFileSync(join(folder, path)))
          .digest('hex')}  ${path}\n`,
    )
    .join('');
}

// A POSIX (ustar) archive writer: Node has no tar, and these are plain files and folders only.
const BLOCK = 512;

/** `files` (relative to `folder`) as a tar archive, under one top folder named `top`. */
function tar(folder, top, files) {
  // SOURCE_DATE_EPOCH makes the archive reproducible; otherwise it carries the time of the release.
  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? Math.floor(Date.now() / 1000));
  const folders = new Set([top]);
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    parts.forEach((_, index) => folders.add([top, ...parts.slice(0, index + 1)].join('/')));
  }
  const blocks = [];
  for (const path of [...folders].sort()) blocks.push(header(`${path}/`, 0, 0o755, '5', mtime));
  for (const file of files) {
    const bytes = readFileSync(join(folder, file));
    blocks.push(header(`${top}/${file}`, bytes.length, 0o644, '0', mtime), bytes, Buffer.alloc(padding(bytes.length)));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

function padding(size) {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** One ustar header: names up to 255 bytes, split into prefix and name at a `/`. */
function header(path, size, mode, type, mtime) {
  const bytes = Buffer.byteLength(path);
  let prefix = '';
  let name = path;
  if (bytes > 100) {
    const cut = path.lastIndexOf('/', path.endsWith('/') ? path.length - 2 : path.length - 1);
    [prefix, name] = [path.slice(0, cut), path.slice(cut + 1)];
    if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(name) > 100)
      throw new Error(`path too long for tar: ${path}`);
  }
  const block = Buffer.alloc(BLOCK);
  const field = (offset, length, value) => block.write(value, offset, length, 'utf8');
  const octal = (offset, length, value) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, mtime);
  field(148, 8, ' '.repeat(8)); // counted as spaces while the checksum is summed
  field(156, 1, type);
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  field(345, 155, prefix);
  const sum = block.reduce((total, byte) => total + byte, 0);
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'release') } } });
  try {
    const release = await writeRelease(resolve(values.out));
    console.log(`consent-banner ${release.version}: ${release.hosted.length} files to host`);
    for (const path of [release.folder, release.archive, release.tarball, release.sums]) console.log(`  ${path}`);
  } catch (error) {
    console.error(`release failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
