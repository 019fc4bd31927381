// The one gate between a chart made by reader code and the page's markup.
//
// A cell's Plot chart reaches the page as a string of markup (DisplayItem `html`), serialised in
// the worker. Plot makes safe markup, but the reader holds the element before it is serialised
// and can rewrite it (`el.innerHTML = '<meta http-equiv="refresh" …>'`), so the string is
// untrusted. DOMPurify turns it into what Plot itself produces and nothing else. The build
// (Node, on jsdom: sanitize-node.ts) and the page (the real window, loaded with the first run)
// use this one configuration, so a rerun reproduces the pre-rendered chart exactly.
//
// What is kept, and why:
// - Elements: the SVG Plot draws with, the <figure> it wraps a titled or legended chart in, and
//   the <div>/<span> of its swatch legends. Not <style>: Plot's own stylesheets are fixed text,
//   and a reader's could restyle the whole page (`body{display:none}`, `@import`), so they are
//   dropped and Plot's rules ship in src/styles/plot.css instead. Not <image>, <foreignObject>,
//   <meta>, <script>, <iframe>, <link>, <use> or anything else Plot does not make.
// - What a chart draws once its references are followed is bounded (MAX_DRAWN_ELEMENTS): parts
//   drawn at each reference (a clip path, a marker at every vertex) multiply what its markup
//   makes, and a red team's 2.7 kB of nested <use> drew a million elements and froze the page.
// - Attributes: the ones Plot sets (geometry, paint, fonts, aria-label, role, class, id, style).
//   No event handlers, no data-*: the page's own scripts find their parts by data attributes.
// - References: href, xlink:href and url(…) may only name an element of the same chart (`#id`),
//   so a chart can load nothing and link nowhere. Values that CSS parses (style, fill, transform,
//   filter, …) may call only the functions charts need (colours, transforms, filters, maths);
//   that shuts out image-set(), src(), expression() and escapes that spell url( another way.
// - Ids must start with "nb-" or "plot-" (Plot's, renumbered per cell by the kernel): any other
//   id could shadow one the page relies on, such as #main or #cell-….
// - Classes must be Plot's ("plot-d6a7b5", "plot-d6a7b5-swatch", …, and d3's "tick"), and a
//   role must be one a chart has ("img", "group", "presentation", "none"): a red team dressed a
//   chart's <div>s in the page's classes (`nb-checks`, `nb-pass`, `ex-pass-note`) and the output
//   read "All 15 checks passed" with green ticks, styled by the page, for a wrong answer; a
//   role="alert" or "status" would have a screen reader announce such text as the page's news.
//   Nor may a value use the page's custom properties (`var(--ok)`), only Plot's (`--plot-…`).
// - A style sets only what Plot's own styles and its `style` option do (STYLE_PROPERTIES: type,
//   colour, size, spacing): no `position` (how an overlay starts), no filters, shadows or markers.
// - What a chart draws once its references are followed, and its filters, are bounded
//   (MAX_DRAWN_ELEMENTS, FILTER_COST, MAX_FILTER_LENGTH): see drawnElements.
// CSS containment on the output box (src/styles/notebook.css) is the second wall: whatever gets
// through, a fixed overlay or a transform, stays inside the cell's output.

import createDOMPurify, { type Config, type WindowLike } from 'dompurify';
import { formatCount } from '../lib/numbers.ts';
import { boundClusters } from '../lib/html.ts';

/**
 * Chart markup in, the part of it that may become page markup out. `inSteps` gives the same
 * result with the work split into steps of about STEP_ELEMENTS elements, calling `pause` between
 * them, so a chart of thousands of marks never holds the page in one long task.
 */
export interface ChartSanitizer {
  (html: string): string;
  inSteps?: (html: string, pause: () => Promise<void>) => Promise<string>;
}

/**
 * Elements DOMPurify sanitises in one step of `inSteps`. It spends about 20 µs an element in
 * Chromium on this project's machines (4,000 dots: 88 ms), so a step stays near 10 ms.
 */
export const STEP_ELEMENTS = 500;
/** Attributes an element may have; one with more is removed whole (see parse). */
export const MAX_ATTRIBUTES = 100;
/**
 * Elements a chart's markup may make when parsed: twice what a chart may draw
 * (display.ts MAX_CHART_ELEMENTS), since the browser's parser adds a few of its own.
 */
export const MAX_PARSED_ELEMENTS = 10_000;
/**
 * Elements a chart may draw once its references are followed (drawnElements): each element
 * that refers to a clip path, mask, marker, pattern, gradient or filter draws that part again
 * (a marker-mid at every vertex). Five times what a chart's markup may make: Plot's own charts
 * refer to one clip path per mark, and markers on a line mark's vertices. A red team's 61
 * nested <use> elements (2.7 kB) drew a million copies and held the page for good.
 */
export const MAX_DRAWN_ELEMENTS = 50_000;
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

const HTML_TAGS = ['figure', 'figcaption', 'h2', 'h3', 'div', 'span'];
const SVG_TAGS = [
  'svg', 'g', 'defs', 'title', 'desc', 'a', 'path', 'line', 'polyline', 'polygon', 'rect', 'circle', 'ellipse',
  'text', 'tspan', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'stop',
];

/** Attributes that hold plain text, never parsed as CSS or as a URL. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-hidden', 'role', 'class', 'id', 'title']);
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href']);
const ATTRIBUTES = [
  ...TEXT_ATTRIBUTES, ...REFERENCE_ATTRIBUTES, 'style',
  'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'dx', 'dy', 'd', 'points', 'width', 'height',
  'viewbox', 'preserveaspectratio', 'transform', 'transform-origin',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linejoin', 'stroke-linecap',
  'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'shape-rendering', 'paint-order',
  'pointer-events', 'visibility', 'mix-blend-mode', 'filter', 'clip-path', 'clip-rule', 'mask',
  'font-family', 'font-size', 'font-style', 'font-variant', 'font-weight', 'text-anchor', 'dominant-baseline',
  'marker-start', 'marker-mid', 'marker-end', 'markerwidth', 'markerheight', 'markerunits', 'refx', 'refy', 'orient',
  'patternunits', 'patterncontentunits', 'patterntransform', 'clippathunits', 'maskunits',
  'gradientunits', 'gradienttransform', 'offset', 'stop-color', 'stop-opacity',
];

/** The one configuration, for the build and the page alike. */
const CHART_CONFIG = {
  ALLOWED_TAGS: [...HTML_TAGS, ...SVG_TAGS],
  ALLOWED_ATTR: ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // DOMPurify reads "word:" at the start of any other value as a URL scheme and drops it, which
  // would take "Chart: line, …" (accessiblePlot's label) with it. These values are never URLs.
  ADD_URI_SAFE_ATTR: [...TEXT_ATTRIBUTES],
} satisfies Config;

/**
 * The properties a chart's `style` may set: Plot's own (`max-width`, `user-select`, …) and what
 * its `style` option is for (type, colour, size, spacing), and Plot's custom properties. A
 * declaration of any other is dropped: a red team's `filter`, `box-shadow` and markers in styles
 * cost the page seconds to draw, where the drawn-elements count (MAX_DRAWN_ELEMENTS) could not
 * see them, and position, transforms and masks have no place in a chart's style either.
 */
const STYLE_PROPERTIES = new Set([
  'font', 'font-family', 'font-size', 'font-style', 'font-variant', 'font-weight', 'font-stretch', 'line-height',
  'letter-spacing', 'word-spacing', 'text-anchor', 'text-align', 'text-decoration', 'white-space', 'vertical-align',
  'dominant-baseline', 'color', 'background', 'background-color', 'fill', 'fill-opacity', 'stroke', 'stroke-width',
  'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'opacity', 'paint-order', 'shape-rendering',
  'width', 'height', 'max-width', 'max-height', 'min-width', 'min-height', 'margin', 'margin-top', 'margin-right',
  'margin-bottom', 'margin-left', 'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'overflow', 'overflow-x', 'overflow-y', 'display', 'columns', 'user-select', 'pointer-events', 'visibility',
  'mix-blend-mode',
]);

/**
 * A style's declarations, split where the browser may split them, each as [property, value]
 * (the property lower-cased, as CSS matches it). Every `;` splits, inside a string or brackets
 * too, where the browser would not: so a declaration the browser reads is always one of these,
 * with its property, and the checks on them see at least what the browser does.
 */
function declarationsOf(style: string): [property: string, value: string, text: string][] {
  return style.split(';').map((text) => {
    const colon = text.indexOf(':');
    return colon > 0 ? [text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim(), text] : ['', '', text];
  });
}

/**
 * A stroke-dasharray the drawn count can measure: none, or numbers in user units (px or none),
 * as Plot writes them. A unit (`0.001%`, `em`, `vmin`), calc() or var() could make each dash
 * shorter than its number says, so any other value is dropped.
 */
const plainDashes = (value: string): boolean =>
  value.trim().toLowerCase() === 'none' || /^\s*(?:(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?:px)?(?:\s*,\s*|\s+|\s*$))+$/i.test(value);

/**
 * A style's declarations of STYLE_PROPERTIES and Plot's custom properties (`--plot-…`), the rest
 * left out, and with them a dash the count cannot measure (plainDashes) and a custom property
 * holding a url(): through var() it would name a pattern where the count does not look.
 */
function chartStyle(style: string): string {
  return declarationsOf(style)
    .filter(([property, value]) => {
      if (property === 'stroke-dasharray') return plainDashes(value);
      if (property.startsWith('--plot-')) return !/url\(/i.test(value);
      return STYLE_PROPERTIES.has(property);
    })
    .map(([, , text]) => text)
    .join(';');
}

/** A length in a filter longer than this (blur(1000px), a shadow far off) drops the filter: Plot's tip casts a 4px shadow. */
const MAX_FILTER_LENGTH = 100;
const FILTER_LENGTH = /(\d*\.?\d+)(?:e[-+]?\d+)?\s*(?:px|em|rem|ex|ch|vw|vh|vmin|vmax|cm|mm|q|in|pt|pc|%)/gi;

/** CSS functions a chart may use in a value the browser parses as CSS. url() is checked apart. */
const CSS_FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix', 'light-dark',
  'calc', 'min', 'max', 'clamp', 'var',
  'translate', 'translatex', 'translatey', 'rotate', 'scale', 'scalex', 'scaley', 'skewx', 'skewy', 'matrix',
  'blur', 'brightness', 'contrast', 'drop-shadow', 'grayscale', 'hue-rotate', 'invert', 'saturate', 'sepia',
]);
// A name before "(" (any identifier characters CSS allows); an empty name is a bracketed block.
const FUNCTION_CALL = /([\w\u0080-\uffff-]*)\s*\(/g;
const URL_CALL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const FRAGMENT = /^#([A-Za-z][\w.:-]*)$/;
const CHART_ID = /^(?:nb|plot)-[\w.:-]*$/;
/** Plot's classes, and the two d3's axis gives the ticks of a legend's colour ramp. */
const CHART_CLASS = /^(?:plot-[\w-]*|tick|domain)$/;
const CHART_ROLES = new Set(['img', 'group', 'presentation', 'none']);
const POSITION = /position\s*:/i;
/** A var() naming anything but Plot's own custom properties (spaces may stand before the name). */
const PAGE_PROPERTY = /var\((?!\s*--plot-)/i;

/**
 * The #ids an attribute's value refers to, or null if the value may not stay: it refers outside
 * the chart, or (in a value CSS parses) calls a function that can fetch, or holds an escape that
 * could spell one.
 */
function references(attribute: string, value: string): string[] | null {
  const name = attribute.toLowerCase();
  if (TEXT_ATTRIBUTES.has(name)) return [];
  if (REFERENCE_ATTRIBUTES.has(name)) {
    const fragment = FRAGMENT.exec(value.trim());
    return fragment ? [fragment[1]] : null;
  }
  // An escape can spell url( another way, and a comment hides a name from the checks here
  // (`position/**/:fixed` is a position to the browser).
  if (value.includes('\\') || value.includes('/*')) return null;
  // Most of a chart's values are numbers and names: with no bracket there is no call to check.
  if (!value.includes('(')) return [];
  // The page's custom properties are its look (`var(--ok)`, `var(--border)`): with them a red
  // team drew the page's verdict box, right in both themes. Plot sets none inline; a chart may
  // name only its own (`--plot-…`).
  if (PAGE_PROPERTY.test(value)) return null;
  const refs: string[] = [];
  for (const [, , target] of value.matchAll(URL_CALL)) {
    const fragment = FRAGMENT.exec(target.trim());
    if (!fragment) return null;
    refs.push(fragment[1]);
  }
  for (const [, fn] of value.replace(URL_CALL, '').matchAll(FUNCTION_CALL)) {
    if (fn && !CSS_FUNCTIONS.has(fn.toLowerCase())) return null;
  }
  return refs;
}

/**
 * A sanitiser bound to a window: the page's own, or jsdom's at build time. It throws if
 * DOMPurify cannot work on that window, because DOMPurify would then return its input unchanged.
 */
export function createChartSanitizer(window: WindowLike): ChartSanitizer {
  const purify = createDOMPurify(window);
  if (!purify.isSupported) {
    const missing = [
      !window.document?.implementation && 'document.implementation',
      !window.NodeFilter && 'NodeFilter',
      !window.DOMParser && 'DOMParser',
    ].filter(Boolean);
    throw new Error(`createChartSanitizer: DOMPurify cannot run on this window (missing: ${missing.join(', ') || 'a working DOM'}), and unsupported it would return charts unsanitised`);
  }
  purify.addHook('uponSanitizeAttribute', (_node, event) => {
    const name = event.attrName;
    const value = event.attrValue;
    if (name === 'id' && !CHART_ID.test(value)) event.keepAttr = false;
    else if (name === 'class') {
      const kept = value.split(/\s+/).filter((token) => CHART_CLASS.test(token));
      if (kept.length === 0) event.keepAttr = false;
      else event.attrValue = kept.join(' ');
    } else if (name === 'role' && !CHART_ROLES.has(value.trim().toLowerCase())) event.keepAttr = false;
    else if (name === 'style') {
      const kept = chartStyle(value);
      if (kept.trim() === '' || POSITION.test(value) || references(name, kept) === null) event.keepAttr = false;
      else event.attrValue = kept;
    } else if (name === 'filter' && (/var\(/i.test(value) || [...value.matchAll(FILTER_LENGTH)].some(([, n]) => Number(n) > MAX_FILTER_LENGTH))) {
      // var() could hold any number of filter functions, where FILTER_COST counts one.
      event.keepAttr = false;
    } else if (name === 'stroke-dasharray' && !plainDashes(value)) event.keepAttr = false;
    else if (references(name, value) === null) event.keepAttr = false;
  });
  /** The sanitised chart as markup, after dropping references to ids the chart lacks. */
  const finish = (root: Element): string => {
    // A reference must land inside this chart: drop the ones that name an element it lacks.
    const ids = new Set(Array.from(root.querySelectorAll('[id]'), (el) => el.id));
    for (const el of root.querySelectorAll('*')) {
      for (const { name, value } of Array.from(el.attributes)) {
        if (references(name, value)?.every((id) => ids.has(id)) !== true) el.removeAttribute(name);
      }
    }
    const drawn = drawnElements(root);
    if (drawn > MAX_DRAWN_ELEMENTS) {
      const count = Number.isFinite(drawn) ? `${formatCount(drawn)} elements` : 'without end (a part refers to itself)';
      throw new Error(`sanitizeChart: this chart draws ${count} once the parts it refers to (clip paths, markers, masks, patterns) are drawn at each reference, more than the ${formatCount(MAX_DRAWN_ELEMENTS)} a chart may draw. Draw fewer marks, or refer to fewer parts.`);
    }
    // Its text is laid out like any output's: a symbol of thousands of joined characters is cut.
    return boundClusters(root.innerHTML);
  };
  /**
   * The chart parsed into an inert document, in a <div>, as the page will parse the result (no
   * quirks mode, in a <div>). An element with more than MAX_ATTRIBUTES attributes is removed
   * first: DOMPurify takes them off one at a time, and one <circle> with 120,000 of them held
   * the page for two minutes (Plot sets at most about 15). Markup the parser turns into far more
   * elements than it names (`<b><i>` before thousands of `<p>`) is refused: the run's budget
   * counted the tags, not what they become.
   */
  const parse = (html: string): Element => {
    const document = new window.DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
    const root = document.createElement('div');
    root.append(...Array.from(document.body.childNodes));
    const elements = root.getElementsByTagName('*');
    if (elements.length > MAX_PARSED_ELEMENTS) {
      throw new Error(`sanitizeChart: this chart's markup makes ${formatCount(elements.length)} elements when parsed, more than the ${formatCount(MAX_PARSED_ELEMENTS)} a chart may have. Draw fewer marks.`);
    }
    for (const el of Array.from(elements)) if (el.attributes.length > MAX_ATTRIBUTES) el.remove();
    return root;
  };
  /**
   * DOMPurify's IN_PLACE on `node` and what it holds. An empty element is added for the time of
   * it: a node with text that looks like markup and no element inside is removed as a whole,
   * and the node walked in place cannot be, so DOMPurify would throw instead.
   */
  const sanitizeInPlace = (node: Element) => {
    const sentinel = node.namespaceURI === SVG_NAMESPACE ? node.ownerDocument.createElementNS(SVG_NAMESPACE, 'g') : node.ownerDocument.createElement('span');
    node.append(sentinel);
    purify.sanitize(node, { ...CHART_CONFIG, IN_PLACE: true });
    sentinel.remove();
  };
  const sanitize: ChartSanitizer = (html) => {
    const root = parse(html);
    sanitizeInPlace(root);
    return finish(root);
  };
  sanitize.inSteps = async (html, pause) => {
    // Each run of at most STEP_ELEMENTS elements is cut out into a detached holder, its place
    // kept by an empty element, and every piece is sanitised in place on its own, the outline
    // first. A holder has its old parent's namespace (an <svg> or a <div>), so DOMPurify's
    // namespace rules judge each element as they would in the whole. A piece goes back only
    // where its placeholder survived; where the sanitiser removed the parent, the piece is
    // dropped with it.
    const root = parse(html);
    const pieces = cutIntoPieces(root);
    sanitizeInPlace(root);
    for (const { holder, placeholder } of pieces) {
      await pause();
      if (!root.contains(placeholder)) continue;
      sanitizeInPlace(holder);
      placeholder.replaceWith(...Array.from(holder.childNodes));
    }
    await pause();
    return finish(root);
  };
  return sanitize;
}

/** The vertices of a path or polyline, as the numbers its `d` or `points` holds, in pairs: where a marker-mid is drawn. */
const vertices = (el: Element): number => {
  const numbers = (el.getAttribute('d') ?? el.getAttribute('points') ?? '').match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi);
  return Math.max(1, Math.ceil((numbers?.length ?? 0) / 2));
};

/** Properties an element passes on to what it holds that may name a part of the chart (its paint, a pattern, and its markers), and its dashes. */
const INHERITED = ['fill', 'stroke', 'marker-start', 'marker-mid', 'marker-end', 'stroke-dasharray'] as const;
type InheritedProperty = (typeof INHERITED)[number];
/** Elements that paint, each with the paint and markers in effect for it, own or inherited. */
const PAINTED = new Set(['path', 'line', 'polyline', 'polygon', 'rect', 'circle', 'ellipse', 'text', 'tspan']);
const MARKED = new Set(['path', 'line', 'polyline', 'polygon']);
/** What one CSS filter function (blur, drop-shadow, …) costs, in drawn elements: the most a chart may apply is MAX_DRAWN_ELEMENTS / FILTER_COST. */
export const FILTER_COST = 1_000;
/**
 * What one dash of a dashed stroke costs, in drawn elements: a red team's 8 lines dashed every
 * 0.01 (240,000 dashes) kept the page from drawing a frame for 8.6 s, about 35 µs a dash.
 */
export const DASH_COST = 5;

/**
 * How long an element's outline is, in its own units, as an upper bound: a path's segments
 * (curves by their control points, arcs by their ends), a polyline's or polygon's sides, a
 * line, a rect's or a circle's perimeter. For counting the dashes of a dashed stroke.
 */
function outlineLength(el: Element): number {
  const number = (name: string) => Math.abs(Number(el.getAttribute(name)) || 0);
  switch (el.localName.toLowerCase()) {
    case 'line':
      return Math.hypot(number('x2') - number('x1'), number('y2') - number('y1'));
    case 'rect':
      return 2 * (number('width') + number('height'));
    case 'circle':
      return 2 * Math.PI * number('r');
    case 'ellipse':
      return 2 * Math.PI * Math.max(number('rx'), number('ry'));
    case 'polyline':
    case 'polygon':
      return pathLength(`M${el.getAttribute('points') ?? ''}Z`);
    case 'path':
      return pathLength(el.getAttribute('d') ?? '');
    default:
      return 0;
  }
}

/** How many numbers each path command takes per step. */
const PATH_STEPS: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };

/** A path's length as an upper bound: the distance along every point its commands name, from the current point. */
function pathLength(d: string): number {
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let length = 0;
  for (const [, command, args] of d.matchAll(/([MmLlHhVvCcSsQqTtAaZz])([^MmLlHhVvCcSsQqTtAaZz]*)/g)) {
    const lower = command.toLowerCase();
    const relative = command === lower;
    const numbers = (args.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    const go = (nx: number, ny: number) => {
      length += Math.hypot(nx - x, ny - y);
      x = nx;
      y = ny;
    };
    if (lower === 'z') {
      go(startX, startY);
      continue;
    }
    const step = PATH_STEPS[lower];
    for (let i = 0; i + step <= numbers.length; i += step) {
      const part = numbers.slice(i, i + step);
      if (lower === 'h') go(relative ? x + part[0] : part[0], y);
      else if (lower === 'v') go(x, relative ? y + part[0] : part[0]);
      else if (lower === 'a') go(relative ? x + part[5] : part[5], relative ? y + part[6] : part[6]);
      else {
        // Every point the command names, control points too: the curve is no longer than that.
        const [fromX, fromY] = [x, y];
        for (let k = 0; k < step; k += 2) go(relative ? fromX + part[k] : part[k], relative ? fromY + part[k + 1] : part[k + 1]);
      }
      if (lower === 'm' && i === 0) [startX, startY] = [x, y];
    }
  }
  // Coordinates past what a double holds are far enough: a cycle alone counts as without end.
  return Number.isFinite(length) ? length : 1e15;
}

/** The dashes a stroke dashed by `dasharray` makes along `length`: 0 for a solid stroke (none, all zeros, or a value the browser ignores). */
function dashes(dasharray: string, length: number): number {
  if (dasharray.trim() === 'none' || dasharray.trim() === '') return 0;
  const values = dasharray.split(/[\s,]+/).filter(Boolean).map((v) => Math.abs(parseFloat(v)));
  if (values.some((v) => !Number.isFinite(v))) return 0; // the browser ignores it, and draws the line solid
  const period = values.reduce((a, b) => a + b, 0) * (values.length % 2 === 1 ? 2 : 1);
  if (period === 0) return 0; // all zeros: solid
  return Math.ceil(length / period) * (values.length % 2 === 1 ? values.length : values.length / 2);
}

/** The properties the drawn count reads: what is inherited (INHERITED), and filter. */
type CountedProperty = InheritedProperty | 'filter';

/**
 * Every value `el` declares for each property the count reads: its attribute's and each of its
 * style's declarations, the style parsed once. Every one, not the one CSS would pick: the
 * browser takes the last declaration it can read, and skips one it cannot (`banana`) for the one
 * before, or for the attribute, or for what is inherited; so the count takes the dearest of all.
 */
function declared(el: Element): Partial<Record<CountedProperty, string[]>> {
  const values: Partial<Record<CountedProperty, string[]>> = {};
  const add = (property: string, value: string) => {
    if (property !== 'filter' && !(INHERITED as readonly string[]).includes(property)) return;
    if (value === '' || value === 'inherit') return;
    (values[property as CountedProperty] ??= []).push(value);
  };
  for (const property of [...INHERITED, 'filter']) {
    const value = el.getAttribute(property);
    if (value !== null) add(property, value.trim());
  }
  const style = el.getAttribute('style');
  if (style) for (const [property, value] of declarationsOf(style)) add(property, value);
  return values;
}

/**
 * How many elements `root`'s subtree draws when each part it refers to is drawn again where it
 * is used: a clip path, mask or filter's url at its element; a pattern or gradient at each
 * element painted with it, the fill or stroke set there or on a group around it (they are
 * inherited); a marker at each vertex (mid) or end of each path, line or polygon it applies to,
 * inherited too; each dash of a dashed stroke, DASH_COST. A CSS filter costs FILTER_COST a
 * function: a red team's 3,000 rects, each blurred and shadowed, kept the page from drawing a
 * frame for good in 3,001 elements. Infinity when a part refers to itself or to what holds it.
 * Counted, never rendered: each element's count is kept, so parts that each refer to the one
 * before many times cost their number, not their product.
 */
function drawnElements(root: Element): number {
  const byId = new Map<string, Element>();
  for (const el of Array.from(root.querySelectorAll('[id]'))) if (!byId.has(el.id)) byId.set(el.id, el);
  const idsIn = (value: string) => references('fill', value) ?? [];
  /** What the dearest of `values` draws again: a paint or marker names one part, or none. */
  const partsOf = (values: string[] | undefined): number =>
    Math.max(0, ...(values ?? []).map((value) => idsIn(value).reduce((sum, id) => sum + (byId.has(id) ? count(byId.get(id)!) : 0), 0)));
  // What each element may inherit: the values its ancestors declare for each property. Its own
  // are added to them, not put in their place, since the browser goes back to the inherited value
  // when it cannot read the element's own (declared()). A marker's or pattern's content inherits
  // from where it stands, not from what uses it (SVG 2), so each element has one context.
  const contexts = new Map<Element, Partial<Record<InheritedProperty, string[]>>>();
  const own = new Map<Element, Partial<Record<CountedProperty, string[]>>>();
  const ownOf = (el: Element) => own.get(el) ?? own.set(el, declared(el)).get(el)!;
  const contextOf = (el: Element): Partial<Record<InheritedProperty, string[]>> => {
    let context = contexts.get(el);
    if (context) return context;
    context = { ...(el === root || !el.parentElement ? {} : contextOf(el.parentElement)) };
    const values = ownOf(el);
    for (const property of INHERITED) {
      if (values[property]) context[property] = [...new Set([...(context[property] ?? []), ...values[property]])];
    }
    contexts.set(el, context);
    return context;
  };
  const counted = new Map<Element, number>();
  const open = new Set<Element>();
  const count = (el: Element): number => {
    const known = counted.get(el);
    if (known !== undefined) return known;
    if (open.has(el)) return Infinity;
    open.add(el);
    let n = 1;
    for (const child of Array.from(el.children)) n += count(child);
    // Its own references that are not inherited: clip-path, mask, filter, href (a style may set
    // none of these: STYLE_PROPERTIES).
    for (const { name, value } of Array.from(el.attributes)) {
      if (name === 'style' || (INHERITED as readonly string[]).includes(name)) continue;
      for (const id of references(name, value) ?? []) if (byId.has(id)) n += count(byId.get(id)!);
    }
    const tag = el.localName.toLowerCase();
    if (PAINTED.has(tag)) {
      const context = contextOf(el);
      n += partsOf(context.fill) + partsOf(context.stroke);
      if (MARKED.has(tag)) n += partsOf(context['marker-start']) + partsOf(context['marker-end']) + vertices(el) * partsOf(context['marker-mid']);
      const length = outlineLength(el);
      n += DASH_COST * Math.max(0, ...(context['stroke-dasharray'] ?? []).map((dasharray) => dashes(dasharray, length)));
    }
    // A filter is not inherited; a style may not set one (STYLE_PROPERTIES).
    n += FILTER_COST * Math.max(0, ...(ownOf(el).filter ?? []).map((filter) => [...filter.replace(URL_CALL, '').matchAll(FUNCTION_CALL)].length));
    open.delete(el);
    counted.set(el, n);
    return n;
  };
  return count(root) - 1; // the holder <div> draws nothing
}

/** A run of siblings cut out of the chart (`holder`), and the empty element that keeps their place. */
interface Piece {
  holder: Element;
  placeholder: Element;
}

/**
 * Cuts `root`'s subtree into pieces of at most STEP_ELEMENTS elements: under any element with
 * more, consecutive children go into holders, and a child larger than a step is cut up in turn.
 * Only children of an SVG or HTML element are moved; anything else stays in the outline.
 */
function cutIntoPieces(root: Element): Piece[] {
  const pieces: Piece[] = [];
  // Each element's count of itself and its descendants, in one pass from the leaves up.
  const sizes = new Map<Element, number>();
  const all = [root, ...Array.from(root.getElementsByTagName('*'))];
  for (let i = all.length - 1; i >= 0; i--) {
    let n = 1;
    for (const child of Array.from(all[i].children)) n += sizes.get(child) ?? 1;
    sizes.set(all[i], n);
  }
  const size = (el: Element) => sizes.get(el) ?? 1;
  const visit = (parent: Element) => {
    const namespace = parent.namespaceURI;
    if (size(parent) <= STEP_ELEMENTS || (namespace !== SVG_NAMESPACE && namespace !== HTML_NAMESPACE)) return;
    const document = parent.ownerDocument;
    const make = (svgTag: string, htmlTag: string) =>
      namespace === SVG_NAMESPACE ? document.createElementNS(SVG_NAMESPACE, svgTag) : document.createElement(htmlTag);
    let piece: Piece | null = null;
    let count = 0;
    for (const child of Array.from(parent.childNodes)) {
      const weight = child.nodeType === child.ELEMENT_NODE ? size(child as Element) : 0;
      if (weight > STEP_ELEMENTS) {
        piece = null;
        visit(child as Element);
        continue;
      }
      if (!piece || count + weight > STEP_ELEMENTS) {
        piece = { holder: make('svg', 'div'), placeholder: make('g', 'span') };
        parent.insertBefore(piece.placeholder, child);
        pieces.push(piece);
        count = 0;
      }
      piece.holder.append(child);
      count += weight;
    }
  };
  visit(root);
  return pieces;
}
