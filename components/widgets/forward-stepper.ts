// Behaviour for <forward-stepper> (ForwardStepper.astro): Previous/Next step buttons, which
// sample's row to follow, and a seed that draws new starting weights. The markup comes from the
// server; this element only swaps which step is current and redraws the steps with the same
// renderSteps the server used.

import { computeStepperData, renderSteps, STEP_COUNT, STEP_TITLES, type StepperData } from './forward-stepper-model.ts';

class ForwardStepper extends HTMLElement {
  private step = 0;
  private sample = 1;
  private data: StepperData | null = null;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.sample = Number(this.dataset.sample ?? 1);
    const $ = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    const prev = $<HTMLButtonElement>('[data-prev]');
    const next = $<HTMLButtonElement>('[data-next]');
    const select = $<HTMLSelectElement>('[data-sample-select]');
    const seedInput = $<HTMLInputElement>('[data-seed-input]');
    $<HTMLElement>('[data-controls]').hidden = false;
    this.dataset.ready = '';

    prev.addEventListener('click', () => this.go(this.step - 1, prev, next));
    next.addEventListener('click', () => this.go(this.step + 1, next, prev));
    select.addEventListener('change', () => {
      this.sample = Number(select.value);
      this.redraw();
      this.announce();
    });
    const draw = () => {
      const seed = Math.floor(Number(seedInput.value));
      if (!Number.isFinite(seed) || seed < 0) {
        seedInput.value = String(this.data?.seed ?? this.dataset.seed ?? 1);
        return;
      }
      seedInput.value = String(seed);
      this.data = computeStepperData(seed);
      this.redraw();
      this.announce(`New weights from seed ${seed}. `);
    };
    $<HTMLButtonElement>('[data-draw]').addEventListener('click', draw);
    seedInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); draw(); } });
    this.update(prev, next);
  }

  /** Move to step k; if the pressed button becomes disabled (first/last step), keep focus in the widget. */
  private go(k: number, pressed: HTMLButtonElement, other: HTMLButtonElement): void {
    this.step = Math.max(0, Math.min(STEP_COUNT - 1, k));
    this.update(this.querySelector('[data-prev]')!, this.querySelector('[data-next]')!);
    if (pressed.disabled) other.focus();
    this.announce();
  }

  private update(prev: HTMLButtonElement, next: HTMLButtonElement): void {
    prev.disabled = this.step === 0;
    next.disabled = this.step === STEP_COUNT - 1;
    this.querySelectorAll<HTMLElement>('.fs-step').forEach((el) => {
      el.toggleAttribute('data-current', Number(el.dataset.step) === this.step);
    });
  }

  private redraw(): void {
    this.data ??= computeStepperData(Number(this.dataset.seed ?? 1));
    this.querySelector('[data-stage]')!.innerHTML = renderSteps(this.data, this.step, this.sample);
  }

  private announce(prefix = ''): void {
    const current = this.querySelector(`.fs-step[data-step="${this.step}"] .fs-text`);
    this.querySelector('[data-live]')!.textContent =
      `${prefix}Step ${this.step + 1} of ${STEP_COUNT}: ${STEP_TITLES[this.step]}. ${current?.textContent ?? ''}`;
  }
}

if (!customElements.get('forward-stepper')) customElements.define('forward-stepper', ForwardStepper);
