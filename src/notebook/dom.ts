// A server-side DOM for Plot. Neither Node (build-time pre-rendering, tests) nor a Web Worker
// has a `document`, and Plot needs one to build its SVG. linkedom's is small, has no native
// dependencies, and produces the same markup in both places, which keeps pre-rendered plots
// identical to the ones a reader's rerun draws. Plot 0.6 renders with it as is (checked in
// tests/notebook/dom.test.ts), so no polyfills are needed.

import { parseHTML } from 'linkedom';

export function createDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return document as unknown as Document;
}
