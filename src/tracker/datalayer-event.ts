/**
 * A `dataLayer` event on every decision (opt-in, `datalayer-event="<name>"`), so that a tag manager can
 * trigger tags on it: `{event: <name>, consent: {level, previousLevel, purposes, granted, withdrawn}}`, where
 * `purposes` are those granted now and `granted` / `withdrawn` those that changed with this decision.
 */
import type { ConsentBridge } from '../consent/bridge.js';
import type { ConsentLevel } from '../consent/levels.js';

export interface DataLayerConsent {
  level: ConsentLevel;
  /** The level before; null at page start. */
  previousLevel: ConsentLevel | null;
  purposes: string[];
  granted: string[];
  withdrawn: string[];
}

export function createDataLayerEventBridge(eventName: string): ConsentBridge {
  let before: ReadonlySet<string> = new Set();
  return {
    applyLevel({ from, to, purposes }) {
      const now = [...purposes];
      const consent: DataLayerConsent = {
        level: to,
        previousLevel: from ?? null,
        purposes: now,
        granted: now.filter((purpose) => !before.has(purpose)),
        withdrawn: [...before].filter((purpose) => !purposes.has(purpose)),
      };
      before = new Set(purposes);
      const page = window as unknown as { dataLayer?: unknown[] };
      page.dataLayer = page.dataLayer ?? [];
      page.dataLayer.push({ event: eventName, consent });
    },
  };
}
