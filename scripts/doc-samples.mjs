// The code samples of README.md and docs/*.md, for the test that runs them (test/e2e/doc-samples.test.ts).
//
// `docSamplesPlugin()` (web-test-runner) writes .cache/doc-samples/index.json when the test server starts: every
// fenced block with its file, language and text. JavaScript samples that import the package are bundled, as a
// site's build would bundle them, into .cache/doc-samples/<file>-<n>.js: `consent-banner` and its entries resolve to
// this repository's source, the tracker from node_modules.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const outdir = resolve(root, '.cache/doc-samples');

/** The package's entries as a site imports them, mapped to their source. */
const ENTRIES = {
  'consent-banner': 'src/index.ts',
  'consent-banner/headless': 'src/headless.ts',
  'consent-banner/element': 'src/element.ts',
  'consent-banner/react': 'src/react.ts',
};

/** Every fenced code block of the documentation, in order: `{ file, index, lang, code }`. */
export function readDocSamples() {
  const files = [
    'README.md',
    ...readdirSync(resolve(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  const samples = [];
  for (const file of files) {
    const lines = readFileSync(resolve(root, file), 'utf8').split('\n');
    let open;
    for (const line of lines) {
      const fence = /^(\s*)```(\S*)\s*$/.exec(line);
      if (fence && !open) open = { indent: fence[1].length, lang: fence[2], lines: [] };
      else if (fence && open) {
        samples.push({
          file,
          index: samples.filter((s) => s.file === file).length,
          lang: open.lang,
          code: open.lines.join('\n'),
        });
        open = undefined;
      } else if (open) open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  }
  return samples;
}

/** The file name of a sample's bundle. */
function bundleName(sample) {
  return `${sample.file.replace(/[^a-z0-9]+/gi, '-')}-${sample.index}.js`;
}

/** The collector the samples name, in a bundle: the loopback collector the test page gives (`DOC_SAMPLE_COLLECTOR`). */
const SAMPLE_COLLECTOR = /'https:\/\/collector\.example\.com'/g;

async function bundle(sample) {
  const result = await build({
    // The last statement marks the sample as run to its end.
    stdin: {
      contents: `${sample.code.replace(SAMPLE_COLLECTOR, 'globalThis.DOC_SAMPLE_COLLECTOR')}\nglobalThis.DOC_SAMPLE_DONE = true;\n`,
      resolveDir: root,
      sourcefile: `${sample.file} sample ${sample.index}`,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: resolve(root, 'tsconfig.json'),
    alias: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, resolve(root, path)])),
    logLevel: 'warning',
  });
  writeFileSync(resolve(outdir, bundleName(sample)), result.outputFiles[0].text);
}

export function docSamplesPlugin() {
  return {
    name: 'doc-samples',
    async serverStart() {
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const samples = readDocSamples();
      for (const sample of samples) {
        if (sample.lang === 'js' && /^\s*import\b/m.test(sample.code)) {
          await bundle(sample);
          sample.bundle = `/.cache/doc-samples/${bundleName(sample)}`;
        }
      }
      writeFileSync(resolve(outdir, 'index.json'), JSON.stringify(samples, null, 2));
    },
  };
}
