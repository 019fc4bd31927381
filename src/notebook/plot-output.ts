// Plot's output in a cell: the only thing the display protocol shows as markup. The kernel
// marks each element Plot returns (markPlotResult); display.ts describes a marked element as
// an html item, made deterministic (renumberPlotIds) and given a text alternative
// (accessiblePlot); render.ts still passes it through the chart sanitiser, because the reader
// could rewrite the element.

import { escapeHtml } from '../lib/html.ts';

const plotResults = new WeakSet<object>();

/** Mark an element as Plot's output, the only thing displayed as raw HTML. */
export function markPlotResult<T>(element: T): T {
  if (typeof element === 'object' && element !== null) plotResults.add(element);
  return element;
}

/** Whether `value` is an element markPlotResult registered. */
export function isPlotResult(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && plotResults.has(value);
}

/**
 * The elements in `chart`, itself included, counted up to `atMost + 1` and no further: enough to
 * refuse a chart too big for what a run has left without serialising it (a 4,000-dot chart is
 * counted about 9 times faster than its markup is made). It walks the element tree through
 * `firstElementChild` and `nextElementSibling`, which the reader's code may have redefined: the
 * walk stays bounded whatever they return, and only ever refuses; a chart it lets through is still
 * counted from its markup.
 */
export function elementsUpTo(chart: Element, atMost: number): number {
  let count = 0;
  const stack: unknown[] = [chart];
  while (stack.length > 0 && count <= atMost) {
    const element = stack.pop() as Element;
    count++;
    for (let child = element.firstElementChild; child && stack.length <= atMost; child = child.nextElementSibling)
      stack.push(child);
  }
  return count;
}

/**
 * Plot numbers its clip paths, patterns and markers with a global counter, so the same plot
 * gets different ids depending on what ran before it. Renumber them from the cell and output
 * position: deterministic across build and browser, and still unique on the page.
 */
export function renumberPlotIds(html: string, prefix: string): string {
  const ids = new Map<string, string>();
  return html.replace(/plot-(clip|pattern|marker)-\d+/g, (id, kind: string) => {
    if (!ids.has(id)) ids.set(id, `${prefix}-${kind}-${ids.size + 1}`);
    return ids.get(id)!;
  });
}

/**
 * Plot labels its marks with aria-label on <g> elements, which ARIA does not allow on an
 * element without a role, and leaves the chart itself unnamed unless the author passed
 * `ariaLabel`. A reader's chart still deserves a text alternative, so the marks' labels become
 * the chart's name ("Chart: line, x-axis tick, y-axis tick"), on the <svg> as role="img".
 */
export function accessiblePlot(html: string): string {
  const marks: string[] = [];
  let out = html.replace(/<g([^>]*?) aria-label="([^"]*)"/g, (_match, before: string, label: string) => {
    if (!marks.includes(label)) marks.push(label);
    return `<g${before}`;
  });
  out = out.replace(/<svg\b([^>]*)>/, (tag: string, attrs: string) => {
    let extra = '';
    if (!/\brole=/.test(attrs)) extra += ' role="img"';
    if (!/\baria-label=/.test(attrs))
      extra += ` aria-label="${escapeHtml(marks.length ? `Chart: ${marks.join(', ')}` : 'Chart')}"`;
    return `<svg${attrs}${extra}>`;
  });
  return out;
}
