// Behaviour for <gradient-descent-explorer> (GradientDescentExplorer.astro). The charts' axes,
// curves and contour lines come from the server; this element keeps the walk, takes steps with
// the model's step(), and redraws only the overlay and the text. Run animates, a few steps per
// frame as the walk gets longer, and stops by itself when the walk settles or diverges.

import { idOf } from './instance-id.ts';
import {
  isOver, etaFromLog, fmt, logFromEta, makeSurfaces, startWalk, step, steps, summary, type Surface, type Walk,
} from './gradient-descent-model.ts';
import { chartLabel, FRAME, overlaySvg, scales } from './gradient-descent-view.ts';

const MAX_RUN_STEPS = 1000;

class GradientDescentExplorer extends HTMLElement {
  private surfaces: Surface[] = [];
  private surface!: Surface;
  private walk!: Walk;
  private eta = 0.1;
  private start: number[] = [];
  private timer: number | null = null;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    this.surfaces = makeSurfaces();
    this.surface = this.surfaces.find((s) => s.id === this.dataset.surface) ?? this.surfaces[0];
    this.eta = this.surface.eta;
    this.start = this.surface.start.slice();
    this.walk = startWalk(this.surface, this.start);
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => { el.hidden = false; });
    this.q<HTMLElement>('[data-hint]').hidden = false;

    this.q<HTMLSelectElement>('[data-surface-select]').addEventListener('change', (e) => {
      this.choose((e.target as HTMLSelectElement).value);
    });
    const eta = this.q<HTMLInputElement>('[data-eta]');
    eta.addEventListener('input', () => {
      this.eta = etaFromLog(Number(eta.value));
      this.stop();
      this.render(true);
    });
    this.querySelectorAll<HTMLInputElement>('[data-start]').forEach((input) => {
      input.addEventListener('input', () => {
        this.start[Number(input.dataset.start)] = Number(input.value);
        this.reset();
      });
    });
    this.q('[data-step]').addEventListener('click', () => {
      this.stop();
      this.walk = step(this.surface, this.walk, this.eta);
      this.render(true);
    });
    this.q('[data-run]').addEventListener('click', () => (this.timer === null ? this.run() : this.stop()));
    this.q('[data-reset]').addEventListener('click', () => this.reset());
    this.querySelectorAll<HTMLElement>('[data-chart]').forEach((fig) => {
      fig.dataset.clickable = '';
      fig.addEventListener('click', (e) => this.pick(fig, e));
    });
    this.render(false);
  }

  private q<T extends Element = HTMLElement>(sel: string): T {
    return this.querySelector<T>(sel)!;
  }

  private choose(id: string): void {
    this.stop();
    this.surface = this.surfaces.find((s) => s.id === id) ?? this.surfaces[0];
    this.eta = this.surface.eta;
    this.start = this.surface.start.slice();
    this.q<HTMLInputElement>('[data-eta]').value = String(logFromEta(this.eta));
    this.querySelectorAll<HTMLElement>('[data-chart]').forEach((fig) => {
      fig.hidden = fig.dataset.chart !== id;
      if (fig.hidden) fig.querySelector('[data-overlay]')!.innerHTML = '';
    });
    this.q('[data-formula]').textContent = this.surface.formula;
    this.querySelectorAll<HTMLElement>('[data-start-field]').forEach((field) => {
      const i = Number(field.dataset.startField);
      field.hidden = i >= this.surface.dim;
      const input = field.querySelector('input')!;
      input.min = String(this.surface.domain[Math.min(i, this.surface.dim - 1)][0]);
      input.max = String(this.surface.domain[Math.min(i, this.surface.dim - 1)][1]);
      field.querySelector('label')!.textContent = this.surface.dim === 1 ? 'Start w' : `Start w${i === 0 ? '₁' : '₂'}`;
    });
    this.reset();
  }

  private reset(): void {
    this.stop();
    this.walk = startWalk(this.surface, this.start);
    this.render(true);
  }

  /** A click on the chart moves the start there (the second coordinate only with two weights). */
  private pick(fig: HTMLElement, e: MouseEvent): void {
    const svg = fig.querySelector('svg')!;
    const box = svg.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * FRAME.width;
    const py = ((e.clientY - box.top) / box.height) * FRAME.height;
    const s = scales(this.surface);
    const clampTo = (v: number, [lo, hi]: [number, number]) => Math.round(Math.max(lo, Math.min(hi, v)) * 10) / 10;
    this.start[0] = clampTo(s.xInv(px), this.surface.domain[0]);
    if (this.surface.dim === 2) this.start[1] = clampTo(s.yInv(py), this.surface.domain[1]);
    this.reset();
  }

  private run(): void {
    if (isOver(this.walk.status)) this.walk = startWalk(this.surface, this.start);
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.q('[data-run]').textContent = 'Pause';
    this.q('[data-summary]').setAttribute('aria-busy', 'true');
    const tick = () => {
      const done = this.walk.path.length - 1;
      const n = reduce ? MAX_RUN_STEPS : Math.max(1, Math.floor(done / 8));
      this.walk = steps(this.surface, this.walk, this.eta, Math.min(n, MAX_RUN_STEPS - done));
      const over = isOver(this.walk.status) || this.walk.path.length - 1 >= MAX_RUN_STEPS;
      if (over) this.stop();
      this.render(over);
    };
    this.timer = window.setInterval(tick, 90);
    tick();
  }

  private stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    this.q('[data-run]').textContent = 'Run';
    this.q('[data-summary]').removeAttribute('aria-busy');
  }

  private render(announce: boolean): void {
    const s = this.surface;
    const fig = this.q<HTMLElement>(`[data-chart="${s.id}"]`);
    fig.querySelector('[data-overlay]')!.innerHTML = overlaySvg(s, this.walk, `${idOf(this)}-clip-${s.id}`);
    fig.setAttribute('aria-label', chartLabel(s, this.walk));
    const etaInput = this.q<HTMLInputElement>('[data-eta]');
    etaInput.setAttribute('aria-valuetext', `η = ${fmt(this.eta)}`);
    this.q('[data-eta-out]').textContent = fmt(this.eta);
    this.querySelectorAll<HTMLInputElement>('[data-start]').forEach((input) => {
      const i = Number(input.dataset.start);
      if (i < s.dim) {
        input.value = String(this.start[i]);
        this.q(`[data-start-out="${i}"]`).textContent = fmt(this.start[i]);
      }
    });
    const stopped = isOver(this.walk.status);
    this.q<HTMLButtonElement>('[data-step]').disabled = stopped;
    const text = summary(s, this.walk, this.eta);
    const out = this.q('[data-summary]');
    if (announce || out.textContent !== text) out.textContent = text;
    out.classList.toggle('gd-bad', this.walk.status === 'diverged');
  }
}

if (!customElements.get('gradient-descent-explorer')) customElements.define('gradient-descent-explorer', GradientDescentExplorer);
