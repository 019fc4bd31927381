// Element ids inside a widget (a label's `for`, an <output>'s `for`, an SVG's <title>, a marker or
// a clip path) must be unique on the page, or a second copy of the widget would point its labels
// and arrows at the first copy's elements. Each instance therefore prefixes its ids with an id of
// its own, handed out here while the page renders.

const issued = new WeakMap<object, Map<string, number>>();

/**
 * An id prefix for one instance of a widget, unique on the page being rendered: `base` for the
 * page's first instance (so the ids of a page with one copy stay short and stable), then
 * `base-2`, `base-3`… for the next ones. `page` is the object that lives for one page's render:
 * `Astro.locals` in a component. The custom element reads the prefix back from its `data-id`
 * attribute when it redraws.
 */
export function instanceId(page: object, base: string): string {
  let counts = issued.get(page);
  if (!counts) issued.set(page, (counts = new Map()));
  const n = (counts.get(base) ?? 0) + 1;
  counts.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}
