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

export class WithheldError extends Error {
  constructor(name: string) {
    super(`${name} is withheld in this exercise: write it yourself`);
    this.name = 'WithheldError';
  }
}

/**
 * A function-shaped stand-in for `name`: calling it, `new` on it, or reading any property of it
 * (`NeuralNetwork.prototype`, `nn.sigmoid.call`) throws a WithheldError. `typeof` still says
 * "function", so code that only tests for it is not broken by the withholding itself. `onUse`
 * hears of every use, so a use the code caught still fails the checks.
 */
export function withheldStandIn(name: string, onUse?: (name: string) => void): (...args: unknown[]) => never {
  const fail = (): never => {
    onUse?.(name); // told before throwing: code that catches the error is still known to have tried
    throw new WithheldError(name);
  };
  // The target is frozen, so the proxy's invariants hold and harden() has nothing to freeze.
  const target = Object.freeze(function withheld() {}) as (...args: unknown[]) => never;
  return new Proxy(target, { apply: fail, construct: fail, get: fail });
}

/**
 * A copy of a module's exports with the withheld ones replaced by stand-ins, or the module
 * itself when it exports none of them. The caller freezes the copy.
 */
export function withholdFrom(module: Record<string, unknown>, withheld: ReadonlySet<string>, onUse?: (name: string) => void): Record<string, unknown> {
  const names = [...withheld].filter((name) => name in module);
  if (names.length === 0) return module;
  const copy: Record<string, unknown> = { ...module };
  for (const name of names) copy[name] = withheldStandIn(name, onUse);
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
 * the exercise withholds nothing. The checks already fail a plain use; these are the uses no
 * check can see, so the review shows the code and this list instead of trusting the verdict.
 */
export function escapeHints(code: string, withhold: readonly string[]): string[] {
  if (withhold.length === 0) return [];
  const text = code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  const used = (name: string) => {
    const n = name.replace(/\$/g, '\\$');
    return new RegExp(`\\.\\s*${n}(?![\\w$])|(?<![\\w$.])${n}\\s*[(.[]|\\[\\s*["'\`]${n}["'\`]`).test(text);
  };
  const mentioned = (word: string) => new RegExp(`(?<![\\w$])${word}(?![\\w$])`).test(text);
  return [...withhold.filter(used), ...ESCAPES.filter(mentioned)].filter((word, i, all) => all.indexOf(word) === i);
}
