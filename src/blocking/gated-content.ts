/**
 * Content of other tools that waits for consent: `<script type="text/plain" data-consent-level="full">`
 * and `<iframe data-src="..." data-consent-level="session">` are activated once the level reaches the
 * one they require, never before; `data-consent-purpose="marketing"` waits for that purpose to be granted
 * (with both attributes, for both). A script runs at most once per page load: a later downgrade or a
 * purpose withdrawn cannot un-run it, so the page reloads then if `reloadOnDowngrade` is set (otherwise
 * the console says so). Iframes are unloaded again.
 */
import { ConsentLevel, isConsentLevel, levelRank } from '../consent/levels.js';
import { purposeNames } from '../consent/purposes.js';
import { info, shown, warn } from '../util/log.js';
import type { ConsentBridge } from '../consent/bridge.js';
import { trustedScript, trustedScriptUrl } from './trusted-types.js';

const GATED = ':is([data-consent-level], [data-consent-purpose]):is(script[type="text/plain"], iframe[data-src])';
const ACTIVATED = 'data-consent-activated';

export interface GatedContentOptions {
  root: Document;
  reloadOnDowngrade: boolean;
  /** The purposes the page lists; content that waits for another is never activated (with a warning). */
  purposes: readonly string[];
}

/** What an element waits for: a level (none when it names none), and every purpose it names. */
interface Requirement {
  level: ConsentLevel | undefined;
  purposes: readonly string[];
}

export function createGatedContent(options: GatedContentOptions): ConsentBridge {
  const { root } = options;
  let level: ConsentLevel = ConsentLevel.None;
  let granted: ReadonlySet<string> = new Set();
  /** Scripts this page load ran, with what each required. */
  const ran = new Map<HTMLScriptElement, Requirement>();
  /** Elements that name a purpose the page does not list, told of once. */
  const unlistedWarned = new WeakSet<Element>();
  let observer: MutationObserver | undefined;

  const requiredLevel = (element: Element): ConsentLevel | undefined => {
    if (!element.hasAttribute('data-consent-level')) return undefined;
    const value = element.getAttribute('data-consent-level')?.trim().toLowerCase();
    if (isConsentLevel(value)) return value;
    warn(`data-consent-level="${value ?? ''}" on a ${element.localName} is not a consent level; it waits for "full".`);
    element.setAttribute('data-consent-level', ConsentLevel.Full);
    return ConsentLevel.Full;
  };
  const requiredPurposes = (element: Element): readonly string[] => {
    const value = element.getAttribute('data-consent-purpose');
    if (value === null) return [];
    const named = purposeNames(value) ?? [];
    // Naming nothing, or a purpose the page does not list: nothing can grant it, so it waits for ever.
    const purposes = named.length > 0 ? named : [value];
    const unlisted = purposes.filter((purpose) => !options.purposes.includes(purpose));
    if (unlisted.length > 0 && !unlistedWarned.has(element)) {
      unlistedWarned.add(element);
      const listed = options.purposes.length > 0 ? options.purposes.join(', ') : 'none';
      warn(
        `data-consent-purpose=${shown(value)} on a ${element.localName}: ${unlisted.map(shown).join(', ')} is not a purpose this page lists (${listed}); it never runs.`,
      );
    }
    return purposes;
  };
  const requirement = (element: Element): Requirement => ({
    level: requiredLevel(element),
    purposes: requiredPurposes(element),
  });
  const allowed = (needed: Requirement): boolean =>
    (needed.level === undefined || (level !== ConsentLevel.None && levelRank(level) >= levelRank(needed.level))) &&
    needed.purposes.every((purpose) => granted.has(purpose));

  const update = (elements: Iterable<Element>): void => {
    for (const element of elements) {
      const needed = requirement(element);
      if (element instanceof HTMLScriptElement) {
        if (allowed(needed) && !element.hasAttribute(ACTIVATED)) runScript(element, needed);
      } else if (element instanceof HTMLIFrameElement) {
        if (allowed(needed)) loadFrame(element);
        else unloadFrame(element);
      }
    }
  };

  const runScript = (blocked: HTMLScriptElement, needed: Requirement): void => {
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
    applyLevel({ to: next, purposes }) {
      const tookAway = levelRank(next) < levelRank(level) || [...granted].some((purpose) => !purposes.has(purpose));
      level = next;
      granted = purposes;
      if (!observer) watch();
      update(Array.from(root.querySelectorAll(GATED)));
      const stillRunning = [...ran.values()].filter((needed) => !allowed(needed));
      if (tookAway && stillRunning.length > 0) {
        if (options.reloadOnDowngrade) {
          root.defaultView?.location.reload();
        } else {
          const purposesGranted = [...purposes].join(', ') || 'none';
          info(
            `scripts ran on this page that level "${next}" and the purposes granted (${purposesGranted}) no longer allow; they stop when the page is reloaded.`,
          );
        }
      }
    },
    dispose() {
      observer?.disconnect();
      observer = undefined;
    },
  };
}
