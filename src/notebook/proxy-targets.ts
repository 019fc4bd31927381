// The proxies cells make, and what each stands in front of. A proxy's traps are the reader's
// code, as a getter is: describing a value never runs them (display.ts), so a trap that throws,
// loops or lists a billion keys cannot stop the page's runner or say something the value does
// not hold. The compartment's `Proxy` (withhold.ts, attemptProxy) notes every proxy it makes
// here; display reads the target instead, as Node's util.inspect does, and marks it as Chrome's
// console does (`Proxy(Object) {balance: 100}`): what is shown is the target, and the proxy
// itself may give something else. A proxy made elsewhere (none reaches a cell) is read through
// its traps, each read guarded.

interface Noted {
  target: object;
  revoked: boolean;
}

const noted = new WeakMap<object, Noted>();

/** Notes that `proxy` stands in front of `target`; the record's `revoked` is set when it is revoked. */
export function noteProxy(proxy: object, target: object): Noted {
  const record = { target, revoked: false };
  noted.set(proxy, record);
  return record;
}

/**
 * Whether `value` is a proxy a cell made (revoked or not). Display marks each one it shows
 * (value-text.ts, proxyMark); an object with one only on its prototype chain is no proxy.
 */
export function isCellProxy(value: unknown): boolean {
  return lookup(value) !== undefined;
}

/** A revoked proxy as display shows it (Node writes the same). */
export const REVOKED_PROXY = '<Revoked Proxy>';

/**
 * What display reads in place of `value`: the innermost target if it is a proxy a cell made
 * (a proxy of a proxy too), REVOKED if one on the way was revoked, else `value` itself.
 */
export function unproxied(value: unknown): unknown {
  let current = value;
  for (let record = lookup(current); record; record = lookup(current)) {
    if (record.revoked) return REVOKED;
    current = record.target;
  }
  return withoutProxiesAbove(current);
}

/**
 * `value`, or when a proxy a cell made is on its prototype chain (`Object.create(new Proxy(…))`),
 * a copy of it whose chain has each such proxy's target in its place: asking the object for its
 * class, its tag or what it inherits would run the proxy's traps. The copy holds the same own
 * properties (descriptors, so no getter runs); a revoked proxy ends the chain.
 */
function withoutProxiesAbove(value: unknown): unknown {
  if (lookup(value) || ((typeof value !== 'object' || value === null) && typeof value !== 'function')) return value;
  const chain: object[] = [];
  let proxied = false;
  // getPrototypeOf of an object that is no proxy runs no code of the reader's.
  for (let proto = getPrototypeOf(value); proto !== null && chain.length < MAX_CHAIN;) {
    const record = lookup(proto);
    if (record) {
      proxied = true;
      if (record.revoked) break;
      proto = record.target;
      continue;
    }
    chain.push(proto);
    proto = getPrototypeOf(proto);
  }
  if (!proxied) return value;
  let proto: object | null = null;
  for (let i = chain.length - 1; i >= 0; i--) proto = create(proto, getOwnPropertyDescriptors(chain[i]));
  return create(proto, getOwnPropertyDescriptors(value));
}

// Taken before any cell runs (SES freezes them anyway).
const { create, getPrototypeOf, getOwnPropertyDescriptors } = Object;
/** Prototype chains longer than this are cut short in the copy (a chain is a few levels in practice). */
const MAX_CHAIN = 100;

/** Stands for a revoked proxy in what unproxied returns. */
export const REVOKED: unique symbol = Symbol('revoked proxy');

function lookup(value: unknown): Noted | undefined {
  return (typeof value === 'object' && value !== null) || typeof value === 'function' ? noted.get(value) : undefined;
}
