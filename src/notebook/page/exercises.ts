/**
 * Exercises on a page: "Check my answer" runs the reader's attempt (and what it needs), then the
 * exercise's checks in the same kernel, and shows each check with what it got and what it
 * expected. Status is saved locally, and a pass with the fingerprint of the code that passed, so
 * a hand-in claims "passed" only for that code. The solution is a <details> beside the attempt.
 */
import { checkOutcome, checksErrorSentence, editedAboveSentence, errorLine, failedAboveSentence } from '../exercise.ts';
import { pageNotebook } from './page-notebook.ts';
import { escapeHtml } from '../../lib/html.ts';
import { renderDisplay } from '../render.ts';
import { failedChecklist, failsAtOtherPoints, foundFailing, freshProbeSeed, probeOutcome, type ProbeOutcome } from '../probe.ts';
import { exerciseKey, exerciseRecord, exerciseStatus, recordExercise, restoreExercise, showAttempt, STATUS_LABEL, type ExerciseRecord, type ExerciseStatus } from './progress.ts';
import { valueKey } from './storage.ts';
import { markOutdated } from './outdated.ts';
import { enableLazyOutputs } from './output-view.ts';
import { TIMER_HANG } from './recovery.ts';
import type { Cell } from './cell.ts';

let started = false;

/** What a check found: the verdict, the first failing check's label, or why it could not judge. */
export type CheckVerdict = { judged: true; passed: boolean; firstFailure?: string } | { judged: false; why: string };

/** Each exercise's "Check my answer" on this page, by exercise id. */
const checkers = new Map<string, () => Promise<CheckVerdict>>();

/**
 * Checks an exercise on this page exactly as its "Check my answer" button does (results shown
 * under it, status recorded); null when the page has no such exercise. The hand-in uses it to
 * re-check passes before it makes the file.
 */
export function checkExercise(id: string): Promise<CheckVerdict> | null {
  return checkers.get(id)?.() ?? null;
}

export function startExercises() {
  if (started) return;
  started = true;
  const notebook = pageNotebook();
  if (!notebook) return;
  for (const el of document.querySelectorAll<HTMLElement>('[data-exercise]')) {
    const id = el.dataset.exerciseId!;
    const chapter = el.dataset.chapter!;
    const checks = el.dataset.checks ?? '';
    const cell = notebook.find(`ex-${id}`);
    const statusEl = el.querySelector<HTMLElement>('[data-ex-status]')!;
    const results = el.querySelector<HTMLElement>('[data-ex-results]')!;
    const button = el.querySelector<HTMLButtonElement>('[data-ex-check]')!;
    if (!cell) continue;
    cell.storageKeys.push(valueKey(exerciseKey(chapter, id))); // a status that cannot be saved is unsaved work too

    const show = (status: ExerciseStatus) => {
      statusEl.dataset.status = status;
      statusEl.textContent = STATUS_LABEL[status];
      el.dispatchEvent(new CustomEvent('nb-exercise-status', { bubbles: true, detail: { chapter, id, status } }));
    };
    // The badge is about the code on screen: an edit may undo a pass, or bring back passing code.
    showAttempt(chapter, id, () => cell.code);
    show(exerciseStatus(chapter, id));
    // Results of the checks are about the code that was checked: once it changes, they say so.
    let checkedCode: string | null = null;
    /** For code whose pass failed at points drawn afterwards, the text of those points (probe.ts): tried first at its next check. */
    const caughtAt = new Map<string, string>();
    const markResults = () => markOutdated(results, results, checkedCode !== null && cell.code !== checkedCode, {
      text: 'These results are for your previous code. Check again to test the code above.',
      where: 'prepend',
      dataKey: 'exOutdated',
      ownerClass: 'ex-results-outdated',
    });
    // The record as it was while the attempt was the starter: Revert undoes what the edits since
    // changed (attempted → not started). A check is a result of its own, which Revert keeps.
    let beforeEdits: { record: ExerciseRecord | null } | null = cell.modified ? null : { record: exerciseRecord(chapter, id) };
    el.addEventListener('nb-edit', () => {
      show(recordExercise(chapter, id, 'attempted'));
      markResults();
    });
    // Code the page put there (another tab's, a link's, the chapter's new version, a recovered
    // draft): the badge is the status of that code, and results of other code say so.
    el.addEventListener('nb-code-shown', () => {
      show(exerciseStatus(chapter, id));
      markResults();
    });
    el.addEventListener('nb-revert', () => {
      if (beforeEdits) show(restoreExercise(chapter, id, beforeEdits.record));
      else {
        // Loaded with edits (a draft): the record before them is not known here, but one that
        // edits alone made (no check since) goes, as it would have in the visit they were made.
        if (exerciseRecord(chapter, id)?.edited) restoreExercise(chapter, id, null);
        beforeEdits = { record: exerciseRecord(chapter, id) };
        show(exerciseStatus(chapter, id));
      }
      markResults();
    });

    const check = async (): Promise<CheckVerdict> => {
      beforeEdits = null;
      button.disabled = true;
      results.innerHTML = '<p class="nb-placeholder">Checking…</p>';
      const pressed = cell.code;
      const generation = notebook.generation;
      const restarted = () => {
        if (notebook.generation === generation) return false;
        results.innerHTML = '<p class="ex-error">The code runner was restarted before the checks finished. Check again.</p>';
        return true;
      };
      const RESTARTED: CheckVerdict = { judged: false, why: 'the code runner was restarted before the checks finished' };
      try {
        let before = notebook.lastFinishedRun(cell);
        cell.heldUpBy = null;
        await notebook.run(cell);
        if (restarted()) return RESTARTED;
        // Pressed while the attempt still ran earlier code, the request joined that run: it ran
        // code from before the press. The checks judge the code on screen at the press, so that
        // runs now (a red team's find: eight ticks under code that failed them).
        if (notebook.lastFinishedRun(cell) !== before && cell.ranCode !== pressed && cell.code === pressed) {
          before = notebook.lastFinishedRun(cell);
          await notebook.run(cell);
          if (restarted()) return RESTARTED;
        }
        // The verdict never depends on how the attempt fared on this page: the checks run it
        // after the chapter's own cells (Notebook.runChecks), as the build and a teacher's review
        // do. What the page run tells is said beside the verdict: a cell above that fails there
        // (the attempt did not run, and its output above is not of this code), cells above the
        // reader edited (the checks did not use those edits).
        // Whether it ran is whether a run of it came to a result, not its state now: an edit
        // typed while it ran turns that to "edited since it ran".
        const ranHere = notebook.lastFinishedRun(cell) !== before;
        const blocker = ranHere ? undefined : notebook.failingAbove(cell);
        if (!ranHere && !blocker) {
          // Stopped (the reader's Stop, the time limit) or taken out of the queue: not judged,
          // so not a verdict on any code either (a pass recorded for it stays).
          // Stopped while it ran: the cell shows why; ended by a restart another cell's work
          // forced (a hang before the runner took it): that cell; taken out of the queue: nothing ran.
          const heldUpBy = cell.heldUpBy as Cell | null; // set during the run (afterRestart), after the clearing above
          results.innerHTML = cell.state === 'error'
            ? '<p class="ex-error">Your code did not finish running (the message in it above says why), so the checks did not run.</p>'
            : heldUpBy
              ? `<p class="ex-error">${linkedLabel(heldUpBy.id, heldUpBy.label, escapeHtml(`${heldUpBy.label} held up the code runner until it was restarted (its output says why), so your code did not run and the checks did not run. Check again.`))}</p>`
              : '<p class="ex-error">Your code was taken out of the queue before its turn (its Stop), so it did not run and the checks did not run. Check again to run them.</p>';
          show(recordExercise(chapter, id, 'attempted'));
          return { judged: false, why: 'the code did not finish running' };
        }
        // What was judged: the code the page ran, or (when a cell above kept it from running) the code on screen at the press.
        const judged = ranHere ? (cell.ranCode ?? cell.code) : pressed;
        const outcome = await notebook.runChecks(`ex-${id}-checks`, checks, cell, judged);
        if (restarted()) return RESTARTED;
        if (outcome.kind === 'stopped') {
          // Work a page cell left running (a timer, a promise chain) held the runner: that cell
          // shows why, as when it holds up a page run, and the checks name it.
          const culprit = outcome.culprit !== undefined ? notebook.find(outcome.culprit) : undefined;
          notebook.afterRestart(cell, culprit ? TIMER_HANG : `The checks were stopped: ${outcome.message}`, culprit);
          const message = culprit
            ? `${culprit === cell ? 'Your code' : culprit.label} started work on this page that went on after its run (a timer or a promise chain) and was still running at the time limit, so the checks were stopped and the code runner restarted. Check again.`
            : outcome.message;
          results.innerHTML = `<p class="ex-error">${culprit && culprit !== cell ? linkedLabel(culprit.id, culprit.label, escapeHtml(message)) : escapeHtml(message)}</p>`;
          show(recordExercise(chapter, id, 'attempted')); // stopped, not judged: a pass stays
          return { judged: false, why: message };
        }
        let html = '';
        if (blocker) {
          html += `<p class="ex-note ex-warn" data-ex-context>${linkedLabel(blocker.id, blocker.label, escapeHtml(failedAboveSentence(blocker.label, blocker.lastError)))}</p>`;
        } else {
          const edited = notebook.editedAbove(cell);
          if (edited.length) html += `<p class="ex-note" data-ex-context>${escapeHtml(editedAboveSentence(edited.map((c) => c.label)))}</p>`;
        }
        const { result } = outcome;
        let checked: ReturnType<typeof checkOutcome>;
        let firstFailure: string | undefined;
        if (result.cellId === cell.id) {
          // The attempt itself stopped (a syntax error, a throw) before any check ran.
          const error = result.error ?? { name: 'Error', message: 'it stopped without saying why' };
          html += `<p class="ex-error">Your code stopped with ${escapeHtml(errorLine(error))}, so the checks could not run. Fix it and check again.</p>`;
          checked = { passed: false, results: [] };
          firstFailure = `the code stops with ${error.name}: ${error.message}`;
        } else {
          checked = checkOutcome(result);
          html += renderDisplay({ kind: 'checks', results: checked.results, ...(checked.error ? { stopped: true } : {}) });
          if (checked.error) html += `<p class="ex-error">${escapeHtml(checksErrorSentence(checked.error, cell.id))}</p>`;
          if (checked.passed) html += '<p class="ex-pass-note">Well done. Compare with the solution below if you like: there is often more than one way.</p>';
          firstFailure = checked.results.find((r) => !r.pass)?.label ?? (checked.error ? `${checked.error.name}: ${checked.error.message}` : undefined);
        }
        results.innerHTML = html;
        enableLazyOutputs(document); // what a failing check got opens in the inspector
        checkedCode = judged;
        markResults();
        // `judged` is what was checked, even if the reader typed on while the checks ran.
        show(recordExercise(chapter, id, checked.passed ? 'passed' : 'attempted', judged));
        // A pass at points the checks drew is tried once more at points drawn now (probe.ts): not
        // for the verdict, which stays, but so that the reader hears of a mistake the code's own
        // points missed before the teacher's review finds it. Points that caught this code are tried first.
        if (checked.passed && (result.drew ?? 0) > 0) {
          const seed = caughtAt.get(judged) ?? freshProbeSeed();
          const second = await notebook.runChecks(`ex-${id}-checks`, checks, cell, judged, seed);
          if (restarted()) return RESTARTED;
          if (second.kind === 'result') {
            const again = checkOutcome(second.result);
            const probe = probeOutcome(checked.results, again.results, again.error ? errorLine(again.error) : undefined);
            if (foundFailing(probe)) {
              caughtAt.set(judged, seed);
              results.querySelector('.ex-pass-note')?.remove(); // "Well done" would belie the note
              results.insertAdjacentHTML('beforeend', elsewhereNote(probe));
              enableLazyOutputs(document);
            }
          }
        }
        return { judged: true, passed: checked.passed, ...(firstFailure ? { firstFailure } : {}) };
      } finally {
        button.disabled = false;
      }
    };
    checkers.set(id, check);
    button.addEventListener('click', () => { void check(); });
  }
}

/** What a reader is told of a pass that fails at other points (probe.ts): which checks, and what they got there. */
function elsewhereNote(probe: ProbeOutcome): string {
  const n = probe.failed.length;
  const what = [
    ...(n ? [`your answer ${failsAtOtherPoints(probe.failed)}`] : []),
    ...(probe.message ? [`the checks did not finish (${escapeHtml(probe.message)})`] : []),
  ].join(', and ');
  return `<div class="ex-note ex-warn" data-ex-elsewhere><p><strong>⚑ Tried again at points drawn just now,</strong> ${what}. ` +
    'Your pass stands: the checks try the same code at the same points every time, here and in your teacher’s review. ' +
    'But a right answer passes at any points, so yours is likely wrong somewhere, and the review tries other points too: see what these checks got.</p>' +
    (n ? failedChecklist(probe.failed, 'just now') : '') + '</div>';
}

/** `html` (escaped text that begins with `label`) with that label made a link to the cell. */
function linkedLabel(cellId: string, label: string, html: string): string {
  const shown = escapeHtml(label);
  if (!html.startsWith(shown)) return html;
  return `<a href="#cell-${escapeHtml(cellId)}">${shown}</a>${html.slice(shown.length)}`;
}
