// src/nn: the network module. Pure TypeScript, no DOM, no dependencies; runs in Node, on the
// page and in a Web Worker. One line per module.
export * from './random.ts';
export * from './matrix.ts';
export * from './kernels.ts';
export * from './activations.ts';
export * from './losses.ts';
export * from './schedules.ts';
export * from './article.ts';
export * from './network.ts';
export * from './gradcheck.ts';
export * from './data/article.ts';
export * from './data/xor.ts';
export * from './data/toys.ts';
export * from './data/digits.ts';
export * from './data/prepare.ts';
