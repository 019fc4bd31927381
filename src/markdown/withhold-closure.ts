/**
 * The authoring check on an exercise's withheld names (`<Exercise withhold="sigmoid …">`): every
 * `nn` export whose code reaches a withheld `nn` export must be withheld too, or the attempt can
 * get the withheld function through it (a NeuralNetwork's feedforward computes the sigmoid, so
 * an exercise that asks for the sigmoid and leaves NeuralNetwork open is passed without writing
 * it). A list that misses one fails the build with the file, the line and the names to add.
 *
 * The references are read from src/nn's source with the TypeScript compiler: which top-level
 * functions, classes and constants of src/nn each one names in its code (types excepted), followed
 * transitively. Build and tests only (Node): it imports `typescript` and reads files.
 *
 * What it cannot see: an export that computes the same formula without calling the withheld one
 * (autograd's `sigmoidOf` shares the scalar helper with `sigmoid` but does not call it). Those
 * are still listed by hand (README, "Withholding what the exercise asks for").
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { andList } from '../lib/plural.ts';

/** The graph of src/nn: each `nn` export's declaration, and what each declaration names. */
interface NnGraph {
  /** `nn` export name → its declaration's key (`file#name`). */
  exports: Map<string, string>;
  /** declaration key → the keys of the src/nn top-level declarations its code names. */
  references: Map<string, Set<string>>;
}

const NN_INDEX = fileURLToPath(new URL('../nn/index.ts', import.meta.url));
const NN_DIR = NN_INDEX.replace(/index\.ts$/, '');

let cached: NnGraph | undefined;

/** A top-level declaration's key: its file under src/nn and its name (`activations.ts#sigmoid`). */
function keyOf(declaration: ts.NamedDeclaration): string {
  return `${declaration.getSourceFile().fileName.slice(NN_DIR.length)}#${declaration.name?.getText() ?? '?'}`;
}

/** The top-level function, class or variable a declaration belongs to, or undefined (types, imports). */
function topLevelOf(node: ts.Node): ts.NamedDeclaration | undefined {
  // Up to the file's statement; a local `let sum` inside matmulPlain belongs to matmulPlain.
  let statement = node;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement;
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.find((d) => d.pos <= node.pos && node.end <= d.end);
  }
  return undefined;
}

/** Reads src/nn once per process (about a second or two: a program over src/nn without the lib). */
function nnGraph(): NnGraph {
  if (cached) return cached;
  // No lib: only names declared in src/nn matter, and property names (whose resolution needs the
  // types of the lib) are never looked up, since a top-level declaration is only named by an identifier.
  const program = ts.createProgram([NN_INDEX], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    noLib: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const resolve = (symbol: ts.Symbol | undefined) => {
    while (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol;
  };
  const references = new Map<string, Set<string>>();
  for (const file of program.getSourceFiles().filter((f) => f.fileName.startsWith(NN_DIR))) {
    for (const statement of file.statements) {
      const declarations: ts.NamedDeclaration[] = ts.isVariableStatement(statement)
        ? [...statement.declarationList.declarations]
        : (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name
          ? [statement]
          : [];
      for (const declaration of declarations) {
        const key = keyOf(declaration);
        const named = references.get(key) ?? new Set<string>();
        references.set(key, named);
        const visit = (node: ts.Node): void => {
          // A type annotation calls nothing; `class A extends B` does (ExpressionWithTypeArguments).
          if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
          // `a.b`: b is a property, never a top-level declaration.
          if (ts.isPropertyAccessExpression(node)) return visit(node.expression);
          if (ts.isIdentifier(node)) {
            const symbol = ts.isShorthandPropertyAssignment(node.parent)
              ? checker.getShorthandAssignmentValueSymbol(node.parent) // `{ sigmoid }` names the function
              : checker.getSymbolAtLocation(node);
            for (const target of resolve(symbol)?.declarations ?? []) {
              if (!target.getSourceFile().fileName.startsWith(NN_DIR)) continue;
              const top = topLevelOf(target);
              if (top && keyOf(top) !== key) named.add(keyOf(top));
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(declaration);
      }
    }
  }
  const exports = new Map<string, string>();
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(NN_INDEX)!)!)) {
    const declaration = resolve(symbol)?.declarations?.map(topLevelOf).find(Boolean);
    if (declaration) exports.set(symbol.name, keyOf(declaration));
  }
  cached = { exports, references };
  return cached;
}

/** Every declaration key `key`'s code reaches, directly or through other src/nn declarations. */
function reach(graph: NnGraph, key: string): Set<string> {
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    for (const next of graph.references.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** The `nn` exports whose code reaches the `nn` export `name`, sorted; [] for a name `nn` does not export. */
export function nnCallersOf(name: string): string[] {
  const graph = nnGraph();
  const target = graph.exports.get(name);
  if (target === undefined) return [];
  return [...graph.exports]
    .filter(([caller, key]) => caller !== name && key !== target && reach(graph, key).has(target))
    .map(([caller]) => caller)
    .sort();
}

/** A withheld `nn` export and the exports that reach it but are not withheld. */
export interface MissingWithhold {
  withheld: string;
  callers: string[];
}

/**
 * What a withhold list misses: for each withheld `nn` export (in the list's order), the `nn`
 * exports that reach it and are not in the list. Each missing name is told once, under the first
 * withheld name it reaches. Names that are not `nn` exports (a chapter's cells, the kernel's
 * internals) are not checked. With an allow-list (`open`), only allowed exports can be missing:
 * the rest are withheld already. [] when the list is closed.
 */
export function missingWithholds(withhold: readonly string[], open?: ReadonlySet<string>): MissingWithhold[] {
  const listed = new Set(withhold);
  const told = new Set<string>();
  const missing: MissingWithhold[] = [];
  for (const withheld of withhold) {
    const callers = nnCallersOf(withheld).filter(
      (caller) => !listed.has(caller) && !told.has(caller) && (!open || open.has(caller)),
    );
    callers.forEach((caller) => told.add(caller));
    if (callers.length > 0) missing.push({ withheld, callers });
  }
  return missing;
}

/**
 * Throws when an exercise's withhold list misses an `nn` export that calls a withheld one:
 * `<where>: exercise "<id>" withholds sigmoid, but NeuralNetwork and gradCheckArticle call it:
 * add them to withhold="…"` with the whole list to write. With an allow-list (`allow`, spelled
 * out), every `nn` export outside it is withheld already, so what can be missing is an allowed
 * export that calls a withheld one. `where` is the <Exercise>'s file and line.
 */
export function checkWithholdClosure(exercise: {
  id: string;
  withhold: readonly string[];
  allow?: { names: readonly string[] };
  where: string;
}): void {
  const open = exercise.allow && new Set(exercise.allow.names);
  const missing = missingWithholds(exercise.withhold, open);
  if (missing.length === 0) return;
  const added = missing.flatMap((m) => m.callers);
  const reasons = missing.map(
    ({ withheld, callers }) => `${andList(callers)} ${callers.length === 1 ? 'calls' : 'call'} ${withheld}`,
  );
  throw new Error(
    `${exercise.where}: exercise "${exercise.id}" withholds ${andList(missing.map((m) => m.withheld))}, but ${reasons.join('; ')}, ` +
      `so an attempt could use ${added.length === 1 ? 'it' : 'them'} instead of writing ${missing.length === 1 ? 'it' : 'them'}: ` +
      `add ${added.length === 1 ? 'it' : 'them'} to withhold="${[...exercise.withhold, ...added].join(' ')}"` +
      `${open ? ` (and take ${added.length === 1 ? 'it' : 'them'} out of allow="…" where listed by name)` : ''}.`,
  );
}
