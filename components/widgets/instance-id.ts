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

/**
 * The id prefix an element's component gave it (`data-id`, from instanceId). Throws, naming the
 * element, when it has none: falling back to a fixed prefix would point this copy's labels and
 * arrows at another copy's elements, which is what the prefix exists to prevent.
 */
export function idOf(element: HTMLElement): string {
  const id = element.dataset.id;
  if (!id) throw new Error(`<${element.localName}> has no data-id: render it with instanceId(Astro.locals, …) and pass the result as data-id`);
  return id;
}
