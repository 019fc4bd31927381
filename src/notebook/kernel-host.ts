// The one place the kernel is built. The page's Web Worker (worker.ts) and the build's Node
// worker thread (node-worker.ts) both call startKernelHost with their own message channel, so
// the build, the tests and the reader's rerun run cells in the same sandbox, with the same
// modules, the same locks and the same seed.
//
// Order matters: every module loads first, then the host keeps what it needs (timers, clock,
// its channel), then SES freezes the world (hardenRealm), then the cells' compartment is made,
// and only then is the host's own global stripped (lockDownHost). No reader code runs before.

import * as nn from '../nn/index.ts';
import * as Plot from '@observablehq/plot';
import { createChecker } from './checks.ts';
import { createKernel, type CellResult, type Kernel } from './kernel.ts';
import { createDocument } from './dom.ts';
import { createCellCompartment, createTimers, hardenRealm, lockDownHost } from './sandbox.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
import type { DisplayItem } from './display.ts';

export interface HostChannel {
  post(message: WorkerResponse): void;
  listen(handler: (message: WorkerRequest) => void): void;
}

export interface KernelHost {
  /**
   * An error nothing caught (a promise a cell left unawaited, rejected): shown late under the
   * cell that ran or whose timer ran last. The worker's and the thread's global handlers call it.
   */
  uncaught(error: unknown): void;
}

const PAGE = 'page';

/** Builds the sandboxed kernel and serves runs over `channel`, one at a time, in order. */
export function startKernelHost(channel: HostChannel): KernelHost {
  const realm = globalThis as unknown as Record<string, any>;
  const host = {
    setTimeout: realm.setTimeout.bind(globalThis),
    clearTimeout: realm.clearTimeout.bind(globalThis),
    setInterval: realm.setInterval.bind(globalThis),
    clearInterval: realm.clearInterval.bind(globalThis),
    queueMicrotask: realm.queueMicrotask.bind(globalThis),
  };
  const now = (realm.performance.now as () => number).bind(realm.performance);
  const structuredClone = realm.structuredClone.bind(globalThis) as (value: unknown) => unknown;
  const atob = realm.atob.bind(globalThis) as (text: string) => string;
  const btoa = realm.btoa.bind(globalThis) as (text: string) => string;

  hardenRealm();
  // Who is running: the cell of the run in progress, else the cell whose timer callback runs.
  // Timers remember it as their owner; only the page's cells have late output and blame.
  let running: { scope: string; cellId: string } | undefined;
  let inTimer: string | undefined;
  let lastOwner: string | undefined;
  const runningPageCell = () => (running?.scope === PAGE ? running.cellId : undefined);
  const late = (cellId: string, item: DisplayItem) => channel.post({ type: 'late', cellId, item });
  const lateError = (cellId: string, error: unknown) => {
    const kernel = scopes.get(PAGE);
    if (kernel) channel.post({ type: 'late', cellId, error: kernel.lateError(cellId, error) });
  };
  const timers = createTimers(host, {
    current: () => inTimer ?? runningPageCell(),
    enter: (cellId) => {
      inTimer = lastOwner = cellId;
      channel.post({ type: 'timer', cellId, busy: true });
    },
    exit: (cellId) => {
      inTimer = undefined;
      channel.post({ type: 'timer', cellId, busy: false });
    },
    failed: lateError,
  });
  const compartment = createCellCompartment({ timers, now, structuredClone, atob, btoa });
  const document = createDocument();
  // Each scope is a kernel of its own over the one frozen compartment: its names are its own,
  // and the world they live in cannot be changed by any of them.
  const newKernel = (scope: string) => createKernel({
    modules: { nn, '@observablehq/plot': Plot },
    document,
    evaluate: compartment.evaluate,
    createChecker,
    harden,
    onLate: scope === PAGE ? late : undefined,
  });
  const scopes = new Map<string, Kernel>();
  const kernelFor = (scope = PAGE) => {
    let kernel = scopes.get(scope);
    if (!kernel) scopes.set(scope, (kernel = newKernel(scope)));
    return kernel;
  };
  kernelFor(); // the page's scope, built before the host's global is stripped
  lockDownHost(globalThis);

  // Runs are handled one at a time, in the order they arrive: a cell awaiting something must
  // not let the next cell run against a half-defined scope.
  let queue: Promise<void> = Promise.resolve();
  channel.listen((request) => {
    queue = queue.then(() => handle(request)).catch((error) => console.error('notebook kernel:', error));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'reset') {
      // A fresh kernel rather than a cleared one: nothing of the old scope's closures is kept.
      if (request.scope === undefined) {
        scopes.clear();
        timers.clearAll();
      } else {
        scopes.delete(request.scope);
      }
    } else if (request.type === 'forget') {
      kernelFor().forget(request.cellId);
      timers.clearOwner(request.cellId);
    } else if (request.type === 'run') {
      const { scope = PAGE, ...options } = request.options ?? {};
      // A cell that runs again starts clean: the timers its last run left are cancelled.
      if (scope === PAGE && !options.quiet) timers.clearOwner(request.cellId);
      running = { scope, cellId: request.cellId };
      if (scope === PAGE) lastOwner = request.cellId;
      let result: CellResult;
      try {
        result = await kernelFor(scope).run(request.cellId, request.source, options);
      } catch (error) {
        // kernel.run reports reader errors itself; this is a bug of ours, still shown in place.
        result = {
          cellId: request.cellId,
          status: 'error',
          outputs: [],
          defines: [],
          uses: [],
          error: { name: 'InternalError', message: String(error instanceof Error ? error.message : error) },
          durationMs: 0,
        };
      }
      running = undefined;
      channel.post({ type: 'result', runId: request.runId, result });
    }
  }

  channel.post({ type: 'ready' });
  return {
    uncaught: (error) => {
      const cellId = inTimer ?? (running ? runningPageCell() : lastOwner);
      if (cellId !== undefined) lateError(cellId, error);
    },
  };
}
