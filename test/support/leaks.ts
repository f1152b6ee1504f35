// Leak detectors: identifiers (canaries) searched in everything that left the page for the collector and
// in everything the page wrote to cookies and Web Storage.
import { expect } from '@open-wc/testing';
import { requests, type FixtureWindow } from './harness.js';

export { tagUserCanary } from './fixture-config.js';

/** Where each canary was found: `"<canary> in request 3"`, `"<canary> in cookie write _sp_id..."`. */
export type Findings = string[];

/**
 * Searches every request of this app (URL fields, body fields, decoded entities, the headers the
 * collector recorded and the cookies the request carried) from the `from`-th request on.
 */
export async function leaksInRequests(appId: string, canaries: string[], from = 0): Promise<Findings> {
  const found: Findings = [];
  (await requests(appId)).slice(from).forEach((request, index) => {
    const text = JSON.stringify(request);
    for (const canary of canaries) if (canary && text.includes(canary)) found.push(`${canary} in request ${from + index}`);
  });
  return found;
}

/** Searches the page's cookie and Web Storage writes from the `from`-th on, and what they hold now. */
export function leaksInStorage(page: FixtureWindow, canaries: string[], from = 0): Findings {
  const found: Findings = [];
  const places = [
    ...page.storageWrites
      .slice(from)
      .map((write) => [`${write.area} write ${write.key ?? ''}`, `${write.key ?? ''}=${write.value}`]),
    ['cookies now', page.document.cookie],
    ...Object.keys(page.localStorage).map((key) => [`localStorage ${key}`, page.localStorage.getItem(key) ?? '']),
    ...Object.keys(page.sessionStorage).map((key) => [`sessionStorage ${key}`, page.sessionStorage.getItem(key) ?? '']),
  ];
  for (const [where, text] of places) {
    for (const canary of canaries) if (canary && text!.includes(canary)) found.push(`${canary} in ${where}`);
  }
  return found;
}

export function expectNoLeak(findings: Findings, what: string): void {
  expect(findings, what).to.deep.equal([]);
}

/** A user id no tracker makes up, so finding it anywhere is proof it leaked. */
export function userCanary(): string {
  return `canary-user-${Math.random().toString(36).slice(2, 10)}`;
}
