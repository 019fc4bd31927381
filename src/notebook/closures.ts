// Which functions a compiled cell makes keep state nobody can see: the build's proof of a cell's
// effects (effects.ts) may let a cell call a function an earlier cell made only when calling it
// can change nothing but what the watch compares.
import { parse, type AnyNode, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';
import { declarations, isFunction } from './scope.ts';

/**
 * The functions (and classes) of compiled cells, by their source text as
 * Function.prototype.toString gives it, each marked clean or not. A function is clean when
 * every variable it reads or writes is one of its own, a top-level name of its cell (a binding
 * of the shared scope, which the watch compares, replaced ones included), a name of another cell
 * (read through the shared scope) or a global: nothing of an enclosing function or block, which
 * would live on in the closure where no walk sees it. An arrow function that reads `this`,
 * `arguments` or `super` (its surrounding function's) and anything in a class with private
 * members (`#count`) is not clean either.
 */
export class ClosureIndex {
  #codes: string[] = [];
  #clean = new Map<string, boolean>();

  /** Indexes the functions of a compiled cell's code (its `code`, as the kernel evaluates it). */
  add(code: string): void {
    if (this.#codes.includes(code)) return;
    this.#codes.push(code);
    for (const { text, clean } of functionsOf(code)) this.#clean.set(text, (this.#clean.get(text) ?? true) && clean);
  }

  /**
   * Whether `source` (a function's toString()) is the text of a clean function of the indexed
   * code: the text must occur in that code, and every indexed function whose text it ends with
   * (a method's text starts at its name, its toString at `async` or `get`) must be clean.
   */
  isClean(source: string): boolean {
    if (!this.#codes.some((code) => code.includes(source))) return false;
    let found = false;
    for (const [text, clean] of this.#clean) {
      if (!source.endsWith(text)) continue;
      if (!clean) return false;
      found = true;
    }
    return found;
  }
}

/** Every function and class inside a compiled cell's wrapper function, with whether it is clean. */
export function functionsOf(code: string): { text: string; clean: boolean }[] {
  let program;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch {
    return [];
  }
  const scopes = declarations(program as never);
  // The wrapper `(async function cell(__nb$in, __nb$rt) {…})` and its body hold the top level.
  const fns: AnyNode[] = [];
  ancestor(program, {
    Function(node) {
      fns.push(node as AnyNode);
    },
    Class(node) {
      fns.push(node as AnyNode);
    },
  });
  const wrapper = fns.find((f) => f.type === 'FunctionExpression' && (f as { id?: { name: string } }).id?.name === 'cell');
  if (!wrapper) return [];
  const top = new Set<Node>([wrapper, (wrapper as { body: Node }).body]);
  const unclean = new Set<AnyNode>();
  const isFunctionLike = (node: AnyNode) => isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression';

  const reference = (node: AnyNode & { name: string }, _state: unknown, ancestors: AnyNode[]) => {
    let at = -1;
    for (let i = ancestors.length - 2; i >= 0; i--) {
      if (scopes.get(ancestors[i])?.has(node.name)) {
        at = i;
        break;
      }
    }
    if (at < 0 || top.has(ancestors[at])) return; // a global, another cell's name, or the top level
    for (let i = at + 1; i < ancestors.length - 1; i++) if (isFunctionLike(ancestors[i])) unclean.add(ancestors[i]);
  };
  const receiver = (_node: AnyNode, _state: unknown, ancestors: AnyNode[]) => {
    // `this`, `arguments`, `super`: an arrow reads its surrounding function's.
    for (let i = ancestors.length - 2; i >= 0 && ancestors[i] !== wrapper; i--) {
      const a = ancestors[i];
      if (a.type === 'ArrowFunctionExpression') unclean.add(a);
      else if (isFunction(a)) break;
    }
  };
  const visitors = {
    Identifier(node: AnyNode, state: unknown, ancestors: AnyNode[]) {
      if ((node as { name: string }).name === 'arguments') receiver(node, state, ancestors);
      else reference(node as AnyNode & { name: string }, state, ancestors);
    },
    VariablePattern: reference,
    ThisExpression: receiver,
    Super: receiver,
  };
  ancestor(program, visitors as never);
  // A class with private members (`#count`, `#count in o`): their values are out of reach.
  for (const c of fns) {
    if ((c.type === 'ClassDeclaration' || c.type === 'ClassExpression') && /#[\p{ID_Start}$_]/u.test(code.slice(c.start, c.end))) {
      for (const f of fns) if (f.start >= c.start && f.end <= c.end) unclean.add(f);
    }
  }
  return fns.filter((f) => f !== wrapper).map((f) => ({ text: code.slice(f.start, f.end), clean: !unclean.has(f) }));
}
