/**
 * Runs the page did not live to finish. A cell that allocates without end
 * (`while (true) keep.push(new Array(1e7).fill(1))`) takes the whole tab down in Chromium before
 * the time limit can stop it: the code runner's worker shares the page's process, and neither a
 * sandboxed frame nor Chromium's frame-isolation flags kept it apart (measured in Chromium 156).
 * The reader's code survives (drafts are saved as they type); what was missing is the why. So,
 * while a cell runs, the page keeps a mark in storage, removed when the run ends or the page is
 * left normally: a mark a later page of the same chapter finds is a run whose page died, and
 * that cell says so. The review page marks each hand-in while it is judged the same way: the next
 * visit names the file, and holds it back when it is loaded again (review-page.ts), so one
 * hostile file cannot close the teacher's page again and again.
 *
 * Another tab of the chapter may be running a cell at this very moment: its mark is not a crash.
 * Each page holds a Web Lock named after its tab for its whole life, and the browser releases it
 * when the page goes, however it goes; a mark whose tab still holds its lock is left alone.
 * Without Web Locks nothing is reported: a false alarm would be worse than silence.
 */
import { escapeHtml } from '../../lib/html.ts';
import { shortDateTime } from '../../lib/dates.ts';
import { browserStorage } from './storage.ts';

/**
 * The start of every mark's key. Deliberately not under STORAGE_PREFIX: a mark is no one's work,
 * so a backup (backup.ts), which carries every key under that prefix, must not bring one into
 * another browser, where it would report a crash that never happened there.
 */
export const RUN_MARK_PREFIX = 'nnfs:running:';

/** A run under way, as kept in storage while it lasts: when it started (ISO 8601), and what the page needs to say about it. */
export interface Marked {
  started: string;
}

/** A cell's run under way (the notebook's mark). */
export interface RunMark extends Marked {
  /** The cell's id. */
  cell: string;
  /** Its own run, or the checks of its exercise. */
  what: 'run' | 'checks';
  /** How long it had run at the last tick the page stored, in milliseconds. */
  elapsed: number;
}

/** Reads a notebook mark back, or null when it is not one (another version's, damaged). */
export function parseRunMark(value: unknown): RunMark | null {
  const mark = value as Partial<RunMark> | null;
  if (
    typeof mark?.cell === 'string' &&
    (mark.what === 'run' || mark.what === 'checks') &&
    typeof mark.started === 'string' &&
    typeof mark.elapsed === 'number' &&
    Number.isFinite(mark.elapsed)
  )
    return { cell: mark.cell, what: mark.what, started: mark.started, elapsed: mark.elapsed };
  return null;
}

/** The review page's scope: not a chapter's slug, so never a chapter's marks. */
export const REVIEW_SCOPE = '@review';

/** A hand-in being checked on the review page, named as the teacher chose it (name and size). */
export interface FileMark extends Marked {
  file: string;
  size: number;
}

/** Reads a review mark back, or null when it is not one. */
export function parseFileMark(value: unknown): FileMark | null {
  const mark = value as Partial<FileMark> | null;
  if (typeof mark?.file === 'string' && typeof mark.size === 'number' && typeof mark.started === 'string')
    return { file: mark.file, size: mark.size, started: mark.started };
  return null;
}

/** Whether two marks name the same file (the same name and size, as the teacher would load it again). */
export const sameFile = (a: Pick<FileMark, 'file' | 'size'>, b: Pick<FileMark, 'file' | 'size'>): boolean =>
  a.file === b.file && a.size === b.size;

/**
 * The hand-ins a review page was checking when it died: each most likely ran the browser out of
 * memory, and would close the page again (and with it the teacher's grading) if loaded again with
 * the class. Kept, outside STORAGE_PREFIX like the marks, until such a file is checked to its end.
 */
const SUSPECTS_KEY = 'nnfs:suspects:review';

/** The suspected hand-ins (see SUSPECTS_KEY), oldest first; none when storage is blocked or holds something else. */
export function loadSuspects(): FileMark[] {
  try {
    const list: unknown = JSON.parse(browserStorage()?.getItem(SUSPECTS_KEY) ?? '[]');
    return Array.isArray(list) ? list.flatMap((item) => parseFileMark(item) ?? []) : [];
  } catch {
    return [];
  }
}

/** Stores the suspected hand-ins (none: forgets the list). */
export function saveSuspects(list: readonly FileMark[]) {
  try {
    if (list.length) browserStorage()?.setItem(SUSPECTS_KEY, JSON.stringify(list));
    else browserStorage()?.removeItem(SUSPECTS_KEY);
  } catch {
    // a courtesy only: without storage, the page says what it found and keeps it for this visit
  }
}

/** The lock a page holds for its life, named after its tab. */
const lockName = (tab: string) => `nnfs:tab:${tab}`;

const markKey = (scope: string, tab: string) => `${RUN_MARK_PREFIX}${scope}:${tab}`;

/**
 * One page's marks of the runs it has under way (one at a time on a chapter, a few files at once
 * on the review page): `begin` when a run starts, `update` as it goes, `end` when it ends. Every
 * storage failure is ignored (a mark is a courtesy; a page whose storage is blocked or full runs
 * the same, and the "not saving" notice is about the reader's work, not this).
 */
export class RunMarks<M extends Marked> {
  readonly #scope: string;
  readonly #tab: string;
  readonly #parse: (value: unknown) => M | null;
  readonly #current = new Set<M>();
  /** Whether this page holds its tab's lock (until then, a mark of ours could look orphaned). */
  readonly #locked: Promise<boolean>;

  /** `scope`: whose marks these are (a chapter, or the review page); `parse` reads one back, null when it is not one. */
  constructor(scope: string, tab: string, parse: (value: unknown) => M | null) {
    this.#scope = scope;
    this.#tab = tab;
    this.#parse = parse;
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
    // restored from the back-forward cache marks its runs again.
    window.addEventListener('pagehide', () => this.#remove());
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && this.#current.size) this.#store();
    });
  }

  /** A run starts: `mark` is kept until `end(mark)`. */
  begin(mark: M): M {
    this.#current.add(mark);
    this.#store();
    return mark;
  }

  /** A run under way changed (how long it has run): a crash report then says so. */
  update(mark: M, change: Partial<M>) {
    if (!this.#current.has(mark)) return;
    Object.assign(mark, change);
    this.#store();
  }

  /** The run ended, however it ended (a result, an error, a stop). */
  end(mark: M) {
    if (!this.#current.delete(mark)) return;
    if (this.#current.size) this.#store();
    else this.#remove();
  }

  /**
   * The runs of this scope whose page died before they ended, oldest first; each is forgotten
   * once returned. Marks of tabs that are alive (their lock is held) are kept.
   */
  async orphans(): Promise<M[]> {
    const store = browserStorage();
    const alive = store && (await this.alive());
    if (!store || !alive) return [];
    const prefix = markKey(this.#scope, '');
    const found: M[] = [];
    try {
      const keys = Array.from({ length: store.length }, (_, i) => store.key(i) ?? '');
      for (const key of keys) {
        if (!key.startsWith(prefix)) continue;
        const tab = key.slice(prefix.length);
        if (alive(tab)) continue;
        const raw = store.getItem(key);
        store.removeItem(key);
        found.push(...this.#read(raw));
      }
    } catch {
      return found;
    }
    return found.sort((a, b) => a.started.localeCompare(b.started));
  }

  /**
   * Whether the page of a tab (storage.ts's TAB) is alive: this page, or one holding its tab's
   * lock. Null when that cannot be known (no Web Locks): callers then treat no one's work as
   * abandoned, as a false alarm would be worse than silence.
   */
  async alive(): Promise<((tab: string) => boolean) | null> {
    const locks = globalThis.navigator?.locks;
    if (!locks || !(await this.#locked)) return null;
    try {
      const state = await locks.query();
      const held = new Set((state.held ?? []).map((lock) => lock.name ?? ''));
      return (tab) => tab === this.#tab || held.has(lockName(tab));
    } catch {
      return null;
    }
  }

  /**
   * Settles once the page of another tab is gone (its lock is free, and taken for a moment), or
   * at once when that cannot be known (no Web Locks): what it was doing is over either way.
   */
  async gone(tab: string): Promise<void> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return;
    await locks.request(lockName(tab), () => undefined).catch(() => undefined);
  }

  #read(raw: string | null): M[] {
    try {
      const list: unknown = JSON.parse(raw ?? '[]');
      return Array.isArray(list) ? list.flatMap((item) => this.#parse(item) ?? []) : [];
    } catch {
      return []; // another version's or a damaged mark: not ours to read, and removed
    }
  }

  #store() {
    try {
      browserStorage()?.setItem(markKey(this.#scope, this.#tab), JSON.stringify([...this.#current]));
    } catch {
      // a courtesy only (see the class)
    }
  }

  #remove() {
    try {
      browserStorage()?.removeItem(markKey(this.#scope, this.#tab));
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
  const started = shortDateTime(mark.started);
  const when = started
    ? ` (it started ${escapeHtml(started)}${mark.elapsed >= 1000 ? `, and had run for at least ${Math.floor(mark.elapsed / 1000)} s` : ''})`
    : '';
  const what = mark.what === 'checks' ? 'this exercise’s checks were running' : 'this cell was running';
  return (
    `<p><strong>The page closed while ${what}</strong>${when}. ` +
    'The likely cause is that the browser ran out of memory: code that keeps making new arrays or matrices in a loop can use it all before the time limit stops it. ' +
    'Your code is kept. Look for something that grows without end before you run it again.</p>'
  );
}
