// The box reader code runs in. Reader and student code is untrusted, always: in a chapter, in a
// shared link, and in a hand-in on the teacher's review page. Three layers keep it in:
//
// 1. SES (Hardened JavaScript, the `ses` package) freezes the whole JavaScript world before any
//    reader code runs: `lockdown()` makes every built-in (Math, Object.prototype, Array, JSON, …)
//    immutable, so `Math.abs = () => 0` fails and cannot change how a check compares numbers.
//    `harden()` freezes what the kernel hands to cells (the network module, Plot, the checks).
// 2. Cells are evaluated in an SES `Compartment` whose global object is an allow-list
//    (CELL_GLOBALS): the standard library and timers owned by the kernel. Everything else is
//    simply absent: `typeof fetch === "undefined"`, and there is no global to walk up from.
//    The kernel adds `console`, `display`, `Plot`, `nn` and, in an exercise's checks, `check`.
// 3. Defence in depth, for code that escapes anyway: the worker's real global loses its network,
//    storage and code-loading functions (lockDownHost), and the page starts the worker from a
//    blob: URL inside a small host document whose Content-Security-Policy allows no connection
//    and no script from another site (public/kernel/host.html; blob workers inherit it).
//
// The same code runs in the page's Web Worker and, for the build and the tests, in a Node
// worker thread (kernel-host.ts builds both), so what the build prints is what a reader sees.
import 'ses';

import { CELL_GLOBALS, CODE, HOST_CAPABILITIES, NotAvailableError } from './allow-list.ts';
import { portableMath } from '../nn/portable-math.ts';
import { attemptProxy, carryAttemptInBuiltins, inSchedulersAttempt } from './withhold.ts';

export interface Timers {
  setTimeout(handler: () => void, ms?: number, ...args: unknown[]): number;
  clearTimeout(id: number): void;
  setInterval(handler: () => void, ms?: number, ...args: unknown[]): number;
  clearInterval(id: number): void;
  queueMicrotask(callback: () => void): void;
  /** Cancels every timer a cell left behind (a restart forgets them). */
  clearAll(): void;
  /**
   * Cancels the timers one cell started (it reruns, or was deleted), and retires the timer
   * functions its runs were given (`owned`): from now on they schedule nothing.
   */
  clearOwner(owner: string): void;
  /**
   * Cancels the timers `owner` has waiting, and only that: its timer functions keep working (an
   * exercise's check run ends its attempt's leftovers, while the checks may still call the
   * attempt's functions, whose timers are then the checks').
   */
  cancelOwner(owner: string): void;
  /**
   * The timer functions for one run of `owner`'s code. A timer they set belongs to whoever is
   * running (as with the global ones), else to `owner`. The kernel hands them to the cell as its
   * `setTimeout`, `setInterval`, … Once `owner` is cleared (clearOwner, clearAll), they schedule
   * nothing: code of the replaced run that something else resumes later (a loop waiting on a
   * promise another cell resolves) cannot start anything, and waits for ever instead of coming back.
   */
  owned(owner: string): CellTimers;
  /** How many timers are waiting to run (the build asks after a cell whose effects it watches). */
  pending(): number;
  /** How many timers `owner` has waiting to run (an interval counts until it is cleared). */
  count(owner: string): number;
}

/** The timer functions a cell calls: the compartment's global ones, or those of one run (Timers.owned). */
export type CellTimers = Pick<Timers, 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'queueMicrotask'>;

interface HostTimers {
  setTimeout: (handler: () => void, ms?: number) => unknown;
  clearTimeout: (id: unknown) => void;
  setInterval: (handler: () => void, ms?: number) => unknown;
  clearInterval: (id: unknown) => void;
  queueMicrotask: (callback: () => void) => void;
}

/**
 * Who started a timer, and what happens around its callback: the kernel host uses it to cancel
 * a cell's timers when it reruns, to show a late error under the cell that caused it, and to
 * tell the page which cell's timer is busy (so a hang is blamed on its cause).
 */
export interface TimerOwnership {
  /** The cell that is running now (the owner of a timer started now), if any. */
  current(): string | undefined;
  /**
   * A timer's callback starts: `owner`'s, or nobody's (undefined). The task is then `owner`'s
   * until the next one starts, promise jobs after the callback included (see kernel-host.ts).
   */
  enter(owner: string | undefined): void;
  /** The callback of `owner`'s timer has returned (its promise jobs may still run). */
  exit(owner: string): void;
  /** A callback of `owner`'s timer threw. */
  failed(owner: string, error: unknown): void;
  /** `owner` has one timer more or fewer waiting (set, run once, or cancelled): see Timers.count. */
  changed?(owner: string | undefined): void;
}

let locked = false;

/**
 * Freezes this JavaScript world (SES `lockdown`), once per worker or thread. Call it after every
 * module the kernel needs has loaded and before any reader code runs.
 *
 * Options: errors keep their stacks (the kernel maps them to the reader's lines), console and
 * locale methods stay as they are (cells print with toLocaleString), and SES traps no errors of
 * its own (the kernel reports them in place).
 */
export function hardenRealm(): void {
  if (locked) return;
  // Bound functions, promise reactions and lazy iterators made by an attempt run as the attempt.
  carryAttemptInBuiltins();
  lockdown({
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    overrideTaming: 'moderate',
    consoleTaming: 'unsafe',
    localeTaming: 'unsafe',
    errorTrapping: 'none',
    unhandledRejectionTrapping: 'none',
    reporting: 'none',
  });
  locked = true;
}

/**
 * Timers a cell may use: functions only (a string handler would be code built from a string),
 * each one remembered with the cell that started it (directly, or from one of its own timers),
 * so a rerun cancels that cell's timers and a restart cancels them all.
 */
export function createTimers(host: HostTimers, ownership?: TimerOwnership): Timers {
  const pending = new Map<number, { id: unknown; repeat: boolean; owner: string | undefined }>();
  let next = 1;
  // Each owner's generation (clearOwner moves it on), and one for all (clearAll): an owned set of
  // functions schedules only while both are the ones it was made in.
  const generations = new Map<string, number>();
  let epoch = 0;
  const callable = (name: string, handler: unknown): (() => void) => {
    if (typeof handler !== 'function') throw new NotAvailableError(`${name} with a ${typeof handler}`, CODE);
    return handler as () => void;
  };
  const schedule = (name: 'setTimeout' | 'setInterval', handler: unknown, ms: number | undefined, args: unknown[], owner = ownership?.current()) => {
    const fn = inSchedulersAttempt(callable(name, handler));
    const key = next++;
    const repeat = name === 'setInterval';
    const id = host[name](() => {
      if (!repeat) {
        pending.delete(key);
        ownership?.changed?.(owner);
      }
      if (owner === undefined || !ownership) {
        ownership?.enter(undefined);
        fn(...(args as []));
        return;
      }
      ownership.enter(owner);
      try {
        fn(...(args as []));
      } catch (error) {
        ownership.failed(owner, error);
      } finally {
        ownership.exit(owner);
      }
    }, Number(ms) || 0);
    pending.set(key, { id, repeat, owner });
    ownership?.changed?.(owner);
    return key;
  };
  const cancel = (key: unknown) => {
    const timer = pending.get(Number(key));
    if (!timer) return;
    pending.delete(Number(key));
    (timer.repeat ? host.clearInterval : host.clearTimeout)(timer.id);
    ownership?.changed?.(timer.owner);
  };
  const cancelOwner = (owner: string) => {
    for (const [key, timer] of [...pending]) if (timer.owner === owner) cancel(key);
  };
  return {
    setTimeout: (handler, ms, ...args) => schedule('setTimeout', handler, ms, args),
    setInterval: (handler, ms, ...args) => schedule('setInterval', handler, ms, args),
    clearTimeout: cancel,
    clearInterval: cancel,
    queueMicrotask: (callback) => host.queueMicrotask(inSchedulersAttempt(callable('queueMicrotask', callback))),
    clearAll: () => {
      epoch++;
      for (const key of [...pending.keys()]) cancel(key);
    },
    clearOwner: (owner) => {
      generations.set(owner, (generations.get(owner) ?? 0) + 1);
      cancelOwner(owner);
    },
    cancelOwner,
    owned: (owner) => {
      const generation = generations.get(owner) ?? 0;
      const made = epoch;
      const live = () => made === epoch && (generations.get(owner) ?? 0) === generation;
      return {
        // The timer is the work of whoever is running (a cell's run, or its timer's task, which
        // goes on through the promise jobs after it), as any timer: a helper one cell defines,
        // called by another cell's loop, schedules for that other cell. Only when nothing is
        // running (a promise job of no task of ours) is it this run's cell's. A retired run's
        // timer is given a key, as any, that nothing will ever run.
        setTimeout: (handler, ms, ...args) => (live() ? schedule('setTimeout', handler, ms, args, ownership?.current() ?? owner) : (callable('setTimeout', handler), next++)),
        setInterval: (handler, ms, ...args) => (live() ? schedule('setInterval', handler, ms, args, ownership?.current() ?? owner) : (callable('setInterval', handler), next++)),
        clearTimeout: cancel,
        clearInterval: cancel,
        queueMicrotask: (callback) => {
          const fn = inSchedulersAttempt(callable('queueMicrotask', callback));
          if (live()) host.queueMicrotask(fn);
        },
      };
    },
    pending: () => pending.size,
    count: (owner) => {
      let n = 0;
      for (const timer of pending.values()) if (timer.owner === owner) n++;
      return n;
    },
  };
}

/** What a cell compartment needs from the host: its timers and clock. */
export interface CompartmentHost {
  timers: Timers;
  now: () => number;
  structuredClone: (value: unknown) => unknown;
  atob: (text: string) => string;
  btoa: (text: string) => string;
}

export interface CellCompartment {
  /** Evaluates a script (the kernel's compiled cell) in the compartment and returns its value. */
  evaluate(code: string): unknown;
  /** The compartment's global object: frozen, and holding exactly CELL_GLOBALS. */
  globalThis: object;
}

/**
 * A compartment whose global object is the allow-list CELL_GLOBALS and nothing more, frozen so
 * no cell can add a global or replace one. Requires hardenRealm() first.
 */
export function createCellCompartment(host: CompartmentHost): CellCompartment {
  // SES gives a compartment the shared intrinsics; Date.now and the typed arrays of floats come
  // from this realm's own (already frozen) ones. Math is the portable one (src/nn/portable-math.ts):
  // the engine's Math.random, sqrt, … with stdlib's exp, log, sin, cos, tanh, pow in place of the
  // engine's own, so a cell prints the same digits in the build's Node and in every browser.
  const realm = globalThis as unknown as Record<string, unknown>;
  const { timers } = host;
  const globals: Record<string, unknown> = {
    Math: portableMath(),
    Date: realm.Date,
    Intl: realm.Intl,
    Float32Array: realm.Float32Array,
    Float64Array: realm.Float64Array,
    // A proxy made by an attempt runs as the attempt (withhold.ts).
    Proxy: attemptProxy(),
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    setInterval: timers.setInterval,
    clearInterval: timers.clearInterval,
    queueMicrotask: timers.queueMicrotask,
    performance: { now: host.now },
    structuredClone: host.structuredClone,
    atob: host.atob,
    btoa: host.btoa,
  };
  const compartment = new Compartment({ globals, __options__: true });
  const global = compartment.globalThis as Record<string, unknown>;
  // The compartment's own evaluators would work (confined to it), but cells are compiled from
  // TypeScript and share names in ways a string cannot, so building code from strings is refused
  // with a reason, the same in the build and in the page.
  for (const name of ['eval', 'Function']) {
    const refused = refuse(name);
    // `f instanceof Function` keeps working.
    if (name === 'Function') Object.defineProperty(refused, 'prototype', { value: Function.prototype });
    Object.defineProperty(global, name, { value: refused, writable: false, configurable: false });
  }
  // Anything SES or a future engine adds beyond the allow-list goes, so the list stays the truth.
  for (const name of Reflect.ownKeys(global)) {
    if (typeof name === 'string' && !(CELL_GLOBALS as readonly string[]).includes(name)) delete global[name];
  }
  harden(global);
  return {
    evaluate: (code) => compartment.evaluate(code),
    globalThis: global,
  };
}

/**
 * Defence in depth for the worker's (or thread's) real global object, which cells never see
 * unless something escapes the compartment: takes away the network, storage and the ways to turn
 * a string into code, on the object and along its prototype chain (the original timers and
 * fetch live on WorkerGlobalScope.prototype, not on the global itself). Call it after the host
 * has kept its own references to what it needs, and after the compartments' evaluators exist.
 * Returns the names it replaced.
 */
export function lockDownHost(scope: object): string[] {
  const replaced: string[] = [];
  // Not taken: names that are no functions of the host (self, window, …) and Compartment (it
  // confers nothing the caller does not already hold). Function goes but keeps its prototype,
  // so `f instanceof Function` still works in the libraries (none calls it at run time).
  const kept = new Set(['self', 'window', 'document', 'location', 'navigator', 'process', 'require', 'Compartment']);
  const takeAway = new Set([...Object.keys(HOST_CAPABILITIES).filter((name) => !kept.has(name)), 'setTimeout', 'setInterval']);
  for (let target: object | null = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const name of takeAway) {
      const descriptor = Object.getOwnPropertyDescriptor(target, name);
      if (!descriptor) continue;
      const current = 'value' in descriptor ? descriptor.value : undefined;
      let replacement: unknown;
      if (name === 'setTimeout' || name === 'setInterval') {
        // Libraries in the worker still need timers; only the string form goes.
        const original = current as (handler: unknown, ...rest: unknown[]) => unknown;
        if (typeof original !== 'function') continue;
        replacement = function timer(this: unknown, handler: unknown, ...rest: unknown[]) {
          if (typeof handler !== 'function') throw new NotAvailableError(`${name} with a string`, CODE);
          return original.call(scope, handler, ...rest);
        };
      } else {
        replacement = refuse(name);
        if (name === 'Function') Object.defineProperty(replacement, 'prototype', { value: Function.prototype });
      }
      try {
        Object.defineProperty(target, name, { value: replacement, writable: false, configurable: false });
        replaced.push(name);
      } catch {
        try { delete (target as Record<string, unknown>)[name]; } catch { /* nothing more to do */ }
      }
    }
  }
  // navigator.sendBeacon and navigator.storage hang off navigator, not the global object.
  const navigator = (scope as { navigator?: object }).navigator;
  for (let target = navigator ?? null; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const name of ['sendBeacon', 'serviceWorker', 'storage']) {
      if (!Object.getOwnPropertyDescriptor(target, name)) continue;
      try {
        Object.defineProperty(target, name, { value: undefined, writable: false, configurable: false });
        replaced.push(`navigator.${name}`);
      } catch { /* ignore */ }
    }
  }
  return replaced;
}

function refuse(name: string) {
  // A plain function (not an arrow) so `new WebSocket(…)` also reaches the throw.
  return function blocked(): never {
    throw new NotAvailableError(name);
  };
}
