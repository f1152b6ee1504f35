/**
 * Content of other tools that waits for consent: `<script type="text/plain" data-consent-level="full">`
 * and `<iframe data-src="..." data-consent-level="session">` are activated once the level reaches the
 * one they require, never before. A script runs at most once per page load: a later downgrade cannot
 * un-run it, so the page reloads then if `reloadOnDowngrade` is set (otherwise the console says so).
 * Iframes are unloaded again on a downgrade.
 */
import { ConsentLevel, isConsentLevel, levelRank } from '../consent/levels.js';
import { info, warn } from '../util/log.js';
import type { ConsentBridge } from '../consent/bridge.js';
import { trustedScript, trustedScriptUrl } from './trusted-types.js';

const GATED = '[data-consent-level]:is(script[type="text/plain"], iframe[data-src])';
const ACTIVATED = 'data-consent-activated';

export interface GatedContentOptions {
  root: Document;
  reloadOnDowngrade: boolean;
}

export function createGatedContent(options: GatedContentOptions): ConsentBridge {
  const { root } = options;
  let level: ConsentLevel = ConsentLevel.None;
  /** Scripts this page load ran, with the level each required. */
  const ran = new Map<HTMLScriptElement, ConsentLevel>();
  let observer: MutationObserver | undefined;

  const required = (element: Element): ConsentLevel => {
    const value = element.getAttribute('data-consent-level')?.trim().toLowerCase();
    if (isConsentLevel(value)) return value;
    warn(`data-consent-level="${value ?? ''}" on a ${element.localName} is not a consent level; it waits for "full".`);
    element.setAttribute('data-consent-level', ConsentLevel.Full);
    return ConsentLevel.Full;
  };
  const allowed = (needed: ConsentLevel): boolean => level !== ConsentLevel.None && levelRank(level) >= levelRank(needed);

  const update = (elements: Iterable<Element>): void => {
    for (const element of elements) {
      const needed = required(element);
      if (element instanceof HTMLScriptElement) {
        if (allowed(needed) && !element.hasAttribute(ACTIVATED)) runScript(element, needed);
      } else if (element instanceof HTMLIFrameElement) {
        if (allowed(needed)) loadFrame(element);
        else unloadFrame(element);
      }
    }
  };

  const runScript = (blocked: HTMLScriptElement, needed: ConsentLevel): void => {
    blocked.setAttribute(ACTIVATED, '');
    const script = root.createElement('script');
    for (const { name, value } of Array.from(blocked.attributes)) {
      if (name === 'type' || name === 'src' || name === ACTIVATED || name.startsWith('data-consent')) continue;
      script.setAttribute(name, value);
    }
    const type = blocked.getAttribute('data-type');
    if (type) script.setAttribute('type', type);
    // The nonce attribute is hidden once parsed; the property keeps it (for a strict CSP).
    if (blocked.nonce) script.nonce = blocked.nonce;
    const src = blocked.getAttribute('src');
    const source = src ? trustedScriptUrl(src) : trustedScript(blocked.text);
    if (source === undefined) return;
    // Dynamically inserted scripts are async by default; activated ones run in document order.
    script.async = false;
    if (src) script.src = source as string;
    else script.text = source as string;
    blocked.after(script);
    ran.set(blocked, needed);
  };

  const loadFrame = (frame: HTMLIFrameElement): void => {
    const src = frame.getAttribute('data-src')!;
    if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
    frame.setAttribute(ACTIVATED, '');
  };
  const unloadFrame = (frame: HTMLIFrameElement): void => {
    if (!frame.hasAttribute(ACTIVATED)) return;
    frame.removeAttribute(ACTIVATED);
    frame.setAttribute('src', 'about:blank');
  };

  const watch = (): void => {
    observer = new MutationObserver((records) => {
      const added: Element[] = [];
      for (const record of records) {
        record.addedNodes.forEach((node) => {
          if (!(node instanceof Element)) return;
          if (node.matches(GATED)) added.push(node);
          added.push(...Array.from(node.querySelectorAll(GATED)));
        });
      }
      if (added.length) update(added);
    });
    observer.observe(root.documentElement, { childList: true, subtree: true });
  };

  return {
    applyLevel({ to: next }) {
      const previous = level;
      level = next;
      if (!observer) watch();
      update(Array.from(root.querySelectorAll(GATED)));
      const stillRunning = [...ran.values()].filter((needed) => !allowed(needed));
      if (levelRank(next) < levelRank(previous) && stillRunning.length > 0) {
        if (options.reloadOnDowngrade) {
          root.defaultView?.location.reload();
        } else {
          info(`scripts that need more than "${next}" ran on this page; they stop when the page is reloaded.`);
        }
      }
    },
    dispose() {
      observer?.disconnect();
      observer = undefined;
    },
  };
}
