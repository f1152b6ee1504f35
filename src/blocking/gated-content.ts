/**
 * Content of other tools that waits for consent: `<script type="text/plain" data-consent-level="full">`,
 * `<iframe data-src="..." data-consent-level="session">` and `<template data-consent-purpose="...">` (any
 * markup: images, pixels, widgets) are activated once the level reaches the one they require, never before;
 * `data-consent-purpose="marketing"` waits for that purpose to be granted (with both attributes, for both).
 * A script runs at most once per page load: a later downgrade or a purpose withdrawn cannot un-run it, so
 * the page reloads then if `reloadOnDowngrade` is set (otherwise the console says so). Iframes are unloaded
 * again, and a template's markup removed. An iframe or template that waits for a purpose shows a placeholder
 * meanwhile (`placeholder.ts`; `data-consent-placeholder="off"` leaves it out).
 */
import { ConsentLevel, isConsentLevel, levelRank } from '../consent/levels.js';
import { purposeNames } from '../consent/purposes.js';
import { info, shown, warn } from '../util/log.js';
import type { ConsentBridge } from '../consent/bridge.js';
import { createPlaceholder, englishPlaceholderTexts, fillPlaceholder, type PlaceholderTranslator } from './placeholder.js';
import { trustedScript, trustedScriptUrl } from './trusted-types.js';
import { GATED } from './gated-watch.js';

const ACTIVATED = 'data-consent-activated';

export interface GatedContentOptions {
  root: Document;
  reloadOnDowngrade: boolean;
  /** The purposes the page lists; content that waits for another is never activated (with a warning). */
  purposes: readonly string[];
  /** "Always allow" on a placeholder: the visitor grants these purposes (a decision, stored). */
  allowPurposes?: (purposes: readonly string[]) => void;
  /** The placeholders' words; default English. */
  placeholderTexts?: PlaceholderTranslator | undefined;
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
  /** Scripts this page load ran (and templates whose markup had scripts), with what each required. */
  const ran = new Map<Element, Requirement>();
  /** Content the visitor loaded with "Load this once": there until a decision takes something away. */
  const loadedOnce = new Set<Element>();
  /** The placeholder standing in for each element that has one now. */
  const placeholders = new Map<Element, HTMLElement>();
  /** The nodes each activated template put into the page. */
  const instances = new Map<HTMLTemplateElement, ChildNode[]>();
  /** Iframes this bridge hid behind their placeholder (the page's own `hidden` stays as it is). */
  const hiddenHere = new WeakSet<Element>();
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
      const open = allowed(needed) || loadedOnce.has(element);
      if (element instanceof HTMLScriptElement) {
        if (allowed(needed) && !element.hasAttribute(ACTIVATED)) runScript(element, needed);
        continue;
      }
      if (element instanceof HTMLIFrameElement) {
        if (open) loadFrame(element);
        else unloadFrame(element);
      } else if (element instanceof HTMLTemplateElement) {
        if (open) instantiate(element, needed);
        else removeInstance(element);
      } else {
        continue;
      }
      showPlaceholder(element, needed, !open);
    }
  };

  /**
   * The placeholder of content that waits for purposes the page lists: shown while it waits, removed (and the
   * iframe shown) once it is allowed.
   */
  const showPlaceholder = (element: Element, needed: Requirement, waiting: boolean): void => {
    const wanted =
      waiting &&
      needed.purposes.length > 0 &&
      needed.purposes.every((purpose) => options.purposes.includes(purpose)) &&
      element.getAttribute('data-consent-placeholder') !== 'off';
    const placeholder = placeholders.get(element);
    if (!wanted) {
      if (!placeholder) return;
      const hadFocus = placeholder.shadowRoot?.activeElement != null;
      placeholder.remove();
      placeholders.delete(element);
      if (hiddenHere.delete(element)) (element as HTMLElement).hidden = false;
      // The visitor pressed one of its buttons: focus goes to what it loaded, not to the top of the page.
      if (hadFocus && element instanceof HTMLIFrameElement) element.focus();
      return;
    }
    if (!placeholder || !placeholder.isConnected) {
      const host = createPlaceholder(element);
      element.before(host);
      placeholders.set(element, host);
      const content = {
        service: serviceName(element),
        purposes: needed.purposes,
        loadOnce: () => {
          loadedOnce.add(element);
          update([element]);
        },
        allow: () => options.allowPurposes?.(needed.purposes),
      };
      const translating = options.placeholderTexts?.(element).catch(() => undefined) ?? Promise.resolve(undefined);
      void translating.then((texts) => {
        // Gone meanwhile (allowed, or the content left the page): nothing to write.
        if (placeholders.get(element) === host) fillPlaceholder(host, content, texts ?? englishPlaceholderTexts);
      });
    }
    if (element instanceof HTMLIFrameElement && !element.hidden) {
      element.hidden = true;
      hiddenHere.add(element);
    }
  };

  const instantiate = (template: HTMLTemplateElement, needed: Requirement): void => {
    if (instances.has(template)) return;
    const copy = root.importNode(template.content, true);
    const scripts = Array.from(copy.querySelectorAll('script'));
    // As gated scripts, a template's run at most once per page load: its markup comes back without them.
    const runScripts = !ran.has(template);
    for (const inert of scripts) {
      const script = runScripts ? runnableCopy(inert, inert.getAttribute('type')) : undefined;
      if (script) inert.replaceWith(script);
      else inert.remove();
    }
    const nodes = Array.from(copy.childNodes);
    const hasScripts = scripts.length > 0;
    template.after(copy);
    template.setAttribute(ACTIVATED, '');
    instances.set(template, nodes);
    if (hasScripts) ran.set(template, needed);
  };
  const removeInstance = (template: HTMLTemplateElement): void => {
    const nodes = instances.get(template);
    if (!nodes) return;
    nodes.forEach((node) => node.remove());
    instances.delete(template);
    template.removeAttribute(ACTIVATED);
  };

  const runScript = (blocked: HTMLScriptElement, needed: Requirement): void => {
    blocked.setAttribute(ACTIVATED, '');
    const script = runnableCopy(blocked, blocked.getAttribute('data-type'));
    if (!script) return;
    blocked.after(script);
    ran.set(blocked, needed);
  };

  /**
   * A script element that runs when inserted, with the attributes of `inert` (less ours) and `type`:
   * scripts parsed as text, or inside a template, never run themselves. Its code goes through Trusted Types.
   */
  const runnableCopy = (inert: HTMLScriptElement, type: string | null): HTMLScriptElement | undefined => {
    const script = root.createElement('script');
    for (const { name, value } of Array.from(inert.attributes)) {
      if (name === 'type' || name === 'src' || name === ACTIVATED || name.startsWith('data-consent')) continue;
      script.setAttribute(name, value);
    }
    if (type) script.setAttribute('type', type);
    // The nonce attribute is hidden once parsed; the property keeps it (for a strict CSP).
    if (inert.nonce) script.nonce = inert.nonce;
    const src = inert.getAttribute('src');
    const source = src ? trustedScriptUrl(src) : trustedScript(inert.text);
    if (source === undefined) return undefined;
    // Dynamically inserted scripts are async by default; activated ones run in document order.
    script.async = false;
    if (src) script.src = source as string;
    else script.text = source as string;
    return script;
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

  /** The gated elements `node` is or holds. */
  const gatedIn = (node: Node): Element[] =>
    node instanceof Element ? [...(node.matches(GATED) ? [node] : []), ...Array.from(node.querySelectorAll(GATED))] : [];
  /** Content the page took out: its placeholder goes too (it stays when the content was only moved). */
  const forget = (element: Element): void => {
    if (element.isConnected) return;
    placeholders.get(element)?.remove();
    placeholders.delete(element);
  };

  const watch = (): void => {
    observer = new MutationObserver((records) => {
      const added: Element[] = [];
      for (const record of records) {
        record.addedNodes.forEach((node) => added.push(...gatedIn(node)));
        record.removedNodes.forEach((node) => gatedIn(node).forEach(forget));
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
      // A withdrawal ends what was loaded once, too: the placeholder comes back.
      if (tookAway) loadedOnce.clear();
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

/** `data-consent-service`, else the iframe's host name; undefined for a template that names none. */
function serviceName(element: Element): string | undefined {
  const named = element.getAttribute('data-consent-service')?.trim();
  if (named) return named;
  const src = element.getAttribute('data-src');
  if (src === null) return undefined;
  try {
    return new URL(src, element.ownerDocument.baseURI).hostname || undefined;
  } catch {
    return undefined;
  }
}
