// Reading a reader's value without trusting it, and the text of the values that are shown as
// one line (numbers, literals, functions): for display.ts and the inspector (inspect.ts). Nothing
// here runs a getter or throws on what it reads: a part that cannot be read says "cannot be
// displayed" and why. Text is clipped to what the output's Budget still allows.

import type { Budget } from './display.ts';
import { isCellProxy, REVOKED, REVOKED_PROXY, unproxied } from './proxy-targets.ts';
import { clip, layoutCost } from '../lib/clip.ts';

/** Text every item may show even when its budget is spent: a summary is never empty. */
const MIN_CHARS = 200;
/** Longest string shown in one piece, in characters. */
export const MAX_STRING = 10_000;
/** Longest key, name or short reason shown, in characters. */
export const MAX_KEY = 200;

// The built-ins this file calls, taken before any cell runs: a reader's own `toString` cannot
// change what describing a value does.
const objectToString = Object.prototype.toString;
const functionToString = Function.prototype.toString;

/** Why reading a value failed, as text, without trusting what was thrown. */
export function reasonOf(thrown: unknown): string {
  const error = unproxied(thrown); // a proxy a cell made, by its target: its traps are never run
  if (error === REVOKED) return REVOKED_PROXY;
  try {
    // and marked as one: what follows is read from its target (proxyMark)
    const mark = proxyMark(thrown, error);
    if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      return clip(marked(mark, `${typeof name === 'string' && name ? name : 'Error'}: ${String(message)}`), MAX_KEY);
    }
    return clip(
      marked(mark, `${typeof error === 'string' ? JSON.stringify(error) : String(error)} was thrown`),
      MAX_KEY,
    );
  } catch {
    return 'an error that cannot be read was thrown';
  }
}

/**
 * The mark display puts before a proxy a cell made, as Chrome's console writes it:
 * `Proxy(Object)`, `Proxy(Array)`, `Proxy(Map)`, `Proxy(Account)` (its target's class, read as
 * for any value, without a getter), `Proxy(Function)` for a function or class. `value` is what
 * unproxied gave for `shown`. The mark is there because the traps are never run: what display
 * shows is the target, and the proxy itself may give something else (`p.balance` is -5 while
 * the target holds 100), so the output must not pose as what the proxy gives. A proxy of a
 * proxy has one mark, named by the innermost target, the one shown (Chrome names the outer's
 * target "Object"). Undefined for anything else: a revoked proxy (shown as REVOKED_PROXY), an
 * object with a proxy only on its prototype chain, any other value.
 */
export function proxyMark(shown: unknown, value: unknown): string | undefined {
  if (value === REVOKED || !isCellProxy(shown)) return undefined;
  if (typeof value === 'function') return 'Proxy(Function)';
  let name: string;
  try {
    name = isObject(value) ? constructorName(value) || tagOf(value) : '';
  } catch {
    // Its class cannot be read (an object that is itself a proxy no cell made): it is still a proxy.
    return 'Proxy';
  }
  return `Proxy(${name || 'Object'})`;
}

/** `text` after a proxy's mark (proxyMark), or alone when there is none. */
export function marked(mark: string | undefined, text: string): string {
  return mark ? `${mark} ${text}` : text;
}

export const cannotDisplay = (error: unknown) => `[cannot be displayed: ${reasonOf(error)}]`;

/** `read()`, or the "cannot be displayed" text when reading throws (a getter, a proxy's trap). */
export function guard(read: () => string): string {
  try {
    return read();
  } catch (error) {
    return cannotDisplay(error);
  }
}

/** A property's value if it is an own data property; getters are not run. */
export function ownValue(object: object, key: PropertyKey): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** The most characters the next text may take from `budget`, never less than MIN_CHARS. */
export function allowance(budget: Budget, max: number): number {
  return Math.max(MIN_CHARS, Math.min(max, budget.chars));
}

/** Clips `text` to what `budget` allows and spends it. */
export function spend(budget: Budget, text: string, max = MAX_STRING): string {
  const shown = clip(text, allowance(budget, max));
  budget.chars -= layoutCost(shown);
  return shown;
}

export function literal(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return clip(value.toString(), MAX_KEY);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return clip(RegExp.prototype.toString.call(value), MAX_STRING);
  return String(value);
}

/** `ƒ name(a, b)` from the function's source; `class Name` for classes. */
export function functionSignature(fn: Function): string {
  const source = functionToString.call(fn);
  const ownName = ownValue(fn, 'name');
  const name = typeof ownName === 'string' ? clip(ownName, MAX_KEY) : '';
  if (/^class\b/.test(source)) return `class ${name}`.trim();
  let params = '';
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (arrow >= 0 && (open < 0 || arrow < open)) {
    params = source
      .slice(0, arrow)
      .replace(/^async\s+/, '')
      .trim(); // x => …
  } else if (open >= 0) {
    let depth = 0;
    for (let i = open; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) {
        params = source.slice(open + 1, i);
        break;
      }
    }
  }
  return `ƒ ${name}(${clip(params.replace(/\s+/g, ' ').trim(), MAX_KEY)})`;
}

/** The name of the class that made `value`, read without running a getter. */
export function constructorName(value: object): string {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return '';
  const ctor = ownValue(proto, 'constructor');
  if (typeof ctor !== 'function') return '';
  const name = ownValue(ctor, 'name');
  return typeof name === 'string' ? clip(name, MAX_KEY) : '';
}

/**
 * What the language calls an object that no class names: "Generator", "AsyncGenerator",
 * "Array Iterator", "Math". Empty for plain objects.
 */
export function tagOf(value: object): string {
  const tag = (objectToString.call(value) as string).slice(8, -1);
  return tag === 'Object' ? '' : clip(tag, MAX_KEY);
}
