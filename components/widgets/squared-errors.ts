// Behaviour for <squared-errors> (SquaredErrors.astro): each slider moves one prediction, and
// the squares, the table, the totals and the summary are redrawn with the same functions the
// server used. The comparison chart follows the chosen sample and the |e| toggle.

import { idOf } from './instance-id.ts';
import { compareSvg, compareText, fmt, lossState, squaresSvg, summary, tableRows } from './squared-errors-model.ts';

class SquaredErrors extends HTMLElement {
  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    const initial: number[] = JSON.parse(this.dataset.initial ?? '[0.5,0.5,0.5,0.5]');
    // The exact predictions until a slider moves (a range input would round them to its step).
    const predictions = initial.slice();
    const $ = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    const sliders = [...this.querySelectorAll<HTMLInputElement>('input[type="range"]')];
    const reset = $<HTMLButtonElement>('[data-reset]');
    const abs = $<HTMLInputElement>('[data-abs]');
    const compareSample = $<HTMLSelectElement>('[data-compare-sample]');
    reset.hidden = false;
    $<HTMLElement>('[data-compare-controls]').hidden = false;

    const render = () => {
      const s = lossState(predictions);
      $('[data-squares]').innerHTML = squaresSvg(s, idOf(this));
      $('[data-rows]').innerHTML = tableRows(s);
      $('[data-sse]').textContent = fmt(s.sumOfSquares);
      $('[data-mse]').textContent = fmt(s.meanSquaredError);
      $('[data-summary]').textContent = summary(s);
      sliders.forEach((input, i) => {
        this.querySelector(`[data-out="${i}"]`)!.textContent = fmt(predictions[i]);
        input.setAttribute('aria-valuetext', fmt(predictions[i]));
      });
      const k = Number(compareSample.value);
      $('[data-compare]').innerHTML = compareSvg(s.errors[k - 1], k, abs.checked, idOf(this));
      $('[data-compare-text]').textContent = compareText(s.errors[k - 1], k, abs.checked);
    };

    sliders.forEach((input) => {
      input.addEventListener('input', () => {
        predictions[Number(input.dataset.index)] = Number(input.value);
        render();
      });
    });
    reset.addEventListener('click', () => {
      initial.forEach((p, i) => { predictions[i] = p; sliders[i].value = String(p); });
      render();
    });
    abs.addEventListener('change', render);
    compareSample.addEventListener('change', render);
  }
}

if (!customElements.get('squared-errors')) customElements.define('squared-errors', SquaredErrors);
