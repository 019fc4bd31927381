// Proof that code under test left what it was given as it found it. An exercise's checks pass the
// reader's function the chapter's matrices (or their own) and then compute the expected answer
// from the same objects: a function that changed them (`target.data.fill(0.5)`, zeroed weights)
// would move the answer it is compared with. So the kernel reads everything the function could
// reach before each call and again after it, and a difference fails the checks (kernel.ts).
//
// What a reading cannot see, and the README's Security section says so: state kept in a closure
// or a private class field (`#x`), which no reflection reaches. The chapters' values are plain
// data (a Matrix is `{ rows, cols, data }`), so what the checks compute with is readable.
//
// Why this is not effects.ts, which also compares state before and after a run: that one is the
// build's proof, in Node, of which names a chapter cell writes; it needs Node's util.types (to
// see a Proxy or a promise without running it) and refuses whatever it cannot compare. This one
// runs in the page's and the review's worker, where no util.types exists, on every checked call,
// and must name what changed in the reader's words (`target.data[0] was 0, is now 0.5`).

import { describe } from './checks.ts';
import { formatCount } from '../lib/numbers.ts';

/** The most steps one reading takes: a reading cut short cannot prove anything unchanged, so it fails (firstChange). */
const MAX_STEPS = 1_000_000;

/** A value as read: where it was found, and what was there (a primitive, an identity or a copy). */
interface Step {
  path: string;
  /** A primitive, an object's identity (for aliasing and replacement), or a typed array's copy. */
  value: unknown;
  kind: 'value' | 'identity' | 'typed' | 'accessor' | 'prototype';
}

/** One reading of everything reachable through data properties from some named values. */
export interface Reading {
  steps: Step[];
  /** False when the reading stopped at MAX_STEPS. */
  complete: boolean;
}

/** Prototypes an object the checks let change may hold without a word: plain data's. */
const PLAIN_PROTOTYPES: ReadonlySet<unknown> = new Set([
  null,
  Object.prototype,
  Array.prototype,
  Object.getPrototypeOf(Float64Array.prototype),
  Float64Array.prototype,
]);

/** How a reading names a property of the object at `path`. */
const propertyPath = (path: string, key: string | symbol) =>
  typeof key === 'symbol' ? `${path}[${String(key)}]` : /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`;

/**
 * Reads `roots` (a name for the reader, and a value) through own data properties, array items,
 * typed arrays' entries, Map and Set entries and prototypes, depth first, each object once (a
 * second sighting records which first one it is). Getters are noted, never called.
 *
 * Objects in `skip` (what the checks let the code change, check.mayChange) may change what they
 * hold, but not how they hold it: through all they hold, a reading notes only their getters and
 * setters, the functions they hold and any prototype that is not plain data's. An answer that
 * turned the checks' `w.grad` into a getter, whose setter ignored the checks' own writes, had
 * the checks read the gradients it planted instead of the ones their backward pass set (a red
 * team's find). Values, and objects added or replaced, are not noted: they are the change allowed.
 */
export function readState(
  roots: readonly (readonly [string, unknown])[],
  skip: ReadonlySet<object> = new Set(),
): Reading {
  const steps: Step[] = [];
  const seen = new Map<object, string>();
  let complete = true;
  const visit = (path: string, value: unknown): void => {
    if (steps.length >= MAX_STEPS) {
      complete = false;
      return;
    }
    if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
      steps.push({ path, value, kind: 'value' });
      return;
    }
    const object = value as object;
    const first = seen.get(object);
    // The identity is kept for every sighting: putting another object in a slot is a change.
    steps.push({ path, value: object, kind: 'identity' });
    if (first !== undefined) return;
    if (skip.has(object)) {
      shape(path, object);
      return;
    }
    seen.set(object, path);
    if (typeof object === 'function') return; // a function's behaviour lives in its closure
    if (ArrayBuffer.isView(object)) {
      if (!(object instanceof DataView))
        steps.push({ path, value: (object as unknown as Float64Array).slice(), kind: 'typed' });
      return;
    }
    steps.push({ path, value: Object.getPrototypeOf(object), kind: 'prototype' });
    if (object instanceof Map) {
      let i = 0;
      for (const [key, item] of Map.prototype.entries.call(object)) {
        visit(`${path}.keys()[${i}]`, key);
        visit(`${path}.get(${i})`, item);
        i++;
      }
    } else if (object instanceof Set) {
      let i = 0;
      for (const item of Set.prototype.values.call(object)) visit(`${path}.values()[${i++}]`, item);
    }
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key)!;
      const at = propertyPath(path, key);
      if ('value' in descriptor) visit(at, descriptor.value);
      else steps.push({ path: at, value: [descriptor.get, descriptor.set], kind: 'accessor' });
    }
  };
  const shaped = new Set<object>();
  // What a shape reading looked at: most of it notes nothing, and it is bounded as steps are.
  let looked = 0;
  /** How a skipped object holds what it holds (see above), and all it holds, each object once. */
  const shape = (path: string, object: object): void => {
    if (steps.length + looked >= MAX_STEPS) {
      complete = false;
      return;
    }
    if (shaped.has(object) || typeof object === 'function' || ArrayBuffer.isView(object)) return;
    shaped.add(object);
    const prototype = Object.getPrototypeOf(object);
    if (!PLAIN_PROTOTYPES.has(prototype)) steps.push({ path, value: prototype, kind: 'prototype' });
    for (const key of Reflect.ownKeys(object)) {
      if (++looked + steps.length >= MAX_STEPS) {
        complete = false;
        return;
      }
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key)!;
      const at = propertyPath(path, key);
      if (!('value' in descriptor)) steps.push({ path: at, value: [descriptor.get, descriptor.set], kind: 'accessor' });
      else if (typeof descriptor.value === 'function')
        steps.push({ path: at, value: descriptor.value, kind: 'identity' });
      else if (typeof descriptor.value === 'object' && descriptor.value !== null) shape(at, descriptor.value);
    }
  };
  for (const [name, value] of roots) visit(name, value);
  return { steps, complete };
}

const same = (a: unknown, b: unknown) => Object.is(a, b);

/**
 * The first difference between two readings of the same roots, in the reader's words
 * (`target.data[0] was 0, is now 0.5`), or undefined when they agree.
 */
export function firstChange(before: Reading, after: Reading): string | undefined {
  // Fail closed: what was not read could have changed.
  if (!before.complete || !after.complete)
    return `what it could reach is too big to compare (more than ${formatCount(MAX_STEPS)} values)`;
  const n = Math.min(before.steps.length, after.steps.length);
  for (let i = 0; i < n; i++) {
    const a = before.steps[i];
    const b = after.steps[i];
    if (a.path !== b.path) {
      // A property added or deleted shifts every later step: say which one it was.
      // Where the checks let an object change, a reading notes only its getters, setters and
      // unusual prototypes (readState), so one that comes or goes is named as such.
      const noted = (reading: Reading) =>
        new Set(
          reading.steps
            .filter((step) => step.kind === 'accessor' || step.kind === 'prototype')
            .map((step) => `${step.kind} ${step.path}`),
        );
      const step = !noted(before).has(`${b.kind} ${b.path}`)
        ? b
        : !noted(after).has(`${a.kind} ${a.path}`)
          ? a
          : undefined;
      if (step?.kind === 'accessor') return `${step.path} has another getter or setter now`;
      if (step?.kind === 'prototype') return `${step.path} has another prototype now`;
      const had = new Set(before.steps.map((step) => step.path));
      if (!had.has(b.path)) return `${b.path} was added`;
      const has = new Set(after.steps.map((step) => step.path));
      if (!has.has(a.path)) return `${a.path} is gone`;
      return `${a.path} changed (${b.path} is read before it now)`;
    }
    if (a.kind !== b.kind)
      return b.kind === 'accessor' || a.kind === 'accessor'
        ? `${a.path} has another getter or setter now`
        : `${a.path} holds something of another kind now`;
    if (a.kind === 'typed') {
      const x = a.value as Float64Array;
      const y = b.value as Float64Array;
      if (x.length !== y.length) return `${a.path} changed length from ${x.length} to ${y.length}`;
      for (let k = 0; k < x.length; k++) {
        if (!same(x[k], y[k])) return `${a.path}[${k}] was ${describe(x[k])}, is now ${describe(y[k])}`;
      }
    } else if (a.kind === 'accessor') {
      const [getA, setA] = a.value as unknown[];
      const [getB, setB] = b.value as unknown[];
      if (!same(getA, getB) || !same(setA, setB)) return `${a.path} has another getter or setter now`;
    } else if (!same(a.value, b.value)) {
      if (a.kind === 'value' && (typeof b.value !== 'object' || b.value === null))
        return `${a.path} was ${describe(a.value)}, is now ${describe(b.value)}`;
      if (a.kind === 'prototype') return `${a.path} has another prototype now`;
      return `${a.path} holds another object now`;
    }
  }
  if (before.steps.length !== after.steps.length) {
    const longer = before.steps.length > after.steps.length ? before.steps[n] : after.steps[n];
    if (longer.kind === 'accessor') return `${longer.path} has another getter or setter now`;
    if (longer.kind === 'prototype') return `${longer.path} has another prototype now`;
    return before.steps.length > after.steps.length ? `${longer.path} is gone` : `${longer.path} was added`;
  }
  return undefined;
}
