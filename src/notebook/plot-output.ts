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
 * Every tag of serialised markup: `/` for a closing one, its name, then its attributes as the
 * serialiser writes them, each value in double quotes and never holding one. A value may hold
 * `>` and `<` (only `&` and `"` are escaped in it), so a tag ends at the first `>` outside
 * quotes, and the tags are read in order from the start: a match never begins inside a value.
 * A red team's `ariaDescription: 'x"></svg><div>…'` once ended the <svg> tag inside its value.
 */
const TAG = /<(\/?)([a-zA-Z][^\s/>"]*)((?:[^>"]|"[^"]*")*)>/g;
/** One attribute of a TAG's list: its name, and its value when it has one. */
const ATTRIBUTE = /\s+([^\s="]+)(?:="([^"]*)")?/g;

/**
 * The chart's own <svg> tag in Plot's markup (where it starts, the tag, its attributes), or null: the markup itself when it is an
 * <svg>; in a <figure> (a chart with a title, caption or legend), its last <svg> child, after
 * the legends' (a swatch legend's <svg>s are inside its <div>, a ramp legend is an <svg> of the
 * figure's own, and both come before the chart).
 */
function chartTag(html: string): { at: number; tag: string; attrs: string } | null {
  let depth = 0;
  let root = '';
  let chart: { at: number; tag: string; attrs: string } | null = null;
  for (const match of html.matchAll(TAG)) {
    const [tag, closing, name, attrs] = match;
    if (closing) {
      depth -= 1;
      continue;
    }
    if (depth === 0 && root === '') {
      root = name;
      if (name === 'svg') return { at: match.index!, tag, attrs };
    } else if (depth === 1 && root === 'figure' && name === 'svg') {
      chart = { at: match.index!, tag, attrs };
    }
    if (!tag.endsWith('/>')) depth += 1;
  }
  return chart;
}

/**
 * Plot labels its marks with aria-label on <g> elements, which ARIA does not allow on an
 * element without a role, and leaves the chart itself unnamed unless the author passed
 * `ariaLabel`. A reader's chart still deserves a text alternative, so the marks' labels become
 * the chart's name ("Chart: line, x-axis tick, y-axis tick"), on the chart's <svg> as
 * role="img" (it was put on a legend's first swatch when the chart had one). `html` is a
 * serialiser's markup (display.ts: the chart's outerHTML); the page's chart sanitiser still
 * reads the result as untrusted.
 */
export function accessiblePlot(html: string): string {
  const marks: string[] = [];
  const out = html.replace(TAG, (tag: string, closing: string, name: string, attrs: string) => {
    if (closing || name !== 'g') return tag;
    const kept = attrs.replace(ATTRIBUTE, (attribute: string, key: string, value: string | undefined) => {
      if (key !== 'aria-label') return attribute;
      if (value && !marks.includes(value)) marks.push(value);
      return '';
    });
    return `<g${kept}>`;
  });
  const chart = chartTag(out);
  if (!chart) return out;
  const { at, tag, attrs } = chart;
  const keys = Array.from(attrs.matchAll(ATTRIBUTE), (match) => match[1]);
  let extra = '';
  if (!keys.includes('role')) extra += ' role="img"';
  if (!keys.includes('aria-label'))
    extra += ` aria-label="${escapeHtml(marks.length ? `Chart: ${marks.join(', ')}` : 'Chart')}"`;
  const selfClosing = attrs.endsWith('/');
  const opened = `<svg${selfClosing ? attrs.slice(0, -1).trimEnd() : attrs}${extra}${selfClosing ? ' />' : '>'}`;
  return out.slice(0, at) + opened + out.slice(at + tag.length);
}
