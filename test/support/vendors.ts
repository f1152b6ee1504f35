// Other vendors' tag snippets with the shape of Snowplow's (a global function that keeps its calls in a `q`
// array), restated: what a page with LinkedIn, FullStory, Hotjar, Intercom and analytics.js has. None of them
// is the Snowplow tag, so nothing of ours may reach them.
import { globalsByName } from './globals.js';

type VendorFunction = ((...args: unknown[]) => void) & { q: unknown[] };

export const VENDOR_NAMES = ['lintrk', 'FS', 'hj', 'Intercom', 'ga'] as const;

/** Defines each vendor's function with an empty queue, as its snippet does before its script has loaded. */
export function installVendorSnippets(win: Window): void {
  const byName = globalsByName({ window: win });
  for (const name of VENDOR_NAMES) {
    const fn = function (...args: unknown[]) {
      fn.q.push(args);
    } as VendorFunction;
    fn.q = [];
    byName[name] = fn;
  }
}

/** For each vendor: whether its function and queue are still its own (a plain array property) and what it received. */
export function vendorQueues(win: Window): Record<string, { plainQueue: boolean; received: unknown[] }> {
  const byName = globalsByName({ window: win });
  const result: Record<string, { plainQueue: boolean; received: unknown[] }> = {};
  for (const name of VENDOR_NAMES) {
    const fn = byName[name] as VendorFunction;
    const property = Object.getOwnPropertyDescriptor(fn, 'q');
    result[name] = {
      plainQueue: property !== undefined && 'value' in property && Array.isArray(property.value),
      received: Array.isArray(fn.q) ? fn.q.map((call) => Array.from(call as ArrayLike<unknown>)) : [fn.q],
    };
  }
  return result;
}
