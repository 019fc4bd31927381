// <neuron-sliders>: the browser half of NeuronSliders.astro. The numbers and the summary update
// on every slider move; the chart is redrawn with Observable Plot, which is loaded only when the
// reader first moves a slider (the server already drew the first state), so it costs nothing
// on page load.

import { activationNames, chartLabel, equationText, neuronChart, neuronState, num, summaryText, type NeuronState } from './neuron-sliders-model.ts';

type Plot = typeof import('@observablehq/plot');
let plotModule: Promise<Plot> | null = null;

class NeuronSlidersElement extends HTMLElement {
  private frame = 0;
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.addEventListener('input', (event) => {
      if ((event.target as HTMLElement).matches('input[type="range"], input[data-step]')) this.update();
    });
    // The step toggle needs the script, so it stays hidden until the script runs.
    this.querySelector<HTMLElement>('.ns-toggle')?.removeAttribute('hidden');
  }

  private read(name: 'x' | 'w' | 'b'): number {
    return Number(this.querySelector<HTMLInputElement>(`input[data-name="${name}"]`)!.value);
  }

  private update(): void {
    const step = this.querySelector<HTMLInputElement>('input[data-step]')?.checked ?? false;
    const state = neuronState({ x: this.read('x'), w: this.read('w'), b: this.read('b'), step });
    const labels = activationNames(state);
    this.querySelector('[data-label="a"]')!.textContent = labels.a;
    this.querySelector('[data-label="slope"]')!.textContent = labels.slope;
    for (const name of ['x', 'w', 'b'] as const) {
      this.querySelector(`output[data-name="${name}"]`)!.textContent = num(state[name], 1);
    }
    this.querySelector('[data-value="equation"]')!.textContent = equationText(state);
    this.querySelector('[data-value="a"]')!.textContent = num(state.a, 3);
    this.querySelector('[data-value="slope"]')!.textContent = num(state.slope, 3);
    this.querySelector('.ns-summary')!.textContent = summaryText(state);
    this.querySelector('.ns-chart')!.setAttribute('aria-label', chartLabel(state));
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => void this.draw(state));
  }

  private async draw(state: NeuronState): Promise<void> {
    plotModule ??= import('@observablehq/plot');
    const Plot = await plotModule;
    const chart = this.querySelector('.ns-chart')!;
    chart.replaceChildren(neuronChart(Plot, document, state));
  }
}

if (!customElements.get('neuron-sliders')) customElements.define('neuron-sliders', NeuronSlidersElement);
