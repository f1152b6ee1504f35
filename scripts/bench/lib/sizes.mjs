// Part 1: transfer sizes. gzip at level 9 and brotli at quality 11 (zlib), per file; a set of files is the
// sum of its files (each is requested and compressed on its own).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './server.mjs';

export function gzipSize(buffer) {
  return gzipSync(buffer, { level: 9 }).length;
}

export function brotliSize(buffer) {
  return brotliCompressSync(buffer, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  }).length;
}

/** Raw, gzip and brotli bytes of a set of files (contents as Buffers). */
export function measure(buffers) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const buffer of buffers) {
    raw += buffer.length;
    gzip += gzipSize(buffer);
    brotli += brotliSize(buffer);
  }
  return { raw, gzip, brotli };
}

const read = (path) => readFileSync(join(ROOT, path));

const LIT = [/^lit($|\/)/, /^lit-html($|\/)/, /^lit-element($|\/)/, /^@lit\//, /^@lit-labs\//];
const TRACKER = [/^@snowplow\//];
const I18NEXT = [/^i18next($|\/)/];
const matches = (patterns) => (id) => patterns.some((pattern) => pattern.test(id));

/**
 * Bundles an ES entry with esbuild into minified ES modules (code splitting on, so languages or other
 * lazily imported chunks stay out of the first download). Returns the entry plus the chunks it imports
 * statically, and the lazily imported rest separately.
 */
async function esbuildEntry(entry, external) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    target: 'es2021',
    outdir: join(ROOT, '.cache/bench/esbuild-out'),
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [relative(ROOT, file.path), Buffer.from(file.contents)]));
  // Dynamically imported files are entry points of their own in the metafile: pick ours by name.
  const entryOut = Object.keys(outputs).find((path) => outputs[path].entryPoint === entry);
  const eager = new Set([entryOut]);
  const queue = [entryOut];
  while (queue.length) {
    for (const imported of outputs[queue.pop()].imports) {
      if (imported.kind === 'import-statement' && !imported.external && !eager.has(imported.path)) {
        eager.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  const lazy = Object.keys(outputs).filter((path) => path.endsWith('.js') && !eager.has(path));
  return {
    eager: measure([...eager].map((path) => byPath.get(path))),
    lazy: lazy.length ? { files: lazy.length, ...measure(lazy.map((path) => byPath.get(path))) } : undefined,
    inputs: Object.keys(result.metafile.inputs),
  };
}

/**
 * The drop-in rebuilt with vite (the bundler of `npm run build`), with the project's drop-in settings
 * (IIFE, es2021, minified, `import.meta.url` undefined) and the given packages left out as globals.
 * Without externals it must come out at the size of dist/consent-banner.min.js: that checks the replica.
 */
async function viteDropIn(externalPatterns) {
  const { build } = await import('vite');
  const isExternal = matches(externalPatterns);
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    publicDir: false,
    define: { 'import.meta.url': 'undefined' },
    build: {
      write: false,
      emptyOutDir: false,
      target: 'es2021',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      lib: {
        entry: join(ROOT, 'src/standalone.ts'),
        name: 'ConsentBannerBundle',
        formats: ['iife'],
        fileName: () => 'consent-banner.min.js',
      },
      rollupOptions: {
        external: (id) => isExternal(id),
        output: { globals: (id) => `__external_${id.replace(/[^A-Za-z0-9]/g, '_')}` },
      },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((item) => item.output ?? []);
  const chunk = outputs.find((item) => item.type === 'chunk' && item.isEntry);
  return { code: Buffer.from(chunk.code), map: chunk.map ? JSON.parse(chunk.map.toString()) : undefined };
}

/** Which source a byte of the drop-in came from, grouped by package (node_modules) or src/ folder. */
export function groupOf(source, { files = false } = {}) {
  if (!source) return '(unmapped: en.json strings, bundler and decorator helpers, glue)';
  const path = source.replace(/\\/g, '/');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (name.startsWith('@snowplow/')) return `${name} (tracker)`;
    if (/^(lit|lit-html|lit-element|@lit\/.*)$/.test(name)) return `lit: ${name}`;
    return name;
  }
  const src = path.match(/(?:^|\/)src\/(.*)$/);
  if (src) {
    if (files) return `ours: src/${src[1]}`;
    const parts = src[1].split('/');
    return parts.length > 1 ? `ours: src/${parts[0]}/` : `ours: src/${parts[0]}`;
  }
  if (/(?:^|\/)locales\//.test(path)) return 'ours: locales/ (bundled en.json)';
  return path;
}

/** Bytes of a bundle per package or src/ folder, from its source map (minified bytes, and gzip of each group alone). */
async function breakdown(code, mapJson, options) {
  const { TraceMap, decodedMappings } = await import('@jridgewell/trace-mapping');
  const map = new TraceMap(mapJson);
  const lines = code.split('\n');
  const mappings = decodedMappings(map);
  const fragments = new Map();
  const add = (group, text) => {
    if (!text) return;
    const list = fragments.get(group) ?? [];
    list.push(text);
    fragments.set(group, list);
  };
  // Text before a line's first mapping continues what the previous line ended with (the lines of a
  // multi-line template literal, e.g. a component's css``, carry no mappings of their own).
  let carried;
  lines.forEach((line, index) => {
    const segments = mappings[index] ?? [];
    add(groupOf(carried, options), line.slice(0, segments.length ? segments[0][0] : line.length));
    segments.forEach((segment, i) => {
      const end = i + 1 < segments.length ? segments[i + 1][0] : line.length;
      const source = segment.length > 1 ? (map.resolvedSources[segment[1]] ?? map.sources[segment[1]]) : undefined;
      add(groupOf(source, options), line.slice(segment[0], end));
      carried = source;
    });
  });
  const total = code.length;
  return [...fragments.entries()]
    .map(([group, parts]) => {
      const text = Buffer.from(parts.join(''));
      return { group, raw: text.length, share: text.length / total, gzipAlone: gzipSize(text) };
    })
    .sort((a, b) => b.raw - a.raw);
}

async function dropInBreakdown() {
  const mapPath = join(ROOT, 'dist/consent-banner.min.js.map');
  if (!existsSync(mapPath)) return undefined;
  return breakdown(read('dist/consent-banner.min.js').toString('utf8'), readFileSync(mapPath, 'utf8'));
}

function firstExisting(dir, names) {
  return names.every((name) => existsSync(join(ROOT, dir, name)));
}

/** Everything of part 1. Each entry: {label, files, raw, gzip, brotli, note?}. */
export async function measureSizes() {
  const rows = [];
  const notes = [];
  const add = (label, files, sizes, note) => rows.push({ label, files, ...sizes, ...(note ? { note } : {}) });

  add(
    'drop-in: dist/consent-banner.min.js (tracker, lit, i18next, js-cookie inside)',
    ['dist/consent-banner.min.js'],
    measure([read('dist/consent-banner.min.js')]),
  );

  const distChunks = existsSync(join(ROOT, 'dist/chunks'))
    ? readdirSync(join(ROOT, 'dist/chunks'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => `dist/chunks/${name}`)
    : [];
  add(
    'npm entry as shipped: dist/index.js + dist/chunks/*.js (not minified, deps as imports)',
    ['dist/index.js', ...distChunks],
    measure(['dist/index.js', ...distChunks].map(read)),
  );

  const tracker = ['@snowplow/*'];
  const allDeps = [
    'lit',
    'lit/*',
    'lit-html',
    'lit-html/*',
    'lit-element',
    'lit-element/*',
    '@lit/*',
    'i18next',
    'js-cookie',
    '@snowplow/*',
  ];
  const npm = await esbuildEntry('dist/index.js', tracker);
  add(
    'npm entry bundled: ours + lit + i18next + js-cookie (tracker external), esbuild minified',
    ['dist/index.js'],
    npm.eager,
    npm.lazy ? `+ ${npm.lazy.files} chunk(s) loaded on demand (languages), ${npm.lazy.gzip} B gzip together` : undefined,
  );
  const npmOwn = await esbuildEntry('dist/index.js', allDeps);
  add('npm entry, our code alone (all dependencies external), esbuild minified', ['dist/index.js'], npmOwn.eager);
  const headless = await esbuildEntry('dist/headless.js', tracker);
  const headlessDeps = ['lit', 'i18next', 'js-cookie']
    .filter((name) => headless.inputs.some((input) => input.includes(`node_modules/${name}/`)))
    .join(', ');
  add(
    `headless bundled: ours + ${headlessDeps || 'no dependency'} (tracker external), esbuild minified`,
    ['dist/headless.js'],
    headless.eager,
  );
  const headlessOwn = await esbuildEntry('dist/headless.js', allDeps);
  add('headless, our code alone (all dependencies external), esbuild minified', ['dist/headless.js'], headlessOwn.eager);

  // Drop-in weight beyond the tracker, lit and i18next: the drop-in rebuilt with those three left out.
  const replica = await viteDropIn([]);
  const beyondBuild = await viteDropIn([...TRACKER, ...LIT, ...I18NEXT]);
  const replicaSizes = measure([replica.code]);
  const beyond = measure([beyondBuild.code]);
  add('drop-in rebuilt by this bench (vite, same settings): replica check', ['src/standalone.ts'], replicaSizes);
  add('drop-in without tracker, lit, i18next (left external): ours + js-cookie + en strings', ['src/standalone.ts'], beyond);
  const fullGzip = rows[0].gzip;
  notes.push(
    `"Beyond" is measured by rebuilding src/standalone.ts with vite and the project's drop-in settings (IIFE, es2021, minified) with @snowplow/*, lit/@lit/* and i18next left external; the same replica without externals is ${replicaSizes.gzip} B gzip vs ${fullGzip} B for dist/consent-banner.min.js. By subtraction the three packages weigh ${replicaSizes.gzip - beyond.gzip} B gzip inside the drop-in.`,
  );

  // Comparison: what a site loads for the two other consent managers.
  const cc = 'node_modules/vanilla-cookieconsent';
  const ccVersion = JSON.parse(read(`${cc}/package.json`)).version;
  add(
    `vanilla-cookieconsent ${ccVersion}: dist/cookieconsent.umd.js + dist/cookieconsent.css`,
    [`${cc}/dist/cookieconsent.umd.js`, `${cc}/dist/cookieconsent.css`],
    measure([read(`${cc}/dist/cookieconsent.umd.js`), read(`${cc}/dist/cookieconsent.css`)]),
    'plus its config (texts, categories) inline or as a file',
  );
  if (existsSync(join(ROOT, cc, 'dist/core/cookieconsent-core.umd.js'))) {
    add(
      `vanilla-cookieconsent ${ccVersion} core (no UI; compare with headless)`,
      [`${cc}/dist/core/cookieconsent-core.umd.js`],
      measure([read(`${cc}/dist/core/cookieconsent-core.umd.js`)]),
    );
  }
  const klaro = 'node_modules/klaro';
  const klaroVersion = JSON.parse(read(`${klaro}/package.json`)).version;
  const klaroCandidates = [
    ['klaro.js'],
    ['klaro-no-css.js', 'klaro.min.css'],
    ['klaro-no-translations.js'],
    ['klaro-no-translations-no-css.js', 'klaro-no-translations.min.css'],
  ].filter((files) => firstExisting(`${klaro}/dist`, files));
  const klaroMeasured = klaroCandidates
    .map((files) => ({ files, sizes: measure(files.map((file) => read(`${klaro}/dist/${file}`))) }))
    .sort((a, b) => a.sizes.gzip - b.sizes.gzip);
  const klaroBest = klaroMeasured[0];
  add(
    `Klaro ${klaroVersion}: dist/${klaroBest.files.join(' + dist/')} (smallest usable)`,
    klaroBest.files.map((file) => `${klaro}/dist/${file}`),
    klaroBest.sizes,
    'plus its config',
  );
  notes.push(
    `Klaro variants that show a styled notice (gzip): ${klaroMeasured.map(({ files, sizes }) => `${files.join(' + ')} ${sizes.gzip} B`).join('; ')}; the smallest is listed. ("-no-translations" variants need the texts in the config; cm.js and ide.js are not a consent UI.)`,
  );

  return {
    rows,
    notes,
    beyond: { gzip: beyond.gzip, brotli: beyond.brotli, raw: beyond.raw, replicaGzip: replicaSizes.gzip, distGzip: fullGzip },
    breakdown: await dropInBreakdown(),
    beyondBreakdown: beyondBuild.map
      ? await breakdown(beyondBuild.code.toString('utf8'), beyondBuild.map, { files: true })
      : undefined,
  };
}
