// Behaviour for <backprop-graph> (BackpropGraph.astro): "Step backward" reveals one more step of
// the backward pass (graph, narration and the list of steps), Reset goes back to the forward
// pass, and the sliders recompute forward and backward with nn. The server's list shows every
// step, so without JavaScript the whole backward pass can be read as text.

import { idOf } from './instance-id.ts';
import { currentText, graphState, graphSvg, num, stepText, STEP_COUNT, type GraphInputs, type GraphState } from './backprop-graph-model.ts';

class BackpropGraph extends HTMLElement {
  private k = 0;
  private state!: GraphState;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    const inputs: GraphInputs = JSON.parse(this.dataset.start ?? '{"x":1,"y":1,"w1":0.5,"w2":-1}');
    this.state = graphState(inputs);
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => { el.hidden = false; });
    const stepButton = this.querySelector<HTMLButtonElement>('[data-step]')!;
    stepButton.addEventListener('click', () => {
      this.k = this.k >= STEP_COUNT ? 0 : this.k + 1;
      this.render();
    });
    this.querySelector('[data-reset]')!.addEventListener('click', () => {
      this.k = 0;
      this.render();
      stepButton.focus();
    });
    this.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-input]').forEach((input) => {
      input.addEventListener('input', () => {
        const name = input.dataset.input as keyof GraphInputs;
        this.state = graphState({ ...this.state.inputs, [name]: Number(input.value) });
        const out = this.querySelector(`[data-out="${name}"]`);
        if (out) out.textContent = num(Number(input.value));
        this.render();
      });
    });
    this.render();
  }

  private render(): void {
    this.querySelector('[data-graph]')!.innerHTML = graphSvg(this.state, this.k, idOf(this));
    this.querySelector('[data-now]')!.textContent = currentText(this.state, this.k);
    const log = this.querySelector('[data-log]')!;
    log.innerHTML = Array.from({ length: this.k }, (_, i) => `<li>${stepText(this.state, i)}</li>`).join('');
    const step = this.querySelector<HTMLButtonElement>('[data-step]')!;
    step.textContent = this.k >= STEP_COUNT ? 'Start again' : 'Step backward';
    this.querySelector<HTMLButtonElement>('[data-reset]')!.disabled = this.k === 0;
  }
}

if (!customElements.get('backprop-graph')) customElements.define('backprop-graph', BackpropGraph);
