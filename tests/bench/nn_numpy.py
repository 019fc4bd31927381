#!/usr/bin/env python3
"""NumPy side of `npm run bench` (tests/bench/nn.ts runs it; not meant to be run by hand).

Reads the shared inputs (JSON path in argv[1]), times the same three workloads as the
TypeScript side, and prints one JSON object of medians (seconds) and final losses.
tests/bench/nn.ts starts it with OPENBLAS_NUM_THREADS=1 (and the MKL/OMP equivalents) so NumPy uses
one core, like the TypeScript and single-threaded WebAssembly versions.
"""
import json
import sys
import time

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def seed_workload(X, y, W1, W2, iterations):
    """The article's algorithm (its NeuralNetwork class, written as a loop)."""
    W1 = W1.copy()
    W2 = W2.copy()
    loss = 0.0
    for _ in range(iterations):
        layer1 = sigmoid(np.dot(X, W1))
        output = sigmoid(np.dot(layer1, W2))
        loss = float(np.sum((y - output) ** 2))
        e2 = 2 * (y - output) * (output * (1 - output))
        d_W2 = np.dot(layer1.T, e2)
        d_W1 = np.dot(X.T, np.dot(e2, W2.T) * (layer1 * (1 - layer1)))
        W1 += d_W1
        W2 += d_W2
    return loss


def mlp_workload(X, Y, W1, b1, W2, b2, eta, iterations):
    """64 sigmoid -> 10 sigmoid with biases, mean squared error, full-batch gradient descent."""
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    n = Y.size
    loss = 0.0
    for _ in range(iterations):
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        loss = float(np.sum((a2 - Y) ** 2) / n)
        d2 = (2.0 / n) * (a2 - Y) * (a2 * (1 - a2))
        d1 = (d2 @ W2.T) * (a1 * (1 - a1))
        W2 -= eta * (a1.T @ d2)
        b2 -= eta * d2.sum(axis=0, keepdims=True)
        W1 -= eta * (X.T @ d1)
        b1 -= eta * d1.sum(axis=0, keepdims=True)
    return loss


def median_time(fn, runs, warmup=1):
    """Median CPU seconds (time.process_time: this process, all threads), as the TypeScript side measures."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return float(np.median(times))


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    arr = lambda v: np.array(v, dtype=np.float64)
    s = data['seed']
    X, y, W1, W2 = arr(s['X']), arr(s['y']), arr(s['W1']), arr(s['W2'])
    m = data['mlp']
    mX, mY = arr(m['X']), arr(m['Y'])
    mW1, mb1, mW2, mb2 = arr(m['W1']), arr(m['b1']), arr(m['W2']), arr(m['b2'])
    runs = data['runs']
    out = {
        'numpy': np.__version__,
        'seed': median_time(lambda: seed_workload(X, y, W1, W2, s['iterations']), runs['seed']),
        'seedLoss': seed_workload(X, y, W1, W2, s['iterations']),
        'mlp': median_time(lambda: mlp_workload(mX, mY, mW1, mb1, mW2, mb2, m['eta'], m['iterations']), runs['mlp']),
        'mlpLoss': mlp_workload(mX, mY, mW1, mb1, mW2, mb2, m['eta'], m['iterations']),
        'matmul': {},
    }
    for n in data['matmulSizes']:
        A = np.random.default_rng(1).random((n, n))
        B = np.random.default_rng(2).random((n, n))
        reps = max(1, int(2e8 // (2 * n ** 3)))
        t = median_time(lambda: [A @ B for _ in range(reps)], runs['matmul']) / reps
        out['matmul'][str(n)] = t
    print(json.dumps(out))


if __name__ == '__main__':
    main()
