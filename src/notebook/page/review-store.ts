/**
 * The review page's memory: judged hand-ins kept in this browser's IndexedDB (through
 * idb-keyval), so a reload or a closed tab brings back the class table and its verdicts without
 * running anyone's code again. Nothing leaves the browser.
 *
 * IndexedDB can be missing (old or locked-down browsers), refused (private windows, blocked
 * site data) or blocked (another tab holds an older version of the database open, and the
 * open request waits for it forever). Every operation therefore either succeeds or rejects
 * with a sentence that says which, within STORE_TIMEOUT_MS, and the page carries on without
 * memory.
 */
import { createStore, delMany, entries, get, promisifyRequest, set, setMany, update, type UseStore } from 'idb-keyval';
import type { Placed } from './class-view.ts';
import { HAND_IN_LIMITS, parseSubmission } from './assignment.ts';
import { fileProblem, keptHandIn, shortFileName, type ReviewedExercise, type Verdict } from './review.ts';
import type { ExerciseManifestEntry } from '../../chapters/manifest.ts';
import type { CheckResult } from '../check-report.ts';

export const STORE_TIMEOUT_MS = 5_000;
const DB_NAME = 'nnfs-review';
const STORE_NAME = 'hand-ins';
/** The key of the teacher's choices, beside the hand-ins' numeric keys (their seqs). */
const CHOICES_KEY = 'chosen';
/** The key of the first seq never handed out (see all()). */
const NEXT_KEY = 'next';
/** The start of the key of a file loaded and not judged yet (see hold()). */
const HELD_PREFIX = 'held:';
const heldKey = (seq: number) => `${HELD_PREFIX}${seq}`;

/**
 * A file the teacher loaded that has not been judged yet, as kept until it is (hold()): a reload,
 * a closed tab or a page that died mid-check then leaves it to be named and checked, not dropped.
 */
export interface HeldFile {
  seq: number;
  /** The file's name as the teacher chose it (shortFileName), and its size in bytes as File.size gave it. */
  name: string;
  size: number;
  text: string;
  /** The page load (storage.ts's TAB) that is checking it: while that page lives, the file is its own. */
  tab: string;
  /**
   * Taken over from a page that was left (claim()) and offered to the teacher, not checked yet:
   * it waits for "Check them now" or "Forget them" in the page `tab`.
   */
  offered?: boolean;
}

/** A held file as hold() wrote it, or null (damaged, or edited by hand). */
function readHeld(value: unknown): HeldFile | null {
  const h = value as HeldFile;
  if (typeof h !== 'object' || h === null || !isSeq(h.seq) || !isText(h.name) || !isText(h.text) || !isText(h.tab)) return null;
  if (!Number.isInteger(h.size) || h.size < 0 || shortFileName(h.name) !== h.name) return null;
  return { seq: h.seq, name: h.name, size: h.size, text: h.text, tab: h.tab, ...(h.offered === true ? { offered: true } : {}) };
}

/** Why IndexedDB failed, for the teacher: the error's name and message, or that it did not answer. */
function reasonOf(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The highest seq (place in load order, and key of the record) the page hands out or reads back.
 * The page hands out seqs from 0, one per file, after the highest kept; a billion is beyond any
 * number of files a browser will see, and far below 2^53, past which `seq + 1` is the same
 * number again and every file loaded afterwards would get one seq and overwrite the last.
 */
export const MAX_SEQ = 1_000_000_000;

/** Whether `seq` is one the page could have handed out: a whole number from 0 to MAX_SEQ. */
export const isSeq = (seq: unknown): seq is number => Number.isInteger(seq) && (seq as number) >= 0 && (seq as number) <= MAX_SEQ;

const VERDICTS: readonly string[] = ['passed', 'failed', 'error', 'unknown'] satisfies Verdict[];
const isText = (value: unknown): value is string => typeof value === 'string';

/** An exercise of the book as a kept record holds it: undefined (not in the book), or the fields the page shows. */
function entryOk(entry: ExerciseManifestEntry | undefined): boolean {
  if (entry === undefined) return true;
  return typeof entry === 'object' && entry !== null && isText(entry.id) && isText(entry.title) && isText(entry.solution) && isText(entry.starter) &&
    (entry.withhold === undefined || (Array.isArray(entry.withhold) && entry.withhold.every(isText))) &&
    (entry.allow === undefined || (typeof entry.allow === 'object' && entry.allow !== null && isText(entry.allow.said)));
}

/**
 * A kept record as the page wrote it, or null: its hand-in read again by the one parser of
 * hand-ins (parseSubmission) and held to every limit a loaded file meets (fileProblem: the
 * name's length and the size; parseSubmission: the entries), its seq in the range the page hands
 * out (isSeq), one judged exercise per exercise of the hand-in, and every verdict, check result
 * and flag of the plain types the page draws. Nothing in a record is trusted to be markup-safe
 * or well formed: the page's storage can be damaged, or edited by hand.
 */
export function readPlaced(value: unknown): Placed | null {
  const p = value as Placed;
  if (typeof p !== 'object' || p === null || !isSeq(p.seq) || typeof p.review !== 'object' || p.review === null) return null;
  const r = p.review;
  if (!isText(r.file) || !Array.isArray(r.exercises) || !Array.isArray(r.repeated) || typeof r.versionDiffers !== 'boolean') return null;
  // The page keeps the name as shown (shortFileName), never longer.
  if (shortFileName(r.file) !== r.file || fileProblem(keptHandIn(r)) !== null) return null;
  let work: Placed['review']['submission']['work'];
  try {
    work = parseSubmission(JSON.stringify(r.submission)).work;
  } catch {
    return null;
  }
  // The page judges each exercise of the hand-in once, in the hand-in's order.
  const sameWork = (e: ReviewedExercise, i: number) => {
    const w = work[i];
    return w.chapter === e.work.chapter && w.exercise === e.work.exercise && w.code === e.work.code && w.recorded === e.work.recorded;
  };
  const resultsOk = (results: unknown): results is CheckResult[] =>
    Array.isArray(results) && results.every((c: CheckResult) => typeof c === 'object' && c !== null && isText(c.label) && typeof c.pass === 'boolean' &&
      (['got', 'expected', 'note', 'drawn'] as const).every((k) => c[k] === undefined || isText(c[k])));
  // The review's second run (review.ts, ProbeOutcome): absent when it was not made.
  const probeOk = (probe: ReviewedExercise['probe']) =>
    probe === undefined || (typeof probe === 'object' && probe !== null && resultsOk(probe.failed) && (probe.message === undefined || isText(probe.message)) && (probe.seed === undefined || isText(probe.seed)) && (probe.notRun === undefined || isText(probe.notRun)));
  const exerciseOk = (e: ReviewedExercise, i: number) =>
    typeof e === 'object' && e !== null && VERDICTS.includes(e.verdict) && typeof e.flagged === 'boolean' &&
    typeof e.work === 'object' && e.work !== null && sameWork(e, i) && entryOk(e.entry) &&
    (e.message === undefined || isText(e.message)) && resultsOk(e.results) && probeOk(e.probe);
  const max = HAND_IN_LIMITS.entries;
  const repeatOk = (x: { exercise: string; times: number }) =>
    typeof x === 'object' && x !== null && isText(x.exercise) && Number.isInteger(x.times) && x.times >= 2 && x.times <= max;
  if (r.exercises.length !== work.length || !r.exercises.every(exerciseOk) || r.repeated.length > max || !r.repeated.every(repeatOk)) return null;
  if (p.checked !== undefined && (!isText(p.checked) || Number.isNaN(Date.parse(p.checked)))) return null;
  return p;
}

/** A reason already in the teacher's words. */
class Unavailable extends Error {}

/** How often patientTimer looks at the clock, and the most of one look's time it counts. */
const TICK_MS = 250;

/**
 * Calls `then` once `ms` of the page's own time has passed: time in which its timers ran when
 * they were due. Time the page was busy (a long redraw, a hostile hand-in's code being read)
 * is not counted: a timer that fires late counts only up to two ticks, so the answer that
 * waited in the queue behind the busy work gets its turn before the wait is called off. A plain
 * setTimeout called IndexedDB silent after one 20 s freeze, and the page stopped keeping
 * hand-ins for the rest of the visit.
 */
export function patientTimer(ms: number, then: () => void, now: () => number = () => performance.now()): { cancel(): void } {
  let waited = 0;
  let last = now();
  let timer: ReturnType<typeof setTimeout>;
  const tick = () => {
    const at = now();
    waited += Math.min(at - last, 2 * TICK_MS);
    last = at;
    if (waited >= ms) then();
    else timer = setTimeout(tick, TICK_MS);
  };
  timer = setTimeout(tick, TICK_MS);
  return { cancel: () => clearTimeout(timer) };
}

export class ReviewStore {
  #store: UseStore | null = null;
  #unavailable: string | null = null;
  #make: () => UseStore;

  /** `make` opens the database; tests pass one that fails. */
  constructor(make: () => UseStore = () => createStore(DB_NAME, STORE_NAME)) {
    this.#make = make;
  }

  /**
   * Runs one operation, or rejects with why the store cannot be used; once it failed, it is not
   * tried again on this page. An operation that `mayFail` (keeping a courtesy copy, which a full
   * disk can refuse) rejects with the browser's reason and leaves the store usable, unless the
   * store did not answer at all.
   */
  async #with<T>(operation: (store: UseStore) => Promise<T>, mayFail = false): Promise<T> {
    if (this.#unavailable) throw new Error(this.#unavailable);
    let timer: { cancel(): void } | undefined;
    try {
      if (typeof indexedDB === 'undefined') throw new Unavailable('this browser has no IndexedDB');
      this.#store ??= this.#make();
      const timeout = new Promise<never>((_, reject) => {
        timer = patientTimer(STORE_TIMEOUT_MS, () => reject(new Unavailable(
          `IndexedDB did not answer within ${STORE_TIMEOUT_MS / 1000} s (another tab of this page may be holding an older version of it open)`,
        )));
      });
      return await Promise.race([operation(this.#store), timeout]);
    } catch (error) {
      if (mayFail && !(error instanceof Unavailable) && this.#store) throw new Error(`the browser refused to keep it (${reasonOf(error)})`, { cause: error });
      this.#unavailable = error instanceof Unavailable ? error.message : `the browser refused IndexedDB (${reasonOf(error)})`;
      throw new Error(this.#unavailable, { cause: error });
    } finally {
      timer?.cancel();
    }
  }

  /**
   * Every hand-in kept, in load order, and the keys of the records that could not be read (a
   * damaged or hand-edited database): those are left out, so the others still show.
   */
  async all(): Promise<{ kept: Placed[]; damaged: number[]; next: number }> {
    const records = await this.#with((store) => entries<IDBValidKey, unknown>(store));
    const kept: Placed[] = [];
    const damaged: number[] = [];
    let next = 0;
    for (const [key, value] of records) {
      if (key === NEXT_KEY && isSeq(value)) next = Math.max(next, value);
      if (typeof key !== 'number') continue; // the teacher's choices (choices()), files held (held())
      if (isSeq(key)) next = Math.max(next, key + 1);
      const placed = readPlaced(value);
      if (placed && placed.seq === key) kept.push(placed);
      else damaged.push(key);
    }
    return { kept: kept.sort((a, b) => a.seq - b.seq), damaged, next };
  }

  /**
   * Reserves `count` seqs for files about to be loaded, none below `atLeast` (the page's own next),
   * and returns the first. The stored `next` is read and moved on in one IndexedDB transaction
   * (idb-keyval's `update`), so two tabs of the review page never hand out one seq twice, and
   * all()'s `next` is past every seq ever handed out, kept, damaged or removed: nothing saved about
   * a file (the teacher's choice of it) can come to mean another. Red teams' finds: a damaged
   * record's seq went to a classmate's forgery, and so did a seq a second tab handed out too; the
   * record was overwritten, and the teacher's choice of the first file counted the forgery.
   */
  async reserve(count: number, atLeast: number): Promise<number> {
    let first = atLeast;
    await this.#with((store) => update<unknown>(NEXT_KEY, (next) => {
      first = Math.max(isSeq(next) ? next : 0, atLeast);
      return first + count;
    }, store));
    return first;
  }

  /**
   * The files (seqs) the teacher chose to count over the one kept by date, as last saved; an
   * entry that is not a seq (isSeq) (a hand-edited or damaged database) is left out, and a
   * record that is not a list gives none.
   */
  async choices(): Promise<number[]> {
    const saved = await this.#with((store) => get<unknown>(CHOICES_KEY, store));
    return Array.isArray(saved) ? saved.filter(isSeq) : [];
  }

  /**
   * Changes the teacher's choices where they are kept, in one transaction: `seq` is chosen (if
   * given), and each of `dropped` no longer is. Only those seqs change, whatever this page last
   * read: another tab of the review page may have chosen files this one has not heard of yet, and
   * saving this page's whole list (as the page once did) undid that tab's choices.
   */
  choose(seq: number | null, dropped: Iterable<number> = []): Promise<void> {
    const out = new Set(dropped);
    return this.#with((store) => update<unknown>(CHOICES_KEY, (saved) => {
      const kept = (Array.isArray(saved) ? saved.filter(isSeq) : []).filter((s) => !out.has(s) && s !== seq);
      return seq === null ? kept : [...kept, seq];
    }, store));
  }

  /** One kept hand-in (another tab judged it), or null when there is none or it cannot be read (readPlaced). */
  async get(seq: number): Promise<Placed | null> {
    const placed = readPlaced(await this.#with((store) => get<unknown>(seq, store)));
    return placed && placed.seq === seq ? placed : null;
  }

  /** Keeps a hand-in just judged (a file loaded now: its seq is new, reserved by reserve()). */
  put(placed: Placed): Promise<void> {
    return this.#with((store) => set(placed.seq, placed, store));
  }

  /**
   * Replaces a kept hand-in with new verdicts only if it is still kept, in one transaction, and
   * says whether it was: a check of a kept hand-in that ran on after another tab removed it
   * wrote it back, and "Remove all" was undone behind the teacher's back (a red team's find).
   */
  replace(placed: Placed): Promise<boolean> {
    return this.#with((store) => store('readwrite', (objects) => {
      let kept = false;
      const found = objects.count(placed.seq);
      found.onsuccess = () => {
        kept = found.result > 0;
        if (kept) objects.put(placed, placed.seq);
      };
      return promisifyRequest(objects.transaction).then(() => kept);
    }));
  }

  /**
   * Forgets the hand-ins `seqs` and any choice of them, in one transaction, and nothing else:
   * "Remove all" in one tab of the review page once cleared the whole store, and with it the
   * hand-ins another tab had loaded and this one did not show.
   */
  remove(seqs: Iterable<number>): Promise<void> {
    const gone = new Set(seqs);
    return this.#with((store) => store('readwrite', (objects) => {
      for (const seq of gone) objects.delete(seq);
      const saved = objects.get(CHOICES_KEY);
      saved.onsuccess = () => {
        if (Array.isArray(saved.result)) objects.put(saved.result.filter((s: unknown) => !gone.has(s as number)), CHOICES_KEY);
      };
      return promisifyRequest(objects.transaction);
    }));
  }

  /**
   * Keeps files loaded and not judged yet until release() (see HeldFile). A courtesy copy: when
   * the browser refuses it (a full disk), this rejects and the store stays usable.
   */
  hold(files: readonly HeldFile[]): Promise<void> {
    return this.#with((store) => setMany(files.map((f) => [heldKey(f.seq), f]), store), true);
  }

  /**
   * Takes over, for the page `tab`, the files held by pages that are gone (`gone(theirTab)`), and
   * returns them in load order; a held record that cannot be read is forgotten, and its file's
   * name returned ('' when it has none that reads as one). One transaction
   * reads and re-marks them, so of two review pages opened at once only one gets each file, and a
   * page opened later sees them as the first one's: neither offers to check what the other does.
   */
  claim(tab: string, gone: (theirTab: string) => boolean): Promise<{ held: HeldFile[]; damaged: string[] }> {
    return this.#with((store) => store('readwrite', (objects) => {
      const claimed: HeldFile[] = [];
      const damaged: string[] = [];
      const cursor = objects.openCursor(IDBKeyRange.bound(HELD_PREFIX, `${HELD_PREFIX}\uffff`));
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return;
        const held = readHeld(at.value);
        if (!held || heldKey(held.seq) !== at.key) {
          at.delete();
          // Its name, when the record still has one that reads as a file's name: the teacher loads that file again.
          const name: unknown = (at.value as Partial<HeldFile> | null)?.name;
          damaged.push(typeof name === 'string' && shortFileName(name) === name ? name : '');
        } else if (gone(held.tab)) {
          const mine = { ...held, tab, offered: true };
          at.update(mine);
          claimed.push(mine);
        }
        at.continue();
      };
      return promisifyRequest(objects.transaction).then(() => ({ held: claimed.sort((a, b) => a.seq - b.seq), damaged }));
    }));
  }

  /**
   * Which page load (TAB) holds each file held now, by seq, in load order; unreadable records are
   * left to claim(). Read only: the review page learns from it what another tab is still checking.
   */
  holders(): Promise<{ seq: number; tab: string; offered: boolean }[]> {
    return this.#with((store) => store('readonly', (objects) => {
      const found: { seq: number; tab: string; offered: boolean }[] = [];
      const cursor = objects.openCursor(IDBKeyRange.bound(HELD_PREFIX, `${HELD_PREFIX}\uffff`));
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return;
        const held = readHeld(at.value);
        if (held && heldKey(held.seq) === at.key) found.push({ seq: held.seq, tab: held.tab, offered: held.offered === true });
        at.continue();
      };
      return promisifyRequest(objects.transaction).then(() => found.sort((a, b) => a.seq - b.seq));
    }));
  }

  /** The files `seqs` are judged (or given up): no longer held. */
  release(seqs: Iterable<number>): Promise<void> {
    return this.#with((store) => delMany([...seqs].map(heldKey), store));
  }
}
