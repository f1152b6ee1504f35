/**
 * Styles of the parts the eager stage draws itself (the way back, the fallback dialog, placeholders): a
 * constructable style sheet made on first use and adopted by shadow roots. CSSOM only, which a strict
 * `style-src` allows; undefined where the browser has no constructable sheets (the caller says so).
 */
export function lazyStyleSheet(css: string): () => CSSStyleSheet | undefined {
  let sheet: CSSStyleSheet | undefined;
  return () => {
    if (sheet || typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return sheet;
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  };
}

/** Adds `sheet` to the sheets `root` adopted, once (Lit replaces a root's sheets when it renders there first). */
export function adoptStyleSheet(root: ShadowRoot, sheet: CSSStyleSheet | undefined): void {
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
