/**
 * Exercises on a page: "Check my answer" runs the reader's attempt (and what it needs), then the
 * exercise's checks in the same kernel, and shows each check with what it got and what it
 * expected. Status is saved locally, and a pass with the fingerprint of the code that passed, so
 * a hand-in claims "passed" only for that code. The solution is a <details> beside the attempt.
 */
import { checkOutcome } from '../exercise.ts';
import { pageNotebook } from './page-notebook.ts';
import { escapeHtml, renderDisplay } from '../render.ts';
import { exerciseKey, exerciseStatus, recordExercise, STATUS_LABEL, type ExerciseStatus } from './progress.ts';
import { valueKey } from './storage.ts';

let started = false;

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
    show(exerciseStatus(chapter, id));
    el.addEventListener('nb-edit', () => show(recordExercise(chapter, id, 'attempted')));

    button.addEventListener('click', async () => {
      button.disabled = true;
      results.innerHTML = '<p class="nb-placeholder">Checking…</p>';
      try {
        await notebook.run(cell);
        if (cell.state !== 'ran') {
          results.innerHTML = cell.state === 'error'
            ? '<p class="ex-error">Your code stopped with an error (shown above), so the checks could not run. Fix it and check again.</p>'
            : '<p class="ex-error">Your code did not run, so the checks could not run. See the message above.</p>';
          show(recordExercise(chapter, id, 'attempted'));
          return;
        }
        const outcome = await notebook.runChecks(`ex-${id}-checks`, checks, cell.id);
        if (outcome.kind === 'stopped') {
          notebook.afterRestart(cell, `The checks were stopped: ${outcome.message}`);
          results.innerHTML = `<p class="ex-error">${escapeHtml(outcome.message)}</p>`;
          show(recordExercise(chapter, id, 'attempted'));
          return;
        }
        const checked = checkOutcome(outcome.result);
        let html = renderDisplay({ kind: 'checks', results: checked.results });
        if (checked.error) {
          html += `<p class="ex-error">While checking, your code raised ${escapeHtml(checked.error.name)}: ${escapeHtml(checked.error.message)}</p>`;
        }
        if (checked.passed) html += '<p class="ex-pass-note">Well done. Compare with the solution below if you like: there is often more than one way.</p>';
        results.innerHTML = html;
        // ranCode is what was checked, even if the reader typed on while the checks ran.
        show(recordExercise(chapter, id, checked.passed ? 'passed' : 'attempted', cell.ranCode ?? cell.code));
      } finally {
        button.disabled = false;
      }
    });
  }
}
