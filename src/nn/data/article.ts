// The article's data set: four samples, three inputs, one target.
//
//   x₁ x₂ x₃ | y
//    0  0  1 | 0
//    0  1  1 | 1
//    1  0  1 | 1
//    1  1  1 | 0
//
// y is x₁ XOR x₂. The third column is always 1: multiplied by the first layer's weights it adds
// a constant to every hidden unit, a bias in disguise (the article's network has no other bias).

import { fromArray, type Matrix } from '../matrix.ts';

/** X (4×3, constant third column) and y (4×1). Fresh matrices on every call. */
export function articleData(): { X: Matrix; y: Matrix } {
  return {
    X: fromArray([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]),
    y: fromArray([[0], [1], [1], [0]]),
  };
}
