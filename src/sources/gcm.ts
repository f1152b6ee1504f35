/**
 * Google Consent Mode, as the page's tags set it on the `dataLayer`: `gtag('consent', 'default' | 'update', {...})`
 * queues the command's arguments there. Defaults are no decision (the state before one); the first
 * `update` is, and every later one changes it. A default scoped to regions (`region: [...]`) may not be
 * this visitor's: it is left out, so its types stay denied. Keys: the consent types (`analytics_storage`,
 * `ad_storage`, ...), granted when their state is `granted`.
 */
import { pageGlobals, type ExternalConsent } from './source.js';

type ConsentStates = Record<string, unknown>;

/** A `consent` command on the dataLayer (gtag pushes its `arguments`), or undefined. */
function consentCommand(entry: unknown): { command: unknown; states: ConsentStates } | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const item = entry as ArrayLike<unknown>;
  if (item[0] !== 'consent' || typeof item[2] !== 'object' || item[2] === null) return undefined;
  return { command: item[1], states: item[2] as ConsentStates };
}

export const gcmConsent: ExternalConsent = {
  watch(report) {
    const page = pageGlobals<{ dataLayer?: unknown }>();
    if (!Array.isArray(page.dataLayer)) page.dataLayer = [];
    const dataLayer = page.dataLayer as unknown[];
    const state = new Map<string, unknown>();
    let updated = false;
    /** Applies one entry; true when it was an update. */
    const read = (entry: unknown): boolean => {
      const consent = consentCommand(entry);
      if (!consent) return false;
      const { command, states } = consent;
      if (command === 'default' && states['region'] !== undefined) return false;
      if (command !== 'default' && command !== 'update') return false;
      for (const [type, value] of Object.entries(states)) state.set(type, value);
      if (command === 'update') updated = true;
      return command === 'update';
    };
    const granted = (key: string): boolean => state.get(key) === 'granted';
    for (const entry of dataLayer) read(entry);
    if (updated) report(granted);
    // Every later command goes through `push` (gtag's and Google Tag Manager's both call the one they found).
    const push = dataLayer.push;
    const watchingPush = function (this: unknown[], ...items: unknown[]): number {
      const length = push.apply(this, items);
      if (items.map(read).some(Boolean)) report(granted);
      return length;
    };
    dataLayer.push = watchingPush;
    return () => {
      if (dataLayer.push === watchingPush) dataLayer.push = push;
    };
  },
};
