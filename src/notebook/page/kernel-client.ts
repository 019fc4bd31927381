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
import type { HostRunOptions, WorkerRequest, WorkerResponse } from '../protocol.ts';
import type { CellResult } from '../kernel.ts';
import type { DisplayItem } from '../display.ts';
import type { CellError } from '../errors.ts';
import workerUrl from '../worker.ts?worker&url';

export const DEFAULT_TIME_LIMIT_MS = 10_000;
/**
 * A run the worker has not taken after this long is waiting on leftover work of an earlier one:
 * the worker takes a run as soon as it reads the message, so only code that never yields (a
 * timer's promise jobs, a promise chain) keeps it from reading it.
 */
const NOT_TAKEN_MS = 500;
/**
 * At the time limit the worker is asked whether it is free ('ping'); a worker that has not
 * answered after this long is busy computing. An idle worker answers within milliseconds; the
 * margin is for a loaded machine, where a late answer only costs the more general message.
 */
const PROBE_MS = 500;
/** Timers quiet this long at the limit: the run is waiting, not yielding between steps of work. */
const QUIET_TIMERS_MS = 2_000;

export type RunOutcome =
  | { kind: 'result'; result: CellResult }
  /** `culprit`: the cell whose timer kept the worker busy, when that, not this run, was the hang. */
  | { kind: 'stopped'; reason: 'timeout' | 'stop' | 'crash'; message: string; culprit?: string };

/** Output or an error a page cell made after its run ended, from a timer or a promise it left. */
export interface LateOutput {
  item?: DisplayItem;
  error?: CellError;
}

export interface KernelClientOptions {
  timeLimitMs?: number;
  /** Called about every 100 ms while a run is in progress, with the milliseconds it has run. */
  /**
   * `waitingFor`: while the worker has not taken this run yet, the cell whose leftover work (a
   * timer's promise jobs, a promise chain) it is still in, if it has been a while.
   */
  onTick?: (elapsedMs: number, waitingFor?: string) => void;
  /** Called when the worker had to be replaced and every name the cells defined is gone. */
  onRestart?: (reason: 'timeout' | 'stop' | 'crash') => void;
  /**
   * Called once, `askBeforeLimitMs` before a run reaches the time limit, with the milliseconds
   * left: the caller asks the reader whether to keep waiting (honest long work) and calls
   * keepWaiting() if so; unanswered, the run is stopped at the limit as always, so a loop that
   * allocates without end is ended before it can take the tab down. Without it, nobody is asked
   * (the review page).
   */
  onLimitNear?: (remainingMs: number, waitingFor?: string) => void;
  /** How long before the limit onLimitNear is called; 5 s by default. */
  askBeforeLimitMs?: number;
  /** Output or an error of a page cell after its run (see LateOutput). */
  onLate?: (cellId: string, late: LateOutput) => void;
  /**
   * A callback of a timer `cellId` started ran past the time limit while no cell was running:
   * the worker was replaced (every name is gone), and this says whose timer it was.
   */
  onTimerHang?: (cellId: string) => void;
  /**
   * Whether page cell `cellId` has timers waiting in the worker (an interval, a timeout not yet
   * due), when that changes; every cell's go to false when the worker is replaced.
   */
  onTimers?: (cellId: string, live: boolean) => void;
  /**
   * When the worker loads Plot: as soon as it starts (a chapter's charts are then ready when the
   * reader runs them), or only when a cell first draws (the review page, whose rechecks rarely
   * draw, so most of its workers never load it). Default 'at-start'.
   */
  loadPlot?: 'at-start' | 'when-needed';
}

interface Pending {
  runId: number;
  cellId: string;
  resolve: (outcome: RunOutcome) => void;
  timer: ReturnType<typeof setInterval>;
  /** The reader chose to keep waiting: this run has no time limit. */
  unlimited: boolean;
  /** The worker has taken the run (its 'started' message came). */
  taken: boolean;
  /** When the worker was asked, at the time limit, whether it is free (see PROBE_MS). */
  probedAt?: number;
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
  /** Page cells with timers waiting in the worker, as it last said (see onTimers). */
  readonly #liveTimers = new Set<string>();
  /** The cell whose timer callback the worker is in, and the watchdog for it while no run waits. */
  #timerBusy: { cellId: string; since: number; watchdog: ReturnType<typeof setTimeout> | undefined } | null = null;
  /**
   * The cell the worker last worked for: the last run it took, or the last timer callback it
   * entered. If a run is never taken, what that cell left running holds the worker.
   */
  #lastWorkFor: string | undefined;
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
  async run(cellId: string, source: string, options: HostRunOptions = {}): Promise<RunOutcome> {
    if (this.#pending) throw new Error('KernelClient.run: a cell is already running');
    await this.start();
    const runId = this.#nextRunId++;
    const started = performance.now();
    let asked = false;
    return new Promise<RunOutcome>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - started;
        const limit = this.#options.timeLimitMs;
        const busy = this.#timerBusy;
        const unlimited = this.#pending?.unlimited === true;
        const busyFor = busy ? performance.now() - busy.since : 0;
        if (busy && busy.cellId !== cellId && !unlimited && (busyFor >= limit || (elapsed >= limit && busyFor >= PROBE_MS))) {
          // The worker is stuck in a timer another run left: that cell is the hang, not this one,
          // also when the timer began while this run waited (its callback has the worker now).
          // Unless the reader chose to keep waiting: this run's question offers it for that work.
          // A callback only just begun is another cell's ticking interval, busy for a moment: at
          // the limit the worker is asked (below), and answers as soon as that moment ends. (A CI
          // run blamed such an interval for a cell that awaited a promise that never settles.)
          this.#timedOut('a timer of another cell never finished, so this cell could not run.', busy.cellId);
        } else if (elapsed >= limit && !unlimited && this.#pending?.taken === false && this.#lastWorkFor !== undefined) {
          // The worker never took this run: it is still in work an earlier run left behind that
          // never yields (a promise chain that never ends, or a timer). That cell is the hang.
          this.#timedOut('work another cell left running never finished, so this cell could not start.', this.#lastWorkFor);
        } else if (elapsed >= limit && !unlimited) {
          // Running, or waiting? The worker's answer (see #receive) tells; none means running.
          const pending = this.#pending!;
          if (pending.probedAt === undefined) {
            pending.probedAt = performance.now();
            this.#post({ type: 'ping', id: runId });
          } else if (performance.now() - pending.probedAt >= PROBE_MS) {
            this.#timedOut('the cell was still running. Is there a loop that never ends, or one that keeps allocating memory?');
          }
        } else {
          const ask = this.#options.askBeforeLimitMs ?? 5_000;
          const waitingFor = this.#pending?.taken === false && elapsed >= NOT_TAKEN_MS ? this.#lastWorkFor : undefined;
          if (!asked && !unlimited && this.#options.onLimitNear && elapsed >= limit - ask) {
            asked = true;
            this.#options.onLimitNear(limit - elapsed, waitingFor);
          }
          this.#options.onTick?.(elapsed, waitingFor);
        }
      }, 100);
      this.#pending = { runId, cellId, resolve, timer, unlimited: false, taken: false };
      this.#post({ type: 'run', runId, cellId, source, options });
    });
  }

  /** The reader chose to keep waiting: the run in progress (if any) has no time limit. */
  keepWaiting(): void {
    if (this.#pending) this.#pending.unlimited = true;
  }

  /** Stops the running cell (if any) by replacing the worker. */
  stop(): void {
    if (this.#pending) this.#finishStopped('stop', 'Stopped before it finished.');
  }

  /** A fresh worker: whatever is running is stopped, every name and timer of the old one is gone. */
  restart(): Promise<void> {
    if (this.#pending) this.#finishStopped('stop', 'Stopped: the code runner was restarted.'); // starts the next one
    else this.dispose();
    return this.start();
  }

  /** Forgets every name of `scope` (without one, of every scope), keeping the worker. */
  reset(scope?: string): void {
    if (this.#port) this.#post(scope === undefined ? { type: 'reset' } : { type: 'reset', scope });
  }

  /** Cancels the timers page cell `cellId` has waiting (onTimers says when they are gone). */
  stopTimers(cellId: string): void {
    if (this.#port) this.#post({ type: 'stop-timers', cellId });
  }

  /** Forgets the names a deleted cell defined, so reading one says the cell was deleted. */
  forget(cellId: string): void {
    if (this.#port) this.#post({ type: 'forget', cellId });
  }

  /** Ends the worker: the host document goes, and its worker with it. */
  dispose(): void {
    if (this.#timerBusy) clearTimeout(this.#timerBusy.watchdog);
    this.#timerBusy = null;
    this.#lastWorkFor = undefined; // a new worker has nothing left over
    for (const cellId of this.#liveTimers) this.#options.onTimers?.(cellId, false);
    this.#liveTimers.clear();
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
    if (message.type === 'late') {
      this.#options.onLate?.(message.cellId, { item: message.item, error: message.error });
      return;
    }
    if (message.type === 'timers') {
      if (message.live) this.#liveTimers.add(message.cellId);
      else this.#liveTimers.delete(message.cellId);
      this.#options.onTimers?.(message.cellId, message.live);
      return;
    }
    if (message.type === 'timer') {
      if (message.busy) this.#lastWorkFor = message.cellId;
      this.#timerMessage(message.cellId, message.busy);
      return;
    }
    if (message.type === 'pong') {
      const pending = this.#pending;
      if (pending?.runId !== message.id || pending.unlimited) return; // an answer for a run that ended, or one the reader let wait
      this.#timedOut(
        message.sinceTimerMs >= QUIET_TIMERS_MS
          ? 'the cell was waiting, with nothing left to run, for a promise that never settled (or a timer set for later than that). Does every promise it awaits resolve or reject?'
          : 'the cell was still running, in steps its timers keep going. Is there a loop that never ends?',
      );
      return;
    }
    if (message.type === 'started') {
      if (this.#pending?.runId === message.runId) {
        this.#pending.taken = true;
        this.#lastWorkFor = this.#pending.cellId;
      }
      return;
    }
    if (message.type !== 'result' || !this.#pending || message.runId !== this.#pending.runId) return;
    const { resolve, timer } = this.#pending;
    clearInterval(timer);
    this.#pending = null;
    resolve({ kind: 'result', result: message.result });
  }

  /**
   * A timer callback began or ended in the worker. While no run waits, a callback busy past the
   * time limit is a hang of its own: the worker is replaced and the timer's cell is told.
   */
  #timerMessage(cellId: string, busy: boolean) {
    if (this.#timerBusy) clearTimeout(this.#timerBusy.watchdog);
    if (!busy) {
      this.#timerBusy = null;
      return;
    }
    const watchdog = setTimeout(() => {
      if (this.#pending || this.#timerBusy?.cellId !== cellId) return; // a waiting run's own timer handles it
      this.#timerBusy = null;
      this.dispose();
      this.#options.onRestart?.('timeout');
      this.#options.onTimerHang?.(cellId);
      void this.start().catch(() => { /* reported on the next run */ });
    }, this.#options.timeLimitMs);
    this.#timerBusy = { cellId, since: performance.now(), watchdog };
  }

  /** The run reached the time limit: stopped, with why (after "Stopped after N s: ") and whose the hang is. */
  #timedOut(why: string, culprit?: string) {
    this.#finishStopped('timeout', `Stopped after ${Math.round(this.#options.timeLimitMs / 1000)} s: ${why}`, culprit);
  }

  #finishStopped(reason: 'timeout' | 'stop' | 'crash', text: string, culprit?: string) {
    const pending = this.#pending;
    if (!pending) return;
    clearInterval(pending.timer);
    this.#pending = null;
    this.dispose();
    this.#options.onRestart?.(reason);
    pending.resolve({ kind: 'stopped', reason, message: text, ...(culprit !== undefined ? { culprit } : {}) });
    // Start the replacement at once, so the next run does not pay for it.
    void this.start().catch(() => { /* reported on the next run */ });
  }
}
