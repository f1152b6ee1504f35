/**
 * While the (non-modal) banner shows, a page control that gets focus is never left under it (WCAG 2.4.11,
 * Focus Not Obscured):
 *
 * - the document's `scroll-padding-bottom` (`-top` for a bar at the top) is the banner's height, followed
 *   with a ResizeObserver: the browser's own scrolling to a focused control, to an anchor and by Page Down
 *   keeps that strip clear. The page's own value is kept when larger, and restored afterwards;
 * - a banner at the bottom edge gives the document room at its end of the banner's height, so that a
 *   visitor who scrolls with a mouse or a finger uncovers the page's last lines (its footer links) too;
 * - when a control still ends up under the banner (a short page with no room to scroll, a centred card,
 *   which no padding can keep clear), the page is scrolled until the control is above or below the banner,
 *   and where the page is too short for that, the document gets the room it lacks (padding at its end, or
 *   at its start under a top bar), until the banner goes. That moves content only after a key press or a
 *   click, never as the banner appears.
 *
 * Everything is set through CSSOM on `<html>`, which a strict `style-src` allows.
 */

/** Space kept between a focused control and the banner, in CSS pixels. */
const GAP = 8;
/** A banner this close to an edge of the viewport covers that edge (bars, corner cards, phone sheets). */
const EDGE_DISTANCE = 24;

type Edge = 'top' | 'bottom' | 'floating';

/** One inline property of `<html>` taken over for a while, and what it was before. */
class BorrowedProperty {
  private readonly inline: string;
  private readonly priority: string;
  /** The computed value before: the page's own, from its stylesheets. */
  readonly own: string;

  constructor(
    private readonly style: CSSStyleDeclaration,
    private readonly name: string,
    computed: CSSStyleDeclaration,
  ) {
    this.inline = style.getPropertyValue(name);
    this.priority = style.getPropertyPriority(name);
    this.own = computed.getPropertyValue(name);
  }

  set(value: string): void {
    if (this.style.getPropertyValue(this.name) !== value) this.style.setProperty(this.name, value, 'important');
  }

  restore(): void {
    if (this.inline) this.style.setProperty(this.name, this.inline, this.priority);
    else this.style.removeProperty(this.name);
  }
}

export class FocusClearance {
  private banner: HTMLElement | undefined;
  private observer: ResizeObserver | undefined;
  private readonly borrowed = new Map<string, BorrowedProperty>();
  /** Room added at the start and at the end of the document, in pixels. */
  private room = { top: 0, bottom: 0 };

  /** `host`: the element whose shadow root holds the banner (focus inside it needs no clearing). */
  constructor(private readonly host: HTMLElement) {}

  /** Keeps focused page controls clear of `banner`; undefined: the banner is gone, the page is as it was. */
  follow(banner: HTMLElement | undefined): void {
    if (banner === this.banner) return;
    this.stop();
    if (!banner) return;
    this.banner = banner;
    // In the next frame, not in the observer's callback: the room it adds can resize the banner (a scrollbar
    // appears), which in the callback would be a resize loop the browser reports as an error.
    this.observer = new ResizeObserver(() => requestAnimationFrame(this.updatePadding));
    this.observer.observe(banner);
    // The room is there at once; the observer keeps it to the banner's size.
    this.updatePadding();
    const view = this.host.ownerDocument.defaultView;
    view?.addEventListener('resize', this.updatePadding);
    this.host.ownerDocument.addEventListener('focusin', this.onFocusIn, true);
  }

  private stop(): void {
    if (!this.banner) return;
    this.observer?.disconnect();
    this.observer = undefined;
    this.host.ownerDocument.defaultView?.removeEventListener('resize', this.updatePadding);
    this.host.ownerDocument.removeEventListener('focusin', this.onFocusIn, true);
    for (const property of this.borrowed.values()) property.restore();
    this.borrowed.clear();
    this.room = { top: 0, bottom: 0 };
    this.banner = undefined;
  }

  private get root(): HTMLElement {
    return this.host.ownerDocument.documentElement;
  }

  private borrow(name: string): BorrowedProperty {
    let property = this.borrowed.get(name);
    if (!property) {
      property = new BorrowedProperty(this.root.style, name, getComputedStyle(this.root));
      this.borrowed.set(name, property);
    }
    return property;
  }

  private release(name: string): void {
    this.borrowed.get(name)?.restore();
    this.borrowed.delete(name);
  }

  /** Which edge the banner covers, from its layout box (transforms such as its entry animation aside). */
  private edge(banner: HTMLElement): { edge: Edge; covered: number } {
    const viewport = this.root.clientHeight;
    const top = banner.offsetTop;
    const bottom = top + banner.offsetHeight;
    if (viewport - bottom <= EDGE_DISTANCE) return { edge: 'bottom', covered: viewport - top };
    if (top <= EDGE_DISTANCE) return { edge: 'top', covered: bottom };
    return { edge: 'floating', covered: 0 };
  }

  private readonly updatePadding = (): void => {
    const banner = this.banner;
    if (!banner?.isConnected) return;
    const { edge, covered } = this.edge(banner);
    for (const side of ['top', 'bottom'] as const) {
      const name = `scroll-padding-${side}`;
      if (side !== edge) {
        this.release(name);
        continue;
      }
      if (side === 'bottom') this.ensureRoom('bottom', Math.ceil(covered));
      const property = this.borrow(name);
      const px = `${Math.ceil(covered + GAP)}px`;
      property.set(property.own && property.own !== 'auto' && property.own !== '0px' ? `max(${property.own}, ${px})` : px);
    }
  };

  private readonly onFocusIn = (event: FocusEvent): void => {
    const path = event.composedPath();
    const target = path[0];
    if (!(target instanceof Element) || path.includes(this.host)) return;
    if (target instanceof HTMLElement && target.dataset['consentBannerSkip'] !== undefined) return;
    // The browser scrolls a newly focused control into view after this event: look once that is done, and
    // once the banner has its place (its entry animation moves it).
    requestAnimationFrame(() => {
      const moving = this.banner?.getAnimations() ?? [];
      if (moving.length === 0) this.clear(target);
      else
        void Promise.all(moving.map((animation) => animation.finished)).then(
          () => this.clear(target),
          () => this.clear(target),
        );
    });
  };

  /** Scrolls `target` out from under the banner if it is there, making room when the page is too short. */
  private clear(target: Element): void {
    const banner = this.banner;
    if (!banner || !target.isConnected || !isFocused(target)) return;
    if (!overlaps(target.getBoundingClientRect(), banner.getBoundingClientRect())) return;
    if (inFixedLayer(target)) return;
    // The browser's own way first: it knows the control's scroll containers, and the padding above.
    target.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    const box = target.getBoundingClientRect();
    const cover = banner.getBoundingClientRect();
    if (!overlaps(box, cover)) return;
    const viewport = this.root.clientHeight;
    // Above the banner: the control's bottom just over its top edge; below it: the control's top under it.
    const above = cover.top - GAP - box.height >= 0 ? box.bottom - (cover.top - GAP) : undefined;
    const below = cover.bottom + GAP + box.height <= viewport ? box.top - (cover.bottom + GAP) : undefined;
    let delta: number;
    if (above !== undefined && (below === undefined || Math.abs(above) <= Math.abs(below))) delta = above;
    else if (below !== undefined) delta = below;
    // Taller than either free strip: its start where there is more space.
    else delta = cover.top >= viewport - cover.bottom ? box.top : box.top - (cover.bottom + GAP);
    this.scrollBy(Math.round(delta));
  }

  /** Scrolls the document by `delta`, first giving it the room it lacks at either end. */
  private scrollBy(delta: number): void {
    const scroller = this.host.ownerDocument.scrollingElement ?? this.root;
    const view = this.host.ownerDocument.defaultView!;
    const wanted = scroller.scrollTop + delta;
    const max = scroller.scrollHeight - scroller.clientHeight;
    if (wanted > max) this.addRoom('bottom', Math.ceil(wanted - max));
    if (wanted < 0) {
      // Room at the start moves the page down by itself: no scroll left to do.
      this.addRoom('top', Math.ceil(-wanted));
      view.scrollTo({ top: 0, behavior: 'instant' });
      return;
    }
    view.scrollTo({ top: wanted, behavior: 'instant' });
  }

  private addRoom(side: 'top' | 'bottom', px: number): void {
    this.ensureRoom(side, this.room[side] + px);
  }

  /** At least `px` of room at `side` of the document, besides its own padding. */
  private ensureRoom(side: 'top' | 'bottom', px: number): void {
    if (px <= this.room[side] && this.borrowed.has(`padding-${side}`)) return;
    const property = this.borrow(`padding-${side}`);
    this.room[side] = Math.max(this.room[side], px);
    const own = parseFloat(property.own) || 0;
    property.set(`${own + this.room[side]}px`);
  }
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.width > 0 && a.height > 0 && a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
}

function isFocused(target: Element): boolean {
  let active = target.ownerDocument.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === target;
}

/** Whether `element` is in a fixed layer of the page (its own fixed header, say): scrolling does not move it. */
function inFixedLayer(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parentElement ?? hostOf(node)) {
    if (getComputedStyle(node).position === 'fixed') return true;
  }
  return false;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
