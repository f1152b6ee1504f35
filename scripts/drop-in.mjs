// The drop-in's builds, one list: `npm run build` runs them into dist/ (`node scripts/drop-in.mjs`), and the
// release (`scripts/release.mjs`) into a folder of its own. Each is a mode of vite.config.ts.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');

/**
 * The classic script (eager stage and tracker), the same without the tracker for sites with the Snowplow JS tag,
 * then the ES modules either imports when a page needs them.
 */
export const DROP_IN_MODES = ['standalone', 'standalone-tag', 'standalone-ui', 'standalone-sources', 'standalone-gated'];

/** Builds every part of the drop-in into `outDir` (default: the config's own, dist/). */
export async function buildDropIn(outDir) {
  for (const mode of DROP_IN_MODES) {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      mode,
      logLevel: 'warn',
      build: outDir ? { outDir, emptyOutDir: false } : {},
    });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildDropIn();
