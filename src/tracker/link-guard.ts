import { ConsentLevel } from '../consent/levels.js';
import type { ConsentBridge } from '../consent/bridge.js';
import { withoutParameters } from './enforce.js';
import type { Guard } from './guard.js';

/** Events on which the tracker's cross-domain linker decorates a link (it listens on the link itself). */
const DECORATING_EVENTS = ['mousedown', 'click', 'auxclick'] as const;

type Link = HTMLAnchorElement | HTMLAreaElement;

/**
 * The cross-domain linker of any tracker on the page keeps adding `_sp=<device id>.<time>` (and, when
 * extended, the user id) to links whatever the tracker's mode. Below `full` this bridge takes it off again,
 * before anything can read it:
 * - the linker decorates in a capture listener on the link. A capture listener on the window, which runs before
 *   every other, puts a listener of ours last on each link of the event's path, so it runs right after the
 *   linker's and before the link's own handlers (one that stops propagation or opens `this.href` itself);
 * - an `href` that gets an `_sp` by any other way (a listener that stops the event before ours) is cleaned as
 *   soon as the change is seen;
 * - on a level change below `full`, every link of the document loses the `_sp` added while at `full`, so a hover
 *   prefetch or a later click cannot send it.
 */
export function createLinkGuard(guard: Guard): ConsentBridge {
  const belowFull = (): boolean => guard.gate.level() !== ConsentLevel.Full;
  const undecorate = (link: Link): void => {
    if (!link.href) return;
    const href = withoutParameters(link.href, []);
    if (href !== link.href) link.href = href;
  };
  const afterLinker = (event: Event): void => {
    if (belowFull() && isLink(event.currentTarget)) undecorate(event.currentTarget);
  };
  const beforeEverything = (event: Event): void => {
    if (!belowFull()) return;
    for (const node of event.composedPath()) {
      if (!isLink(node)) continue;
      // Added again, so it comes after the linker's listener even when the linker was set up after ours.
      node.removeEventListener(event.type, afterLinker, true);
      node.addEventListener(event.type, afterLinker, true);
    }
  };
  DECORATING_EVENTS.forEach((type) => window.addEventListener(type, beforeEverything, true));

  const hrefChanges = new MutationObserver((records) => {
    if (!belowFull()) return;
    for (const record of records) if (isLink(record.target)) undecorate(record.target);
  });
  hrefChanges.observe(document, { subtree: true, attributes: true, attributeFilter: ['href'] });

  return {
    applyLevel({ to }) {
      // The linker decorates the document's links only (`document.links`).
      if (to !== ConsentLevel.Full) for (const link of Array.from(document.links)) undecorate(link);
    },
    dispose() {
      DECORATING_EVENTS.forEach((type) => window.removeEventListener(type, beforeEverything, true));
      hrefChanges.disconnect();
    },
  };
}

function isLink(node: EventTarget | Node | null): node is Link {
  return node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement;
}
