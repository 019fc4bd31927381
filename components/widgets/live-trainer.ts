// <live-trainer>: the browser half of LiveTrainer.astro. Play trains a batch of steps on every
// animation frame, on the main thread: one step of this network is a few hundred multiplications,
// so even 100 steps per frame leave the page responsive. The charts are redrawn with the same
// functions the server used. The visible status updates every frame; the screen-reader summary
// (aria-live) at most every two seconds while playing, and at once on pause, step or reset.

import {
  ARTICLE_STEPS, barsSvg, curveSvg, fmtStep, parseSeed, SPEEDS, statusText, stepsThisFrame, summary, TrainerRun,
} from './live-trainer-model.ts';
import { showPlaying } from './play-button.ts';

const LIVE_EVERY_MS = 2000;

class LiveTrainerElement extends HTMLElement {
  private run!: TrainerRun;
  private playing = false;
  private frame = 0;
  private lastLive = 0;
  private pausedAtArticle = false;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    this.dataset.ready = '';
    this.run = new TrainerRun(Number(this.dataset.seed ?? 1));
    const $ = <T extends Element>(sel: string) => this.querySelector<T>(sel)!;
    $<HTMLElement>('[data-controls]').hidden = false;

    $('[data-play]').addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    $('[data-step]').addEventListener('click', () => {
      this.pause(false);
      this.run.advance(1);
      this.render(true);
    });
    $('[data-reset]').addEventListener('click', () => this.reset());
    const speed = $<HTMLInputElement>('[data-speed]');
    speed.addEventListener('input', () => {
      const text = `${this.speed()} steps per frame`;
      $('[data-speed-out]').textContent = text;
      speed.setAttribute('aria-valuetext', text);
    });
    const seed = $<HTMLInputElement>('[data-seed-input]');
    seed.addEventListener('change', () => {
      const value = parseSeed(seed.value);
      if (value === null) {
        seed.setAttribute('aria-invalid', 'true');
        this.announce('The seed must be a whole number from 0 to 4294967295.');
        return;
      }
      seed.removeAttribute('aria-invalid');
      this.reset(value);
    });
  }

  disconnectedCallback(): void {
    cancelAnimationFrame(this.frame);
    this.playing = false;
  }

  private speed(): number {
    const i = Number(this.querySelector<HTMLInputElement>('[data-speed]')!.value);
    return SPEEDS[Math.min(Math.max(i, 0), SPEEDS.length - 1)];
  }

  private play(): void {
    if (this.playing) return;
    this.playing = true;
    this.pausedAtArticle = false;
    this.setPlayButton();
    this.announce(`Training from step ${fmtStep(this.run.step)}.`);
    const tick = () => {
      if (!this.playing) return;
      this.run.advance(stepsThisFrame(this.run.step, this.speed()));
      if (this.run.step === ARTICLE_STEPS) {
        this.pausedAtArticle = true;
        this.pause(false);
        this.render(true);
        return;
      }
      this.render(false);
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private pause(render = true): void {
    const was = this.playing;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.setPlayButton();
    if (was && render) this.render(true);
  }

  private reset(seed = this.run.seed): void {
    this.pause(false);
    this.pausedAtArticle = false;
    this.run = new TrainerRun(seed);
    this.dataset.seed = String(seed);
    this.render(true);
  }

  private setPlayButton(): void {
    showPlaying(this.querySelector<HTMLButtonElement>('[data-play]')!, this.playing);
  }

  private render(announceNow: boolean): void {
    const s = this.run.snapshot();
    this.querySelector('[data-curve]')!.innerHTML = curveSvg(s);
    this.querySelector('[data-bars]')!.innerHTML = barsSvg(s);
    this.querySelector('[data-status]')!.textContent =
      statusText(s) + (this.pausedAtArticle ? ` · paused at the tutorial’s ${fmtStep(ARTICLE_STEPS)} steps` : '');
    const text = summary(s);
    this.querySelector('[data-summary]')!.textContent = text;
    const now = performance.now();
    if (announceNow || now - this.lastLive > LIVE_EVERY_MS) {
      const note = this.pausedAtArticle ? ` Paused at step ${fmtStep(ARTICLE_STEPS)}, where the tutorial stops; press Play to go on.` : '';
      this.announce(text + note);
    }
  }

  private announce(text: string): void {
    this.lastLive = performance.now();
    this.querySelector('[data-live]')!.textContent = text;
  }
}

if (!customElements.get('live-trainer')) customElements.define('live-trainer', LiveTrainerElement);
