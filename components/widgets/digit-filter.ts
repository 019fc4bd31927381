// <digit-filter>: the browser half of DigitFilter.astro. Changing the digit, the preset or any
// of the nine weights refilters the image with the same functions the server used; clicking an
// output pixel, or the arrow keys on the focused output, chooses which weighted sum is written out.

import {
  applyFilter, imageOf, inputSvg, kernelOf, outputSummary, outputSvg, sumText, CUSTOM_NOTE, PRESETS,
} from './digit-filter-model.ts';

class DigitFilterElement extends HTMLElement {
  private digits: number[][] = [];
  private row = 3;
  private col = 3;

  connectedCallback(): void {
    if (this.dataset.ready) return;
    this.dataset.ready = 'true';
    this.digits = JSON.parse(this.dataset.digits ?? '[]');
    this.row = Number(this.dataset.row ?? 3);
    this.col = Number(this.dataset.col ?? 3);
    this.select('[data-digit]').addEventListener('change', () => this.update());
    this.select('[data-preset]').addEventListener('change', () => this.applyPreset());
    this.querySelectorAll<HTMLInputElement>('input[data-k]').forEach((input) =>
      input.addEventListener('input', () => {
        this.select('[data-preset]').value = 'custom';
        this.update();
      }));
    const output = this.querySelector<HTMLElement>('[data-output]')!;
    output.addEventListener('click', (event) => this.pick(event, output));
    output.addEventListener('keydown', (event) => this.onKey(event));
  }

  private select(selector: string): HTMLSelectElement {
    return this.querySelector<HTMLSelectElement>(selector)!;
  }

  private inputs(): HTMLInputElement[] {
    return Array.from(this.querySelectorAll<HTMLInputElement>('input[data-k]'));
  }

  private applyPreset(): void {
    const preset = PRESETS.find((p) => p.id === this.select('[data-preset]').value);
    if (preset) this.inputs().forEach((input, k) => { input.value = String(preset.values[k]); });
    this.update();
  }

  private update(): void {
    const digit = Number(this.select('[data-digit]').value);
    // An empty or half-typed box ("-", "") counts as 0 until it holds a number.
    const weights = this.inputs().map((input) => {
      const v = Number.parseFloat(input.value);
      return Number.isFinite(v) ? v : 0;
    });
    const I = imageOf(this.digits[digit]);
    const K = kernelOf(weights);
    const O = applyFilter(I, K);
    const presetId = this.select('[data-preset]').value;
    this.querySelector('[data-input]')!.innerHTML = inputSvg(I, this.row, this.col, `Input: the handwritten ${digit}, 8×8 pixels`);
    this.querySelector('[data-output]')!.innerHTML = outputSvg(O, this.row, this.col, outputSummary(O));
    this.querySelector('[data-note]')!.textContent = PRESETS.find((p) => p.id === presetId)?.note ?? CUSTOM_NOTE;
    this.querySelector('[data-sum]')!.textContent = sumText(I, K, this.row, this.col);
    this.querySelector('[data-summary]')!.textContent = outputSummary(O);
  }

  /** A click on the output image chooses the pixel under the pointer. */
  private pick(event: MouseEvent, output: HTMLElement): void {
    const box = output.querySelector('svg')!.getBoundingClientRect();
    // The viewBox runs from −0.1 to 8.1 (a thin margin for the outline).
    const toCell = (offset: number, size: number) => Math.floor((offset / size) * 8.2 - 0.1);
    const c = toCell(event.clientX - box.left, box.width);
    const r = toCell(event.clientY - box.top, box.height);
    if (r < 0 || r > 7 || c < 0 || c > 7) return;
    this.row = r;
    this.col = c;
    this.update();
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (event.key === 'Home') { this.row = 0; this.col = 0; }
    else if (event.key === 'End') { this.row = 7; this.col = 7; }
    else if (move) {
      this.row = Math.min(7, Math.max(0, this.row + move[0]));
      this.col = Math.min(7, Math.max(0, this.col + move[1]));
    } else return;
    event.preventDefault();
    this.update();
  }
}

if (!customElements.get('digit-filter')) customElements.define('digit-filter', DigitFilterElement);
