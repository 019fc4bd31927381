// Automatic differentiation on single numbers: backpropagation as a machine (chapter 8).
//
// A Scalar is a number that remembers how it was made: the Scalars it was computed from
// (`inputs`) and, for each of them, the local derivative ∂(this)/∂(input) (`locals`), worked
// out in the forward pass while the numbers are at hand. Nothing else is stored: no closure per
// operation, so a Scalar is plain data and every operation's derivative sits on the line that
// makes it.
//
// The backward pass is then the chain rule of chapter 7, once for the whole graph:
//   ∂out/∂out = 1,   and for every node v, from the output back,
//   ∂out/∂u  += ∂out/∂v · ∂v/∂u   for each input u of v.
// The "+=" is the point: a value used twice (a weight shared by four samples, a bias added to
// every row) collects one contribution per use, and the sum is its gradient.
//
// The chapter builds this engine in its cells, step by step; this file is the same design,
// tested (tests/nn/autograd.test.ts: finite differences, and the article's network trained for
// 1,500 steps agreeing with NeuralNetwork to 1e-12), for the chapter's checks and its widget.

// The sigmoid and its slope are written once, in activations.ts; the engine calls the same
// one-line definitions, so its numbers are nn's bit for bit.
import { sigmoidOf as sigmoidNumber, sigmoidSlope } from './activations.ts';

/** A number in a computation graph: its value, its gradient, and how it was made. */
export interface Scalar {
  /** The number computed in the forward pass. */
  value: number;
  /** ∂(output)/∂(this), set by the last `backpropagate(output)` that reached it; 0 before. */
  grad: number;
  /** The operation that made it: 'input' for a number we started from, else '+', '−', '×', 'square', 'σ'. */
  op: string;
  /** The Scalars it was computed from (none for an input). */
  inputs: Scalar[];
  /** locals[i] = ∂(this)/∂(inputs[i]), evaluated in the forward pass. */
  locals: number[];
  /** An optional name for display ('w₁', 'x'). */
  label?: string;
}

/**
 * A number to start from (a weight, an input, a target): a Scalar with no inputs.
 * Throws `scalar: the value must be a finite number, got NaN` for NaN, ±Infinity or a non-number.
 */
export function scalar(value: number, label?: string): Scalar {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`scalar: the value must be a finite number, got ${describe(value)}`);
  }
  return { value, grad: 0, op: 'input', inputs: [], locals: [], ...(label === undefined ? {} : { label }) };
}

/** Operands may be Scalars or plain numbers (constants, which become inputs of their own). */
type Operand = Scalar | number;

/** a + b;  ∂/∂a = 1, ∂/∂b = 1. Throws, naming the operation, for an operand that is not a Scalar or a finite number. */
export function plus(a: Operand, b: Operand): Scalar {
  const [x, y] = operands('plus', a, b);
  return made('+', x.value + y.value, [x, y], [1, 1]);
}

/** a − b;  ∂/∂a = 1, ∂/∂b = −1. Throws as `plus` does. */
export function minus(a: Operand, b: Operand): Scalar {
  const [x, y] = operands('minus', a, b);
  return made('−', x.value - y.value, [x, y], [1, -1]);
}

/** a · b;  ∂/∂a = b, ∂/∂b = a (each factor's slope is the other factor). Throws as `plus` does. */
export function times(a: Operand, b: Operand): Scalar {
  const [x, y] = operands('times', a, b);
  return made('×', x.value * y.value, [x, y], [y.value, x.value]);
}

/** a²;  ∂/∂a = 2a. Throws as `plus` does. */
export function squareOf(a: Operand): Scalar {
  const [x] = operands('squareOf', a);
  return made('square', x.value * x.value, [x], [2 * x.value]);
}

/**
 * σ(a) = 1 / (1 + e^−a), in (0, 1);  ∂/∂a = σ(a)(1 − σ(a)), written with the output as in
 * chapter 3 (the same definitions `sigmoid` and `sigmoidPrime` call, so the numbers match nn's).
 * Throws as `plus` does.
 */
export function sigmoidOf(a: Operand): Scalar {
  const [x] = operands('sigmoidOf', a);
  const s = sigmoidNumber(x.value);
  return made('σ', s, [x], [sigmoidSlope(s)]);
}

/**
 * Every Scalar that `output` depends on, itself included, each once, each after all of its
 * inputs (so `output` comes last). Depth-first from the output; iterative, so a graph of any
 * depth fits (a 1,000-term sum is 1,000 levels deep).
 */
export function topologicalOrder(output: Scalar): Scalar[] {
  const order: Scalar[] = [];
  const seen = new Set<Scalar>();
  // Each frame is a node and how many of its inputs have been visited; a node joins the order
  // only when the last of its inputs has, which is what "after all of its inputs" needs.
  const stack: [Scalar, number][] = [[output, 0]];
  seen.add(output);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.inputs.length) {
      top[1] = next + 1;
      const input = node.inputs[next];
      if (!seen.has(input)) {
        seen.add(input);
        stack.push([input, 0]);
      }
    } else {
      order.push(node);
      stack.pop();
    }
  }
  return order;
}

/**
 * The backward pass: sets `grad` = ∂output/∂(node) on every node of `output`'s graph. Every
 * gradient is first set to 0 (so a second call gives the same numbers, not twice them), then
 * ∂output/∂output = 1, then, from the output back, each node adds grad × local to each input:
 *   u.grad += v.grad · ∂v/∂u.
 * Returns the topological order it used (inputs first, output last).
 */
export function backpropagate(output: Scalar): Scalar[] {
  const order = topologicalOrder(output);
  for (const node of order) node.grad = 0;
  output.grad = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    for (let i = 0; i < node.inputs.length; i++) node.inputs[i].grad += node.grad * node.locals[i];
  }
  return order;
}

function made(op: string, value: number, inputs: Scalar[], locals: number[]): Scalar {
  return { value, grad: 0, op, inputs, locals };
}

function operands(op: string, ...values: Operand[]): Scalar[] {
  return values.map((v, i) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`${op}: operand ${i + 1} must be a finite number or a Scalar, got ${describe(v)}`);
      return scalar(v);
    }
    if (v === null || typeof v !== 'object' || typeof v.value !== 'number' || !Array.isArray(v.inputs)) {
      throw new Error(`${op}: operand ${i + 1} must be a Scalar or a finite number, got ${describe(v)}`);
    }
    return v;
  });
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string "${v}"`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object that is not a Scalar' : String(v);
}
