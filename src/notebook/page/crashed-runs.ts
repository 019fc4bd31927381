/**
 * Runs the page did not live to finish. A cell that allocates without end
 * (`while (true) keep.push(new Array(1e7).fill(1))`) takes the whole tab down in Chromium before
 * the time limit can stop it: the code runner's worker shares the page's process, and neither a
 * sandboxed frame nor Chromium's frame-isolation flags kept it apart (measured in Chromium 156).
 * The reader's code survives (drafts are saved as they type); what was missing is the why. So,
 * while a cell runs, the page keeps a mark in storage, removed when the run ends or the page is
 * left normally: a mark a later page of the same chapter finds is a run whose page died, and
 * that cell says so.
 *
 * Another tab of the chapter may be running a cell at this very moment: its mark is not a crash.
 * Each page holds a Web Lock named after its tab for its whole life, and the browser releases it
 * when the page goes, however it goes; a mark whose tab still holds its lock is left alone.
 * Without Web Locks nothing is reported: a false alarm would be worse than silence.
 */
import { escapeHtml } from '../../lib/html.ts';
import { browserStorage } from './storage.ts';

/**
 * The start of every mark's key. Deliberately not under STORAGE_PREFIX: a mark is no one's work,
 * so a backup (backup.ts), which carries every key under that prefix, must not bring one into
 * another browser, where it would report a crash that never happened there.
 */
export const RUN_MARK_PREFIX = 'nnfs:running:';

/** A run under way, as stored while it lasts. */
export interface RunMark {
  /** The cell's id. */
  cell: string;
  /** Its own run, or the checks of its exercise. */
  what: 'run' | 'checks';
  /** When it started (ISO 8601). */
  started: string;
  /** How long it had run at the last tick the page stored, in milliseconds. */
  elapsed: number;
}

/** The lock a page holds for its life, named after its tab. */
const lockName = (tab: string) => `nnfs:tab:${tab}`;

const markKey = (chapter: string, tab: string) => `${RUN_MARK_PREFIX}${chapter}:${tab}`;

function parseMark(raw: string | null): RunMark | null {
  if (raw === null) return null;
  try {
    const mark = JSON.parse(raw) as Partial<RunMark> | null;
    if (
      typeof mark?.cell === 'string' &&
      (mark.what === 'run' || mark.what === 'checks') &&
      typeof mark.started === 'string' &&
      typeof mark.elapsed === 'number' &&
      Number.isFinite(mark.elapsed)
    )
      return { cell: mark.cell, what: mark.what, started: mark.started, elapsed: mark.elapsed };
  } catch {
    // another version's or a damaged mark: not ours to read, and removed below
  }
  return null;
}

/**
 * One page's marks: `begin` when a run starts, `tick` as it goes, `end` when it ends. Every
 * storage failure is ignored (a mark is a courtesy; a page whose storage is blocked or full
 * runs the same, and the "not saving" notice is about the reader's work, not this).
 */
export class RunMarks {
  readonly #chapter: string;
  readonly #tab: string;
  #current: RunMark | null = null;
  /** Whether this page holds its tab's lock (until then, a mark of ours could look orphaned). */
  readonly #locked: Promise<boolean>;

  constructor(chapter: string, tab: string) {
    this.#chapter = chapter;
    this.#tab = tab;
    this.#locked = new Promise<boolean>((resolve) => {
      const locks = globalThis.navigator?.locks;
      if (!locks) return resolve(false);
      // The callback's promise never settles: the lock is held until the page goes.
      locks
        .request(lockName(tab), () => {
          resolve(true);
          return new Promise<never>(() => {});
        })
        .catch(() => resolve(false));
    });
    // Leaving normally (a reload, a link, closing the tab) is not a crash, even mid-run; a page
    // restored from the back-forward cache marks its run again.
    window.addEventListener('pagehide', () => this.#remove());
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && this.#current) this.#store();
    });
  }

  /** A run of `cell` (or of its checks) starts. */
  begin(cell: string, what: RunMark['what']) {
    this.#current = { cell, what, started: new Date().toISOString(), elapsed: 0 };
    this.#store();
  }

  /** The run has gone on for `elapsed` ms: a crash report then says about how long it ran. */
  tick(elapsed: number) {
    if (!this.#current) return;
    this.#current.elapsed = elapsed;
    this.#store();
  }

  /** The run ended, however it ended (a result, an error, a stop). */
  end() {
    this.#current = null;
    this.#remove();
  }

  /**
   * The runs of this chapter whose page died before they ended, oldest first; each is forgotten
   * once returned. Marks of tabs that are alive (their lock is held) are kept.
   */
  async orphans(): Promise<RunMark[]> {
    const locks = globalThis.navigator?.locks;
    const store = browserStorage();
    if (!locks || !store || !(await this.#locked)) return [];
    let held: Set<string>;
    try {
      const state = await locks.query();
      held = new Set((state.held ?? []).map((lock) => lock.name ?? ''));
    } catch {
      return [];
    }
    const prefix = markKey(this.#chapter, '');
    const found: RunMark[] = [];
    try {
      const keys = Array.from({ length: store.length }, (_, i) => store.key(i) ?? '');
      for (const key of keys) {
        if (!key.startsWith(prefix)) continue;
        const tab = key.slice(prefix.length);
        if (tab === this.#tab || held.has(lockName(tab))) continue;
        const mark = parseMark(store.getItem(key));
        store.removeItem(key);
        if (mark) found.push(mark);
      }
    } catch {
      return found;
    }
    return found.sort((a, b) => a.started.localeCompare(b.started));
  }

  #store() {
    try {
      browserStorage()?.setItem(markKey(this.#chapter, this.#tab), JSON.stringify(this.#current));
    } catch {
      // a courtesy only (see the class)
    }
  }

  #remove() {
    try {
      browserStorage()?.removeItem(markKey(this.#chapter, this.#tab));
    } catch {
      // a courtesy only
    }
  }
}

/**
 * What a cell says when the page it last ran in closed before the run ended (see crashed-runs.ts):
 * most likely the browser ran out of memory, which no time limit can prevent.
 */
export function crashedRunNotice(mark: RunMark): string {
  const started = new Date(mark.started);
  const when = Number.isNaN(started.getTime())
    ? ''
    : ` (it started ${escapeHtml(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(started))}${
        mark.elapsed >= 1000 ? `, and had run for at least ${Math.floor(mark.elapsed / 1000)} s` : ''
      })`;
  const what = mark.what === 'checks' ? 'this exercise’s checks were running' : 'this cell was running';
  return (
    `<p><strong>The page closed while ${what}</strong>${when}. ` +
    'The likely cause is that the browser ran out of memory: code that keeps making new arrays or matrices in a loop can use it all before the time limit stops it. ' +
    'Your code is kept. Look for something that grows without end before you run it again.</p>'
  );
}
