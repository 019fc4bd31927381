// Run a page's cells in Node: build-time pre-rendering and the tests that prove every cell in
// the book runs. The cells run in a worker thread built by the same kernel host as the page's
// Web Worker (kernel-host.ts): same sandbox, modules and DOM, so the outputs match what a
// reader's rerun shows, and SES freezes that thread's world, never the build's.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellResult } from './kernel.ts';
import type { CellError, DisplayItem, HostRunOptions, WorkerRequest, WorkerResponse } from './protocol.ts';

export const NODE_TIME_LIMIT_MS = 30_000;

export interface NodeKernel {
  /** Runs a cell (or, with `checks`, an exercise's checks) in one of the thread's scopes ("page" by default). */
  run(cellId: string, source: string, options?: HostRunOptions): Promise<CellResult>;
  /** Forgets every name of `scope`, or without one of every scope, as a restarted kernel would. */
  reset(scope?: string): void;
  /** Forgets the names one cell defined in the page's scope (the cell was deleted). */
  forget(cellId: string): void;
  /** Ends the thread. */
  close(): Promise<void>;
}

/**
 * Where the thread's entry file is. A literal `new URL('./node-worker.ts', import.meta.url)`
 * would be rewritten by Vite when a page (the playground) bundles this module, so the name is a
 * variable; inside such a bundle the file is found from the project root instead.
 */
function workerFile(): string {
  const name = 'node-worker.ts';
  const beside = fileURLToPath(new URL(name, import.meta.url));
  if (existsSync(beside)) return beside;
  const fromRoot = resolve(process.cwd(), 'src/notebook', name);
  if (existsSync(fromRoot)) return fromRoot;
  throw new Error(`openNodeKernel: cannot find ${name} beside ${beside} or at ${fromRoot}`);
}

/**
 * Starts a kernel in a worker thread. A run that passes `timeLimitMs` ends the thread: that run
 * and every later one report that the kernel was stopped.
 */
export async function openNodeKernel(options: { timeLimitMs?: number; onLate?: (cellId: string, late: { item?: DisplayItem; error?: CellError }) => void } = {}): Promise<NodeKernel> {
  const timeLimitMs = options.timeLimitMs ?? NODE_TIME_LIMIT_MS;
  const worker = new Worker(workerFile());
  const waiting = new Map<number, (response: CellResult) => void>();
  let stopped: string | null = null;
  let nextRunId = 1;

  await new Promise<void>((ready, fail) => {
    const onMessage = (message: WorkerResponse) => {
      if (message.type === 'ready') {
        worker.off('error', fail);
        ready();
      }
    };
    worker.on('message', onMessage);
    worker.once('error', fail);
  });
  worker.on('message', (message: WorkerResponse) => {
    if (message.type === 'late') options.onLate?.(message.cellId, { item: message.item, error: message.error });
    if (message.type !== 'result') return;
    waiting.get(message.runId)?.(message.result);
    waiting.delete(message.runId);
  });
  const stopAll = (why: string) => {
    stopped = why;
    void worker.terminate();
    for (const [runId, done] of waiting) done(stoppedResult(String(runId), why));
    waiting.clear();
  };
  worker.on('error', (error: Error) => stopAll(`The kernel thread failed: ${error.message}`));

  const post = (request: WorkerRequest) => worker.postMessage(request);
  return {
    run(cellId, source, runOptions = {}) {
      if (stopped) return Promise.resolve(stoppedResult(cellId, stopped));
      const runId = nextRunId++;
      return new Promise<CellResult>((done) => {
        // The timer lives on this (the build's) thread, which other work can block: a chapter's
        // type check, Markdown, highlighting. A timer that fires late, after such a block, runs
        // before the thread's answer, sent meanwhile, is read; setImmediate comes after that
        // read, so only a run that has truly not answered is stopped.
        const timer = setTimeout(() => setImmediate(() => {
          if (waiting.has(runId)) stopAll(`Stopped after ${Math.round(timeLimitMs / 1000)} s: the cell was still running. Is there a loop that never ends?`);
        }), timeLimitMs);
        waiting.set(runId, (result) => {
          clearTimeout(timer);
          done({ ...result, cellId });
        });
        post({ type: 'run', runId, cellId, source, options: runOptions });
      });
    },
    reset(scope) {
      if (!stopped) post(scope === undefined ? { type: 'reset' } : { type: 'reset', scope });
    },
    forget(cellId) {
      if (!stopped) post({ type: 'forget', cellId });
    },
    async close() {
      stopped ??= 'The kernel was closed.';
      await worker.terminate();
    },
  };
}

function stoppedResult(cellId: string, message: string): CellResult {
  return { cellId, status: 'error', outputs: [], defines: [], uses: [], error: { name: 'StoppedError', message }, durationMs: 0 };
}

/** Runs cells in order in a fresh kernel, on past errors: each later cell reports its own. */
export async function runNotebook(cells: readonly ({ id: string; source: string } & HostRunOptions)[]): Promise<CellResult[]> {
  const kernel = await openNodeKernel();
  try {
    const results: CellResult[] = [];
    for (const { id, source, ...options } of cells) results.push(await kernel.run(id, source, options));
    return results;
  } finally {
    await kernel.close();
  }
}
