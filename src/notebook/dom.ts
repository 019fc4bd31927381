// A server-side DOM for Plot. Neither Node (build-time pre-rendering, tests) nor a Web Worker
// has a `document`, and Plot needs one to build its SVG. linkedom's is small, has no native
// dependencies, and produces the same markup in both places, which keeps pre-rendered plots
// identical to the ones a reader's rerun draws. Plot 0.6 renders with it as is (checked in
// tests/notebook/node-runner.test.ts, which draws with it), so no polyfills are needed.
//
// Cells hold the elements Plot returns, and linkedom's `Document.prototype.defaultView` getter
// returns a Proxy over the real global object (the worker's, outside the sandbox): a way out.
// That getter is replaced on the prototype where linkedom defines it (so no path through the
// prototype chain finds the original) by one that returns a frozen view holding the one thing
// Plot asks of it, Event. linkedom's own parseHTML needs the real view while it builds a
// document; that is synchronous, so no reader code can run in that moment.
//
// Every cell that draws shares linkedom's classes, and a cell can reach them through any chart
// (its prototype chain, `ownerDocument`, a mark's render function): a red team's cell redefined
// `outerHTML` and `setAttribute` on Element.prototype, so the chapter's next chart showed its
// markup and reported its attributes. hardenDom() freezes those classes once SES has frozen the
// rest of the world, and the kernel gives each chart a document of its own (createDocument is
// cheap: about 0.03 ms), so what one cell does to a document it holds reaches no other's chart.

import * as linkedom from 'linkedom';

const { parseHTML, Event, CustomEvent } = linkedom;

const VIEW = Object.freeze({ Event, CustomEvent });
let building = false;

export function createDocument(): Document {
  building = true;
  let document: Document;
  try {
    document = parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
  } finally {
    building = false;
  }
  for (let proto = Object.getPrototypeOf(document); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'defaultView');
    if (!descriptor?.get || descriptor.get.name === 'sandboxedView') continue;
    const original = descriptor.get;
    Object.defineProperty(proto, 'defaultView', {
      get: function sandboxedView(this: unknown) {
        return building ? original.call(this) : VIEW;
      },
      configurable: false,
    });
  }
  if (!canvasRefused) refuseCanvas(document);
  return document;
}

/** What a chart that needs a canvas says: charts in the code runner are drawn without one. */
const NO_CANVAS =
  'Plot needs a canvas for this chart (a continuous colour legend, a ramp, or a raster mark paints on one), and charts here are drawn without one: ' +
  'leave the legend out (color: { legend: false }), use a categorical or threshold colour scale, or draw cells or dots instead of a raster.';
let canvasRefused = false;

/**
 * linkedom's canvas has no drawing context (getContext gives null without the native `canvas`
 * package), and Plot paints on one for a continuous colour legend (a ramp) and a raster mark:
 * they failed with "Cannot set properties of null (setting 'fillStyle')". Said plainly instead,
 * on the prototype where linkedom defines getContext: once per realm, before hardenDom.
 */
function refuseCanvas(document: Document): void {
  const canvas = document.createElement('canvas');
  for (let proto = Object.getPrototypeOf(canvas); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (!Object.getOwnPropertyDescriptor(proto, 'getContext')) continue;
    Object.defineProperty(proto, 'getContext', { value: function noCanvas() { throw new Error(NO_CANVAS); }, configurable: false, writable: false });
  }
  canvasRefused = true;
}

/**
 * Freezes, with SES `harden`, every class linkedom has and every prototype a document's objects
 * are made from (elements of HTML and SVG, text, comments, fragments, their style, class list,
 * dataset, attributes and node lists, ranges, tree walkers, events), so that no cell can change
 * how another cell's chart is built or serialised. Call once per realm, after lockdown (the
 * build's own thread, which draws charts without SES, never calls it). Instances stay writable:
 * a chart is its cell's to change.
 */
export function hardenDom(harden: <T>(value: T) => T): void {
  const document = createDocument(); // first: it guards Document.prototype's defaultView, which freezing would refuse
  for (const value of Object.values(linkedom)) if (typeof value === 'function' || (typeof value === 'object' && value !== null)) harden(value);
  const div = document.createElement('div');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  div.append(svg, document.createTextNode('t'), document.createComment('c'));
  const samples: unknown[] = [
    document, document.documentElement, document.head, document.body, div, svg,
    document.createDocumentFragment(), document.createRange(), document.createTreeWalker(div),
    div.style, div.classList, div.dataset, div.attributes, div.childNodes, div.children,
    svg.style, svg.classList, svg.attributes, new Event('e'), new CustomEvent('e'),
  ];
  for (const node of [...div.childNodes]) samples.push(node);
  for (const sample of samples) {
    const proto: unknown = sample === null || sample === undefined ? null : Object.getPrototypeOf(sample);
    if (proto) harden(proto);
  }
}
