// The edits that make an exercise attempt's code run as the attempt wherever it runs.
//
// While an attempt's code runs, what its exercise withholds refuses to run (withhold.ts,
// enterAttempt). The kernel enters the attempt for the attempt's own run and for each call the
// checks make into its functions; its timers and promise jobs carry it too. But the checks also
// run the attempt's code without calling it: a getter on a value it returned, a Proxy's trap,
// `valueOf`, `toString` or `Symbol.toPrimitive` when a value is compared, `then` when one is
// awaited, a class field or static block, a parameter's default. Any of those, run outside the
// attempt, could call the withheld function and hand the checks its answer (a red team's find:
// a Proxy whose `get` trained the model with the withheld `train` passed every check). So the
// attempt's cell is compiled with every function body, parameter default, computed parameter
// key and class field initialiser wrapped in the attempt: `__nb$rt.enter()` at the start of each
// body, left in a `finally`; `__nb$rt.inside(() => …)` round each expression. Whoever calls the
// code, it is the attempt's. (An async function or generator stays in the attempt while it is
// suspended: code that runs meanwhile is refused what the attempt is, which fails closed.)

import type { Node, Token } from 'acorn';
import { ancestor } from 'acorn-walk';
import { RT, type Edit } from './cell-function.ts';

/** The leave function of the attempt a function body entered. */
const LEAVE = '__nb$l';
const ENTER = `const ${LEAVE} = ${RT}.enter(); try {`;
const FINALLY = `} finally { ${LEAVE}(); }`;
const INSIDE = `${RT}.inside(() => (`;

type Fn = Node & { body: Node & { body?: unknown }; params: Node[]; expression?: boolean };
type Pattern = Node & {
  left?: Pattern;
  right?: Node;
  elements?: (Pattern | null)[];
  properties?: Pattern[];
  key?: Node;
  value?: Pattern;
  computed?: boolean;
  argument?: Pattern;
};

/**
 * The edits (see cell-function.ts's applyEdits) that wrap every function of `program` (the
 * cell's JavaScript, `js`, whose tokens are `tokens`) in the attempt, in the order that applies
 * them: at one offset, closings of inner code before those of outer code, then openings of outer
 * code before inner.
 */
export function attemptEdits(program: Node, js: string, tokens: readonly Token[]): Edit[] {
  const opens: { at: number; depth: number; text: string }[] = [];
  const closes: { at: number; depth: number; text: string }[] = [];
  const wrap = (start: number, end: number, depth: number, open: string, close: string) => {
    if (start === end) {
      opens.push({ at: start, depth, text: `${open} ${close}` }); // an empty body
      return;
    }
    opens.push({ at: start, depth, text: open });
    closes.push({ at: end, depth, text: close });
  };
  const inside = (node: Node, depth: number) => wrap(node.start, node.end, depth, INSIDE, '))');
  const params = (pattern: Pattern | null | undefined, depth: number): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case 'AssignmentPattern':
        params(pattern.left, depth);
        inside(pattern.right!, depth);
        break;
      case 'ArrayPattern':
        pattern.elements!.forEach((element) => params(element, depth));
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties!) {
          if (property.type === 'RestElement') params(property.argument, depth);
          else {
            if (property.computed) inside(property.key!, depth);
            params(property.value, depth);
          }
        }
        break;
      case 'RestElement':
        params(pattern.argument, depth);
        break;
    }
  };
  const fn = (node: Fn, ancestors: Node[]) => {
    const depth = ancestors.length;
    node.params.forEach((param) => params(param as Pattern, depth));
    if (node.body.type === 'BlockStatement') {
      wrap(node.body.start + 1, node.body.end - 1, depth, ENTER, FINALLY);
    } else {
      // `x => expression`: the body becomes a block that returns it, opened just after the
      // arrow (before any parenthesis round the expression) and closed at the function's end.
      const arrow = tokens.findLast((t) => t.type.label === '=>' && t.start >= node.start && t.end <= node.body.start);
      if (!arrow)
        throw new Error(
          `attemptEdits: no => in the arrow function at offset ${node.start}: ${js.slice(node.start, node.end)}`,
        );
      wrap(arrow.end, node.end, depth, ` { ${ENTER} return (`, `); ${FINALLY} }`);
    }
  };
  ancestor(program, {
    Function: (node, _state, ancestors) => fn(node as Fn, ancestors),
    PropertyDefinition(node, _state, ancestors) {
      const value = (node as Node & { value?: Node | null }).value;
      if (value) inside(value, ancestors.length);
    },
    StaticBlock(node, _state, ancestors) {
      const brace = tokens.find((t) => t.type.label === '{' && t.start >= node.start)!;
      wrap(brace.end, node.end - 1, ancestors.length, ENTER, FINALLY);
    },
  });
  const byOffset = new Map<number, { closes: typeof closes; opens: typeof opens }>();
  const at = (offset: number) => byOffset.get(offset) ?? byOffset.set(offset, { closes: [], opens: [] }).get(offset)!;
  for (const close of closes) at(close.at).closes.push(close);
  for (const open of opens) at(open.at).opens.push(open);
  return [...byOffset].map(([offset, here]) => ({
    start: offset,
    end: offset,
    text: [...here.closes.sort((a, b) => b.depth - a.depth), ...here.opens.sort((a, b) => a.depth - b.depth)]
      .map((e) => e.text)
      .join(' '),
  }));
}
