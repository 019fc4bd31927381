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
// loads after the freeze, into the frozen world, when a cell first draws (kernel.ts,
// freshModules). Each run that draws then gets a Plot and a d3 of its own (plot-instance.ts). A
// chapter's worker starts loading as soon as it is ready (the page asks, with 'preload'); the
// review page's workers, whose rechecks rarely draw, load it only when a cell first draws.

import * as nn from '../nn/index.ts';
import { createChecker } from './checks.ts';
import { createKernel, wrapPlot, type CellResult, type Kernel } from './kernel.ts';
import { createCellCompartment, createTimers, hardenRealm, lockDownHost } from './sandbox.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
import { inspectForChecks, type DisplayItem } from './display.ts';
import type { TypeProbe } from './effects.ts';
import type { PlotSources } from './plot-instance.ts';

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

export interface HostOptions {
  /**
   * Load Plot before saying ready instead of when a cell first draws: the build's thread, which
   * draws on most pages, keeps the load out of the first chart's time limit.
   */
  loadPlotAtStart?: boolean;
  /**
   * The texts of d3's and Plot's UMD bundles, read when a cell first draws: the page's worker
   * fetches them as chunks of the build, the build's thread reads them from node_modules.
   * Without it, cells that draw fail with "The module "@observablehq/plot" could not be loaded".
   */
  plotSources?: () => Promise<PlotSources>;
  /**
   * Node's util.types, to let runs watch their effects (RunOptions.effects, effects.ts): the
   * build's thread gives it; a page's worker has no such probe and never watches.
   */
  types?: TypeProbe;
}

const PAGE = 'page';

/** Builds the sandboxed kernel and serves runs over `channel`, one at a time, in order. */
export function startKernelHost(channel: HostChannel, hostOptions: HostOptions = {}): KernelHost {
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
  // Kept before the host's global is stripped (lockDownHost): Plot's bundles are evaluated with it.
  const FunctionFromText = realm.Function as FunctionConstructor;

  let plot: Promise<() => object> | undefined;
  /** Loads Plot once: what makes each run's own instance, once what every instance shares is frozen. */
  const loadPlot = () => (plot ??= Promise.all([
    hostOptions.plotSources?.() ?? Promise.reject(new Error('this kernel has no Plot')),
    import('./plot-instance.ts'),
    import('./dom.ts'),
    import('./plot-freeze.ts'),
  ]).then(([sources, { newPlot, patchD3 }, { createDocument, hardenDom }, freeze]) => {
    hardenDom(harden);
    const patched = { d3: patchD3(sources.d3), plot: sources.plot };
    const make = () => newPlot(patched, FunctionFromText);
    // What the instances share (linkedom's tables), found by drawing twice, each with its own.
    const samples = () => freeze.sampleCharts(make() as Parameters<typeof freeze.sampleCharts>[0], createDocument);
    freeze.hardenShared(samples(), samples(), harden);
    return () => wrapPlot(make() as Parameters<typeof wrapPlot>[0], createDocument);
  }));

  hardenRealm();
  // Whose work this is: the owner of the timer whose task this is, else of the last run taken.
  // Timers remember it as their owner. An owner is a page cell's id, or a cell of another scope
  // (an exercise's checks, the build's judging: ownerKey); only the page's cells have late output
  // and blame, and another scope's run ends what it left waiting (see handle).
  // A task stays its owner's until the next task starts (a timer's, or a message's): the promise
  // jobs that follow a timer's callback or a run (an async loop resumed by it, a chain the run did
  // not await) are that owner's work too, so no timer is ever nobody's.
  // (A cell's own code calls the timers of its run, which schedule nothing once that cell has run
  // again: Timers.owned.)
  let task: string | undefined;
  let inTimer: string | undefined;
  /**
   * When a timer callback of each owner last began or ended, and the owner of the run in progress
   * (see the 'pong' answer): only the run's own timers say it is still working, not an interval
   * another cell left ticking.
   */
  const lastTimerAt = new Map<string, number>();
  let running: string | undefined;
  const timerStep = (owner: string | undefined) => {
    if (owner !== undefined) lastTimerAt.set(owner, now());
  };
  /**
   * Tells the page that the work `cellId` began (a timer's callback, a run) is over, from a task
   * of the host's own: only once every promise job it queued has run too. A callback or run that
   * returned and left a promise chain that never yields (`for (;;) await 0`) once said "done" at
   * once, and the worker stayed stuck without a word until some other cell ran (a red team's find);
   * now the page's watchdog (kernel-client.ts) sees the work go on, and names its cell at the limit.
   */
  const quietAfter = (cellId: string) => host.setTimeout(() => channel.post({ type: 'timer', cellId, busy: false }), 0);
  /** A task of the host's own, after every promise job queued before it has run. */
  const hostTask = () => new Promise<void>((resolve) => host.setTimeout(() => {
    inTimer = undefined;
    resolve();
  }, 0));
  const late = (cellId: string, item: DisplayItem) => channel.post({ type: 'late', cellId, item });
  const lateError = (owner: string, error: unknown) => {
    const kernel = scopes.get(PAGE);
    const cellId = pageCell(owner);
    if (kernel && cellId !== undefined) channel.post({ type: 'late', cellId, error: kernel.lateError(cellId, error) });
  };
  const timers = createTimers(host, {
    current: () => inTimer ?? task,
    enter: (owner) => {
      inTimer = owner;
      timerStep(owner);
      if (owner === undefined) return;
      const cellId = pageCell(owner);
      if (cellId !== undefined) channel.post({ type: 'timer', cellId, busy: true });
    },
    exit: (owner) => {
      timerStep(owner);
      const cellId = pageCell(owner);
      if (cellId !== undefined) quietAfter(cellId);
    },
    failed: lateError,
    changed: (owner) => {
      const cellId = owner === undefined ? undefined : pageCell(owner);
      if (cellId === undefined) return;
      counted.add(cellId);
      // Said once the task that set or ran them is over: a timeout that sets the next (an
      // animation) is one timer waiting throughout, not a message each frame.
      if (counted.size === 1) host.setTimeout(tellTimers, 0);
    },
  });
  /** Page cells whose count of waiting timers may have changed, and whether each was last said to have some. */
  const counted = new Set<string>();
  const saidLive = new Map<string, boolean>();
  function tellTimers() {
    for (const cellId of counted) {
      const live = timers.count(cellId) > 0;
      if (live !== (saidLive.get(cellId) ?? false)) channel.post({ type: 'timers', cellId, live });
      saidLive.set(cellId, live);
    }
    counted.clear();
  }
  /** The owners each scope other than the page's has given timers to, cleared with the scope. */
  const owners = new Map<string, Set<string>>();
  const compartment = createCellCompartment({ timers, now, structuredClone, atob, btoa });
  // Each scope is a kernel of its own over the one frozen compartment: its names are its own,
  // and the world they live in cannot be changed by any of them.
  const newKernel = (scope: string): Kernel => {
    const kernel: Kernel = createKernel({
    modules: { nn },
    freshModules: { '@observablehq/plot': loadPlot },
    evaluate: compartment.evaluate,
    createChecker: (seed) => createChecker(seed, inspectForChecks),
    harden,
    // A restarted scope's kernel is gone: what its runs left going says nothing more.
    onLate: scope === PAGE ? (cellId, item) => void (scopes.get(PAGE) === kernel && late(cellId, item)) : undefined,
    // Each run gets timer functions of its own, owned by its cell in its scope (retired when
    // that cell runs again in it, or the scope is reset). Asked just before the cell's code
    // starts, which is the run's task from there on, even when a timer of another cell ran
    // while the run was loading a module.
    timers: (cellId) => {
      inTimer = undefined;
      const owner = ownerKey(scope, cellId);
      if (scope !== PAGE) owners.set(scope, (owners.get(scope) ?? new Set()).add(owner));
      return timers.owned(owner);
    },
    settle: hostTask,
    ...(hostOptions.types ? {
      effects: {
        types: hostOptions.types,
        global: compartment.globalThis,
        pendingTimers: () => timers.pending(),
      },
    } : {}),
    });
    return kernel;
  };
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
    if (request.type === 'ping') {
      // Not queued: the question is whether the worker is free to read it at all.
      const last = running === undefined ? undefined : lastTimerAt.get(running);
      channel.post({ type: 'pong', id: request.id, sinceTimerMs: last === undefined ? Infinity : now() - last });
      return;
    }
    if (request.type === 'preload') {
      // Not queued: runs go on while Plot loads, and one that draws waits for the same load.
      loadPlot().catch(() => { plot = undefined; });
      return;
    }
    queue = queue.then(() => handle(request)).catch((error) => console.error('notebook kernel:', error));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    inTimer = undefined; // a task of the page's, not of any timer
    if (request.type !== 'run') task = undefined; // and of no cell
    if (request.type === 'reset') {
      // A fresh kernel rather than a cleared one: nothing of the old scope's closures is kept.
      if (request.scope === undefined) {
        scopes.clear();
        owners.clear();
        timers.clearAll();
        lastTimerAt.clear();
      } else {
        scopes.delete(request.scope);
        for (const owner of owners.get(request.scope) ?? []) timers.clearOwner(owner);
        owners.delete(request.scope);
      }
    } else if (request.type === 'stop-timers') {
      timers.clearOwner(request.cellId);
    } else if (request.type === 'forget') {
      kernelFor().forget(request.cellId);
      timers.clearOwner(request.cellId);
    } else if (request.type === 'run') {
      channel.post({ type: 'started', runId: request.runId });
      const { scope = PAGE, ...options } = request.options ?? {};
      const owner = ownerKey(scope, request.cellId);
      // A cell that runs again starts clean: the timers its last run left are cancelled.
      if (scope === PAGE && !options.quiet) timers.clearOwner(owner);
      task = owner;
      running = owner;
      lastTimerAt.delete(owner); // its last run's timers say nothing about this one
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
      // Another scope's run is judged as it ends: what it left waiting (an attempt's interval,
      // a timer that would change the values made afresh for the checks) is cancelled, once the
      // promise jobs it queued have run (a chain it did not await may set one as it ends). Its
      // functions still schedule, for the run that calls them.
      running = undefined;
      if (scope !== PAGE) {
        await hostTask();
        timers.cancelOwner(owner);
        lastTimerAt.delete(owner);
      } else {
        // A page cell's run ends now, and what it left queued runs on: watched as a timer's work is.
        channel.post({ type: 'timer', cellId: request.cellId, busy: true });
        quietAfter(request.cellId);
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
  return {
    uncaught: (error) => {
      const owner = inTimer ?? task;
      if (owner !== undefined) lateError(owner, error);
    },
  };
}

/** Whose a timer is: a page cell's id as it is, another scope's cell as `scope␀cellId`. */
const ownerKey = (scope: string, cellId: string) => (scope === PAGE ? cellId : `${scope}\u0000${cellId}`);

/** The page cell an owner is, or undefined for a cell of another scope. */
const pageCell = (owner: string) => (owner.includes('\u0000') ? undefined : owner);
