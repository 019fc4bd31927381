/**
 * The page's side of the kernel: one Web Worker per page that runs the cells.
 *
 * The page never runs reader code itself, so a runaway loop can only hang the worker. A run
 * that passes its time limit, or that the reader stops, is ended the only sure way there is:
 * the worker is discarded and a fresh one started. The worker's scope (every name the cells
 * defined) dies with it, and the caller is told so it can mark those cells as needing a rerun.
 *
 * The worker is not started by the page but by a small hidden host document
 * (public/kernel/host.html), from a blob: URL. A worker started from a blob: URL inherits the
 * Content-Security-Policy of the document that starts it, and a static host cannot send a
 * policy of its own with a worker script; the host document's policy (checked in Chromium: see
 * tests/e2e/sandbox.spec.ts) allows no connection and no script from another site. So even code
 * that escaped the sandbox could neither load code nor reach anywhere. The page talks to the
 * worker over a MessagePort; discarding the host document ends its worker.
 */
import type { WorkerRequest, WorkerResponse } from '../protocol.ts';
import type { CellResult, RunOptions } from '../kernel.ts';
import workerUrl from '../worker.ts?worker&url';

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
  /**
   * When the worker loads Plot: as soon as it starts (a chapter's charts are then ready when the
   * reader runs them), or only when a cell first draws (the review page, whose rechecks rarely
   * draw, so most of its workers never load it). Default 'at-start'.
   */
  loadPlot?: 'at-start' | 'when-needed';
}

interface Pending {
  runId: number;
  resolve: (outcome: RunOutcome) => void;
  timer: ReturnType<typeof setInterval>;
}

/** Messages between the page and the host document (public/kernel/host.js). */
type HostMessage = { type: 'nn-kernel-host-ready' } | { type: 'nn-kernel-crash'; message: string };

const START_TIMEOUT_MS = 20_000;

export class KernelClient {
  #frame: HTMLIFrameElement | null = null;
  #port: MessagePort | null = null;
  #onHostMessage: ((event: MessageEvent) => void) | null = null;
  #ready: Promise<void> | null = null;
  #pending: Pending | null = null;
  #nextRunId = 1;
  #options: Required<Pick<KernelClientOptions, 'timeLimitMs'>> & KernelClientOptions;

  constructor(options: KernelClientOptions = {}) {
    this.#options = { timeLimitMs: DEFAULT_TIME_LIMIT_MS, ...options };
  }

  get started(): boolean {
    return this.#frame !== null;
  }

  get busy(): boolean {
    return this.#pending !== null;
  }

  /** Starts the worker if it is not running; resolves once it can take a cell. */
  start(): Promise<void> {
    if (this.#ready) return this.#ready;
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = 'Code runner';
    frame.setAttribute('aria-hidden', 'true');
    const worker = new URL(workerUrl, location.href).pathname;
    frame.src = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}kernel/host.html#worker=${encodeURIComponent(worker)}`;
    const channel = new MessageChannel();
    this.#frame = frame;
    this.#port = channel.port1;
    this.#ready = new Promise<void>((resolve, reject) => {
      let started = false;
      const giveUp = setTimeout(() => {
        if (!started) reject(new Error('the code runner did not start in time; reload the page'));
      }, START_TIMEOUT_MS);
      this.#onHostMessage = (event: MessageEvent<HostMessage>) => {
        if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
        if (event.data?.type === 'nn-kernel-host-ready') {
          frame.contentWindow!.postMessage({ type: 'nn-kernel-connect' }, location.origin, [channel.port2]);
        } else if (event.data?.type === 'nn-kernel-crash') {
          // The worker itself died (for example it ran out of memory), or never loaded.
          if (!started) {
            clearTimeout(giveUp);
            reject(new Error(event.data.message || 'the code runner failed to start'));
          } else if (this.#pending) {
            this.#finishStopped('crash', 'The code runner crashed (out of memory?) and was restarted.');
          }
        }
      };
      window.addEventListener('message', this.#onHostMessage);
      channel.port1.onmessage = (event: MessageEvent<WorkerResponse>) => {
        if (event.data.type === 'ready') {
          started = true;
          clearTimeout(giveUp);
          if (this.#options.loadPlot !== 'when-needed') this.#post({ type: 'preload' });
          resolve();
        } else {
          this.#receive(event.data);
        }
      };
    });
    // A runner that failed to start is discarded, so the next run tries afresh.
    this.#ready.catch(() => {
      if (this.#frame === frame) this.dispose();
    });
    document.body.append(frame);
    return this.#ready;
  }

  /** Runs one cell (or, with `checks`, an exercise's checks). Only one run at a time: the caller queues. */
  async run(cellId: string, source: string, options: RunOptions = {}): Promise<RunOutcome> {
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
      this.#post({ type: 'run', runId, cellId, source, checks: options.checks === true, attempt: options.attempt, quiet: options.quiet === true, compiled: options.compiled });
    });
  }

  /** Stops the running cell (if any) by replacing the worker. */
  stop(): void {
    if (this.#pending) this.#finishStopped('stop', 'Stopped before it finished.');
  }

  /** Forgets every name the cells defined, keeping the worker. */
  reset(): void {
    if (this.#port && !this.#pending) this.#post({ type: 'reset' });
  }

  /** Ends the worker: the host document goes, and its worker with it. */
  dispose(): void {
    if (this.#onHostMessage) window.removeEventListener('message', this.#onHostMessage);
    this.#port?.close();
    this.#frame?.remove();
    this.#frame = null;
    this.#port = null;
    this.#onHostMessage = null;
    this.#ready = null;
  }

  #post(message: WorkerRequest) {
    this.#port?.postMessage(message);
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
