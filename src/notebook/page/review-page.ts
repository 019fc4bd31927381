// The review page's UI: files in (picker or drag and drop), one message line per file, then one
// section per assignment (its class table, how the class did on each exercise, its gradebook
// CSV), and each student's code beside the solution.
//
// Files are judged a few at a time and finish in any order; the page keeps the order they were
// chosen in. Each file gets its message line at once ("waiting…"), filled in when it is judged,
// and its row takes its place in the table among the others. Redrawing is batched to one per
// frame, and a student's code is put into the page only when the teacher opens that student, so
// a class of hundreds stays quick. Judged hand-ins are kept in IndexedDB (review-store.ts): a
// reload brings them back without running anyone's code again.
import { escapeHtml } from '../../lib/html.ts';
import { CODE_VIEW_COST, headWithin, restOf } from '../../lib/clip.ts';
import { renderDisplay } from '../render.ts';
import { failedChecklist, failsAtOtherPoints, freshProbeSeed } from '../probe.ts';
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import { formatDue, slug } from './assignment.ts';
import { downloadFile } from './download.ts';
import { chanceHints, escapeHints, stackHints } from '../withhold.ts';
import { fileProblem, keptHandIn, repeatsNote, Reviewer, shortFileName, takeFiles, throttledDraw, type FileOutcome, type HandInFile, type ReviewedExercise, type ReviewedSubmission, type Verdict } from './review.ts';
import {
  assignedKeys, checksPerExercise, claimedName, failsElsewhere, notTriedElsewhere, claimsOfStudent, exerciseKeyOf, groupByAssignment, isFutureDated, isLate, leftOutOf, passedOf, passesNotHolding, rowWarnings, sameAsSolution, isStarter, sameHandIn, score, sortMembers, summarize,
  shownFiles, tableColumns, unknownEntries,
  type AssignmentGroup, type ClassSort, type Placed, type RowWarning, type SortColumn, type UndecidedReason,
} from './class-view.ts';
import { assignmentLabels, gradebookCsv } from './gradebook.ts';
import { isSeq, ReviewStore, type HeldFile } from './review-store.ts';
import { loadSuspects, parseFileMark, REVIEW_SCOPE, RunMarks, sameFile, saveSuspects, type FileMark } from './crashed-runs.ts';
import { TAB } from './storage.ts';
import { shortDateTime } from '../../lib/dates.ts';
import { andList, countOf } from '../../lib/plural.ts';

const MARK: Record<Verdict, string> = { passed: '✓', failed: '✗', error: '!', unknown: '?' };
const WORD: Record<Verdict, string> = { passed: 'passed', failed: 'failed', error: 'error', unknown: 'unknown exercise' };
const when = shortDateTime;
/** A sort column as a button's data attribute, and back. */
const sortId = (column: SortColumn) => (column.by === 'exercise' ? `exercise:${column.key}` : column.by);
const sortColumn = (id: string): SortColumn => (id.startsWith('exercise:') ? { by: 'exercise', key: id.slice('exercise:'.length) } : { by: id === 'passed' ? 'passed' : 'student' });
/**
 * A row's warnings about who handed it in and how its file was made (rowWarnings), as ⚠ flags
 * with their explanations, and the files set aside for it. The other warnings are shown where
 * they apply: a pass that does not hold on its exercise's cell, a date in the future beside the
 * date (lateFlag).
 */
function identityFlags(warnings: RowWarning[], askFor: string | undefined): string {
  const flag = (text: string, title: string) => ` <span class="flag" title="${escapeHtml(title)}">⚠ ${escapeHtml(text)}</span>`;
  const id = askFor ?? 'ID';
  return warnings.map((w) => {
    switch (w.kind) {
      case 'set-aside':
        // Settled (the later file from the same browser, or the teacher's choice): said, but no ⚠, which asks for action.
        return ` <span class="row-note" title="${escapeHtml(`${w.count + 1} files claim this student; the list above the table says which counts and why, and lets you choose another`)}">${w.count + 1} files</span>`;
      case 'same-name':
        return flag('same name', 'Another row of this assignment has this name under another ID, or none: two students of one name, or a file made to pass for a classmate’s. Compare the rows.');
      case 'lookalike': {
        const what = w.of.map((x) => (x === 'name' ? 'name' : id));
        return flag(`look-alike ${what.join(' and ')}`, `Another row of this assignment has a ${what.join(' or ')} that looks like this one on screen but is written with other characters (look-alike letters of another alphabet, or digits for letters): a file made to pass for a classmate’s, or two that happen to look alike. Compare the rows.`);
      }
      case 'no-id':
        return flag(`no ${id}`, `The assignment asks for ${id}, and this file has none: the hand-in page always asks for it, so the file was made elsewhere or edited.`);
      case 'mixed-scripts':
        return flag('mixed alphabets', `This name or ID mixes ${w.scripts.join(' and ')} letters, so it can look like another student’s and still be a different one. Compare it with the other rows.`);
      case 'repeated':
        return flag('repeated entries', `This file lists an exercise more than once (${repeatsNote(w.exercises)}). The book writes each exercise once, so the file was edited or pasted together, and the student chose which version counts. Read the file if that matters.`);
      default:
        return '';
    }
  }).join('');
}
/**
 * A student's code as the page shows it: as far as it costs the page little to lay out
 * (headWithin), then what is left, to read in the file. A hand-in's 100,000 characters of Hebrew
 * alternating with digits would hold the teacher's page for seconds (red team 49's, on a cell).
 */
function codeView(code: string): string {
  const shown = headWithin(code, CODE_VIEW_COST);
  const rest = restOf(code, shown);
  return `<pre><code>${escapeHtml(shown)}</code></pre>${rest ? `<p class="verdict-note" data-code-rest>${escapeHtml(rest)}: read it in the hand-in file.</p>` : ''}`;
}
/**
 * What the review's second run found (ReviewedExercise.probe), under the graded checks, when the
 * code failed there: which checks, and what they got at which points. A right answer passes at
 * any points; the grade still counts the code's own.
 */
function probeNote(e: ReviewedExercise): string {
  if (!e.probe || isStarter(e)) return '';
  const { failed, message, notRun } = e.probe;
  if (notRun !== undefined) {
    return `<div class="verdict-note" data-probe-hint="not-run"><p><span class="flag">⚑ Not tried again</span> at points drawn for this review: ${escapeHtml(notRun)}. ` +
      'The grade stands. A file whose runs take its time, or stop at the time limit, keeps its answers from this second look (a red team’s did so on purpose), so read this code if that matters, or check the hand-in again.</p></div>';
  }
  if (!failsElsewhere(e)) return '';
  const again = '“Check the kept hand-ins again” tries these points first, so the note stays while the code is the same, and draws new ones where they no longer fail.';
  const grade = 'The grade counts the points its own code gives, the ones the student’s browser checked, so it stands';
  if (failed.length === 0) {
    // Did not finish: a slow answer that is right can do this too (red team 58), so no "likely wrong".
    return `<div class="verdict-note" data-probe-hint><p><span class="flag">⚑ Read this code:</span> tried again at points drawn for this review, the checks did not finish: ${escapeHtml(message ?? '')}. ` +
      `${grade}. Code that raises an error or runs far longer at some points than at others is worth a look. ${again}</p></div>`;
  }
  const what = `it ${failsAtOtherPoints(failed)}` +
    (message ? `, and then the checks did not finish: ${escapeHtml(message)}` : '');
  return `<div class="verdict-note" data-probe-hint><p><span class="flag">⚑ Read this code:</span> tried again at points drawn for this review, ${what}. ` +
    `${grade}; but a right answer passes at any points, so this code is likely wrong somewhere. ` +
    `It may be a near miss, or a variant of a wrong answer searched for until its own points missed the mistake. ${again}</p>` +
    failedChecklist(failed, 'for this review') + '</div>';
}
/** What the page says when it cannot read /exercises.json. */
const NO_BOOK = 'Could not read the book’s list of exercises; reload the page and try again.';
const LATE_NOTE = 'by the clock of the student’s computer, which may be wrong or set back';
/**
 * What one tab of the review page tells the others after it changed what is kept (review-store.ts):
 * hand-ins judged (`put`), removed, or the teacher's choices changed. Every tab then shows, and
 * acts on, the class as it is kept: a second tab's "Remove all" once cleared hand-ins the first
 * tab showed and it did not, and the first tab learnt of it only at its next reload.
 */
interface TabMessage {
  /** A hand-in judged and kept, removed, chosen (or no longer); files held (loaded, taken over, set checking), or no longer held: storage says whose. */
  kind: 'put' | 'removed' | 'chosen' | 'held' | 'released';
  seqs: number[];
}
const TABS_CHANNEL = 'nnfs-review';
const isTabMessage = (m: unknown): m is TabMessage => {
  const t = m as TabMessage;
  return typeof t === 'object' && t !== null && ['put', 'removed', 'chosen', 'held', 'released'].includes(t.kind) && Array.isArray(t.seqs) && t.seqs.every(isSeq);
};
/** How many held files' names the line offering to check them names before "and N more". */
const HELD_NAMED = 5;
/** Bytes of files kept in one IndexedDB transaction when a class is loaded (hold). */
const HOLD_BATCH_BYTES = 8_000_000;
/** Why none of a student's files counts yet (settle in class-view.ts), after "2 files claim Ada Lovelace,". */
const UNDECIDED: Record<UndecidedReason, string> = {
  browsers: 'made in different browsers (one may be a classmate’s, under this name)',
  'unknown-browser': 'and not every one says which browser made it (from an earlier version of the book, a browser that blocks storage, or edited by hand)',
  'same-time': 'made in the same browser at the same time',
  'fewer-passes': 'made in the same browser, the latest passing fewer checks in an exercise than an earlier one (a student handing in again does no worse, as a rule; the browser id is in every file, so a classmate holding one can copy it to a file made to lower this row)',
  names: 'made in the same browser under different names (a student keeps their name; the browser id and the student ID are in every file, so a classmate holding one can copy them to a file under another name)',
};

export function startReviewPage() {
  const main = document.querySelector<HTMLElement>('main.review')!;
  const base = main.dataset.base!.replace(/\/$/, '');
  const status = main.querySelector<HTMLElement>('[data-review-status]')!;
  const memory = main.querySelector<HTMLElement>('[data-review-memory]')!;
  const heldNotice = main.querySelector<HTMLElement>('[data-held-files]')!;
  const messages = main.querySelector<HTMLElement>('[data-file-messages]')!;
  const results = main.querySelector<HTMLElement>('[data-review-results]')!;
  const groupsEl = main.querySelector<HTMLElement>('[data-review-groups]')!;
  const details = main.querySelector<HTMLElement>('[data-student-details]')!;
  const drop = main.querySelector<HTMLElement>('[data-drop]')!;
  const removeAll = main.querySelector<HTMLButtonElement>('[data-remove-all]')!;
  const checkAgain = main.querySelector<HTMLButtonElement>('[data-check-again]')!;
  /** Judged hand-ins, kept sorted by seq; hand-ins replaced by a later one of the same student stay here (removing the later one brings them back). */
  const placed: Placed[] = [];
  /** Hand-ins kept from an earlier visit and not judged again in this one, by seq: shown as they were judged then. */
  const restored = new Set<number>();
  /** Each file's message line, by seq. */
  const lines = new Map<number, HTMLLIElement>();
  let nextSeq = 0;
  let waiting = 0;
  /** Files refused, left out or unreadable, across every load: the status line counts them. */
  let notChecked = 0;
  let manifest: Promise<ExerciseManifest> | null = null;
  /** Each exercise's checks as the book counts them (checksPerExercise); empty until the book's list is read. */
  let bookChecks: ReadonlyMap<string, number> = new Map();
  /** Each exercise's title, by `chapter/exercise`, from the book's /exercises.json: for one no file handed in. */
  let bookTitles: ReadonlyMap<string, string> = new Map();
  let reviewer: Reviewer | null = null;
  // The table is drawn again at most once a second while files are checked (TABLE_REDRAW_MS), at once after the last.
  const redraw = throttledDraw(() => draw());
  let groups: AssignmentGroup[] = [];
  /** Each student's section, by seq, once added. */
  const sections = new Map<number, HTMLDetailsElement>();
  /** The order the teacher chose for each assignment's class table (by group key); load order until then. */
  const sorts = new Map<string, ClassSort>();
  /** Files the teacher chose to count for their student over the one kept by date (seqs). */
  const chosen = new Set<number>();
  const store = new ReviewStore();
  /** The hand-ins being checked now, kept in storage: a page that dies in one names it next time (crashed-runs.ts). */
  const marks = new RunMarks<FileMark>(REVIEW_SCOPE, TAB, parseFileMark);
  /** Hand-ins that were being checked when an earlier review page died: held back when loaded again. */
  let suspects = loadSuspects();
  const markOf = (file: HandInFile) => ({ file: shortFileName(file.name), size: file.size });
  /** Seqs being judged on this page now: another tab's verdict of one does not replace the one coming. */
  const judging = new Set<number>();
  /**
   * Seqs taken off this page: never handed out again (reserve), so a verdict of one that arrives
   * afterwards (another tab's, read from storage just before this page removed it) is stale.
   */
  const removedHere = new Set<number>();
  /**
   * Files another live tab of this page holds, not judged yet (seq → that tab's TAB, and whether
   * they wait there for the teacher), as last read from storage (readElsewhere): said in the
   * status line, and whose tab's end this page waits for.
   */
  const elsewhere = new Map<number, { tab: string; offered: boolean }>();
  /** The tabs whose end this page waits for (watchTabs). */
  const watched = new Set<string>();
  /** Keys of kept records that could not be read: "Remove all" removes them too. */
  let damagedSeqs: number[] = [];
  const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(TABS_CHANNEL);
  const tell = (message: TabMessage) => {
    try {
      tabs?.postMessage(message);
    } catch {
      // a tab that cannot tell the others still keeps its own changes; they show at their next reload
    }
  };

  const noMemory = (reason: string) => {
    memory.hidden = false;
    memory.textContent = `This browser does not let the review page keep hand-ins (${reason}), so what is checked here is forgotten when you reload or close the page. ` +
      'Export the gradebook before you leave, or load the files again next time.';
  };

  // Hand-ins judged in an earlier visit come back as they were judged: nobody's code runs again.
  const restoring = Promise.all([store.all(), store.choices()]).then(([{ kept, damaged, next }, choices]) => {
    nextSeq = Math.max(nextSeq, next);
    damagedSeqs = damaged;
    if (damaged.length > 0) {
      const one = damaged.length === 1;
      messages.insertAdjacentHTML('beforeend', `<li class="file-error">${countOf(damaged.length, 'hand-in', 'hand-ins')} kept in this browser could not be read (the stored copy is damaged) and ${one ? 'was' : 'were'} left out: load ${one ? 'its file' : 'their files'} again.</li>`);
    }
    // A choice counts only for a hand-in that is still kept; the others are forgotten in storage too.
    for (const seq of choices) if (kept.some((p) => p.seq === seq)) chosen.add(seq);
    const stale = choices.filter((seq) => !chosen.has(seq));
    if (stale.length) saveChoice(null, stale);
    for (const p of kept) {
      placed.push(p);
      restored.add(p.seq);
      nextSeq = Math.max(nextSeq, p.seq + 1);
      const line = document.createElement('li');
      line.textContent = `${p.review.file}: ${p.review.submission.student}, checked ${p.checked ? when(p.checked) : 'earlier'} (kept in this browser, not checked again).`;
      messages.append(line);
      lines.set(p.seq, line);
    }
    if (kept.length) {
      setStatus(`${countOf(kept.length, 'hand-in', 'hand-ins')} checked earlier in this browser, shown as they were judged; nobody’s code ran again. ` +
        '“Check the kept hand-ins again” judges them afresh.');
      draw();
      // Scores are out of the book's count of checks: drawn again once it is read.
      loadManifest().then(draw, () => {});
    }
  }, (error: Error) => noMemory(error.message)).finally(() => {
    main.dataset.restored = ''; // for whoever waits for the kept hand-ins (a test, a script)
  });

  // A page that died while it checked hand-ins: most likely one of them ran the browser out of
  // memory. Say which, and hold them back when they are loaded again (load), so that one file
  // cannot close the page again and again while the teacher grades the class.
  const crashesRead = marks.orphans().then((found) => {
    if (found.length === 0) return;
    const fresh = found.filter((f) => !suspects.some((s) => sameFile(s, f)));
    suspects = [...suspects, ...fresh];
    saveSuspects(suspects);
    const names = found.map((f) => `<strong>${escapeHtml(f.file)}</strong>`);
    const one = found.length === 1;
    messages.insertAdjacentHTML('afterbegin', `<li class="file-error" data-crashed-review>The page closed while it was checking ${andList(names)} (${escapeHtml(when(found[0].started))}): ` +
      `${one ? 'its code' : 'the code of one of them'} most likely ran the browser out of memory. Hand-ins checked before are kept. ` +
      `Loaded again, ${one ? 'that file waits' : 'those files wait'} for you to choose “Check it anyway”, so ${one ? 'it does' : 'they do'} not close the page again with the rest of the class.</li>`);
  }, () => {});

  // Files loaded on a page that was left (a reload, a closed tab, a crash) before they were
  // judged: kept in storage from the moment they were loaded (hold), so they are named and can be
  // checked now, not dropped without a word. Files another live tab is checking are its own; when
  // that tab goes, the files it left are taken over and offered here (watchTabs).
  void Promise.all([restoring, crashesRead]).then(async () => {
    await takeOver();
    await readElsewhere();
  }).catch(() => {}).finally(() => {
    main.dataset.heldRead = ''; // for whoever waits for the files left unchecked (a test, a script)
  });

  /** Takes over the files held by pages that are gone and offers them; says whether it took any. */
  async function takeOver(): Promise<boolean> {
    const alive = await marks.alive();
    if (!alive) return false; // without Web Locks, a live tab's files cannot be told from a gone one's
    const { held, damaged } = await store.claim(TAB, (tab) => !alive(tab));
    if (damaged.length) {
      const one = damaged.length === 1;
      const named = damaged.filter((name) => name !== '').map((name) => `<strong>${escapeHtml(name)}</strong>`);
      const which = named.length ? ` (${andList(named)}${named.length < damaged.length ? ` and ${countOf(damaged.length - named.length, 'file', 'files')} without a name` : ''})` : '';
      messages.insertAdjacentHTML('afterbegin', `<li class="file-error">${countOf(damaged.length, 'file', 'files')} loaded earlier and not checked${which} could not be read back (the copy kept in this browser is damaged): load ${one ? 'it' : 'them'} again.</li>`);
    }
    const kept = new Set(placed.map((p) => p.seq));
    // Judged, and the page went before it let go of the file.
    const judged = held.filter((h) => kept.has(h.seq)).map((h) => h.seq);
    if (judged.length) release(judged);
    const left = held.filter((h) => !kept.has(h.seq));
    if (left.length) {
      offerHeld(left);
      tell({ kind: 'held', seqs: left.map((h) => h.seq) }); // the other tabs learn they wait here
    }
    return held.length > 0;
  }

  /**
   * Learns from storage which files other live tabs hold (loaded, not judged yet: being checked
   * there, or offered there and waiting for the teacher), and waits for each of those tabs' end,
   * when the files it left are taken over here. A tab opened mid-check once showed a part of the
   * class as if it were all of it; read again whenever another tab says its files changed.
   */
  let readingElsewhere: Promise<void> | null = null;
  let readAgain = false;
  function readElsewhere(): Promise<void> {
    if (readingElsewhere) {
      readAgain = true;
      return readingElsewhere;
    }
    readingElsewhere = (async () => {
      do {
        readAgain = false;
        const alive = await marks.alive();
        if (!alive) return;
        const holders = await store.holders();
        elsewhere.clear();
        let orphaned = false;
        for (const { seq, tab, offered: waits } of holders) {
          if (tab === TAB) continue;
          if (alive(tab)) elsewhere.set(seq, { tab, offered: waits });
          else orphaned = true;
        }
        watchTabs();
        showElsewhere();
        if (orphaned && (await takeOver())) readAgain = true;
      } while (readAgain);
    })().catch(() => {}).finally(() => {
      readingElsewhere = null;
    });
    return readingElsewhere;
  }
  function watchTabs() {
    for (const { tab } of elsewhere.values()) {
      if (watched.has(tab)) continue;
      watched.add(tab);
      void marks.gone(tab).then(() => {
        watched.delete(tab);
        return readElsewhere();
      }).catch(() => {});
    }
  }

  /** Files taken over from pages that were left, offered in the notice and not yet checked or forgotten. */
  let offered: HeldFile[] = [];
  /**
   * The notice naming files left unchecked by pages that were left, with the teacher's two ways
   * on: above the list of files, not in it, where a long class would scroll it out of sight. Files
   * taken over later (another tab closed) join those already offered.
   */
  function offerHeld(files: HeldFile[]) {
    offered = [...offered, ...files.filter((f) => !offered.some((o) => o.seq === f.seq))].sort((a, b) => a.seq - b.seq);
    const all = offered;
    const n = all.length;
    const one = n === 1;
    const names = all.slice(0, HELD_NAMED).map((f) => `<strong>${escapeHtml(f.name)}</strong>`);
    if (n > HELD_NAMED) names.push(`${n - HELD_NAMED} more`);
    heldNotice.hidden = false;
    heldNotice.innerHTML = `${countOf(n, 'file', 'files')} loaded into the review page earlier ${one ? 'was' : 'were'} not checked: ${andList(names)}. ` +
      `The page ${one ? 'it was' : 'they were'} loaded in was left (reloaded, closed, or it crashed) first. ${one ? 'It is' : 'They are'} kept in this browser, waiting for you. ` +
      `<button type="button" class="nb-button" data-check-held>Check ${one ? 'it' : 'them'} now</button> <button type="button" class="nb-button" data-forget-held>Forget ${one ? 'it' : 'them'}</button>`;
    heldNotice.querySelector('[data-check-held]')!.addEventListener('click', () => {
      heldNotice.hidden = true;
      offered = [];
      const jobs = all.map((f) => ({ seq: f.seq, file: { name: f.name, size: f.size, text: async () => f.text } }));
      // Kept again as being checked here (no longer offered), so the other tabs say so.
      void enqueue(jobs, hold(jobs));
    }, { once: true });
    heldNotice.querySelector('[data-forget-held]')!.addEventListener('click', () => {
      offered = [];
      release(all.map((f) => f.seq));
      heldNotice.textContent = `The ${countOf(n, 'file', 'files')} left unchecked ${one ? 'is' : 'are'} forgotten; load ${one ? 'it' : 'them'} again to check ${one ? 'it' : 'them'}.`;
    }, { once: true });
  }

  /** Keeping files until they are judged (review-store.ts's HeldFile): one write after another, and a release after the hold it undoes. */
  let holding: Promise<unknown> = Promise.resolve();
  let holdRefused = false;
  const keep = (batch: HeldFile[]) => store.hold(batch).then(() => tell({ kind: 'held', seqs: batch.map((f) => f.seq) }));
  function hold(jobs: readonly { file: HandInFile; seq: number }[]) {
    holding = holding.then(async () => {
      // In batches of up to HOLD_BATCH_BYTES, one transaction each: a class is kept within
      // moments of loading, and never all in memory at once.
      let batch: HeldFile[] = [];
      let bytes = 0;
      for (const { file, seq } of jobs) {
        if (fileProblem(file) !== null) continue; // refused at once, unread
        let text: string;
        try {
          text = await file.text();
        } catch {
          continue; // its line will say it could not be read
        }
        batch.push({ seq, name: shortFileName(file.name), size: file.size, text, tab: TAB });
        bytes += file.size;
        if (bytes >= HOLD_BATCH_BYTES) {
          await keep(batch);
          batch = [];
          bytes = 0;
        }
      }
      if (batch.length) await keep(batch);
    }).catch((error: Error) => {
      if (holdRefused || !memory.hidden) return; // said once; or the page keeps nothing at all and says so
      holdRefused = true;
      messages.insertAdjacentHTML('beforeend', `<li class="file-error">This browser would not keep the files loaded until they are checked (${escapeHtml(error.message)}): ` +
        'if you leave or reload the page before they are checked, load the ones not checked again.</li>');
    });
    return holding;
  }
  function release(seqs: readonly number[]) {
    holding = holding.then(() => store.release(seqs)).then(() => tell({ kind: 'released', seqs: [...seqs] })).catch(() => {});
  }

  /**
   * Judges `file` with `r`, marked while it runs (see `marks`); a file judged to its end is no
   * longer suspected. `wanted`, asked when its slot comes up: whether it is still to be judged.
   */
  async function judge(r: Reviewer, file: HandInFile, onStart: () => void, wanted: () => boolean = () => true, earlier?: ReviewedSubmission) {
    let mark: FileMark | null = null;
    try {
      return await r.reviewFile(file, () => {
        if (!wanted()) return false; // removed while it waited (in another tab): no code of it runs
        mark = marks.begin({ ...markOf(file), started: new Date().toISOString() });
        onStart();
      }, earlier);
    } finally {
      if (mark) {
        marks.end(mark);
        const left = suspects.filter((s) => !sameFile(s, markOf(file)));
        if (left.length !== suspects.length) saveSuspects((suspects = left));
      }
    }
  }

  /** The book's list of exercises, fetched once; with it, what each exercise is scored out of. */
  async function loadManifest(): Promise<ExerciseManifest> {
    manifest ??= fetch(`${base}/exercises.json`).then(async (response) => {
      if (!response.ok) throw new Error(`exercises.json: HTTP ${response.status}`);
      const book = (await response.json()) as ExerciseManifest;
      bookChecks = new Map(book.exercises.flatMap((e) => (Number.isInteger(e.checkCount) ? [[`${e.chapter}/${e.id}`, e.checkCount!] as const] : [])));
      bookTitles = new Map(book.exercises.map((e) => [`${e.chapter}/${e.id}`, e.title]));
      return book;
    });
    try {
      return await manifest;
    } catch (error) {
      manifest = null; // the next load tries again
      throw error;
    }
  }

  async function ready(): Promise<Reviewer> {
    reviewer ??= new Reviewer(await loadManifest(), { probe: freshProbeSeed });
    return reviewer;
  }

  /** Asks before the page is left while files wait to be checked (they are kept either way: hold). */
  const askBeforeLeaving = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    event.returnValue = ''; // older browsers ask only when this is set
  };

  /** What the status line says of this page (showStatus, or a word of its own: the kept hand-ins, no book); what it says of other tabs follows. */
  let statusHere = '';
  function setStatus(text: string) {
    statusHere = text;
    showElsewhere();
  }
  /** The status line again, with what other tabs hold as last read (readElsewhere), after what it says of this page. */
  function showElsewhere() {
    main.dataset.elsewhere = String(elsewhere.size); // for whoever waits for another tab's files (a test)
    const waitThere = [...elsewhere.values()].filter((e) => e.offered).length;
    const n = elsewhere.size - waitThere;
    const there = (n === 0 ? '' : waiting > 0
      ? ` ${countOf(n, 'more file', 'more files')}, loaded in another tab, ${n === 1 ? 'is' : 'are'} checked there.`
      : ` ${countOf(n, 'file', 'files')} loaded in another tab ${n === 1 ? 'is' : 'are'} not checked yet: each shows here once that tab has judged it.`) +
      (waitThere === 0 ? '' : ` ${countOf(waitThere, 'file', 'files')} left unchecked ${waitThere === 1 ? 'waits' : 'wait'} in another tab for you to choose “Check ${waitThere === 1 ? 'it' : 'them'} now” or “Forget ${waitThere === 1 ? 'it' : 'them'}” there.`);
    status.textContent = statusHere + there;
  }
  function showStatus() {
    // While files are checked, the offline copy's first download waits (src/offline/quiet.ts).
    main.dataset.offlineWaits = waiting > 0 ? 'busy' : 'idle';
    // Only while checking: a beforeunload listener keeps some browsers from caching the page for Back.
    if (waiting > 0) window.addEventListener('beforeunload', askBeforeLeaving);
    else window.removeEventListener('beforeunload', askBeforeLeaving);
    // A kept hand-in checked again here that another tab removed meanwhile still finishes its
    // check, and is not kept (finish): it is no longer one "to go" (red team 23).
    const dropped = [...judging].filter((seq) => removedHere.has(seq)).length;
    const finishing = dropped === 0 ? '' : `${countOf(dropped, 'hand-in', 'hand-ins')} removed in another tab ${dropped === 1 ? 'is' : 'are'} finishing ${dropped === 1 ? 'its check' : 'their checks'} and will not be kept.`;
    setStatus(waiting > dropped
      ? `Checking hand-ins: ${waiting - dropped} to go…` + (finishing && ` ${finishing}`)
      : waiting > 0
      ? `No hand-ins left to check; ${finishing}`
      : `${countOf(placed.length, 'hand-in')} checked.` +
        (notChecked ? ` ${countOf(notChecked, 'file')} ${notChecked === 1 ? 'was' : 'were'} not checked: see the list below.` : ''));
  }

  async function load(chosen: FileList | File[]) {
    await restoring; // places are handed out after the kept hand-ins'
    await crashesRead; // and a file that closed the page last time is known
    const { taken, message } = takeFiles([...chosen]);
    notChecked += chosen.length - taken.length;
    if (message) messages.insertAdjacentHTML('beforeend', `<li class="file-error">${escapeHtml(message)}</li>`);
    // Places are reserved in storage first, so another tab of this page never hands out the same
    // ones (without storage nothing is kept, and this page's own count is enough).
    let first = nextSeq;
    if (taken.length) {
      try {
        first = await store.reserve(taken.length, nextSeq);
      } catch (error) {
        noMemory((error as Error).message);
      }
    }
    nextSeq = Math.max(nextSeq, first + taken.length);
    const jobs = taken.map((file, i) => ({ file, seq: first + i }));
    // Kept before any is judged: a page that dies in a file's code still has the class to name.
    await enqueue(jobs, hold(jobs));
  }

  /** Judges files at their places (seqs): each gets its message line now, in the order given, whatever finishes first. */
  async function enqueue(files: readonly { file: HandInFile; seq: number }[], kept: Promise<unknown> = Promise.resolve()) {
    const jobs = files.map(({ file, seq }) => {
      const line = document.createElement('li');
      line.setAttribute('aria-busy', 'true');
      line.textContent = `${shortFileName(file.name)}: waiting…`;
      messages.append(line);
      lines.set(seq, line);
      judging.add(seq);
      return { file, line, seq };
    });
    waiting += jobs.length;
    showStatus();
    let r: Reviewer;
    try {
      [r] = await Promise.all([ready(), kept]);
    } catch {
      for (const { file, line, seq } of jobs) {
        finishLine(line, 'file-error', `${shortFileName(file.name)}: not checked.`);
        judging.delete(seq);
      }
      release(jobs.map((j) => j.seq));
      waiting -= jobs.length;
      notChecked += jobs.length;
      showStatus();
      setStatus(NO_BOOK);
      return;
    }
    const start = ({ file, line, seq }: (typeof jobs)[number]) =>
      void judge(r, file, () => { line.textContent = `${shortFileName(file.name)}: checking…`; })
        .then((outcome) => finish(seq, line, outcome));
    for (const job of jobs) {
      const suspect = suspects.find((s) => sameFile(s, markOf(job.file)));
      if (suspect) holdBack(job, suspect, () => start(job));
      else start(job);
    }
    showStatus();
  }

  /** A file that was being checked when a review page died: not run until the teacher says so. */
  function holdBack(job: { file: HandInFile; line: HTMLLIElement }, suspect: FileMark, start: () => void) {
    waiting -= 1;
    notChecked += 1;
    const { line } = job;
    line.removeAttribute('aria-busy');
    line.className = 'file-error';
    line.innerHTML = `${escapeHtml(shortFileName(job.file.name))}: not checked. The page closed while it was checking this file (${escapeHtml(when(suspect.started))}); ` +
      'its code most likely ran the browser out of memory, and may close the page again. Hand-ins checked before are kept either way. ' +
      '<button type="button" class="nb-button" data-check-anyway>Check it anyway</button>';
    line.querySelector('[data-check-anyway]')!.addEventListener('click', () => {
      notChecked -= 1;
      waiting += 1;
      line.className = '';
      line.setAttribute('aria-busy', 'true');
      line.textContent = `${shortFileName(job.file.name)}: waiting…`;
      showStatus();
      start();
    }, { once: true });
  }

  /**
   * Judges again, each on a fresh worker as a loaded file is, the hand-ins on the page: those kept
   * from an earlier visit were judged then, perhaps by an earlier version of the book, and read
   * back from this browser's storage; and each check tries the second run's points anew. A
   * hand-in that cannot be judged now keeps its earlier verdicts, and its line says why.
   */
  async function checkKeptAgain() {
    // Every hand-in on the page, whenever it was judged: the review's second run draws new points
    // at each check (review.ts, probe), so a check again can find what the last did not.
    const kept = placed.filter((p) => !judging.has(p.seq));
    if (kept.length === 0) return;
    for (const p of kept) {
      restored.delete(p.seq);
      judging.add(p.seq);
    }
    checkAgain.hidden = true;
    waiting += kept.length;
    showStatus();
    let r: Reviewer;
    try {
      r = await ready();
    } catch {
      for (const p of kept) {
        restored.add(p.seq);
        judging.delete(p.seq);
      }
      waiting -= kept.length;
      showStatus();
      setStatus(NO_BOOK);
      draw();
      return;
    }
    await Promise.all(kept.map(async (old) => {
      const line = lines.get(old.seq)!;
      const name = old.review.file;
      line.setAttribute('aria-busy', 'true');
      line.textContent = `${name}: waiting to be checked again…`;
      const outcome = await judge(r, keptHandIn(old.review), () => { line.textContent = `${name}: checking again…`; }, () => placed.includes(old), old.review);
      const at = placed.indexOf(old);
      if (at === -1 || !outcome.ok) {
        // Removed while it was being judged (its line says so), or not judged: the table keeps
        // what it had.
        waiting -= 1;
        judging.delete(old.seq);
        if (at !== -1 && !outcome.ok) {
          restored.add(old.seq);
          finishLine(line, 'file-error', `${outcome.message} Its earlier verdicts are kept.`);
        }
        showStatus();
        if (waiting === 0) draw();
        return;
      }
      placed.splice(at, 1);
      sections.get(old.seq)?.remove(); // drawn again from the new verdicts
      sections.delete(old.seq);
      // The kept copy holds each exercise once; the repeats were counted when the file was read.
      finish(old.seq, line, { ...outcome, review: { ...outcome.review, repeated: old.review.repeated } }, true);
    }));
  }

  function finishLine(line: HTMLLIElement, className: string, text: string) {
    line.removeAttribute('aria-busy');
    line.className = className;
    line.textContent = text;
  }

  /** A file judged: its line, its row, and storage. `again`: a kept hand-in judged afresh, kept only if no tab removed it meanwhile. */
  function finish(seq: number, line: HTMLLIElement, outcome: FileOutcome, again = false) {
    waiting -= 1;
    judging.delete(seq);
    if (!again) release([seq]); // judged, or refused for good: a reload has nothing of it left to check (a kept one was never held)
    if (!outcome.ok) {
      notChecked += 1;
      finishLine(line, 'file-error', outcome.message);
    } else {
      const review = outcome.review;
      // Entries for exercises the book does not have are named apart, once: not as exercises checked, nor as passes that do not hold.
      const unknown = new Set(unknownEntries(review));
      // Exercises of the book beyond the assignment are shown and never counted (passedOf): said apart too.
      const assigned = new Set(assignedKeys(review.submission.assignment));
      const beyond = review.exercises.filter((e) => !unknown.has(e) && !assigned.has(exerciseKeyOf(e))).length;
      const n = review.exercises.length - unknown.size - beyond;
      const flagged = passesNotHolding(review);
      const first = placed.find((q) => q.seq < seq && sameHandIn(q.review, review));
      const repeats = repeatsNote(review.repeated);
      line.removeAttribute('aria-busy');
      line.innerHTML = `${escapeHtml(review.file)}: ${escapeHtml(review.submission.student)}, ${n} ${n === 1 ? 'exercise' : 'exercises'} checked` +
        (repeats ? ` (${escapeHtml(repeats)})` : '') +
        (beyond ? ` (and ${beyond} not assigned: shown, not counted)` : '') +
        (unknownText(review) ? ` (${escapeHtml(unknownText(review))}: not checked)` : '') +
        (flagged ? `, <span class="flag">⚠ ${flagged} recorded ${flagged === 1 ? 'pass does' : 'passes do'} not hold</span>` : '') +
        (review.versionDiffers ? ' (made with a different version of the exercises)' : '') +
        (first ? `; the same hand-in as ${escapeHtml(first.review.file)}, loaded before, so it is shown once` : '') + '.';
      const p: Placed = { seq, review, checked: new Date().toISOString() };
      const at = placed.findIndex((x) => x.seq > seq);
      placed.splice(at === -1 ? placed.length : at, 0, p);
      const kept = again ? store.replace(p) : store.put(p).then(() => true);
      kept.then((still) => {
        if (still) return tell({ kind: 'put', seqs: [seq] });
        // Removed in another tab while it was judged again here: it stays removed.
        forget(seq, 'removed in another tab');
        showStatus();
        redraw.now();
      }, (error: Error) => noMemory(error.message));
    }
    showStatus();
    if (waiting === 0) redraw.now(); // the last one is drawn at once, not a frame later
    else redraw.soon();
  }

  /** An exercise's title from the book, or from any review that knows it, else its id. */
  function titleOf(key: string): string {
    const title = bookTitles.get(key);
    if (title !== undefined) return title;
    for (const { review } of placed) {
      const e = review.exercises.find((x) => exerciseKeyOf(x) === key && x.entry);
      if (e) return e.entry!.title;
    }
    return key.slice(key.indexOf('/') + 1);
  }

  /** "199 entries for exercises this book does not have", or "" when the file has none (unknownEntries). */
  function unknownText(review: ReviewedSubmission): string {
    const n = unknownEntries(review).length;
    return n === 0 ? '' : `${countOf(n, 'entry', 'entries')} for exercises this book does not have`;
  }

  /** The ids of a file's unknown entries, the first `max` (a title names a few, the student's section all). */
  function unknownIds(review: ReviewedSubmission, max = 10): string {
    const ids = unknownEntries(review).map((e) => e.work.exercise);
    return ids.slice(0, max).join(', ') + (ids.length > max ? `, and ${ids.length - max} more` : '');
  }

  /** The row's note of entries for exercises the book does not have: shown here once instead of as columns for the whole class. */
  function unknownFlag(review: ReviewedSubmission): string {
    const text = unknownText(review);
    if (!text) return '';
    const title = `The file also lists ${unknownIds(review)}: not in this version of the book and not assigned, so not checked, not counted and not given columns. The student’s section below lists them.`;
    return ` <span class="unknown-note" title="${escapeHtml(title)}">${escapeHtml(text)}</span>`;
  }

  /** "2/3": assigned exercises passed, of those assigned (passedOf). */
  function passedText(review: ReviewedSubmission): string {
    const { passed, of } = passedOf(review);
    return `${passed}/${of}`;
  }

  function lateFlag(review: ReviewedSubmission): string {
    const s = review.submission;
    // Both when both hold, as the gradebook says both (a red team's file dated after the due day
    // and after the teacher's clock read only "dated in the future" here, "late" in the CSV).
    const future = isFutureDated(s.submitted)
      ? ` <span class="late" title="The file says it was handed in ${escapeHtml(when(s.submitted))}, which is still to come: the student's clock was wrong, or the file was edited">dated in the future</span>`
      : '';
    if (!isLate(s.submitted, s.assignment.due)) return future;
    return ` <span class="late" title="Handed in ${escapeHtml(when(s.submitted))}, after the due date ${escapeHtml(s.assignment.due)}, ${LATE_NOTE}">late</span>${future}`;
  }

  /**
   * What the teacher is told to read in a student's code, worked out once per judged exercise: the
   * table is drawn again on every file judged and every sort, and the code may be 100,000
   * characters long, so nothing read from it is read again.
   */
  const readings = new WeakMap<ReviewedExercise, { reaches: string[]; stack: string[]; chance: string[]; same: boolean }>();
  function reading(e: ReviewedExercise) {
    let found = readings.get(e);
    if (!found) {
      found = { reaches: escapeHints(e.work.code, e.entry?.withhold ?? [], e.entry?.allow !== undefined), stack: stackHints(e.work.code), chance: chanceHints(e.work.code), same: sameAsSolution(e) };
      readings.set(e, found);
    }
    return found;
  }

  function cell(e: ReviewedExercise | undefined, total: number, leftOut: string | undefined): string {
    if (!e && leftOut !== undefined) return `<td title="${escapeHtml(`Left out; the file says why: ${leftOut}`)}">— left out</td>`;
    // Not "— left out", which says the student's browser could not vouch for it (a red team's).
    if (!e) return '<td title="The file has no entry for this exercise">— not handed in</td>';
    const { passed, total: of } = score(e, total);
    // The book's starter, unchanged: not a wrong answer the student wrote (it read "✗ 1/5 failed").
    if (isStarter(e)) {
      return `<td class="v-not-started" title="${escapeHtml(`The starter code, unchanged: it scores 0 of ${of}${e.flagged ? ', but recorded as passed' : ''}`)}">— not started` +
        `${e.flagged ? ' <span class="flag" aria-label="recorded pass does not hold">⚠</span>' : ''}<span class="credit">0/${of}</span></td>`;
    }
    const { reaches, stack, chance, same } = reading(e);
    const reasons = [
      ...(reaches.length > 0 ? ['it reaches for what the exercise withholds'] : []),
      ...(stack.length > 0 ? ['it reads the call stack'] : []),
      ...(chance.length > 0 ? ['it uses chance or the clock, so its marks may change from one check to the next'] : []),
      ...(failsElsewhere(e) ? ['at points drawn for this review, not counted, it fails checks it passes at its own'] : []),
      ...(notTriedElsewhere(e) !== undefined ? [`it was not tried again at points drawn for this review (${notTriedElsewhere(e)})`] : []),
    ];
    const readIt = reasons.length ? `read the code: ${reasons.join(', and ')}` : '';
    const title = `${WORD[e.verdict]}${e.flagged ? ', but recorded as passed' : ''}; ${passed} of ${of} checks${same ? '; identical to the published solution' : ''}${readIt ? `; ${readIt}` : ''}`;
    return `<td class="v-${e.verdict}" title="${escapeHtml(title)}">${MARK[e.verdict]}` +
      `${e.flagged ? ' <span class="flag" aria-label="recorded pass does not hold">⚠</span>' : ''}` +
      `${readIt ? ` <span class="flag" aria-label="${readIt}">⚑</span>` : ''}` +
      `${same ? ' <span class="same" aria-label="identical to the published solution">≡</span>' : ''}` +
      `<span class="credit">${passed}/${of}</span><span class="visually-hidden"> ${WORD[e.verdict]}</span></td>`;
  }

  function groupHtml(group: AssignmentGroup, index: number): string {
    const a = group.assignment;
    const cols = tableColumns(group);
    const assigned = new Set(assignedKeys(a));
    const checks = checksPerExercise(group.members, bookChecks);
    const n = group.members.length + group.undecided.length;
    const due = a.due ? `due ${escapeHtml(formatDue(a.due))}` : 'no due date';
    const others = groups.length - 1;
    const apart = index > 0
      ? `<p class="group-note apart">Set apart: ${n === 1 ? 'this file is' : 'these files are'} for another assignment than “${escapeHtml(groups[0].assignment.title)}” (a different title, due date, list of exercises or options), so ${n === 1 ? 'it is' : 'they are'} graded here on ${n === 1 ? 'its' : 'their'} own.</p>`
      : others > 0 ? `<p class="group-note">${countOf(groups.slice(1).reduce((k, g) => k + g.members.length, 0), 'other file is', 'other files are')} for another assignment: see below.</p>` : '';
    // Names and times are the students' own: a second file may be a classmate's forgery, so the
    // teacher sees every clash above the table and picks the file that counts.
    const fileText = (p: Placed) => `${escapeHtml(p.review.file)} (handed in ${escapeHtml(when(p.review.submission.submitted))}, ${passedText(p.review)} passed; ` +
      `its student is “${escapeHtml(p.review.submission.student)}”)`;
    // Two files of one name (a red team's two s000.json) get buttons told apart by the time each file gives.
    const clashing = [...group.undecided.flatMap(({ files }) => files), ...group.replaced.flatMap(({ dropped, kept }) => [dropped, kept])];
    const named = (p: Placed) => clashing.filter((q) => q.review.file === p.review.file).length > 1 ? `${p.review.file} of ${when(p.review.submission.submitted)}` : p.review.file;
    const chooseButton = (p: Placed, word: string) => `<button type="button" class="nb-button" data-choose="${p.seq}">Count ${escapeHtml(named(p))}${word}</button>`;
    const clashItems = [
      ...group.undecided.map(({ files, reason }) =>
        `<li class="undecided">${files.length} files claim ${escapeHtml(claimedName(files))}, ${UNDECIDED[reason]}, ` +
        `so <strong>none counts until you choose one</strong>:<ul>${files.map((p) => `<li>${fileText(p)} ${chooseButton(p, '')}</li>`).join('')}</ul></li>`),
      ...group.replaced.map(({ dropped, kept }) =>
        `<li>${escapeHtml(kept.review.submission.student)} handed in more than once: kept ${escapeHtml(kept.review.file)} (handed in ${escapeHtml(when(kept.review.submission.submitted))}, ` +
        `${passedText(kept.review)} passed${chosen.has(kept.seq) ? ', your choice' : ', the latest, from the same browser'}), ` +
        `set aside ${fileText(dropped)}. ${chooseButton(dropped, ' instead')}</li>`),
    ];
    // The same file loaded again, here or in another tab: nothing to choose, so one line for all,
    // not a clash each (the same 40 files dropped into two tabs made 40 clashes to settle).
    const copies = group.copies.length === 0 ? '' :
      `<li class="copies">${countOf(group.copies.length, 'file was', 'files were')} loaded again: the same hand-in as a file loaded before, judged the same, so each is shown and counted once ` +
      `(${group.copies.slice(0, 5).map(({ copy, of }) => `${escapeHtml(copy.review.file)}, the same as ${escapeHtml(of.review.file)}`).join('; ')}${group.copies.length > 5 ? `; and ${group.copies.length - 5} more` : ''}). ` +
      `<button type="button" class="nb-button" data-remove-copies="${index}">Remove the ${group.copies.length === 1 ? 'copy' : `${group.copies.length} copies`}</button></li>`;
    const replaced = clashItems.length || copies ? `<ul class="group-note replaced" id="replaced-${index}">${clashItems.join('')}${copies}</ul>` : '';
    // Files of different students (IDs) under one name, or a file without the ID the assignment
    // asks for: each gets a row of its own, so the teacher is told to compare them (a red team's
    // file left the ID out and took a second row under a classmate's name). Names and IDs spelt
    // differently that look alike are flagged too: a red team's file took an unflagged row so.
    const warningsOf = rowWarnings(group);
    const flagsOf = (review: ReviewedSubmission) => identityFlags(warningsOf(review), a.askFor);
    const sort = sorts.get(group.key);
    // Sortable headers as the WAI-ARIA sortable table pattern has them: a button in each header,
    // aria-sort on the column the rows follow.
    const header = (column: SortColumn, title: string) => {
      const id = sortId(column);
      const sorted = sort && sortId(sort.column) === id ? sort.direction : null;
      return `<th scope="col"${sorted ? ` aria-sort="${sorted}"` : ''}><button type="button" class="sort" data-sort-group="${index}" data-sort="${escapeHtml(id)}">` +
        `${escapeHtml(title)}<span class="sort-mark" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '⇅'}</span></button></th>`;
    };
    const head = `<thead><tr>${header({ by: 'student' }, 'Student')}${cols.map((key) => header({ by: 'exercise', key }, assigned.has(key) ? titleOf(key) : `${titleOf(key)} (not assigned: not counted)`)).join('')}${header({ by: 'passed' }, 'Passed')}</tr></thead>`;
    const ordered = sort ? sortMembers(group.members, sort, checks) : group.members;
    const rows = ordered.map(({ seq, review }) => {
      const byKey = new Map(review.exercises.map((e) => [exerciseKeyOf(e), e]));
      const leftOut = leftOutOf(review);
      const id = review.submission.studentId ? ` <span class="student-id">${escapeHtml(review.submission.studentId)}</span>` : '';
      return `<tr><th scope="row"><a href="#student-${seq}">${escapeHtml(review.submission.student)}</a>${id}${lateFlag(review)}${flagsOf(review)}${unknownFlag(review)}</th>` +
        `${cols.map((key) => cell(byKey.get(key), checks.get(key) ?? 0, leftOut.get(key))).join('')}<td>${passedText(review)}</td></tr>`;
    }).join('');
    // First, as they wait for the teacher: a row, so the student is not missing from the table, with no marks.
    const waiting = group.undecided.map(({ files }) => {
      const { review } = files[0];
      const id = review.submission.studentId ? ` <span class="student-id">${escapeHtml(review.submission.studentId)}</span>` : '';
      return `<tr class="undecided"><th scope="row"><a href="#student-${files[0].seq}">${escapeHtml(claimedName(files))}</a>${id}` +
        ` <span class="flag" title="${files.length} files claim this student; the list above the table names them and lets you choose">⚠ ${files.length} files</span>${flagsOf(review)}</th>` +
        `<td colspan="${cols.length + 1}">Not counted: choose a file above the table</td></tr>`;
    }).join('');
    const summary = summarize(group, titleOf, bookChecks).map((s) => {
      const credit = s.checks && n ? `${Math.round(100 * s.credit)}%` : '—';
      return `<tr><th scope="row">${escapeHtml(s.title)}</th><td>${s.passed}</td><td>${s.failed}</td><td>${s.notStarted}</td><td>${credit}</td>` +
        `<td class="most-failed">${s.mostFailed ? `${escapeHtml(s.mostFailed.label)} <span class="count">(${countOf(s.mostFailed.count, 'student', 'students')})</span>` : '—'}</td>` +
        `<td>${s.sameAsSolution || '—'}</td></tr>`;
    }).join('');
    return `<section class="review-group" data-group aria-labelledby="group-${index}">` +
      `<h2 id="group-${index}">${escapeHtml(assignmentLabels(groups)[index])} <span class="group-meta">${due} · ${countOf(n, 'student', 'students')}</span></h2>${apart}${replaced}` +
      `<h3>Class table</h3><div class="table-scroll class-scroll" tabindex="0" role="region" aria-label="Class table of ${escapeHtml(a.title)}"><table class="class-table" data-class-table><caption class="visually-hidden">Students and exercises of ${escapeHtml(a.title)}, as checked on this page</caption>${head}<tbody>${waiting}${rows}</tbody></table></div>` +
      `<h3>How the class did</h3>${group.undecided.length ? `<p class="group-note">Without ${countOf(group.undecided.length, 'student', 'students')} whose files you have not chosen between yet.</p>` : ''}<div class="table-scroll"><table class="exercise-summary" data-exercise-summary><caption class="visually-hidden">Each exercise of ${escapeHtml(a.title)}</caption>` +
      '<thead><tr><th scope="col">Exercise</th><th scope="col">Passed</th><th scope="col">Tried, failed</th><th scope="col">Not started</th><th scope="col">Checks passed</th><th scope="col">Check failed most often</th><th scope="col">Same as solution</th></tr></thead>' +
      `<tbody>${summary}</tbody></table></div>` +
      `<p><button type="button" class="nb-button" data-export-csv="${index}">Download the gradebook (CSV)</button></p></section>`;
  }

  function draw() {
    results.hidden = placed.length === 0;
    removeAll.hidden = placed.length === 0;
    checkAgain.hidden = !placed.some((p) => !judging.has(p.seq));
    groups = groupByAssignment(placed, chosen);
    groupsEl.innerHTML = groups.map(groupHtml).join('');
    // A file set aside has no section; the files of an undecided student each have theirs, to read before choosing.
    const shown = new Set(groups.flatMap((g) => shownFiles(g).map((m) => m.seq)));
    // Each student's section is added once, in its place; its contents are drawn on opening.
    let before: Element | null = null;
    for (let i = placed.length - 1; i >= 0; i--) {
      const p = placed[i];
      let section = sections.get(p.seq);
      if (!section) {
        section = document.createElement('details');
        sections.set(p.seq, section);
        section.className = 'student';
        section.id = `student-${p.seq}`;
        const { review } = p;
        const id = review.submission.studentId ? ` (${escapeHtml(review.submission.studentId)})` : '';
        section.innerHTML = `<summary>${escapeHtml(review.submission.student)}${id} · ${passedText(review)} passed · ` +
          `${escapeHtml(review.submission.assignment.title)} · handed in ${escapeHtml(when(review.submission.submitted))}${lateFlag(review)}</summary>` +
          `<p><button type="button" class="nb-button" data-remove="${p.seq}">Remove this hand-in (${escapeHtml(review.file)})</button></p>`;
        section.addEventListener('toggle', () => fillSection(section!, review), { once: true });
        details.insertBefore(section, before);
      }
      section.hidden = !shown.has(p.seq); // set aside for a later hand-in of the same student
      before = section;
    }
  }

  function fillSection(section: HTMLDetailsElement, review: ReviewedSubmission) {
    const group = groups.find((g) => shownFiles(g).some((m) => m.review === review));
    const checks = group ? checksPerExercise(group.members, bookChecks) : new Map<string, number>();
    const unknown = new Set(unknownEntries(review));
    // After the exercises that count, and their ids folded away: up to 199 made-up ids must not
    // push the student's real work down the page.
    const unknownNote = unknown.size
      ? `<div class="verdict-note" data-unknown-entries><p>${escapeHtml(unknownText(review))}, not assigned either, so not checked or counted.</p>` +
        `<details><summary>Their exercise ids</summary><p>${escapeHtml(unknownIds(review, Infinity))}.</p></details></div>`
      : '';
    // Exercises the file leaves out, with the reason it gives (the book's pages write one when
    // storage is blocked or a draft damaged): the teacher is told why the row has no work there,
    // in the file's words, not as the page's finding.
    const leftOut = [...leftOutOf(review)];
    const leftOutNote = leftOut.length
      ? `<div class="verdict-note" data-left-out><p>Left out of this file, so not checked (the reasons are the file’s, written by the student’s browser or by whoever made the file):</p><ul>` +
        leftOut.map(([key, reason]) => `<li>${escapeHtml(titleOf(key))}: ${escapeHtml(reason)}.</li>`).join('') + '</ul></div>'
      : '';
    section.insertAdjacentHTML('beforeend', leftOutNote + review.exercises.filter((e) => !unknown.has(e)).map((e) => {
      const results = e.results.length ? renderDisplay({ kind: 'checks', results: e.results, ...(e.verdict === 'error' ? { stopped: true } : {}) }) : '';
      const { passed, total } = score(e, checks.get(exerciseKeyOf(e)) ?? 0);
      // Code that names what the exercise withholds, or that can reach around it, is for the
      // teacher to read: the checks catch plain uses, not every way round in one realm.
      const { reaches, stack, chance, same } = reading(e);
      const names = (list: readonly string[]) => list.map((w) => `<code>${escapeHtml(w)}</code>`).join(', ');
      const rules = [
        ...(e.entry?.withhold?.length ? [`withholds ${names(e.entry.withhold)}`] : []),
        ...(e.entry?.allow ? [`lets it use only ${escapeHtml(e.entry.allow.said)} from <code>nn</code>`] : []),
      ];
      const readIt = reaches.length
        ? `<p class="verdict-note" data-escape-hint><span class="flag">⚑ Read this code:</span> it mentions ${names(reaches)}. ` +
          `This exercise ${rules.join(' and ')}; the checks fail a plain use, but not every way round it.</p>`
        : '';
      const readStack = stack.length
        ? `<p class="verdict-note" data-stack-hint><span class="flag">⚑ Read this code:</span> it mentions ${names(stack)}. ` +
          'Code that reads the call stack can tell the checks’ calls from its own and answer only them rightly; no check can see that.</p>'
        : '';
      const readChance = chance.length
        ? `<p class="verdict-note" data-chance-hint><span class="flag">⚑ Read this code:</span> it uses ${names(chance)}. ` +
          'The checks try the same code at the same points every time, so the same code gets the same marks; code that uses chance or the clock need not, and a pass that does not hold on a recheck may come from that, not from an edited file.</p>'
        : '';
      const starter = isStarter(e);
      return `<h3>${escapeHtml(e.entry?.title ?? e.work.exercise)} — ${starter ? 'not started' : `${MARK[e.verdict]} ${WORD[e.verdict]}`}, ${passed} of ${total} checks</h3>` +
        `<p class="verdict-note">Recorded in the student’s browser: ${escapeHtml(e.work.recorded.replace('-', ' '))}.` +
        (starter ? ' The code is the exercise’s starter, unchanged but for comments and spacing, so it scores 0: the checks it passes by itself are the book’s code, not the student’s.' : '') +
        (e.flagged ? ' <span class="flag">⚠ The rerun does not confirm that pass.</span>' : '') +
        (same ? ' <span class="flag">≡ The code is the published solution, spacing and line breaks aside, comments included.</span>' : '') +
        (e.message ? ` ${escapeHtml(e.message)}` : '') + '</p>' + readIt + readStack + readChance + results + probeNote(e) +
        `<div class="side-by-side"><div><h4>${escapeHtml(review.submission.student)}’s code</h4>${codeView(e.work.code)}</div>` +
        `<div><h4>Solution</h4><pre><code>${escapeHtml(e.entry?.solution ?? '(not in this version of the book)')}</code></pre></div></div>`;
    }).join('') + unknownNote);
  }

  /**
   * Keeps a change of the teacher's choices across a reload, as the hand-ins are kept: `seq` chosen
   * (or none), `dropped` no longer chosen. Only those change in storage (review-store.ts's
   * choose), and the other tabs are told.
   */
  function saveChoice(seq: number | null, dropped: readonly number[] = []) {
    store.choose(seq, dropped).then(() => tell({ kind: 'chosen', seqs: seq === null ? [] : [seq] }), (error: Error) => noMemory(error.message));
  }

  /** Takes a hand-in off this page (not out of storage): its row, its section and any choice of it; its line says `why`. */
  function forget(seq: number, why: string): boolean {
    const at = placed.findIndex((p) => p.seq === seq);
    if (at === -1) return false;
    const [removed] = placed.splice(at, 1);
    removedHere.add(seq);
    restored.delete(seq);
    sections.get(seq)?.remove();
    sections.delete(seq);
    chosen.delete(seq);
    const line = lines.get(seq);
    if (line) finishLine(line, '', `${removed.review.file}: ${removed.review.submission.student}, ${why}.`);
    return true;
  }

  /** Removes hand-ins from this page and from storage (with `damaged`, records that could not be read), and tells the other tabs. */
  function remove(seqs: readonly number[], damaged: readonly number[] = []) {
    const taken = seqs.filter((seq) => forget(seq, 'removed'));
    if (taken.length + damaged.length === 0) return;
    store.remove([...taken, ...damaged]).then(() => tell({ kind: 'removed', seqs: taken }), (error: Error) => noMemory(error.message));
    showStatus();
    draw();
  }

  /**
   * "5 files are not checked yet (3 on this page, 2 in another tab)", or '' when every file loaded
   * is judged: read from storage, where every file loaded and not judged is held, whichever tab
   * loaded it and whether it is being checked or waits for the teacher (a red team's gradebook
   * left 7 students out without a word, their files offered in another tab). Without storage, this
   * page's own count.
   */
  async function notCheckedYet(): Promise<string> {
    const alive = await marks.alive();
    const holders = alive ? await store.holders().catch(() => null) : null;
    const here = holders ? holders.filter((h) => h.tab === TAB).length : waiting + offered.length;
    const there = holders ? holders.filter((h) => h.tab !== TAB && alive!(h.tab)).length : elsewhere.size;
    const closed = holders ? holders.length - here - there : 0;
    const parts = [
      here && `${here} on this page`,
      there && `${there} in another tab`,
      closed && `${closed} left by a tab that was closed`,
    ].filter(Boolean);
    const n = here + there + closed;
    return n === 0 ? '' : `${countOf(n, 'file is', 'files are')} not checked yet (${parts.join(', ')})`;
  }

  /** What another tab of the review page changed in storage (TabMessage), shown here. */
  async function heard(message: unknown) {
    if (!isTabMessage(message)) return;
    if (message.kind === 'held' || message.kind === 'released') {
      // Files loaded, taken over, set checking or let go in another tab: storage says which and whose.
      for (const seq of message.kind === 'released' ? message.seqs : []) elsewhere.delete(seq);
      showElsewhere();
      return readElsewhere();
    }
    await restoring;
    // A message is a hint; storage is the truth: a hand-in still kept stays, whatever a message says.
    if (message.kind === 'removed') {
      let forgotten = 0;
      for (const seq of message.seqs) {
        const kept = placed.some((p) => p.seq === seq) && (await store.get(seq).catch(() => undefined));
        if (kept === null && forget(seq, 'removed in another tab')) forgotten++;
      }
      if (forgotten === 0) return;
    } else if (message.kind === 'chosen') {
      const saved = await store.choices().catch(() => null);
      if (!saved) return;
      chosen.clear();
      for (const seq of saved) if (placed.some((p) => p.seq === seq)) chosen.add(seq);
    } else {
      for (const seq of message.seqs) {
        elsewhere.delete(seq);
        // Being judged here: this page's own verdict follows, and is kept.
        const p = judging.has(seq) ? null : await store.get(seq).catch(() => null);
        if (p) take(p);
      }
    }
    showStatus();
    if (waiting === 0) redraw.now();
    else redraw.soon();
  }

  /** A hand-in another tab judged: in its place, or in place of this page's earlier verdict of it. */
  function take(p: Placed) {
    if (removedHere.has(p.seq)) return; // removed here while its record was being read: it stays removed
    const at = placed.findIndex((x) => x.seq >= p.seq);
    if (at !== -1 && placed[at].seq === p.seq) {
      placed[at] = p;
      sections.get(p.seq)?.remove(); // drawn again from the new verdicts
      sections.delete(p.seq);
    } else {
      placed.splice(at === -1 ? placed.length : at, 0, p);
    }
    restored.delete(p.seq);
    let line = lines.get(p.seq);
    if (!line) {
      line = document.createElement('li');
      messages.append(line);
      lines.set(p.seq, line);
    }
    finishLine(line, '', `${p.review.file}: ${p.review.submission.student}, checked in another tab.`);
  }
  let heardCount = 0;
  tabs?.addEventListener('message', (event) => void heard(event.data).finally(() => {
    main.dataset.tabMessages = String(++heardCount); // for whoever waits for a message to be acted on (a test)
  }));

  main.querySelector<HTMLInputElement>('[data-files]')!.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.files?.length) void load([...input.files]);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files.length) void load([...event.dataTransfer.files]);
  });
  groupsEl.addEventListener('click', (event) => {
    const target = event.target as Element;
    // A student's name in the table opens their section as well as scrolling to it.
    const link = target.closest<HTMLAnchorElement>('a[href^="#student-"]');
    const section = link && details.querySelector<HTMLDetailsElement>(link.getAttribute('href')!);
    if (section) section.open = true;
    const sortButton = target.closest<HTMLButtonElement>('[data-sort]');
    const sorted = sortButton && groups[Number(sortButton.dataset.sortGroup)];
    if (sorted) {
      const id = sortButton.dataset.sort!;
      const now = sorts.get(sorted.key);
      const again = now && sortId(now.column) === id;
      sorts.set(sorted.key, { column: sortColumn(id), direction: again && now.direction === 'ascending' ? 'descending' : 'ascending' });
      draw();
      // The table was drawn afresh: the keyboard stays on the header just pressed.
      groupsEl.querySelector<HTMLButtonElement>(`[data-sort-group="${sortButton.dataset.sortGroup}"][data-sort="${CSS.escape(id)}"]`)?.focus();
    }
    const copiesButton = target.closest<HTMLButtonElement>('[data-remove-copies]');
    const copiesOf = copiesButton && groups[Number(copiesButton.dataset.removeCopies)];
    if (copiesOf) remove(copiesOf.copies.map((c) => c.copy.seq));
    const choose = target.closest<HTMLButtonElement>('[data-choose]');
    if (choose) {
      const seq = Number(choose.dataset.choose);
      // The student's other files stop being the choice: one file counts per student.
      const dropped = groups.flatMap((g) => claimsOfStudent(g, seq).map((p) => p.seq)).filter((s) => s !== seq);
      for (const other of dropped) chosen.delete(other);
      chosen.add(seq);
      saveChoice(seq, dropped);
      draw();
      // The button pressed is gone with the redraw: the keyboard goes to the row of the file now counted.
      groupsEl.querySelector<HTMLAnchorElement>(`[data-class-table] a[href="#student-${seq}"]`)?.focus();
    }
    const exportButton = target.closest<HTMLButtonElement>('[data-export-csv]');
    const group = exportButton && groups[Number(exportButton.dataset.exportCsv)];
    if (group) {
      void notCheckedYet().then((unchecked) => {
        const question = unchecked && `${unchecked}, and the gradebook downloaded now leaves out their students. Download it anyway?`;
        if (question && !window.confirm(question)) return;
        const label = assignmentLabels(groups)[Number(exportButton.dataset.exportCsv)];
        downloadFile(`${slug(label, 80)}-gradebook.csv`, gradebookCsv(group, titleOf, bookChecks, label), 'text/csv;charset=utf-8');
      });
    }
  });
  details.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-remove]');
    if (!button) return;
    // Its copies go with it: left, one would take its place in the table as if nothing was removed.
    const seq = Number(button.dataset.remove);
    remove([seq, ...groups.flatMap((g) => g.copies.filter((c) => c.of.seq === seq).map((c) => c.copy.seq))]);
  });
  checkAgain.addEventListener('click', () => void checkKeptAgain());
  removeAll.addEventListener('click', () => {
    const damaged = damagedSeqs.length ? ` (and ${countOf(damagedSeqs.length, 'damaged record', 'damaged records')} that could not be read)` : '';
    // Files not judged yet are not hand-ins yet: they are not removed, and say so (a red team's
    // teacher saw the table empty, then fill again as the checks went on).
    const unchecked = waiting + offered.length + elsewhere.size;
    const still = unchecked ? ` ${countOf(unchecked, 'file', 'files')} not checked yet (here or in another tab) ${unchecked === 1 ? 'is' : 'are'} not removed: ${unchecked === 1 ? 'it appears' : 'they appear'} as ${unchecked === 1 ? 'it is' : 'each is'} judged, or ${unchecked === 1 ? 'is' : 'are'} offered again.` : '';
    if (!window.confirm(`Remove all ${countOf(placed.length, 'hand-in', 'hand-ins')}${damaged} from this page and from this browser’s memory? The files themselves are not touched; load them again to see them again.${still}`)) return;
    // What this page shows, which is what is kept (the tabs follow one another): never the whole
    // store, which may hold hand-ins another tab is judging now.
    remove(placed.map((p) => p.seq), damagedSeqs);
    damagedSeqs = [];
  });
}
