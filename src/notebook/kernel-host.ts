// The one place the kernel is built. The page's Web Worker (worker.ts) and the build's Node
// worker thread (node-worker.ts) both call startKernelHost with their own message channel, so
// the build, the tests and the reader's rerun run cells in the same sandbox, with the same
// modules, the same locks and the same seed.
//
// Order matters: the modules every cell may use load first, then the host keeps what it needs
// (timers, clock, its channel), then SES freezes the world (hardenRealm), then the cells'
// compartment is made, and only then is the host's own global stripped (lockDownHost). No
// reader code runs before.
//
// Plot, with the document it draws into (linkedom), is more than half of the worker's code: it
// loads after the freeze, into the frozen world, and is frozen before the first cell that uses it
// runs (kernel.ts, lazyModules). A chapter's worker starts loading it as soon as it is ready (the
// page asks, with 'preload'); the review page's workers, whose rechecks rarely draw, load it only
// when a cell first draws.

import * as nn from '../nn/index.ts';
// d3-color (under Plot) sets up its classes with `prototype.constructor = …`, an assignment the
// frozen Object.prototype refuses (the "override mistake"), so it is evaluated before the freeze;
// the rest of Plot loads after it, when a cell first draws. The call keeps the bundler from
// dropping the import (d3 declares itself free of side effects) or moving it into Plot's chunk.
import { rgb } from 'd3-color';
rgb(0, 0, 0);
import { createChecker } from './checks.ts';
import { createKernel, wrapPlot, type CellResult } from './kernel.ts';
import { createCellCompartment, createTimers, hardenRealm, lockDownHost } from './sandbox.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

export interface HostChannel {
  post(message: WorkerResponse): void;
  listen(handler: (message: WorkerRequest) => void): void;
}

export interface HostOptions {
  /**
   * Load Plot before saying ready instead of when a cell first draws: the build's thread, which
   * draws on most pages, keeps the load out of the first chart's time limit.
   */
  loadPlotAtStart?: boolean;
}

/** Builds the sandboxed kernel and serves runs over `channel`, one at a time, in order. */
export function startKernelHost(channel: HostChannel, hostOptions: HostOptions = {}): void {
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

  let plot: Promise<object> | undefined;
  const loadPlot = () => (plot ??= Promise.all([import('@observablehq/plot'), import('./dom.ts')]).then(([Plot, { createDocument }]) =>
    wrapPlot(Plot as unknown as Parameters<typeof wrapPlot>[0], createDocument())));

  hardenRealm();
  const timers = createTimers(host);
  const compartment = createCellCompartment({ timers, now, structuredClone, atob, btoa });
  const kernel = createKernel({
    modules: { nn },
    lazyModules: { '@observablehq/plot': loadPlot },
    evaluate: compartment.evaluate,
    createChecker,
    harden,
    onReset: timers.clearAll,
  });
  lockDownHost(globalThis);

  // Runs are handled one at a time, in the order they arrive: a cell awaiting something must
  // not let the next cell run against a half-defined scope.
  let queue: Promise<void> = Promise.resolve();
  channel.listen((request) => {
    if (request.type === 'preload') {
      // Not queued: runs go on while Plot loads, and one that draws waits for the same load.
      loadPlot().catch(() => { plot = undefined; });
      return;
    }
    queue = queue.then(() => handle(request)).catch((error) => console.error('notebook kernel:', error));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'reset') {
      kernel.reset();
    } else if (request.type === 'run') {
      let result: CellResult;
      try {
        result = await kernel.run(request.cellId, request.source, { checks: request.checks === true, attempt: request.attempt, quiet: request.quiet === true, compiled: request.compiled });
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

  if (hostOptions.loadPlotAtStart) {
    // After the freeze, as when a cell asks for it; a failure is left for that cell to report.
    loadPlot().catch(() => { plot = undefined; }).finally(() => channel.post({ type: 'ready' }));
  } else {
    channel.post({ type: 'ready' });
  }
}
