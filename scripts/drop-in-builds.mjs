// The drop-in's builds, one list: each a mode of vite.config.ts and the file it writes next to the others.
// scripts/drop-in.mjs builds them all, vite.config.ts names each output from here, the release requires each file.

/**
 * The classic script (eager stage and tracker), the same without the tracker for sites with the Snowplow JS tag,
 * then the ES modules either imports when a page needs them.
 */
export const DROP_IN_BUILDS = [
  { mode: 'standalone', file: 'consent-banner.min.js' },
  { mode: 'standalone-tag', file: 'consent-banner-tag.min.js' },
  { mode: 'standalone-ui', file: 'consent-banner-ui.js' },
  { mode: 'standalone-sources', file: 'consent-banner-sources.js' },
  { mode: 'standalone-gated', file: 'consent-banner-gated.js' },
];

/** The file a drop-in mode writes. */
export function dropInFile(mode) {
  const found = DROP_IN_BUILDS.find((build) => build.mode === mode);
  if (!found) throw new Error(`no drop-in build has the mode "${mode}"`);
  return found.file;
}
