import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { dropInFile } from './scripts/drop-in-builds.mjs';
import { buildSpStandin } from './scripts/sp-standin.mjs';

const root = import.meta.dirname;

/**
 * The drop-in bundle loads languages from `locales/` next to itself, one file at a time; the CMS embed
 * snippet (`cms-embed.html`) ships with it. Written into the build's own folder: the release
 * (`scripts/release.mjs`) ships every file the drop-in's builds write there.
 */
function copyDropInFiles(): Plugin {
  let outDir = resolve(root, 'dist');
  return {
    name: 'copy-drop-in-files',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      cpSync(resolve(root, 'locales'), resolve(outDir, 'locales'), { recursive: true });
      cpSync(resolve(root, 'src/snippet/cms-embed.html'), resolve(outDir, 'cms-embed.html'));
    },
  };
}

/** A part of the drop-in that it imports when a page needs it: an ES module next to consent-banner.min.js. */
function dropInModule(entry: string, fileName: string) {
  return {
    publicDir: false as const,
    build: {
      emptyOutDir: false,
      target: 'es2021',
      sourcemap: true,
      lib: { entry: resolve(root, entry), formats: ['es' as const], fileName: () => fileName },
    },
  };
}

/** The JS tag scenario loads "sp.js" (the tests' stand-in, its own bundle) from dist/demo/sp-standin/sp.js. */
function spStandin(): Plugin {
  return {
    name: 'sp-standin',
    async closeBundle() {
      await buildSpStandin(resolve(root, 'dist/demo/sp-standin/sp.js'));
    },
  };
}

/**
 * The drop-in's tag build: `src/tracker/no-own-tracker.ts` wherever the full build has `src/tracker/snowplow.ts`,
 * the only module that imports the tracker package, so that none of it is bundled.
 */
function withoutOwnTracker(): Plugin {
  const withTracker = resolve(root, 'src/tracker/snowplow.ts');
  return {
    name: 'without-own-tracker',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === withTracker ? resolve(root, 'src/tracker/no-own-tracker.ts') : null;
    },
  };
}

/** The drop-in's classic script: the eager stage, with the tracker except in the tag build. */
function dropInClassicScript(fileName: string, plugins: Plugin[]) {
  return {
    publicDir: false as const,
    // A classic script has no import.meta; the only use is a fallback that the drop-in replaces.
    define: { 'import.meta.url': 'undefined' },
    build: {
      emptyOutDir: false,
      target: 'es2021',
      sourcemap: true,
      lib: {
        entry: resolve(root, 'src/standalone.ts'),
        name: 'ConsentBannerBundle',
        formats: ['iife' as const],
        fileName: () => fileName,
      },
    },
    plugins,
  };
}

/**
 * `vite build`: the npm entries (ES modules; lit, @lit/react, i18next, js-cookie, the tracker and React stay
 * imports); the UI stage is a chunk that the npm entry imports when something must show.
 * The drop-in's modes (`scripts/drop-in-builds.mjs` lists them with their files, `scripts/drop-in.mjs` runs them): `standalone`, the classic script (the eager
 * stage and the tracker); `standalone-tag`, the same without the tracker (`consent-banner-tag.min.js`); `standalone-ui`, `standalone-sources` and `standalone-gated`, the ES modules next to
 * it that a page imports when it needs them. The release builds them into a folder of their own and ships all
 * they write: a file the drop-in needs belongs in the build's `outDir`, never in `dist/` by name.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'demo') {
    // The demo's npm, headless and tag scenarios, bundled from their imports as a site's build would.
    return {
      root: resolve(root, 'demo'),
      base: '/dist/demo/',
      publicDir: false,
      resolve: {
        alias: [
          { find: /^consent-banner\/headless$/, replacement: resolve(root, 'src/headless.ts') },
          { find: /^consent-banner$/, replacement: resolve(root, 'src/index.ts') },
        ],
      },
      plugins: [spStandin()],
      build: {
        outDir: resolve(root, 'dist/demo'),
        emptyOutDir: true,
        rollupOptions: {
          input: {
            npm: resolve(root, 'demo/npm/index.html'),
            headless: resolve(root, 'demo/headless/index.html'),
            tag: resolve(root, 'demo/tag/index.html'),
          },
        },
      },
    };
  }
  // The drop-in's decision sources (`consent-source`): imported only by a page that names another consent
  // manager. Stateless code only: the manager is handed to it.
  if (mode === 'standalone-sources') return dropInModule('src/standalone-sources.ts', dropInFile(mode));
  // The drop-in's gated content: imported only by a page that has some.
  if (mode === 'standalone-gated') return dropInModule('src/standalone-gated.ts', dropInFile(mode));
  // The drop-in's UI stage: imported when something must show.
  if (mode === 'standalone-ui') return dropInModule('src/standalone-ui.ts', dropInFile(mode));
  if (mode === 'standalone') return dropInClassicScript(dropInFile(mode), [copyDropInFiles()]);
  // For sites whose trackers are the Snowplow JS tag's: the same script without a tracker of its own.
  if (mode === 'standalone-tag') return dropInClassicScript(dropInFile(mode), [withoutOwnTracker()]);
  return {
    publicDir: false,
    build: {
      target: 'es2021',
      sourcemap: true,
      minify: false,
      lib: {
        entry: {
          index: resolve(root, 'src/index.ts'),
          headless: resolve(root, 'src/headless.ts'),
          // consent-banner/element: the npm entry with its UI stage in it (the class, defined at once).
          element: resolve(root, 'src/element.ts'),
          // consent-banner/react: an entry of its own, so that `consent-banner` never imports React.
          react: resolve(root, 'src/react.ts'),
        },
        formats: ['es'],
      },
      rollupOptions: {
        external: [/^lit($|\/)/, /^@lit\//, 'i18next', 'js-cookie', /^@snowplow\//, /^react($|\/)/],
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
