// Behaviour for <autograd-graph> (AutogradGraph.astro): choose an expression, edit its inputs,
// and step through nn's backward pass over its graph. "Step backward" reveals one more step
// (graph, narration, list of steps), Reset goes back to the forward pass. The server's list
// shows every step of the first expression, so without JavaScript the backward pass reads as text.

import { idOf } from './instance-id.ts';
import { currentText, EXPRESSIONS, graphState, graphSvg, num, stepText, type GraphState } from './autograd-graph-model.ts';

class AutogradGraph extends HTMLElement {
  private k = 0;
  private state!: GraphState;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    this.state = graphState(this.dataset.expression ?? EXPRESSIONS[0].id);
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => { el.hidden = false; });
    const stepButton = this.querySelector<HTMLButtonElement>('[data-step]')!;
    stepButton.addEventListener('click', () => {
      this.k = this.k >= this.state.steps.length ? 0 : this.k + 1;
      this.render();
    });
    this.querySelector('[data-reset]')!.addEventListener('click', () => {
      this.k = 0;
      this.render();
      stepButton.focus();
    });
    this.querySelector<HTMLSelectElement>('[data-expression-select]')!.addEventListener('change', (event) => {
      this.state = graphState((event.target as HTMLSelectElement).value);
      this.k = 0;
      this.renderLeaves();
      this.render();
    });
    this.bindLeaves();
    this.render();
  }

  /** The inputs of the chosen expression, one number field each. */
  private renderLeaves(): void {
    const fieldset = this.querySelector('[data-leaves]')!;
    fieldset.querySelectorAll('.ag-leaf').forEach((el) => el.remove());
    const error = fieldset.querySelector('[data-error]')!;
    for (const leaf of this.state.expression.leaves) {
      const label = document.createElement('label');
      label.className = 'ag-leaf';
      label.append(leaf.label);
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', step: '0.1', inputMode: 'decimal', value: String(this.state.values[leaf.name]) });
      input.dataset.leaf = leaf.name;
      label.append(input);
      fieldset.insertBefore(label, error);
    }
    this.showError(null);
    this.bindLeaves();
  }

  private bindLeaves(): void {
    this.querySelectorAll<HTMLInputElement>('[data-leaf]').forEach((input) => {
      input.addEventListener('input', () => {
        const name = input.dataset.leaf!;
        const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
        const leaf = this.state.expression.leaves.find((l) => l.name === name)!;
        if (!Number.isFinite(value) || Math.abs(value) > 1e6) {
          // Keep the graph of the last good number; say what is wrong next to the field.
          input.setAttribute('aria-invalid', 'true');
          this.showError(`${leaf.label}: enter a number between −1,000,000 and 1,000,000; the graph still shows ${leaf.label} = ${num(this.state.values[name])}.`);
          return;
        }
        input.removeAttribute('aria-invalid');
        this.showError(null);
        this.state = graphState(this.state.expression.id, { ...this.state.values, [name]: value });
        this.k = Math.min(this.k, this.state.steps.length);
        this.render();
      });
    });
  }

  private showError(message: string | null): void {
    const error = this.querySelector<HTMLElement>('[data-error]')!;
    error.hidden = message === null;
    error.textContent = message ?? '';
  }

  private render(): void {
    this.querySelector('[data-graph]')!.innerHTML = graphSvg(this.state, this.k, idOf(this));
    this.querySelector('[data-now]')!.textContent = currentText(this.state, this.k);
    const log = this.querySelector('[data-log]')!;
    log.replaceChildren(...Array.from({ length: this.k }, (_, i) => {
      const li = document.createElement('li');
      li.textContent = stepText(this.state, i + 1);
      return li;
    }));
    const step = this.querySelector<HTMLButtonElement>('[data-step]')!;
    step.textContent = this.k >= this.state.steps.length ? 'Start again' : 'Step backward';
    this.querySelector<HTMLButtonElement>('[data-reset]')!.disabled = this.k === 0;
  }
}

if (!customElements.get('autograd-graph')) customElements.define('autograd-graph', AutogradGraph);
