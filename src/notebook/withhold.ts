/**
 * Withheld names: what an exercise asks the reader to write, or what would write it for them
 * (`<Exercise withhold="slopeAt learningRateAt">`). On the attempt's run each such name, whether
 * it comes from the chapter's cells, from `import { … } from "nn"` or from `import * as nn`, is a
 * stand-in that throws as soon as it is called, constructed or looked into, and says why. The
 * checks' own run gets the real functions: the attempt's code keeps the inputs of its own run.
 *
 * What this cannot stop, in one JavaScript realm: reaching the real function through another
 * object that holds it (a chapter's network's `constructor`, a prototype chain). The review shows
 * the teacher code that does such things (`escapeHints`).
 */

import { withoutComments } from './code-shape.ts';
import { noteProxy } from './proxy-targets.ts';

export class WithheldError extends Error {
  /**
   * `allowed`: when `name` is withheld because it is not on the exercise's allow-list, what the
   * list lets the attempt use from `nn`, as a reader reads it (Allowed.said); the message then
   * says so instead of "write it yourself".
   */
  constructor(name: string, allowed?: string) {
    super(
      allowed === undefined
        ? `${name} is withheld in this exercise: write it yourself`
        : `${name} is withheld in this exercise: from nn its attempt may use only ${allowed}`,
    );
    this.name = 'WithheldError';
  }
}

/** An exercise's allow-list: the `nn` exports its attempt may use, and how the list reads. */
export interface Allowed {
  names: readonly string[];
  /** The list in words, e.g. "the Matrix helpers, random numbers, the data sets and sigmoid"; "nothing" when empty. */
  said: string;
}

/**
 * The names an attempt's run may not use, each with the allow-list it falls outside of (for the
 * message) or undefined when it is withheld by name. `withhold` is the exercise's list; `allow`,
 * when given, is the exercise's allow-list of `nn` exports, and every other name in `nnExports`
 * is withheld too. An allow-list is what makes the withholding whole: `nn` has several routes to
 * most formulas (a network's predict computes the sigmoid, autograd's scalars compute it again,
 * the *WithLogits losses hold the softmax), and a list of what to leave out misses the next one
 * added, while a list of what to let in does not.
 */
export function withheldNames(withhold: readonly string[] = [], allow: Allowed | undefined, nnExports: readonly string[]): Map<string, string | undefined> {
  const names = new Map<string, string | undefined>(withhold.map((name) => [name, undefined]));
  if (allow === undefined) return names;
  const open = new Set(allow.names);
  for (const name of nnExports) if (!open.has(name) && !names.has(name)) names.set(name, allow.said);
  return names;
}

/**
 * A function-shaped stand-in for `name`: calling it, `new` on it, or reading any property of it
 * (`NeuralNetwork.prototype`, `nn.sigmoid.call`) throws a WithheldError. `typeof` still says
 * "function", so code that only tests for it is not broken by the withholding itself. `onUse`
 * hears of every use, so a use the code caught still fails the checks.
 */
export function withheldStandIn(name: string, onUse?: (name: string) => void, allowed?: string): (...args: unknown[]) => never {
  const fail = (): never => {
    onUse?.(name); // told before throwing: code that catches the error is still known to have tried
    throw new WithheldError(name, allowed);
  };
  // The target is frozen, so the proxy's invariants hold and harden() has nothing to freeze.
  const target = Object.freeze(function withheld() {}) as (...args: unknown[]) => never;
  return new Proxy(target, { apply: fail, construct: fail, get: fail });
}

/**
 * A copy of a module's exports with the withheld ones (withheldNames) replaced by stand-ins, or
 * the module itself when it exports none of them. The caller freezes the copy.
 */
export function withholdFrom(module: Record<string, unknown>, withheld: ReadonlyMap<string, string | undefined>, onUse?: (name: string) => void): Record<string, unknown> {
  const names = [...withheld.keys()].filter((name) => name in module);
  if (names.length === 0) return module;
  const copy: Record<string, unknown> = { ...module };
  for (const name of names) copy[name] = withheldStandIn(name, onUse, withheld.get(name));
  return copy;
}

/**
 * Shows the object's own `method` as a stand-in that throws, for the checks to hand an instance
 * to the attempt (`check.withhold(model, "train")`): the attempt then cannot delegate to it.
 */
export function withholdMethod(object: object, method: string): void {
  Object.defineProperty(object, method, { value: withheldStandIn(method), configurable: false, writable: false, enumerable: false });
}

/** Words in code that reach around a withheld name: through a prototype chain, a constructor or reflection. */
const ESCAPES = ['prototype', '__proto__', 'getPrototypeOf', 'constructor', 'Reflect'];

/**
 * What a teacher should read in an attempt at an exercise with withheld names: each withheld
 * name the code uses as a value (called, looked into, read as a property `.train` or `["train"]`,
 * the way a method is reached on the real prototype), and each word that can reach around the
 * withholding. Comments and type annotations (`model: NeuralNetwork`) do not count. Empty when
 * the exercise withholds nothing, by name or by an allow-list (`allowList`). The checks already
 * fail a plain use; these are the uses no check can see, so the review shows the code and this
 * list instead of trusting the verdict.
 */
export function escapeHints(code: string, withhold: readonly string[], allowList = false): string[] {
  if (withhold.length === 0 && !allowList) return [];
  const text = withoutComments(code);
  const used = (name: string) => {
    const n = name.replace(/\$/g, '\\$');
    return new RegExp(`\\.\\s*${n}(?![\\w$])|(?<![\\w$.])${n}\\s*[(.[]|\\[\\s*["'\`]${n}["'\`]`).test(text);
  };
  return [...withhold.filter(used), ...ESCAPES.filter((word) => mentions(text, word))].filter((word, i, all) => all.indexOf(word) === i);
}

/** Whether `text` has `word` as a whole word. */
const mentions = (text: string, word: string): boolean => new RegExp(`(?<![\\w$])${word}(?![\\w$])`).test(text);

/** Words in code that read a call stack. */
const STACK_WORDS = ['stack', 'captureStackTrace', 'prepareStackTrace'];

/**
 * The words in an attempt, at any exercise, that read a call stack: from it, code can tell the
 * checks' calls from its own and answer them alone rightly (a red team's mySigmoid returned z
 * unless `new Error().stack` named the checks' file, and passed). No check can see that, and
 * the stacks stay, since the kernel maps errors to the reader's lines with them; so the review
 * shows the teacher the code and this list. Comments do not count.
 */
export function stackHints(code: string): string[] {
  const text = withoutComments(code);
  return STACK_WORDS.filter((word) => mentions(text, word));
}

/** What in code gives another value at each run: a draw of chance, or a clock. */
const CHANCE = [['Math.random', /\bMath\s*\.\s*random\b/], ['Date.now', /\bDate\s*\.\s*now\b/], ['new Date', /\bnew\s+Date\b/], ['performance.now', /\bperformance\s*\.\s*now\b/]] as const;

/**
 * What an attempt uses that gives another value at each run (Math.random, the clock): the checks
 * draw their points from the code, so the same code gets the same marks, but such code need not
 * (a red team's hand-in flipped a coin, and was marked 6/9 and 9/9 on alternate rechecks, then
 * flagged as a pass that does not hold, which reads as an edited file). The review shows the
 * teacher this list. Comments do not count.
 */
export function chanceHints(code: string): string[] {
  const text = withoutComments(code);
  return CHANCE.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

/**
 * While an attempt runs (its own run, and each call the checks make into its functions), the
 * withheld names that apply and who hears of a use: set by the kernel (enterAttempt), read by
 * the guards guardModule puts on a module's functions, classes and class methods. One per
 * JavaScript realm, since the guards are: a realm runs one attempt at a time.
 */
const attempt = { depth: 0, withheld: new Map() as ReadonlyMap<string, string | undefined>, onUse: (_name: string): void => {} };

/**
 * Marks the start of an attempt's code running, until the returned function is called: within
 * it, every guarded function, class or method of a withheld name throws (and `onUse` hears of
 * it), whichever way the code reached it: a chapter's network's `constructor`, a method borrowed
 * with `.call`, a chapter function that calls it. Nested calls nest.
 */
export function enterAttempt(withheld: ReadonlyMap<string, string | undefined>, onUse: (name: string) => void): () => void {
  const before = { ...attempt };
  attempt.depth++;
  attempt.withheld = withheld;
  attempt.onUse = onUse;
  let left = false;
  return () => {
    if (left) return;
    left = true;
    attempt.depth--;
    if (attempt.depth === 0) Object.assign(attempt, before, { depth: 0 });
  };
}

/** Runs `fn` with the attempt state `state`, then puts back the state it found. */
function runAs<R>(state: typeof attempt, fn: () => R): R {
  const before = { ...attempt };
  Object.assign(attempt, state);
  try {
    return fn();
  } finally {
    Object.assign(attempt, before);
  }
}

/**
 * `fn`, made to run later as the code that scheduled it: inside the attempt that was running when
 * this was called, or outside any attempt if none was. The kernel's timers wrap every callback
 * with it, so an attempt cannot reach what it withholds from a timer that fires after its run
 * (when the guards would otherwise be off), and a chapter cell's timer that fires during an
 * attempt's run is not refused what the attempt is. `this` and the arguments pass through.
 */
export function inSchedulersAttempt<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const scheduler = { ...attempt };
  return function (this: unknown, ...args: A): R {
    return runAs(scheduler, () => Reflect.apply(fn, this, args));
  };
}

/** `value` as made now: a function wrapped to run inside the attempt running now, if one is; else `value` itself. */
const carried = <T>(value: T): T => (attempt.depth > 0 && typeof value === 'function' ? (inSchedulersAttempt(value as (...args: unknown[]) => unknown) as T) : value);

/**
 * Built-ins that keep a function to call later, made to call it as the code that gave it to
 * them. A bound function, a promise reaction or a lazy iterator's callback made while an attempt
 * runs would otherwise run its function with the guards off when the checks set it off later: a
 * getter that is `train.bind(model, 1500)` runs no code of the attempt for attempt-edits.ts to
 * guard (a red team's find), nor does `.then(viaChapter)` on a promise a timer resolves. Outside
 * an attempt each one is the built-in itself plus one test. The compartment's `Proxy` does the
 * same for its traps (attemptProxy). Call once per realm, before lockdown freezes the built-ins.
 *
 * Left out, and why: a generator or async function of the chapter that the attempt starts runs
 * its body later as the chapter's code; the engine gives no hook where such a body is created.
 */
export function carryAttemptInBuiltins(realm: typeof globalThis = globalThis): void {
  const FunctionPrototype = realm.Function.prototype;
  const bind = FunctionPrototype.bind;
  define(FunctionPrototype, 'bind', {
    bind(this: (...args: unknown[]) => unknown, ...args: unknown[]) {
      const bound = Reflect.apply(bind, this, args) as (...a: unknown[]) => unknown;
      return attempt.depth > 0 ? runsAsAttempt(bound) : bound;
    },
  }.bind, 1);
  const PromisePrototype = realm.Promise.prototype;
  const then = PromisePrototype.then;
  define(PromisePrototype, 'then', {
    then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
      return Reflect.apply(then, this, [carried(onFulfilled), carried(onRejected)]);
    },
  }.then, 2);
  // Lazy iterator helpers call their callback when the iterator is read, not when it is made.
  const IteratorPrototype = (realm as unknown as { Iterator?: { prototype: Record<string, unknown> } }).Iterator?.prototype;
  for (const name of ['map', 'filter', 'flatMap'] as const) {
    const method = IteratorPrototype?.[name];
    if (typeof method !== 'function') continue;
    define(IteratorPrototype!, name, {
      [name](this: unknown, callback: unknown) {
        return Reflect.apply(method, this, [carried(callback)]);
      },
    }[name], 1);
  }
  const fromAsync = (realm.Array as { fromAsync?: (...args: unknown[]) => unknown }).fromAsync;
  if (typeof fromAsync === 'function') {
    define(realm.Array, 'fromAsync', {
      fromAsync(this: unknown, items: unknown, ...rest: unknown[]) {
        return Reflect.apply(fromAsync, this, [items, ...(rest.length > 0 ? [carried(rest[0]), ...rest.slice(1)] : [])]);
      },
    }.fromAsync, 1);
  }
}

/** Puts `fn` on `object` as `name`, as the built-in it replaces was: writable, configurable, not enumerable, the same length. */
function define(object: object, name: string, fn: unknown, length: number): void {
  Object.defineProperty(fn, 'length', { value: length });
  Object.defineProperty(object, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

/** `fn` (a bound function) behind a Proxy whose call and `new` run inside the attempt running now. */
function runsAsAttempt(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const maker = { ...attempt };
  const proxy: (...args: unknown[]) => unknown = new Proxy(fn, {
    apply: (target, self, args) => runAs(maker, () => Reflect.apply(target, self, args)),
    // `new` on the proxy makes what `new` on the bound function would: the same prototype.
    construct: (target, args, newTarget) => runAs(maker, () => Reflect.construct(target, args, newTarget === proxy ? target : newTarget)),
    // `x instanceof proxy` asks what `x instanceof fn` would: a bound function's own answer.
    get: (target, key, receiver) => (key === Symbol.hasInstance ? (value: unknown) => value instanceof target : Reflect.get(target, key, receiver)),
  });
  return proxy;
}

const TRAPS = ['apply', 'construct', 'defineProperty', 'deleteProperty', 'get', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has', 'isExtensible', 'ownKeys', 'preventExtensions', 'set', 'setPrototypeOf'] as const;

/**
 * The compartment's `Proxy`: the real one, except that a proxy made while an attempt runs does
 * all it does (its traps, and what a missing trap forwards to its target) inside that attempt.
 * A proxy with no traps over a chapter's function otherwise calls it with the guards off when
 * the checks call the proxy. Traps are looked up when they fire, as the real Proxy does.
 */
export function attemptProxy(RealProxy: ProxyConstructor = Proxy): ProxyConstructor {
  const carry = (handler: unknown): unknown => {
    if (attempt.depth === 0 || handler === null || (typeof handler !== 'object' && typeof handler !== 'function')) return handler;
    const maker = { ...attempt };
    const traps: Record<string, unknown> = {};
    for (const trap of TRAPS) {
      traps[trap] = (...args: unknown[]) => runAs(maker, () => {
        const own = Reflect.get(handler as object, trap);
        return own === undefined || own === null ? Reflect.apply(Reflect[trap] as (...a: unknown[]) => unknown, undefined, args) : Reflect.apply(own as (...a: unknown[]) => unknown, handler, args);
      });
    }
    return traps;
  };
  // Every proxy is noted with its target, so display reads the target and never runs a trap
  // (proxy-targets.ts).
  return class Proxy {
    constructor(target: object, handler: ProxyHandler<object>) {
      // `new Proxy(…)` must give the proxy itself, as the real one does; a class keeps the
      // real one's refusal of a call without `new`.
      const proxy = new RealProxy(target, carry(handler) as ProxyHandler<object>);
      noteProxy(proxy, target);
      // eslint-disable-next-line no-constructor-return
      return proxy;
    }
    static revocable(target: object, handler: ProxyHandler<object>) {
      const { proxy, revoke } = RealProxy.revocable(target, carry(handler) as ProxyHandler<object>);
      const record = noteProxy(proxy, target);
      return {
        proxy,
        revoke: () => {
          record.revoked = true;
          revoke();
        },
      };
    }
  } as unknown as ProxyConstructor;
}

function blockIfWithheld(...names: string[]): void {
  if (attempt.depth === 0) return;
  for (const name of names) {
    if (!attempt.withheld.has(name)) continue;
    attempt.onUse(name);
    throw new WithheldError(name, attempt.withheld.get(name));
  }
}

const guardedModules = new WeakMap<object, Record<string, unknown>>();

/**
 * A copy of `module` whose functions and classes refuse to run inside an attempt that withholds
 * them (enterAttempt), and whose classes' methods refuse too when the class or the method's name
 * is withheld. The stand-ins of withholdFrom hide a name from the attempt's code; these guards
 * close the routes round it, since a value the chapter made (a network) leads to its class
 * through `constructor` and to its methods through its prototype. A class's prototype gets the
 * guarded methods and `constructor` in place, once per realm, before anything freezes it: so
 * call this before the module is hardened. Outside an attempt the guards only pass calls on.
 */
export function guardModule(module: Record<string, unknown>): Record<string, unknown> {
  const known = guardedModules.get(module);
  if (known) return known;
  const copy: Record<string, unknown> = { ...module };
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function') continue;
    const prototype = (value as { prototype?: object }).prototype;
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    if (isClass && prototype) {
      // A plain function, not a Proxy: the build's proof of what cells change refuses a module
      // that holds a Proxy (effects.ts). `new` on it, or a subclass's super(), makes the class's
      // own instances; it shares the class's prototype, so instanceof works either way.
      const Class = value as new (...args: unknown[]) => object;
      const guarded = {
        [name]: function (this: unknown, ...args: unknown[]) {
          blockIfWithheld(name);
          if (!new.target) throw new TypeError(`Class constructor ${name} cannot be invoked without 'new'`);
          return Reflect.construct(Class, args, new.target === guarded ? Class : new.target);
        },
      }[name];
      Object.defineProperty(guarded, 'prototype', { value: prototype, writable: false });
      for (const key of Object.getOwnPropertyNames(value)) {
        if (!['length', 'name', 'prototype', 'arguments', 'caller'].includes(key)) Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(value, key)!);
      }
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
        if (key === 'constructor') {
          Object.defineProperty(prototype, key, { ...descriptor, value: guarded });
        } else if (typeof descriptor.value === 'function') {
          const method = descriptor.value as (...args: unknown[]) => unknown;
          const guard = {
            [key](this: unknown, ...args: unknown[]) {
              blockIfWithheld(name, key);
              return Reflect.apply(method, this, args);
            },
          }[key];
          Object.defineProperty(prototype, key, { ...descriptor, value: guard });
        }
      }
      copy[name] = guarded;
    } else {
      const fn = value as (...args: unknown[]) => unknown;
      copy[name] = {
        [name](this: unknown, ...args: unknown[]) {
          blockIfWithheld(name);
          return Reflect.apply(fn, this, args);
        },
      }[name];
    }
  }
  guardedModules.set(module, copy);
  return copy;
}
