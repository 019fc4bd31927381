// The proxies cells make, and what each stands in front of. A proxy's traps are the reader's
// code, as a getter is: describing a value never runs them (display.ts), so a trap that throws,
// loops or lists a billion keys cannot stop the page's runner or say something the value does
// not hold. The compartment's `Proxy` (withhold.ts, attemptProxy) notes every proxy it makes
// here; display reads the target instead, as Node's util.inspect does. A proxy made elsewhere
// (none reaches a cell) is read through its traps, each read guarded.

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
  return current;
}

/** Stands for a revoked proxy in what unproxied returns. */
export const REVOKED: unique symbol = Symbol('revoked proxy');

function lookup(value: unknown): Noted | undefined {
  return (typeof value === 'object' && value !== null) || typeof value === 'function' ? noted.get(value) : undefined;
}
