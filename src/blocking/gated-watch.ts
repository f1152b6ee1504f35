/**
 * Gated content is loaded only by a page that has some. This bridge, in the eager stage, looks for it (in the
 * page as it is, then in what the page adds) and imports the gated content module (`gated-content.ts`) once
 * it finds any; the module then gets the level in force and every change after. Until then nothing of the
 * kind is on the page, so nothing waits; if the module cannot be loaded, the content stays blocked.
 */
import type { ConsentBridge, LevelChange } from '../consent/bridge.js';
import { warn } from '../util/log.js';
import type { createGatedContent, GatedContentOptions } from './gated-content.js';

/** Elements that wait for consent (see `gated-content.ts`). */
export const GATED =
  ':is([data-consent-level], [data-consent-purpose]):is(script[type="text/plain"], iframe[data-src], template)';

/** What the gated content module offers. */
export interface GatedContentModule {
  createGatedContent: typeof createGatedContent;
}

export function gatedContentWhenPresent(options: GatedContentOptions, load: () => Promise<GatedContentModule>): ConsentBridge {
  let latest: LevelChange | undefined;
  let observer: MutationObserver | undefined;
  /** Once gated content is found: its module loading, then `bridge` driving it. */
  let loading: Promise<void> | undefined;
  let bridge: ConsentBridge | undefined;
  let disposed = false;

  const found = (): void => {
    if (loading || disposed) return;
    observer?.disconnect();
    observer = undefined;
    loading = load().then(
      (module) => {
        if (disposed) return;
        bridge = module.createGatedContent(options);
        if (latest) bridge.applyLevel(latest);
      },
      (cause: unknown) =>
        warn(
          `the page has content that waits for consent, but the code that activates it could not be loaded (${String(cause)}); it stays blocked.`,
        ),
    );
  };

  const look = (): void => {
    if (options.root.querySelector(GATED)) return found();
    observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          if (node instanceof Element && (node.matches(GATED) || node.querySelector(GATED))) return found();
        }
      }
    });
    observer.observe(options.root.documentElement, { childList: true, subtree: true });
  };

  return {
    applyLevel(change) {
      latest = change;
      if (bridge) bridge.applyLevel(change);
      else if (!loading && !observer && !disposed) look();
    },
    settled: () => loading ?? Promise.resolve(),
    dispose() {
      disposed = true;
      observer?.disconnect();
      observer = undefined;
      bridge?.dispose?.();
    },
  };
}
