// Scope analysis of a parsed cell: what each scope declares, and the cell's free references
// (the names it uses without declaring them), with what compiling needs to know about each:
// whether it is only asked its type, written to, at the top level, or a shorthand property.
// Nothing here knows about notebooks; transform.ts decides what a free name means.

import type {
  AnyNode,
  ArrowFunctionExpression,
  FunctionDeclaration,
  FunctionExpression,
  Function as FunctionNode,
  Class,
  Identifier,
  Node,
  Pattern,
  Program,
  UnaryExpression,
} from 'acorn';
import { ancestor, type AncestorVisitors } from 'acorn-walk';

/** How a name was declared; `const` also stands for `using` and for imports (none can be reassigned). */
export type DeclarationKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param';

/** A use of a name the cell does not declare in any scope around the use. */
export interface FreeReference {
  name: string;
  node: Identifier;
  /** The `typeof name` around it, when that is all the use asks. */
  typeofExpression?: UnaryExpression;
  /** It is written to: `x = …`, `x++`, `[x] = …`, `for (x of …)`. */
  assigned: boolean;
  /** It is in no function: it runs when the cell runs. */
  atTopLevel: boolean;
  /** A shorthand property, `{ x }` or `({ x = 1 } = o)`, whose key is the name. */
  shorthand: boolean;
}

/** Scope node → name → how it was declared. */
export type Scopes = Map<Node, Map<string, DeclarationKind>>;

/**
 * The names `program` declares at its top level, and its free references in the order they
 * appear (each use, not each name).
 */
export function cellScope(program: Program): { topLevel: Map<string, DeclarationKind>; references: FreeReference[] } {
  const scopes = declarations(program);
  const references: FreeReference[] = [];
  const reference = (node: Identifier, _state: unknown, ancestors: AnyNode[]) => {
    for (let i = ancestors.length - 2; i >= 0; i--) {
      if (scopes.get(ancestors[i])?.has(node.name)) return; // bound inside the cell
    }
    const parent = ancestors[ancestors.length - 2];
    const underTypeof = parent?.type === 'UnaryExpression' && parent.operator === 'typeof' && parent.argument === node;
    references.push({
      name: node.name,
      node,
      ...(underTypeof ? { typeofExpression: parent } : {}),
      assigned: isAssignmentTarget(ancestors),
      atTopLevel: !ancestors.some(isFunction),
      shorthand: isShorthand(node, ancestors),
    });
  };
  // acorn-walk visits an identifier that a pattern declares or assigns as the pseudo-type
  // "VariablePattern", which its types do not list; it is still an Identifier node.
  const visitors: AncestorVisitors<unknown> & { VariablePattern: typeof reference } = {
    Identifier: reference,
    VariablePattern: reference,
  };
  ancestor(program, visitors);
  return { topLevel: scopes.get(program) ?? new Map(), references };
}

export function isFunction(node: AnyNode): node is FunctionDeclaration | FunctionExpression | ArrowFunctionExpression {
  return (
    node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
  );
}

const BLOCK_SCOPES = new Set([
  'Program',
  'BlockStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'SwitchStatement',
  'StaticBlock',
]);

/** Every declaration, keyed by the node whose scope it belongs to. */
export function declarations(program: Program): Scopes {
  const scopes: Scopes = new Map();
  const declare = (scope: Node, pattern: Pattern | null | undefined, kind: DeclarationKind) => {
    for (const name of patternNames(pattern)) {
      if (!scopes.has(scope)) scopes.set(scope, new Map());
      scopes.get(scope)!.set(name, kind);
    }
  };
  // The innermost enclosing scope of the node at the end of `ancestors`, excluding the node.
  const enclosing = (ancestors: AnyNode[], test: (node: AnyNode) => boolean): Node => {
    for (let i = ancestors.length - 2; i >= 0; i--) if (test(ancestors[i])) return ancestors[i];
    return program;
  };
  const blockScope = (node: AnyNode) => BLOCK_SCOPES.has(node.type) || isFunction(node);
  const functionScope = (node: AnyNode) => isFunction(node) || node.type === 'Program' || node.type === 'StaticBlock';
  const fn = (node: FunctionNode & AnyNode, _state: unknown, ancestors: AnyNode[]) => {
    if (node.type === 'FunctionDeclaration') declare(enclosing(ancestors, blockScope), node.id, 'function');
    else if (node.id) declare(node, node.id, 'function');
    for (const param of node.params) declare(node, param, 'param');
    // A function (not an arrow) has its own `arguments`; at the top of a cell, `arguments`
    // stays a free name, since the cell's own function's arguments are the notebook's.
    if (node.type !== 'ArrowFunctionExpression') {
      if (!scopes.has(node)) scopes.set(node, new Map());
      scopes.get(node)!.set('arguments', 'param');
    }
  };
  const cls = (node: Class & AnyNode, _state: unknown, ancestors: AnyNode[]) => {
    if (node.type === 'ClassDeclaration') declare(enclosing(ancestors, blockScope), node.id, 'class');
    else if (node.id) declare(node, node.id, 'class');
  };
  ancestor<unknown>(program, {
    VariableDeclaration(node, _state, ancestors) {
      const scope = enclosing(ancestors, node.kind === 'var' ? functionScope : blockScope);
      const kind = node.kind === 'var' || node.kind === 'let' ? node.kind : 'const'; // const, using, await using
      for (const d of node.declarations) declare(scope, d.id, kind);
    },
    FunctionDeclaration: fn,
    FunctionExpression: fn,
    ArrowFunctionExpression: fn,
    ClassDeclaration: cls,
    ClassExpression: cls,
    CatchClause(node) {
      if (node.param) declare(node, node.param, 'param');
    },
    ImportDeclaration(node) {
      for (const spec of node.specifiers) declare(program, spec.local, 'const');
    },
  });
  return scopes;
}

/** The names a declaration's pattern binds: `x`, `{ a, b: [c, ...d] }` → a, c, d. */
function patternNames(pattern: Pattern | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => patternNames(e));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return []; // a MemberExpression assigns a property, not a name
  }
}

/** Whether the identifier at the end of `ancestors` is written to (x = …, x++, [x] = …, for (x of …)). */
function isAssignmentTarget(ancestors: AnyNode[]): boolean {
  let child = ancestors[ancestors.length - 1];
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const parent = ancestors[i];
    switch (parent.type) {
      case 'AssignmentExpression':
        return parent.left === child;
      case 'UpdateExpression':
        return true;
      case 'ForInStatement':
      case 'ForOfStatement':
        return parent.left === child;
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
        break;
      case 'AssignmentPattern':
        if (parent.left !== child) return false;
        break;
      case 'Property':
        if (parent.value !== child) return false;
        break;
      default:
        return false;
    }
    child = parent;
  }
  return false;
}

/**
 * Whether the identifier is a shorthand property, `{ x }` or `({ x = 1 } = o)`, whose key a
 * rewrite must keep. (acorn-walk visits a pattern's property values without the Property node,
 * so look the property up in the parent pattern.)
 */
function isShorthand(node: Identifier, ancestors: AnyNode[]): boolean {
  let parent: AnyNode | undefined = ancestors[ancestors.length - 2];
  let child: AnyNode = node;
  if (parent?.type === 'AssignmentPattern' && parent.left === node) {
    child = parent;
    parent = ancestors[ancestors.length - 3];
  }
  if (parent?.type === 'Property') return parent.shorthand && parent.value === child;
  if (parent?.type === 'ObjectPattern') {
    return parent.properties.some((p) => p.type === 'Property' && p.shorthand && p.value === child);
  }
  return false;
}
