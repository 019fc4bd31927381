/**
 * When a run goes wrong in a way the reader can undo: what the page says, and the one click
 * that recovers.
 * - Near the time limit the reader is asked whether to keep waiting (honest long work) or stop
 *   (a loop that never ends): only they can tell.
 * - A run that passes the limit, or that the reader stops, restarts the code runner; every cell
 *   that had run is marked stale (schedule.lostOnRestart) and one click reruns them.
 * - The chapter's own code failing (after an edit elsewhere) offers a restart and a rerun of
 *   the cells down to it.
 */
import { escapeHtml } from '../../lib/html.ts';
import { andList } from '../../lib/plural.ts';
import { lostOnRestart, notRunState, pageOrder, throughOrder } from '../schedule.ts';
import type { Cell } from './cell.ts';
import type { Notebook } from './notebook.ts';

/** The stop's message when work a cell left after its run (a timer, a promise chain), not the cell running, kept the runner busy. */
export const TIMER_HANG =
  'Work this cell started that went on after its run (a timer or a promise chain) was still running at the time limit (is there a loop that never ends?), so the code runner was stopped and restarted.';

/**
 * The run nears the time limit. Honest work can take longer (a long training run), a loop
 * that never ends cannot finish: only the reader can tell, so they are asked, while the run
 * goes on and the page stays responsive. Unanswered, the limit stops the run as it always did:
 * a loop that allocates without end must not run on until it takes the tab down.
 */
export function askBeforeLimit(notebook: Notebook, cell: Cell, remaining: number, waitingFor?: string) {
  let left = Math.max(1, Math.round(remaining / 1000));
  const countdown = () => `It will be stopped in ${left} s unless you choose Keep waiting.`;
  const what =
    waitingFor === undefined
      ? 'This cell is taking a while. If it is doing long work (a long training run), let it finish; if it is stuck in a loop that never ends, stop it (that restarts the code runner). '
      : `This cell has not started: the code runner is still busy with work ${escapeHtml(waitingFor)} left running after its run (a timer or a promise chain that has not ended). If that work is long, let it finish; if it never ends, stop it (that restarts the code runner). `;
  cell.setNotice(
    `<p>${what}` +
      `<span data-limit-countdown>${countdown()}</span></p>` +
      '<p class="nb-notice-actions"><button type="button" class="nb-button" data-limit="wait">Keep waiting</button> ' +
      '<button type="button" class="nb-button nb-stop" data-limit="stop">Stop now</button></p>',
    'warn',
  );
  const timer = setInterval(() => {
    left -= 1;
    const label = cell.part('[data-limit-countdown]');
    if (!label || left <= 0) return clearInterval(timer); // answered, ended, or the limit stops it
    label.textContent = countdown();
  }, 1000);
  cell.part('[data-limit="wait"]')?.addEventListener('click', () => {
    clearInterval(timer);
    notebook.kernel.keepWaiting();
    cell.setNotice(null);
    cell.button('stop')?.focus();
  });
  cell.part('[data-limit="stop"]')?.addEventListener('click', () => {
    clearInterval(timer);
    notebook.kernel.stop();
  });
}

/**
 * The kernel was replaced: everything it knew is gone. Say so, and offer one-click recovery.
 * `stopped` is the cell whose run was ended (if one was running); `culprit`, when given, is
 * the cell whose leftover work (a timer, a promise chain) kept the runner busy, and it is that cell that shows the stop.
 */
export function afterRestart(notebook: Notebook, stopped: Cell | null, message: string, culprit?: Cell) {
  const blamed = culprit ?? stopped;
  const innocent = stopped && stopped !== blamed ? stopped : null;
  const cells = notebook.runnable;
  const lost = lostOnRestart(cells, blamed, innocent);
  const waited: Cell[] = [];
  for (const cell of cells) {
    if (cell.state !== 'queued' && cell.state !== 'running') continue;
    if (cell.state === 'queued' && cell !== blamed && cell !== innocent) waited.push(cell);
    cell.setState(notRunState(cell));
    if (blamed && cell !== blamed) cell.heldUpBy = blamed;
  }
  for (const cell of lost) cell.setState('stale', 'stale: kernel restarted');
  if (innocent && blamed) {
    innocent.setState(notRunState(innocent), 'not run');
    innocent.setNotice(
      `Not run: the code runner was stuck in work that <a href="#cell-${escapeHtml(blamed.id)}">${escapeHtml(blamed.label)}</a> started, so it was restarted. Run this cell again.`,
      'warn',
    );
    // The cells waiting behind it (the one the reader asked for, say) went back to "not run"
    // with no word of why (a red team's find). A request that goes on after the restart runs
    // them, and a run clears its cell's notice.
    for (const cell of waited) {
      cell.setNotice(
        `Not run: the code runner was restarted while this cell waited its turn (it was stuck in work that <a href="#cell-${escapeHtml(blamed.id)}">${escapeHtml(blamed.label)}</a> started). Run this cell again.`,
        'warn',
      );
    }
  }
  if (!blamed) return;
  blamed.setState('error', 'stopped');
  blamed.setOutput(`<div class="nb-error"><p class="nb-error-title">${escapeHtml(message)}</p></div>`);
  blamed.outputCode = blamed.code; // the stop is what that code came to
  const rerun = [...lost];
  // The output says why it stopped; the notice says what that cost and how to recover.
  const detail = rerun.length
    ? `The code runner was restarted, so the names defined by the ${rerun.length} ${rerun.length === 1 ? 'cell' : 'cells'} that had run are gone.` +
      ` <button type="button" class="nb-button" data-rerun>Rerun ${rerun.length === 1 ? 'it' : `those ${rerun.length} cells`}</button>`
    : 'The code runner was restarted; nothing else had run yet.';
  blamed.setNotice(detail, 'warn');
  blamed.part('[data-rerun]')?.addEventListener('click', () => {
    blamed.setNotice(null);
    void notebook.scheduler.runAll(pageOrder(rerun));
  });
}

/**
 * The chapter's own code failed, though it ran when the book was built: something run before
 * it (an edited cell, cells run out of order) changed what it uses. Offer the way back.
 */
export function offerRestart(notebook: Notebook, cell: Cell) {
  // The cells a restart runs again as the reader edited them: the restart alone cannot mend what
  // one of them broke (red team 35: a cell above that no longer defined `sigmoid`, and the offer
  // to restart ran it again, to fail the same way).
  const index = notebook.runnable.indexOf(cell);
  const edited = notebook.runnable.filter((c, i) => c !== cell && c.modified && (i < index || c.kind === 'setup'));
  const links = edited.map((c) => `<a href="#cell-${escapeHtml(c.id)}">${escapeHtml(c.label)}</a>`);
  const one = edited.length === 1;
  const yours =
    edited.length === 0
      ? ''
      : ` You edited ${andList(links)} above, and a restart runs ${one ? 'it' : 'them'} as you edited ${one ? 'it' : 'them'}: if ${one ? 'that edit' : 'an edit'} changed what this cell uses, fix it or press ${one ? 'its' : 'that cell’s'} Revert, then run this cell again.`;
  cell.setNotice(
    `<p>This is the chapter’s own code, and it ran without an error when the book was built, so something run before it has changed what it uses.${yours}</p>` +
      '<p class="nb-notice-actions"><button type="button" class="nb-button" data-restart-above>Restart and run the cells above again</button></p>',
    'warn',
  );
  cell.part('[data-restart-above]')?.addEventListener('click', async () => {
    await notebook.restart();
    await notebook.scheduler.runAll(throughOrder(notebook.runnable, cell));
  });
}
