/** Keyboard helpers for dialogs, kept out of the component so they can be read and tested on their own. */

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab stops at inside `container`, in order; a radio group is one stop (its checked radio). */
export function tabStops(container: ParentNode): HTMLElement[] {
  const stops: HTMLElement[] = [];
  const groups = new Set<string>();
  for (const element of Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE))) {
    if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (groups.has(element.name)) continue;
      groups.add(element.name);
      const checked = container.querySelector<HTMLInputElement>(`input[type="radio"][name="${element.name}"]:checked`);
      stops.push(checked ?? element);
      continue;
    }
    if (element.getClientRects().length > 0) stops.push(element);
  }
  return stops;
}

/**
 * Keeps Tab and Shift+Tab inside a modal dialog: from the last stop to the first and back. The native
 * modal `<dialog>` makes the page inert but lets focus leave to the browser's own controls.
 */
export function trapTabKey(event: KeyboardEvent, dialog: HTMLElement, activeElement: Element | null): void {
  if (event.key !== 'Tab') return;
  const stops = tabStops(dialog);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return;
  const active =
    activeElement instanceof HTMLInputElement && activeElement.type === 'radio'
      ? stops.find((stop) => stop instanceof HTMLInputElement && stop.name === activeElement.name)
      : activeElement;
  if (event.shiftKey && active === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
