/**
 * Output that arrives after a cell's run ended: what a timer or promise the cell started printed
 * or threw. It goes under that cell's output, marked late, so it is never taken for the output
 * of whatever runs now.
 */
import { renderCellError, renderDisplay } from '../render.ts';
import { fitOutput } from './output-view.ts';
import { chartSanitizer, sanitizeChartsInSteps } from './lazy-modules.ts';
import type { LateOutput } from './kernel-client.ts';
import type { Cell } from './cell.ts';

/** Late items shown per cell; one more line says the rest is not shown (a timer may print forever). */
export const MAX_LATE = 200;

// Late items are shown in the order they came, each after the one before: a chart waits for the
// sanitiser (loaded beside the first run, so usually there already), and what came after it waits too.
let shown: Promise<void> = Promise.resolve();

/** Shows `late` under `cell`'s output, in a box marked late (made on the first late item). */
export function showLateOutput(cell: Cell, late: LateOutput): void {
  shown = shown
    .then(async () => {
      const sanitize = late.item ? await sanitizeChartsInSteps([late.item], await chartSanitizer()) : undefined;
      show(cell, late, sanitize);
    })
    // A bug of ours in one item must not hold back the ones after it.
    .catch((error: unknown) => console.error('notebook: late output not shown:', error));
}

function show(cell: Cell, late: LateOutput, sanitize: Parameters<typeof renderDisplay>[1]) {
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
  const html = late.error ? renderCellError(late.error) : late.item ? renderDisplay(late.item, sanitize) : '';
  box.insertAdjacentHTML(
    'beforeend',
    box.childElementCount === MAX_LATE ? '<p class="nb-placeholder">… more late output not shown</p>' : html,
  );
  fitOutput(output);
}
