// What reader code may not touch, and why. Cells run in a worker with no page and must not
// reach the network or the reader's storage (a shared link could carry anyone's code). The
// kernel refuses these names when a cell mentions them, with the message below, in Node and
// in the browser alike; in the worker, lockDown() also removes them from the global object,
// so `self.fetch` or `globalThis.indexedDB` fail the same way.
//
// Code built from strings is refused too (eval, Function and the async and generator function
// constructors, string timers): it is the one way a cell could write `import(url)`, which the
// compiler refuses in the reader's own code. The kernel keeps a private handle on eval.

const NETWORK = 'cells cannot reach the network; the data sets the book uses are in the "nn" module';
const STORAGE = "cells cannot read or write the browser's storage";
const PAGE = 'cells run in a background worker, away from the page. Use display(value) to show a value, or Plot to draw a chart';

export const BLOCKED: Record<string, string> = {
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
  indexedDB: STORAGE,
  caches: STORAGE,
  localStorage: STORAGE,
  sessionStorage: STORAGE,
  cookieStore: STORAGE,
  document: PAGE,
  window: PAGE,
  // The worker's own channel to the page: a cell must not post fake results or stop it.
  postMessage: 'cells talk to the page only through their output',
  close: 'cells cannot stop the notebook; use the Stop button',
};

const NAVIGATOR: Record<string, string> = { sendBeacon: NETWORK, serviceWorker: NETWORK, storage: STORAGE };

export class NotAvailableError extends Error {
  constructor(name: string, why?: string) {
    const reason = why ?? BLOCKED[name] ?? NAVIGATOR[name.replace(/^navigator\./, '')] ?? 'it is switched off';
    super(`${name} is not available in code cells: ${reason}.`);
    this.name = 'NotAvailableError';
  }
}

/**
 * Replace every blocked name on the worker's global object and its prototype chain (fetch
 * lives on WorkerGlobalScope.prototype, not on self). Functions become functions that throw,
 * so feature checks like `typeof fetch` keep working; other values become throwing getters.
 * Call it after the worker has kept its own references to postMessage and addEventListener.
 */
export function lockDown(scope: object): string[] {
  const locked: string[] = [];
  for (let target: object | null = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const name of Object.keys(BLOCKED)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, name);
      if (!descriptor) continue;
      const current = 'value' in descriptor ? descriptor.value : undefined;
      const replacement: PropertyDescriptor =
        typeof current === 'function'
          ? { value: refuse(name), writable: false, configurable: false }
          : { get: () => { throw new NotAvailableError(name); }, configurable: false };
      try {
        Object.defineProperty(target, name, replacement);
        locked.push(name);
      } catch {
        // A non-configurable property: at least try to delete or overwrite it.
        try { delete (target as Record<string, unknown>)[name]; } catch { /* nothing more to do */ }
      }
    }
  }
  // navigator.sendBeacon and navigator.storage hang off navigator, not the global object.
  const navigator = (scope as { navigator?: object }).navigator;
  for (let target = navigator ?? null; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const name of Object.keys(NAVIGATOR)) {
      if (!Object.getOwnPropertyDescriptor(target, name)) continue;
      try {
        Object.defineProperty(target, name, { get: () => { throw new NotAvailableError(`navigator.${name}`); }, configurable: false });
        locked.push(`navigator.${name}`);
      } catch { /* ignore */ }
    }
  }
  return locked;
}

const CODE = 'cells cannot build code from strings; write the code in the cell itself';

/**
 * Takes away every way to turn a string into code: eval, Function, the constructors reachable as
 * `(async () => {}).constructor` and friends, and setTimeout/setInterval with a string. The
 * replacements keep the original prototypes, so `x instanceof Function` still works.
 */
export function lockCodeGeneration(scope: Record<string, unknown>): string[] {
  const locked: string[] = [];
  const refuseCode = (name: string) => {
    const blocked = function blocked(): never {
      throw new NotAvailableError(name, CODE);
    };
    return blocked;
  };
  const kinds: [string, unknown][] = [
    ['Function', function () {}],
    ['AsyncFunction', async function () {}],
    ['GeneratorFunction', function* () {}],
    ['AsyncGeneratorFunction', async function* () {}],
  ];
  for (const [name, example] of kinds) {
    const prototype = Object.getPrototypeOf(example) as { constructor: { prototype: unknown } };
    const replacement = refuseCode(name);
    Object.defineProperty(replacement, 'prototype', { value: prototype });
    try {
      Object.defineProperty(prototype, 'constructor', { value: replacement, writable: false, configurable: false });
      locked.push(`${name}.prototype.constructor`);
    } catch { /* already locked */ }
    if (name === 'Function') {
      Object.defineProperty(scope, 'Function', { value: replacement, writable: false, configurable: false });
      locked.push('Function');
    }
  }
  Object.defineProperty(scope, 'eval', { value: refuseCode('eval'), writable: false, configurable: false });
  locked.push('eval');
  for (const timer of ['setTimeout', 'setInterval'] as const) {
    const original = scope[timer] as (handler: unknown, ...rest: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    Object.defineProperty(scope, timer, {
      value: function (handler: unknown, ...rest: unknown[]) {
        if (typeof handler === 'string') throw new NotAvailableError(`${timer} with a string`, CODE);
        return original.call(scope, handler, ...rest);
      },
      writable: false,
      configurable: false,
    });
    locked.push(`${timer}(string)`);
  }
  return locked;
}

function refuse(name: string) {
  // A plain function (not an arrow) so `new WebSocket(…)` also reaches the throw.
  return function blocked(): never {
    throw new NotAvailableError(name);
  };
}
