import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn/index.ts';

// What `import { … } from "nn"` offers a reader, pinned: adding or removing a name is a decision
// to make here, on purpose. The fast kernels and the in-place forms of the training loop are
// not in it: they skip the checks (shapes, NaN) that the public functions make.
const PUBLIC = [
  'ACTIVATIONS', 'DEFAULT_SEED', 'LOSSES', 'NeuralNetwork', 'TrainingDivergedError', 'accuracy', 'activate', 'add',
  'applyStandardize', 'argmaxRows', 'articleData', 'backpropagate', 'backward', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits',
  'categoricalCrossEntropy', 'categoricalCrossEntropyWithLogits', 'checkGradient', 'circles', 'clone', 'cloneNetwork',
  'createNetwork', 'createRng', 'crossEntropyDelta', 'digitImage', 'evaluateLoss', 'formatMatrix', 'forward', 'fromArray',
  'full', 'get', 'gradCheck', 'gradCheckArticle', 'identity', 'identityPrime', 'isMatrix', 'learningRateAt', 'loadDigits',
  'lossValue', 'map', 'matmul', 'matmulPlain', 'meanSquaredError', 'meanSquaredErrorPrime', 'minus', 'moons', 'multiply', 'nextRandom',
  'normalize', 'oneHot', 'plus', 'predict', 'rand', 'randomInt', 'randomNormal', 'randomUniform', 'relativeError', 'relu', 'reluPrime',
  'scalar', 'scale', 'shape', 'shapeText', 'shuffle', 'sigmoid', 'sigmoidOf', 'sigmoidPrime', 'softmax', 'spiral', 'squareOf', 'standardize', 'subtract', 'sum',
  'sumOfSquares', 'sumOfSquaresPrime', 'sumRows', 'takeRows', 'tanh', 'tanhPrime', 'times', 'toArray', 'topologicalOrder', 'train', 'trainTestSplit',
  'transpose', 'xorData', 'zeros',
];

/** For each public name, the declaration it comes from, parsed with TypeScript's own parser. */
function publicDeclarations(): { name: string; file: string; node: ts.Node; docs: string }[] {
  const index = new URL('../../src/nn/index.ts', import.meta.url);
  const barrel = ts.createSourceFile('index.ts', readFileSync(index, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; file: string; node: ts.Node; docs: string }[] = [];
  for (const statement of barrel.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const from = (statement.moduleSpecifier as ts.StringLiteral).text;
    const file = new URL(from, index);
    const source = ts.createSourceFile(from, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const element of statement.exportClause.elements) {
      if (element.isTypeOnly) continue;
      const name = element.name.text;
      const node = source.statements.find((s) =>
        (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) ? s.name?.text === name
          : ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name));
      if (!node) throw new Error(`${name}: no declaration in ${from}`);
      const docs = ts.getJSDocCommentsAndTags(node).map((d) => d.getText()).join('\n');
      found.push({ name, file: from, node, docs });
    }
  }
  return found;
}

describe('the public surface of src/nn', () => {
  it('exports exactly the names readers should use', () => {
    expect(Object.keys(nn).sort()).toEqual([...PUBLIC].sort());
  });

  it('exports no kernel and no unchecked in-place form', () => {
    for (const internal of ['matmulInto', 'matmulTransAInto', 'matmulTransBInto', 'gemmABt', 'gemmSmall', 'gemmSmallAtB', 'transposeData',
      'sigmoidKernel', 'kernelBackend', 'activateInto', 'softmaxInto', 'multiplyBySlopeInto', 'outputDeltaInto', 'toRng', 'toMatrix']) {
      expect(nn).not.toHaveProperty(internal);
    }
  });

  it('every public function, class and constant has a docstring', () => {
    const missing = publicDeclarations().filter((d) => d.docs.trim() === '').map((d) => `${d.name} (${d.file})`);
    expect(missing).toEqual([]);
  });

  it('a public function that throws says so in its docstring', () => {
    // It throws when its body throws, or calls a function of its own file that throws (followed
    // to any depth), or calls one of the checks other files lend it.
    const lent = ['toMatrix', 'createRng', 'toRng', 'checkPairing', 'checkTargets', 'checkSchedule', 'learningRateAt'];
    const throwers = new Map<string, Set<string>>();
    const throwersOf = (d: { file: string; node: ts.Node }) => {
      if (throwers.has(d.file)) return throwers.get(d.file)!;
      const functions = new Map<string, string>();
      const visit = (node: ts.Node) => {
        if (ts.isFunctionDeclaration(node) && node.name && node.body) functions.set(node.name.text, (functions.get(node.name.text) ?? '') + node.body.getText());
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isArrowFunction(node.initializer)) {
          functions.set(node.name.text, node.initializer.getText());
        }
        ts.forEachChild(node, visit);
      };
      visit(d.node.getSourceFile());
      const set = new Set(lent);
      for (let grew = true; grew;) {
        grew = false;
        for (const [name, body] of functions) {
          if (set.has(name)) continue;
          if (/\bthrow\b/.test(body) || [...set].some((t) => new RegExp(`\\b${t}\\(`).test(body))) {
            set.add(name);
            grew = true;
          }
        }
      }
      throwers.set(d.file, set);
      return set;
    };
    const silent = publicDeclarations()
      .filter((d) => ts.isFunctionDeclaration(d.node) && throwersOf(d).has(d.name) && !/\bthrows?\b/i.test(d.docs))
      .map((d) => `${d.name} (${d.file})`);
    expect(silent).toEqual([]);
  });
});
