// XOR: the smallest problem a single layer cannot solve. No straight line separates the inputs
// whose output is 1, (0, 1) and (1, 0), from those whose output is 0, so a hidden layer is needed.

import { fromArray, type Matrix } from '../matrix.ts';

/** X (4×2, every pair of bits) and Y (4×1, their XOR). Fresh matrices on every call. */
export function xorData(): { X: Matrix; Y: Matrix } {
  return {
    X: fromArray([[0, 0], [0, 1], [1, 0], [1, 1]]),
    Y: fromArray([[0], [1], [1], [0]]),
  };
}
