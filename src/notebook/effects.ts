// What a chapter cell changes of the state it finds, proven by running it. The build runs every
// chapter's cells in order once more with this watch around each run (node-effects.ts) and
// records what it proves in the exercise manifest; the review page then runs a proven cell only
// when something it judges reads a name the cell defines or changes (contextFor in graph.ts).
// Only the build's Node thread watches: it needs Node's util.types to see a Proxy without running
// its traps, and to tell objects with internal state apart. (unchanged.ts compares state too, in
// the worker, for the checks: it says why it is a reading of its own.)

/** What one run of a cell did to the state it found, as far as the watch can prove. */
export type CellEffects =
  /**
   * Proven: besides adding (or declaring again) its own names, it changed only the state of the
   * names in `writes`: each a name that existed before it ran and that it reassigned, or from
   * which an object it changed could be reached when it started. `[]`: it changed nothing.
   */
  | { known: true; writes: string[] }
  /** Not proven, and why (the first thing found), e.g. `reads f, which is or holds a function …`. */
  | { known: false; why: string };

/** The checks of Node's util.types the watch needs (never a trap or a getter is run to answer them). */
export interface TypeProbe {
  isProxy(value: unknown): boolean;
  isPromise(value: unknown): boolean;
  isGeneratorObject(value: unknown): boolean;
  isMapIterator(value: unknown): boolean;
  isSetIterator(value: unknown): boolean;
  isWeakMap(value: unknown): boolean;
  isWeakSet(value: unknown): boolean;
  isRegExp(value: unknown): boolean;
  isTypedArray(value: unknown): boolean;
  isDataView(value: unknown): boolean;
  isAnyArrayBuffer(value: unknown): boolean;
  isMap(value: unknown): boolean;
  isSet(value: unknown): boolean;
  isDate(value: unknown): boolean;
}

export interface EffectsWatch {
  /** Call once the run (and everything it queued) is over, with the scope as it is then (`retired` in the same order as given). */
  finish(after: { names: ReadonlyMap<string, unknown>; retired: readonly unknown[] }): CellEffects;
}

// Taken once, before any cell runs: what the walk calls is never something a cell replaced.
const { getPrototypeOf, getOwnPropertyDescriptor, isExtensible, isFrozen } = Object;
const { ownKeys } = Reflect;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const getTime = Date.prototype.getTime;
const regExpSource = getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const regExpFlags = getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;
const functionText = Function.prototype.toString;

/**
 * What the kernel itself hands cells (the modules and the compartment's global object, which
 * sandbox.ts and kernel.ts harden): every object reachable from them, split into those no cell can
 * change (frozen, without internal state that freezing leaves writable) and those it can (the
 * contents of a typed array, a Map, a Set or a Date stay writable when frozen, so a table that
 * `nn` exports is state a cell could change for the cells after it).
 */
export interface Trusted {
  immutable: WeakSet<object>;
  mutable: object[];
  /** Why nothing can be proven, when the roots hold state the watch cannot compare. */
  blocked?: string;
}

/** Sorts everything reachable from `roots` (see Trusted). */
export function trustedFrom(roots: readonly unknown[], types: TypeProbe): Trusted {
  const immutable = new WeakSet<object>();
  const mutable: object[] = [];
  let blocked: string | undefined;
  const seen = new Set<object>();
  const queue = roots.filter(isObject);
  while (queue.length > 0) {
    const o = queue.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    if (types.isProxy(o)) {
      blocked ??= 'the modules hold a Proxy';
      continue;
    }
    if (isFrozen(o) && !hasWritableInternals(o, types)) immutable.add(o);
    else mutable.push(o);
    queue.push(...children(o, types));
  }
  return { immutable, mutable, ...(blocked ? { blocked } : {}) };
}

/** What the kernel knows of its scope when a watched run starts. */
export interface WatchedScope {
  /** Every name in the scope and its value. */
  names: ReadonlyMap<string, unknown>;
  /**
   * Values of bindings no longer in the scope (a later cell declared the name again): a
   * function of the cell that made one still reads and writes it, so it is compared too.
   */
  retired: readonly { name: string; value: unknown }[];
  /** The names the cell reads from the scope. */
  inputs: readonly string[];
  /** The names it declares (bound afresh by it, so not a change of the old binding). */
  declared: readonly string[];
  /** Whether a function's source text (its toString()) is a clean function of a cell (closures.ts). */
  isClean(source: string): boolean;
}

/**
 * Starts watching a run of a cell; `finish` says what it changed.
 *
 * The proof, and why it holds. A cell can reach state that existed before it only through the
 * names it reads (the kernel hands it nothing else of the scope: kernel.ts builds its inputs
 * from its free names), through the modules and the global object (`trusted`), and through what
 * those lead to. What it changed is then found by comparing, when:
 *
 * 1. Everything reachable from the names it reads can be compared in full. A function there
 *    must be the modules' or the language's own (trusted), or a clean function of a cell
 *    (closures.ts: it reaches no variable but its own, its cell's top-level names, which are
 *    bindings compared here, replaced ones included, and other names of the scope), so that
 *    calling it changes nothing out of sight. Refused: any other function (a closure over a
 *    local, a bound or native function), a Proxy, a promise, a generator, a Map or Set
 *    iterator, a WeakMap or WeakSet: each keeps state in internal slots. Prototypes are walked
 *    too, so an instance brings its class's methods, and an array iterator its native `next`.
 *    (An object whose internal slots no util.types check names could hide behind a prototype
 *    swapped for Object.prototype; the kernel refuses every cell from the first one whose
 *    source says setPrototypeOf or __proto__.)
 * 2. After the run, every binding holds the same value (Object.is), except the names the cell
 *    declares, and every object reachable from the scope, from replaced bindings or from the
 *    modules' writable parts has the same prototype, extensibility, own properties (values,
 *    getter and setter functions, attributes), Map and Set entries in order, Date time, RegExp
 *    source and flags, and typed-array or ArrayBuffer bytes. New objects get new identities,
 *    so storing one into an old object shows. Getters are never called.
 * 3. It leaves no timer behind (the host's count), and the watch ends only after the run's
 *    promise jobs have run (the host's `settle`), so nothing it queued can change state later.
 *
 * `writes` are then the names (of the scope before the run) reassigned or leading to a changed
 * object. A change reachable only from a replaced binding or from the modules is not proven.
 *
 * What stays outside: Math.random's hidden state (engine-seeded, so no printed output or
 * verdict can depend on it reproducibly), and src/nn's module state (scratch buffers that every
 * use overwrites first, and the WebAssembly kernels, which give the same sums in the same order
 * as the loops). src/nn returns no closures, so every function in the scope that is not its own
 * was made by a cell's code. A cell that draws with Plot is refused by the kernel (Plot counts
 * the charts it has drawn).
 */
export function watchEffects(scope: WatchedScope, trusted: Trusted, types: TypeProbe): EffectsWatch {
  const refused = (why: string): EffectsWatch => ({ finish: () => ({ known: false, why }) });
  if (trusted.blocked) return refused(trusted.blocked);
  for (const name of scope.inputs) {
    if (!scope.names.has(name)) continue;
    const why = opaque(name, scope.names.get(name), trusted, types, scope.isClean);
    if (why) return refused(why);
  }

  // Identities: each object (and symbol) a number, the same before and after the run.
  const ids = new Map<unknown, number>();
  const idOf = (value: unknown): string => {
    if (isObject(value) || typeof value === 'symbol') {
      let id = ids.get(value);
      if (id === undefined) ids.set(value, (id = ids.size + 1));
      return `#${id}`;
    }
    if (typeof value === 'string') return JSON.stringify(value);
    if (Object.is(value, -0)) return '-0';
    return `${typeof value}:${String(value)}`;
  };

  // Every object the run could change, with its state, and who leads to it (for `writes`).
  const watched: { o: object; state: State }[] = [];
  const parents = new Map<object, object[]>();
  const rootsOf = new Map<object, string[]>(); // object → the names whose value it is
  const outside = new Set<object>(); // values of replaced bindings and the modules' writable parts
  const queue: object[] = [];
  for (const [name, value] of scope.names) {
    if (!isObject(value)) continue;
    rootsOf.set(value, [...(rootsOf.get(value) ?? []), name]);
    queue.push(value);
  }
  for (const o of [...scope.retired.map(({ value }) => value), ...trusted.mutable]) {
    if (!isObject(o)) continue;
    outside.add(o);
    queue.push(o);
  }
  const seen = new Set<object>();
  for (let next = 0; next < queue.length; next++) {
    const o = queue[next];
    if (seen.has(o) || trusted.immutable.has(o)) continue;
    seen.add(o);
    if (types.isProxy(o)) continue; // its traps are not run; a cell reaching it is refused above
    watched.push({ o, state: stateOf(o, idOf, types) });
    for (const child of children(o, types)) {
      if (trusted.immutable.has(child)) continue;
      const known = parents.get(child);
      if (known) known.push(o);
      else parents.set(child, [o]);
      if (!seen.has(child)) queue.push(child);
    }
  }

  return {
    finish(after) {
      const writes = new Set<string>();
      for (const [name, value] of scope.names) {
        if (scope.declared.includes(name)) continue;
        if (!after.names.has(name) || !Object.is(after.names.get(name), value)) writes.add(name);
      }
      if (scope.retired.some(({ value }, i) => !Object.is(after.retired[i], value))) return { known: false, why: 'changes what a replaced binding or a module holds' };
      for (const { o, state } of watched) {
        if (sameState(state, stateOf(o, idOf, types))) continue;
        // Who led to it before the run: walk back to the names.
        const back = [o];
        const met = new Set<object>();
        let named = false;
        while (back.length > 0) {
          const at = back.pop()!;
          if (met.has(at)) continue;
          met.add(at);
          if (outside.has(at)) return { known: false, why: 'changes what a replaced binding or a module holds' };
          for (const name of rootsOf.get(at) ?? []) {
            writes.add(name);
            named = true;
          }
          back.push(...(parents.get(at) ?? []));
        }
        if (!named) return { known: false, why: 'changes an object no name leads to' };
      }
      return { known: true, writes: [...writes] };
    },
  };
}

/** Why the value of input `name` cannot be compared in full (see watchEffects, 1), or null. */
function opaque(name: string, value: unknown, trusted: Trusted, types: TypeProbe, isClean: (source: string) => boolean): string | null {
  const seen = new Set<object>();
  const queue: unknown[] = [value];
  while (queue.length > 0) {
    const o = queue.pop();
    if (!isObject(o) || seen.has(o) || trusted.immutable.has(o)) continue;
    seen.add(o);
    if (types.isProxy(o)) return `reads ${name}, which holds a Proxy`;
    if (typeof o === 'function' && !isClean(functionText.call(o))) {
      return `reads ${name}, which is or holds a function that keeps state out of sight (a closure over a local, a bound or native function)`;
    }
    if (types.isPromise(o) || types.isGeneratorObject(o) || types.isMapIterator(o) || types.isSetIterator(o) || types.isWeakMap(o) || types.isWeakSet(o)) {
      return `reads ${name}, which holds an object with internal state (a promise, a generator, an iterator, a WeakMap or WeakSet)`;
    }
    queue.push(...children(o, types));
  }
  return null;
}

interface State {
  text: string;
  bytes?: Uint8Array;
}

function stateOf(o: object, idOf: (value: unknown) => string, types: TypeProbe): State {
  const parts: string[] = [idOf(getPrototypeOf(o)), isExtensible(o) ? 'extensible' : 'sealed'];
  let bytes: Uint8Array | undefined;
  const view = types.isTypedArray(o) || types.isDataView(o) ? (o as ArrayBufferView) : undefined;
  if (view) bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
  else if (types.isAnyArrayBuffer(o)) bytes = new Uint8Array(o as ArrayBuffer).slice();
  for (const key of ownKeys(o)) {
    if (view && typeof key === 'string' && isIndex(key)) continue; // in bytes
    const d = getOwnPropertyDescriptor(o, key)!;
    const flags = `${d.enumerable ? 'e' : ''}${d.configurable ? 'c' : ''}${d.writable ? 'w' : ''}`;
    parts.push('value' in d ? `${idOf(key)}=${idOf(d.value)}/${flags}` : `${idOf(key)}:get ${idOf(d.get)} set ${idOf(d.set)}/${flags}`);
  }
  if (types.isMap(o)) mapForEach.call(o, (v: unknown, k: unknown) => void parts.push(`map ${idOf(k)}=>${idOf(v)}`));
  if (types.isSet(o)) setForEach.call(o, (v: unknown) => void parts.push(`set ${idOf(v)}`));
  if (types.isDate(o)) parts.push(`time ${getTime.call(o)}`);
  if (types.isRegExp(o)) parts.push(`regexp ${regExpSource.call(o)} ${regExpFlags.call(o)}`);
  return { text: parts.join('\n'), ...(bytes ? { bytes } : {}) };
}

function sameState(a: State, b: State): boolean {
  if (a.text !== b.text) return false;
  if (!a.bytes || !b.bytes) return a.bytes === b.bytes;
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

/** The objects `o` leads to: its prototype, property values, getters and setters, Map and Set entries. */
function children(o: object, types: TypeProbe): object[] {
  const out: object[] = [];
  const proto = getPrototypeOf(o);
  if (proto) out.push(proto);
  const view = types.isTypedArray(o);
  for (const key of ownKeys(o)) {
    if (view && typeof key === 'string' && isIndex(key)) continue;
    const d = getOwnPropertyDescriptor(o, key)!;
    for (const v of 'value' in d ? [d.value] : [d.get, d.set]) if (isObject(v)) out.push(v);
  }
  if (types.isMap(o)) {
    mapForEach.call(o, (v: unknown, k: unknown) => {
      if (isObject(k)) out.push(k);
      if (isObject(v)) out.push(v);
    });
  }
  if (types.isSet(o)) setForEach.call(o, (v: unknown) => void (isObject(v) && out.push(v)));
  return out;
}

/** Typed arrays, buffers, Maps, Sets, Dates and RegExps (compile()) can change when frozen. */
function hasWritableInternals(o: object, types: TypeProbe): boolean {
  return types.isTypedArray(o) || types.isDataView(o) || types.isAnyArrayBuffer(o) || types.isMap(o) || types.isSet(o) || types.isDate(o) || types.isRegExp(o);
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function isIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key);
}
