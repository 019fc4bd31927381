// What a cell may name: the allow-list of globals, and the reasons for what is not on it.
// Plain data with no side effects, so the compiler (transform.ts), the kernel and the page can
// import it without loading SES; sandbox.ts builds the compartment from the same list.

/** Why a name a reader might try is not there. Shown when a cell uses one of them. */
const NETWORK = 'cells cannot reach the network; the data sets the book uses are in the "nn" module';
const STORAGE = "cells cannot read or write the browser's storage";
const PAGE = 'cells run in a background worker, away from the page. Use display(value) to show a value, or Plot to draw a chart';
export const CODE = 'cells cannot build code from strings; write the code in the cell itself';

/**
 * What the worker that runs cells could do that cells may not: the network, storage, the page.
 * lockDownHost (sandbox.ts) takes these from the worker itself, so a library cannot be used to
 * reach them either.
 */
export const HOST_CAPABILITIES: Readonly<Record<string, string>> = {
  fetch: NETWORK,
  XMLHttpRequest: NETWORK,
  WebSocket: NETWORK,
  WebSocketStream: NETWORK,
  WebTransport: NETWORK,
  EventSource: NETWORK,
  importScripts: NETWORK,
  BroadcastChannel: NETWORK,
  Worker: NETWORK,
  SharedWorker: NETWORK,
  navigator: NETWORK,
  indexedDB: STORAGE,
  caches: STORAGE,
  localStorage: STORAGE,
  sessionStorage: STORAGE,
  cookieStore: STORAGE,
  document: PAGE,
  window: PAGE,
  self: PAGE,
  location: PAGE,
  postMessage: 'cells talk to the page only through their output',
  close: 'cells cannot stop the notebook; use the Stop button',
  eval: CODE,
  Function: CODE,
  Compartment: CODE,
  require: 'cells get modules only with import … from "nn" or "@observablehq/plot"',
  process: PAGE,
};

const GARBAGE = "when the garbage collector runs differs between browsers and between runs, so a cell's result would too";
const THREADS = 'cells run on one thread, and shared memory would be a timer precise enough to attack the browser with';
const NEWER = 'this newer part of JavaScript is not in every browser the book supports yet';

/**
 * Names of JavaScript's standard library (TypeScript's `lib.esnext`) that CELL_GLOBALS leaves
 * out, with why. The type checker and the kernel both give this reason, so a cell is never
 * told "run the cell that defines it first" about a built-in, nor type-checks code that cannot
 * run. The worker keeps them (its libraries may use them); only cells go without.
 * tests/notebook/types.test.ts fails if TypeScript's library declares a value that is neither
 * in CELL_GLOBALS nor here.
 */
export const WITHHELD_STANDARD: Readonly<Record<string, string>> = {
  WeakRef: GARBAGE,
  FinalizationRegistry: GARBAGE,
  SharedArrayBuffer: THREADS,
  Atomics: THREADS,
  Float16Array: NEWER,
  DisposableStack: NEWER,
  AsyncDisposableStack: NEWER,
  SuppressedError: NEWER,
};

/** Every name a cell may not use, with the reason in words: HOST_CAPABILITIES and WITHHELD_STANDARD. */
export const UNAVAILABLE: Readonly<Record<string, string>> = { ...HOST_CAPABILITIES, ...WITHHELD_STANDARD };

/** A name a cell may not use, or a thing it may not do, with the reason in words. */
export class NotAvailableError extends Error {
  constructor(name: string, why?: string) {
    super(`${name} is not available in code cells: ${why ?? UNAVAILABLE[name] ?? 'it is switched off'}.`);
    this.name = 'NotAvailableError';
  }
}

/**
 * The timers among CELL_GLOBALS. A cell's code does not get the global ones: the kernel gives
 * each run its own (sandbox.ts, Timers.owned), which schedule nothing once the cell has run
 * again. The global ones remain for `globalThis.setTimeout`.
 */
export const TIMER_NAMES = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'] as const;

/**
 * The global names a cell sees: JavaScript's standard library, then what the kernel adds to it.
 * This list is the cell's whole world apart from the kernel's inputs (console, display, Plot,
 * check and other cells' names), and tests pin the compartment's global object to it.
 */
export const CELL_GLOBALS = [
  // Values and functions of the language.
  'globalThis', 'undefined', 'NaN', 'Infinity',
  'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  // Constructors and namespaces of the language.
  'Object', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt',
  'Math', 'JSON', 'Reflect', 'Proxy', 'Promise', 'Date', 'RegExp', 'Intl', 'Iterator',
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError',
  'Map', 'Set', 'WeakMap', 'WeakSet',
  'ArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'TextEncoder', 'TextDecoder',
  // SES's own: freezing an object is harmless and sometimes instructive.
  'harden',
  // Owned by the kernel: timers that take only functions, and a clock.
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask',
  'performance', 'structuredClone', 'atob', 'btoa',
  // Present, but refuse with a reason (see UNAVAILABLE).
  'eval', 'Function',
] as const;
