/**
 * The texts a visitor sees in one layer of the banner (the banner or the preferences view), as one line:
 * what a receipt's hash proves was shown when the decision was made. Slotted content counts where it replaces
 * a slot's own text; the receipt line of an earlier decision does not count.
 */
export function shownTexts(layer: Element): string {
  return textOf(layer).replace(/\s+/g, ' ').trim();
}

function textOf(node: Node): string {
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    if (assigned.length > 0) return assigned.map(textOf).join(' ');
  }
  if (node instanceof Element && node.matches('[part~="receipt"], .visually-hidden')) return '';
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  return [...node.childNodes].map(textOf).join(' ');
}
