// axe-core in the test page, checking the WCAG 2.0/2.1/2.2 A and AA rules (it reaches into shadow roots).
import { pageValue } from './globals.js';

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary?: string }[] }[];
}
interface Axe {
  run(context: Element, options: object): Promise<AxeResults>;
}

const loading = new WeakMap<Window, Promise<Axe>>();

/** axe-core in `win` (the test page, or a fixture page's frame: axe checks the document it runs in). */
function loadAxe(win: Window): Promise<Axe> {
  let loaded = loading.get(win);
  if (!loaded) {
    loaded = new Promise((resolve, reject) => {
      const script = win.document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve(pageValue(win, 'axe') as Axe);
      script.onerror = () => reject(new Error('axe-core did not load'));
      win.document.head.append(script);
    });
    loading.set(win, loaded);
  }
  return loaded;
}

/** The violations, one line each, so a failing assertion says what is wrong and where. */
export async function axeViolations(context: Element): Promise<string[]> {
  const axe = await loadAxe(context.ownerDocument.defaultView ?? window);
  const results = await axe.run(context, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  });
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`).join('; ')}`,
  );
}
