// <boundary-playground>: the browser half of BoundaryPlayground.astro. It trains on the main
// thread, as many full-batch steps per animation frame as fit in a few milliseconds: 200 points
// through at most four layers of 16 is well under a millisecond a step, so the page stays
// responsive without a worker.
// The setup is read from the query string on load and written back with history.replaceState
// on every change (never pushState: changing a slider should not fill the back button).

import {
  DEFAULT_SETUP, fieldSvg, heatmapRects, parseSetup, PlaygroundRun, queryHasSetup, setupToQuery, sparkPath,
  summary, type DatasetName, type HiddenActivation, type Setup,
} from './boundary-playground-model.ts';
import { formatCount, formatPercent, formatReading } from '../../src/lib/numbers.ts';
import { showPlaying } from './play-button.ts';

/** Train for about this long per frame (then draw), so fast machines train faster without janking slow ones. */
const FRAME_BUDGET_MS = 8;
const MAX_STEPS_PER_FRAME = 50;
const LIVE_EVERY_MS = 2500;

class BoundaryPlaygroundElement extends HTMLElement {
  private setup: Setup = { ...DEFAULT_SETUP };
  private run!: PlaygroundRun;
  private playing = false;
  private frame = 0;
  private lastLive = 0;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    this.querySelector<HTMLElement>('[data-buttons]')!.hidden = false;
    this.querySelector<HTMLFieldSetElement>('[data-controls]')!.disabled = false;

    if (queryHasSetup(location.search)) {
      this.setup = parseSetup(location.search);
      this.showSetup();
      this.restart(false);
    } else {
      this.run = new PlaygroundRun(this.setup);
    }

    this.querySelector('[data-play]')!.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.querySelector('[data-reset]')!.addEventListener('click', () => {
      this.pause();
      this.restart(true);
    });
    this.querySelector('[data-controls]')!.addEventListener('input', (event) => {
      const control = (event.target as HTMLElement).closest<HTMLInputElement | HTMLSelectElement>('[data-control]');
      if (control) this.readControl(control);
    });
  }

  disconnectedCallback(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }

  private control<T extends HTMLInputElement | HTMLSelectElement>(name: string): T {
    return this.querySelector<T>(`[data-control="${name}"]`)!;
  }

  /** Put the setup into the controls (after reading it from the URL). */
  private showSetup(): void {
    const s = this.setup;
    this.control('data').value = s.data;
    this.control('noise').value = String(s.noise);
    this.control('count').value = String(s.layers.length);
    if (s.layers.length) this.control('width').value = String(s.layers[0]);
    this.control('act').value = s.act;
    this.control('lr').value = String(s.lr);
    this.showOutputs();
  }

  private showOutputs(): void {
    const s = this.setup;
    this.querySelector('[data-out="noise"]')!.textContent = String(s.noise);
    this.querySelector('[data-out="count"]')!.textContent = String(s.layers.length);
    this.control('noise').setAttribute('aria-valuetext', `noise ${s.noise}`);
    this.control('count').setAttribute('aria-valuetext', `${s.layers.length} hidden layer${s.layers.length === 1 ? '' : 's'}`);
    this.control<HTMLSelectElement>('width').disabled = s.layers.length === 0;
    this.control<HTMLSelectElement>('act').disabled = s.layers.length === 0;
  }

  private readControl(control: HTMLInputElement | HTMLSelectElement): void {
    const value = control.value;
    const s = { ...this.setup, layers: [...this.setup.layers] };
    const width = Number(this.control('width').value);
    switch (control.dataset.control) {
      case 'data': s.data = value as DatasetName; break;
      case 'noise': s.noise = Math.round(Number(value) * 100) / 100; break;
      case 'count': s.layers = Array.from({ length: Number(value) }, (_, i) => s.layers[i] ?? width); break;
      case 'width': s.layers = s.layers.map(() => Number(value)); break;
      case 'act': s.act = value as HiddenActivation; break;
      case 'lr': s.lr = Number(value); break;
    }
    this.setup = s;
    this.showOutputs();
    this.restart(true);
  }

  /** A new run for the current setup; keeps playing if it was. */
  private restart(writeUrl: boolean): void {
    this.run = new PlaygroundRun(this.setup);
    this.querySelector('[data-field]')!.innerHTML = fieldSvg(this.run);
    const hasThird = this.run.data.Y.cols > 2;
    this.querySelector<HTMLElement>('[data-key2]')!.hidden = !hasThird;
    this.render(true);
    if (writeUrl) this.writeUrl();
  }

  private writeUrl(): void {
    try {
      const url = new URL(location.href);
      url.search = setupToQuery(this.setup);
      if (!url.hash) url.hash = this.id || 'playground';
      history.replaceState(history.state, '', url);
    } catch {
      // A sandboxed or file:// page may refuse; the playground works without the URL.
    }
  }

  private play(): void {
    if (this.playing || this.run.diverged) return;
    this.playing = true;
    this.setPlayButton();
    const tick = () => {
      if (!this.playing) return;
      const start = performance.now();
      let steps = 0;
      do {
        this.run.advance(2);
        steps += 2;
      } while (!this.run.diverged && steps < MAX_STEPS_PER_FRAME && performance.now() - start < FRAME_BUDGET_MS);
      if (this.run.diverged) {
        this.pause();
        return;
      }
      this.render(false);
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private pause(): void {
    const was = this.playing;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.setPlayButton();
    if (was) this.render(true);
  }

  private setPlayButton(): void {
    showPlaying(this.querySelector<HTMLButtonElement>('[data-play]')!, this.playing);
  }

  private render(announceNow: boolean): void {
    const s = this.run.snapshot();
    this.querySelector('[data-heat]')!.innerHTML = heatmapRects(this.run.grid());
    this.querySelector('[data-stat="step"]')!.textContent = formatCount(s.step);
    this.querySelector('[data-stat="loss"]')!.textContent = Number.isFinite(s.divergedLoss) ? formatReading(s.divergedLoss, { decimals: 3 }) : '∞';
    this.querySelector('[data-stat="accuracy"]')!.textContent = Number.isFinite(s.accuracy) ? formatPercent(s.accuracy) : '—';
    this.querySelector('[data-spark]')!.setAttribute('d', sparkPath(this.run.history));
    const text = summary(s);
    this.querySelector('[data-summary]')!.textContent = text;
    this.querySelector('[data-summary]')!.classList.toggle('bp-bad', s.diverged || s.worseThanStart);
    this.querySelector('svg.bp-map')!.setAttribute('aria-label', `Data points and the network's predicted class regions. ${text}`);
    const now = performance.now();
    if (announceNow || now - this.lastLive > LIVE_EVERY_MS) {
      this.lastLive = now;
      this.querySelector('[data-live]')!.textContent = text;
    }
  }
}

if (!customElements.get('boundary-playground')) customElements.define('boundary-playground', BoundaryPlaygroundElement);
