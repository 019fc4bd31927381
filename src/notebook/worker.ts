// The notebook's Web Worker. The page creates it with
//   new Worker(new URL('../src/notebook/worker.ts', import.meta.url), { type: 'module' })
// and talks to it only through the messages in protocol.ts. A runaway cell is stopped by the
// page terminating this worker and starting another; nothing here needs to survive that.

import * as nn from '../nn/index.ts';
import * as Plot from '@observablehq/plot';
import { createChecker } from './checks.ts';
import { createKernel } from './kernel.ts';
import { createDocument } from './dom.ts';
import { lockCodeGeneration, lockDown } from './sandbox.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

// Typed by hand: the DOM and WebWorker libs cannot both be loaded in one program.
interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

// Keep our own channel to the page before lockDown() takes postMessage away from cells.
const post = scope.postMessage.bind(scope);
const listen = scope.addEventListener.bind(scope);
lockDown(globalThis);
lockCodeGeneration(globalThis as unknown as Record<string, unknown>);

const kernel = createKernel({
  modules: { nn, '@observablehq/plot': Plot },
  document: createDocument(),
  // Exercises' checks run here too, against the reader's own code (see checks.ts).
  globals: { check: createChecker() },
});

// Runs are handled one at a time, in the order they arrive: a cell awaiting something must
// not let the next cell run against a half-defined scope.
let queue: Promise<void> = Promise.resolve();

listen('message', (event: { data: WorkerRequest }) => {
  const request = event.data;
  queue = queue.then(() => handle(request)).catch((error) => console.error('notebook worker:', error));
});

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'reset') {
    kernel.reset();
  } else if (request.type === 'run') {
    let result;
    try {
      result = await kernel.run(request.cellId, request.source);
    } catch (error) {
      // kernel.run reports reader errors itself; this is a bug of ours, still shown in place.
      result = {
        cellId: request.cellId,
        status: 'error' as const,
        outputs: [],
        defines: [],
        uses: [],
        error: { name: 'InternalError', message: String(error instanceof Error ? error.message : error) },
        durationMs: 0,
      };
    }
    post({ type: 'result', runId: request.runId, result });
  }
}

// A timer or promise a cell left behind may throw after its run is over. Swallow it here
// (the page would otherwise see a worker error and think the kernel died).
listen('error', (event: { preventDefault(): void; message?: string }) => {
  event.preventDefault();
  console.warn('notebook worker: error after a cell finished:', event.message);
});
listen('unhandledrejection', (event: { preventDefault(): void; reason?: unknown }) => {
  event.preventDefault();
  console.warn('notebook worker: unhandled rejection after a cell finished:', event.reason);
});

post({ type: 'ready' });
