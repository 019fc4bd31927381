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

export interface HostChannel {
  post(message: WorkerResponse): void;
  listen(handler: (message: WorkerRequest) => void): void;
}

/** Builds the sandboxed kernel and serves runs over `channel`, one at a time, in order. */
export function startKernelHost(channel: HostChannel): void {
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
  const timers = createTimers(host);
  const compartment = createCellCompartment({ timers, now, structuredClone, atob, btoa });
  const document = createDocument();
  // Each scope is a kernel of its own over the one frozen compartment: its names are its own,
  // and the world they live in cannot be changed by any of them.
  const newKernel = () => createKernel({
    modules: { nn, '@observablehq/plot': Plot },
    document,
    evaluate: compartment.evaluate,
    createChecker,
    harden,
  });
  const scopes = new Map<string, Kernel>();
  const kernelFor = (scope = 'page') => {
    let kernel = scopes.get(scope);
    if (!kernel) scopes.set(scope, (kernel = newKernel()));
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
    } else if (request.type === 'run') {
      const { scope, ...options } = request.options ?? {};
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
      channel.post({ type: 'result', runId: request.runId, result });
    }
  }

  channel.post({ type: 'ready' });
}
