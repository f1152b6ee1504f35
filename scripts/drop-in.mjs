// Builds the drop-in (scripts/drop-in-builds.mjs lists its builds): `npm run build` runs this into dist/
// (`node scripts/drop-in.mjs`), and the release (`scripts/release.mjs`) into a folder of its own.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DROP_IN_BUILDS } from './drop-in-builds.mjs';

const root = resolve(import.meta.dirname, '..');

/** Builds every part of the drop-in into `outDir` (default: the config's own, dist/). */
export async function buildDropIn(outDir) {
  for (const { mode } of DROP_IN_BUILDS) {
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
