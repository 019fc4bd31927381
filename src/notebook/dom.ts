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

import { parseHTML, Event, CustomEvent } from 'linkedom';

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
  return document;
}
