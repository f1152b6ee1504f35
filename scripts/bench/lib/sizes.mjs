// Part 1: transfer sizes. gzip at level 9 and brotli at quality 11 (zlib), per file; a set of files is the
// sum of its files (each is requested and compressed on its own).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BENCH_LANG, cookieConsentConfigScript, trackerOnlyScript } from './pages.mjs';
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
 * A drop-in file rebuilt with vite (the bundler of `npm run build`), with the project's settings for it
 * (the eager stage: IIFE; the UI stage: ES module; es2021, minified) and the given packages left out.
 * Without externals it must come out at the size of the file in dist/: that checks the replica.
 */
async function viteDropIn(externalPatterns, stage = 'core') {
  const { build } = await import('vite');
  const isExternal = matches(externalPatterns);
  const lib =
    stage === 'core'
      ? {
          entry: join(ROOT, 'src/standalone.ts'),
          name: 'ConsentBannerBundle',
          formats: ['iife'],
          fileName: () => 'consent-banner.min.js',
        }
      : { entry: join(ROOT, 'src/standalone-ui.ts'), formats: ['es'], fileName: () => 'consent-banner-ui.js' };
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    publicDir: false,
    ...(stage === 'core' ? { define: { 'import.meta.url': 'undefined' } } : {}),
    build: {
      write: false,
      emptyOutDir: false,
      target: 'es2021',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      lib,
      rollupOptions: {
        external: (id) => isExternal(id),
        output: stage === 'core' ? { globals: (id) => `__external_${id.replace(/[^A-Za-z0-9]/g, '_')}` } : {},
      },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((item) => item.output ?? []);
  const chunk = outputs.find((item) => item.type === 'chunk' && item.isEntry);
  return { code: Buffer.from(chunk.code), map: chunk.map ? JSON.parse(chunk.map.toString()) : undefined };
}

/** Which source a byte of the drop-in came from, grouped by package (node_modules) or src/ folder. */
export function groupOf(source, { files = false } = {}) {
  if (!source) return '(unmapped: strings, bundler and decorator helpers, glue)';
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

/** The text of a bundle per package or src/ folder (or file, with `files`), from its source map: group -> Buffer. */
async function fragmentsOf(code, mapJson, options) {
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
  return new Map([...fragments.entries()].map(([group, parts]) => [group, Buffer.from(parts.join(''))]));
}

/**
 * Rows {group, raw, share, gzipAlone, stages} of one or more bundles ({stage, code, map}), a group's text
 * from every bundle together; shares are of the bundles' combined size, so they add up to 100%.
 */
async function breakdown(bundles, options) {
  const merged = new Map();
  let total = 0;
  for (const { stage, code, map } of bundles) {
    total += Buffer.byteLength(code);
    for (const [group, text] of await fragmentsOf(code, map, options)) {
      const entry = merged.get(group) ?? { parts: [], stages: [] };
      entry.parts.push(text);
      entry.stages.push(stage);
      merged.set(group, entry);
    }
  }
  return [...merged.entries()]
    .map(([group, { parts, stages }]) => {
      const text = Buffer.concat(parts);
      return { group, raw: text.length, share: text.length / total, gzipAlone: gzipSize(text), stages: stages.join('+') };
    })
    .sort((a, b) => b.raw - a.raw);
}

/** The breakdown of a file in dist/ by its source map, or undefined when the map is missing (dist/ being rebuilt). */
async function distBreakdown(file) {
  const mapPath = join(ROOT, `${file}.map`);
  if (!existsSync(mapPath) || !existsSync(join(ROOT, file))) return undefined;
  return breakdown([{ stage: file, code: read(file).toString('utf8'), map: readFileSync(mapPath, 'utf8') }]);
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
    'drop-in eager stage: dist/consent-banner.min.js (tracker and js-cookie inside); every visitor',
    ['dist/consent-banner.min.js'],
    measure([read('dist/consent-banner.min.js')]),
  );
  add(
    'drop-in eager stage, tag build: dist/consent-banner-tag.min.js (no tracker); every visitor of a JS tag site',
    ['dist/consent-banner-tag.min.js'],
    measure([read('dist/consent-banner-tag.min.js')]),
  );
  add(
    'drop-in UI stage: dist/consent-banner-ui.js (lit, i18next, the element, en strings); only when something shows',
    ['dist/consent-banner-ui.js'],
    measure([read('dist/consent-banner-ui.js')]),
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

  // What a returning visitor downloads beyond the tracker: the eager stage rebuilt with the tracker left out.
  const coreReplica = await viteDropIn([], 'core');
  const coreBuild = await viteDropIn(TRACKER, 'core');
  const coreReplicaSizes = measure([coreReplica.code]);
  const returningBeyondTracker = measure([coreBuild.code]);
  add('eager stage rebuilt by this bench (vite, same settings): replica check', ['src/standalone.ts'], coreReplicaSizes);
  add(
    'eager stage without the tracker (left external): what a returning visitor downloads beyond it',
    ['src/standalone.ts'],
    returningBeyondTracker,
  );
  // Our own code: both stages rebuilt with the tracker, lit and i18next left out.
  const uiReplica = await viteDropIn([], 'ui');
  const uiBuild = await viteDropIn([...LIT, ...I18NEXT], 'ui');
  const uiReplicaSizes = measure([uiReplica.code]);
  const uiOwn = measure([uiBuild.code]);
  add('UI stage rebuilt by this bench (vite, same settings): replica check', ['src/standalone-ui.ts'], uiReplicaSizes);
  add('UI stage without lit and i18next (left external): the element, styles, en strings', ['src/standalone-ui.ts'], uiOwn);
  const beyond = measure([coreBuild.code, uiBuild.code]);
  // What a first visit downloads beyond the tracker: the eager stage without it, the whole UI file and, on a
  // page whose language is not the bundled English, that language's file from locales/ (the bench pages' language).
  const languageFile = BENCH_LANG === 'en' ? undefined : `dist/locales/${BENCH_LANG}.json`;
  const firstVisitBeyondTracker = measure([
    coreBuild.code,
    read('dist/consent-banner-ui.js'),
    ...(languageFile ? [read(languageFile)] : []),
  ]);
  add(
    `first visit beyond the tracker: eager stage without it + dist/consent-banner-ui.js${languageFile ? ` + ${languageFile}` : ''}`,
    ['src/standalone.ts', 'dist/consent-banner-ui.js', ...(languageFile ? [languageFile] : [])],
    firstVisitBeyondTracker,
    `bench pages' language "${BENCH_LANG}"${languageFile ? '' : ': English is in the UI file, no language file'}`,
  );
  const coreGzip = rows[0].gzip;
  const uiGzip = rows[1].gzip;
  notes.push(
    `"Beyond" is measured by rebuilding src/standalone.ts (IIFE) and src/standalone-ui.ts (ES module) with vite and the project's drop-in settings (es2021, minified) with @snowplow/* (eager stage), lit/@lit/* and i18next (UI stage) left external; the replicas without externals are ${coreReplicaSizes.gzip} B and ${uiReplicaSizes.gzip} B gzip vs ${coreGzip} B and ${uiGzip} B for the files in dist/. By subtraction the tracker weighs ${coreReplicaSizes.gzip - returningBeyondTracker.gzip} B gzip in the eager stage, lit and i18next ${uiReplicaSizes.gzip - uiOwn.gzip} B in the UI stage.`,
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
  // Its returning visitor loads the same three files as its first visitor: the library, its CSS and the
  // site's config (the bench pages' config file, texts equivalent to ours).
  const ccReturning = measure([
    read(`${cc}/dist/cookieconsent.umd.js`),
    read(`${cc}/dist/cookieconsent.css`),
    Buffer.from(cookieConsentConfigScript()),
  ]);
  add(
    `vanilla-cookieconsent ${ccVersion}, returning visitor: umd.js + css + the bench pages' config file`,
    [`${cc}/dist/cookieconsent.umd.js`, `${cc}/dist/cookieconsent.css`, '/bench/cookieconsent-config.js'],
    ccReturning,
    'what every page view of a site with it downloads beyond the tracker',
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

  const trackerOnly = measure([Buffer.from((await trackerOnlyScript(ROOT)).code)]);
  add(
    "for reference: the tracker alone (bench pages' tracker-only script, esbuild IIFE)",
    ['/bench/tracker-only.js'],
    trackerOnly,
    'what a Snowplow site loads without a consent manager',
  );

  const pick = ({ gzip, brotli, raw }) => ({ gzip, brotli, raw });
  return {
    rows,
    notes,
    beyond: pick(beyond),
    returningBeyondTracker: pick(returningBeyondTracker),
    firstVisitBeyondTracker: { ...pick(firstVisitBeyondTracker), lang: BENCH_LANG, languageFile },
    uiFile: pick(measure([read('dist/consent-banner-ui.js')])),
    cookieConsentReturning: pick(ccReturning),
    trackerOnly: pick(trackerOnly),
    trackerGzip: coreReplicaSizes.gzip - returningBeyondTracker.gzip,
    breakdown: await distBreakdown('dist/consent-banner.min.js'),
    uiBreakdown: await distBreakdown('dist/consent-banner-ui.js'),
    // Both rebuilt stages together: a file's bytes from both stages in one row, shares of the combined total.
    beyondBreakdown:
      coreBuild.map && uiBuild.map
        ? await breakdown(
            [
              { stage: 'eager', code: coreBuild.code.toString('utf8'), map: coreBuild.map },
              { stage: 'UI', code: uiBuild.code.toString('utf8'), map: uiBuild.map },
            ],
            { files: true },
          )
        : undefined,
  };
}
