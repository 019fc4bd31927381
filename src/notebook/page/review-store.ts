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
import { clear, createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { Placed } from './class-view.ts';
import { parseSubmission } from './assignment.ts';
import type { ReviewedExercise, Verdict } from './review.ts';

export const STORE_TIMEOUT_MS = 5_000;
const DB_NAME = 'nnfs-review';
const STORE_NAME = 'hand-ins';
/** The key of the teacher's choices, beside the hand-ins' numeric keys (their seqs). */
const CHOICES_KEY = 'chosen';

/** Why IndexedDB failed, for the teacher: the error's name and message, or that it did not answer. */
function reasonOf(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) return `${error.name}: ${error.message}`;
  return String(error);
}

const VERDICTS: readonly string[] = ['passed', 'failed', 'error', 'unknown'] satisfies Verdict[];
const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * A kept record as the page wrote it, or null: its hand-in read again by the one parser of
 * hand-ins (parseSubmission), and every verdict, check result and flag of the plain types the
 * page draws. Nothing in a record is trusted to be markup-safe or well formed: the page's
 * storage can be damaged, or edited by hand.
 */
export function readPlaced(value: unknown): Placed | null {
  const p = value as Placed;
  if (typeof p !== 'object' || p === null || !Number.isInteger(p.seq) || typeof p.review !== 'object' || p.review === null) return null;
  const r = p.review;
  if (!isText(r.file) || !Array.isArray(r.exercises) || !Array.isArray(r.repeated) || typeof r.versionDiffers !== 'boolean') return null;
  try {
    parseSubmission(JSON.stringify(r.submission));
  } catch {
    return null;
  }
  const exerciseOk = (e: ReviewedExercise) =>
    typeof e === 'object' && e !== null && VERDICTS.includes(e.verdict) && typeof e.flagged === 'boolean' &&
    typeof e.work === 'object' && e.work !== null && isText(e.work.chapter) && isText(e.work.exercise) && isText(e.work.code) &&
    (e.message === undefined || isText(e.message)) &&
    Array.isArray(e.results) && e.results.every((c) => typeof c === 'object' && c !== null && isText(c.label) && typeof c.pass === 'boolean' &&
      (['got', 'expected', 'note'] as const).every((k) => c[k] === undefined || isText(c[k])));
  const repeatOk = (x: { exercise: string; times: number }) => typeof x === 'object' && x !== null && isText(x.exercise) && Number.isInteger(x.times);
  if (!r.exercises.every(exerciseOk) || !r.repeated.every(repeatOk) || (p.checked !== undefined && !isText(p.checked))) return null;
  return p;
}

/** A reason already in the teacher's words. */
class Unavailable extends Error {}

export class ReviewStore {
  #store: UseStore | null = null;
  #unavailable: string | null = null;
  #make: () => UseStore;

  /** `make` opens the database; tests pass one that fails. */
  constructor(make: () => UseStore = () => createStore(DB_NAME, STORE_NAME)) {
    this.#make = make;
  }

  /** Runs one operation, or rejects with why the store cannot be used; once it failed, it is not tried again on this page. */
  async #with<T>(operation: (store: UseStore) => Promise<T>): Promise<T> {
    if (this.#unavailable) throw new Error(this.#unavailable);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (typeof indexedDB === 'undefined') throw new Unavailable('this browser has no IndexedDB');
      this.#store ??= this.#make();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Unavailable(
          `IndexedDB did not answer within ${STORE_TIMEOUT_MS / 1000} s (another tab of this page may be holding an older version of it open)`,
        )), STORE_TIMEOUT_MS);
      });
      return await Promise.race([operation(this.#store), timeout]);
    } catch (error) {
      this.#unavailable = error instanceof Unavailable ? error.message : `the browser refused IndexedDB (${reasonOf(error)})`;
      throw new Error(this.#unavailable, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Every hand-in kept, in load order, and how many records could not be read (a damaged or
   * hand-edited database): those are left out, so the others still show.
   */
  async all(): Promise<{ kept: Placed[]; damaged: number }> {
    const records = await this.#with((store) => entries<number | string, unknown>(store));
    const kept: Placed[] = [];
    let damaged = 0;
    for (const [key, value] of records) {
      if (typeof key !== 'number') continue; // the teacher's choices, read by choices()
      const placed = readPlaced(value);
      if (placed && placed.seq === key) kept.push(placed);
      else damaged++;
    }
    return { kept: kept.sort((a, b) => a.seq - b.seq), damaged };
  }

  /**
   * The files (seqs) the teacher chose to count over the one kept by date, as last saved; an
   * entry that is not a whole number (a hand-edited or damaged database) is left out, and a
   * record that is not a list gives none.
   */
  async choices(): Promise<number[]> {
    const saved = await this.#with((store) => get<unknown>(CHOICES_KEY, store));
    return Array.isArray(saved) ? saved.filter((seq): seq is number => Number.isInteger(seq)) : [];
  }

  /** Saves the teacher's choices (seqs), replacing the last ones saved. */
  putChoices(seqs: Iterable<number>): Promise<void> {
    return this.#with((store) => set(CHOICES_KEY, [...seqs], store));
  }

  put(placed: Placed): Promise<void> {
    return this.#with((store) => set(placed.seq, placed, store));
  }

  remove(seq: number): Promise<void> {
    return this.#with((store) => del(seq, store));
  }

  clear(): Promise<void> {
    return this.#with((store) => clear(store));
  }
}
