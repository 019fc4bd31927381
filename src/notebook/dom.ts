// A server-side DOM for Plot. Neither Node (build-time pre-rendering, tests) nor a Web Worker
// has a `document`, and Plot needs one to build its SVG. linkedom's is small, has no native
// dependencies, and produces the same markup in both places, which keeps pre-rendered plots
// identical to the ones a reader's rerun draws. Plot 0.6 renders with it as is (checked in
// tests/notebook/dom.test.ts), so no polyfills are needed.
//
// Cells hold the elements Plot returns, and linkedom's `document.defaultView` is a Proxy over
// the real global object (the worker's, with its timers and eval): a way out of the sandbox. The
// document's view is replaced by a frozen object with the one thing Plot asks of it, Event.

import { parseHTML, Event, CustomEvent } from 'linkedom';

export function createDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  Object.defineProperty(document, 'defaultView', { value: Object.freeze({ Event, CustomEvent }), enumerable: false });
  return document as unknown as Document;
}
