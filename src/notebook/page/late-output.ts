/**
 * Output that arrives after a cell's run ended: what a timer or promise the cell started printed
 * or threw. It goes under that cell's output, marked late, so it is never taken for the output
 * of whatever runs now.
 */
import { renderCellError, renderDisplay } from '../render.ts';
import { fitOutput } from './output-view.ts';
import type { LateOutput } from './kernel-client.ts';
import type { Cell } from './cell.ts';

/** Late items shown per cell; one more line says the rest is not shown (a timer may print forever). */
export const MAX_LATE = 200;

/** Shows `late` under `cell`'s output, in a box marked late (made on the first late item). */
export function showLateOutput(cell: Cell, late: LateOutput) {
  const output = cell.part('[data-output]');
  if (!output) return;
  let box = cell.part('[data-late]');
  if (!box) {
    box = document.createElement('div');
    box.className = 'nb-late';
    box.dataset.late = '';
    box.innerHTML = '<p class="nb-late-label">After the run ended (from a timer or promise this cell started):</p>';
    output.querySelector('.nb-empty')?.remove();
    output.append(box);
  }
  if (box.childElementCount > MAX_LATE) return;
  const html = late.error ? renderCellError(late.error) : late.item ? renderDisplay(late.item) : '';
  box.insertAdjacentHTML(
    'beforeend',
    box.childElementCount === MAX_LATE ? '<p class="nb-placeholder">… more late output not shown</p>' : html,
  );
  fitOutput(output);
}
