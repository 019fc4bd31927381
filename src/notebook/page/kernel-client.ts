/**
 * The page's side of the kernel: one Web Worker per page that runs the cells.
 *
 * The page never runs reader code itself, so a runaway loop can only hang the worker. A run
 * that passes its time limit, or that the reader stops, is ended the only sure way there is:
 * the worker is terminated and a fresh one started. The worker's scope (every name the cells
 * defined) dies with it, and the caller is told so it can mark those cells as needing a rerun.
 */
import type { WorkerRequest, WorkerResponse } from '../protocol.ts';
import type { CellResult } from '../kernel.ts';

export const DEFAULT_TIME_LIMIT_MS = 10_000;

export type RunOutcome =
  | { kind: 'result'; result: CellResult }
  | { kind: 'stopped'; reason: 'timeout' | 'stop' | 'crash'; message: string };

export interface KernelClientOptions {
  timeLimitMs?: number;
  /** Called about every 100 ms while a run is in progress, with the milliseconds left. */
  onTick?: (remainingMs: number) => void;
  /** Called when the worker had to be replaced and every name the cells defined is gone. */
  onRestart?: (reason: 'timeout' | 'stop' | 'crash') => void;
}

interface Pending {
  runId: number;
  resolve: (outcome: RunOutcome) => void;
  timer: ReturnType<typeof setInterval>;
}

export class KernelClient {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #pending: Pending | null = null;
  #nextRunId = 1;
  #options: Required<Pick<KernelClientOptions, 'timeLimitMs'>> & KernelClientOptions;

  constructor(options: KernelClientOptions = {}) {
    this.#options = { timeLimitMs: DEFAULT_TIME_LIMIT_MS, ...options };
  }

  get started(): boolean {
    return this.#worker !== null;
  }

  get busy(): boolean {
    return this.#pending !== null;
  }

  /** Starts the worker if it is not running; resolves once it can take a cell. */
  start(): Promise<void> {
    if (this.#ready) return this.#ready;
    const worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'nn-kernel' });
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      const onFirst = (event: MessageEvent<WorkerResponse>) => {
        if (event.data.type === 'ready') {
          worker.removeEventListener('message', onFirst);
          resolve();
        }
      };
      worker.addEventListener('message', onFirst);
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        if (!this.#pending) reject(new Error(event.message || 'the code runner failed to start'));
      }, { once: true });
    });
    worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => this.#receive(event.data));
    // An error event that reaches the page means the worker itself died (for example it ran out
    // of memory): whatever was running is lost, and so is the scope.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.#pending) this.#finishStopped('crash', 'The code runner crashed (out of memory?) and was restarted.');
    });
    return this.#ready;
  }

  /** Runs one cell. Only one run at a time: the caller queues. */
  async run(cellId: string, source: string): Promise<RunOutcome> {
    if (this.#pending) throw new Error('KernelClient.run: a cell is already running');
    await this.start();
    const runId = this.#nextRunId++;
    const started = performance.now();
    return new Promise<RunOutcome>((resolve) => {
      const timer = setInterval(() => {
        const remaining = this.#options.timeLimitMs - (performance.now() - started);
        if (remaining <= 0) {
          const seconds = Math.round(this.#options.timeLimitMs / 1000);
          this.#finishStopped('timeout', `Stopped after ${seconds} s: the cell was still running. Is there a loop that never ends, or one that keeps allocating memory?`);
        } else {
          this.#options.onTick?.(remaining);
        }
      }, 100);
      this.#pending = { runId, resolve, timer };
      this.#post({ type: 'run', runId, cellId, source });
    });
  }

  /** Stops the running cell (if any) by replacing the worker. */
  stop(): void {
    if (this.#pending) this.#finishStopped('stop', 'Stopped before it finished.');
  }

  /** Forgets every name the cells defined, keeping the worker. */
  reset(): void {
    if (this.#worker && !this.#pending) this.#post({ type: 'reset' });
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#ready = null;
  }

  #post(message: WorkerRequest) {
    this.#worker?.postMessage(message);
  }

  #receive(message: WorkerResponse) {
    if (message.type !== 'result' || !this.#pending || message.runId !== this.#pending.runId) return;
    const { resolve, timer } = this.#pending;
    clearInterval(timer);
    this.#pending = null;
    resolve({ kind: 'result', result: message.result });
  }

  #finishStopped(reason: 'timeout' | 'stop' | 'crash', text: string) {
    const pending = this.#pending;
    if (!pending) return;
    clearInterval(pending.timer);
    this.#pending = null;
    this.dispose();
    this.#options.onRestart?.(reason);
    pending.resolve({ kind: 'stopped', reason, message: text });
    // Start the replacement at once, so the next run does not pay for it.
    void this.start().catch(() => { /* reported on the next run */ });
  }
}
