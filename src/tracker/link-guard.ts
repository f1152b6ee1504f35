import { ConsentLevel } from '../consent/levels.js';
import type { ConsentBridge } from '../consent/bridge.js';
import { withoutParameters } from './enforce.js';
import type { Guard } from './guard.js';

/** Events on which the tracker's cross-domain linker decorates a link (it listens on the link itself). */
const DECORATING_EVENTS = ['mousedown', 'click', 'auxclick'] as const;

/**
 * The cross-domain linker of any tracker on the page keeps adding `_sp=<device id>.<time>` (and, when
 * extended, the user id) to links whatever the tracker's mode. Below `full` this bridge takes it off again:
 * it listens on the window, so it runs after the link's own listeners and before the browser follows it.
 */
export function createLinkGuard(guard: Guard): ConsentBridge {
  const undecorate = (event: Event): void => {
    if (guard.gate.level() === ConsentLevel.Full) return;
    for (const node of event.composedPath()) {
      if (!(node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement) || !node.href) continue;
      const href = withoutParameters(node.href, []);
      if (href !== node.href) node.href = href;
    }
  };
  DECORATING_EVENTS.forEach((type) => window.addEventListener(type, undecorate));
  return {
    // It reads the level when a link is used, not when it changes.
    applyLevel() {},
    dispose() {
      DECORATING_EVENTS.forEach((type) => window.removeEventListener(type, undecorate));
    },
  };
}
