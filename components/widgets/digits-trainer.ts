// <digits-trainer>: the browser half of DigitsTrainer.astro (chapter 11). Train starts a Web
// Worker (created on the first press, then reused) that trains the network on the digits and
// reports after every epoch; Stop asks it to finish the current epoch and score what it has.
// The page only draws: it never trains, so it cannot freeze. The worker's code and the digits
// load on the first press of Train, not with the page.

import { idOf } from './instance-id.ts';
import { configText, confusionSummary, confusionTable, curvesSvg, missesHtml, progressText, resultText } from './digits-view.ts';
import type { EpochReport, TrainerConfig, TrainerResult } from './digits-model.ts';
import type { FromWorker, ToWorker } from './digits-trainer-worker.ts';

class DigitsTrainerElement extends HTMLElement {
  private worker: Worker | null = null;
  private running = false;
  private reports: EpochReport[] = [];
  private config: TrainerConfig | null = null;

  connectedCallback(): void {
    if (this.dataset.ready) return;
    this.dataset.ready = 'true';
    this.querySelector<HTMLElement>('.dt-nojs')?.setAttribute('hidden', '');
    this.button('train').addEventListener('click', () => this.start());
    this.button('stop').addEventListener('click', () => this.stop());
  }

  disconnectedCallback(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }

  private button(action: 'train' | 'stop'): HTMLButtonElement {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!;
  }

  private readConfig(): TrainerConfig {
    const value = (field: string) => Number(this.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${field}"]`)!.value);
    const seedInput = this.querySelector<HTMLInputElement>('[data-field="seed"]')!;
    let seed = Math.round(value('seed'));
    if (!Number.isFinite(seed) || seed < 1) seed = 1;
    if (seed > 999) seed = 999;
    seedInput.value = String(seed);
    return { hidden: value('hidden'), learningRate: value('learningRate'), epochs: value('epochs'), batchSize: Number(this.dataset.batchSize ?? 32), seed };
  }

  private send(message: ToWorker): void {
    this.worker!.postMessage(message);
  }

  private start(): void {
    if (this.running) return;
    this.config = this.readConfig();
    this.reports = [];
    if (!this.worker) {
      this.worker = new Worker(new URL('./digits-trainer-worker.ts', import.meta.url), { type: 'module', name: 'digits-trainer' });
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
      this.worker.onerror = (event) => this.fail(event.message || 'the training worker could not start');
    }
    this.setRunning(true);
    const progress = this.querySelector<HTMLProgressElement>('.dt-progress')!;
    progress.max = this.config.epochs;
    progress.value = 0;
    this.text('.dt-status', `Starting: ${configText(this.config)}…`);
    this.text('.dt-summary', `Training ${configText(this.config)}. Results appear when it ends.`);
    this.querySelector('.dt-results')!.classList.add('dt-stale');
    this.draw();
    this.send({ type: 'train', config: this.config });
  }

  private stop(): void {
    if (!this.running) return;
    this.send({ type: 'stop' });
    this.text('.dt-status', `${this.reports.length ? progressText(this.reports.at(-1)!) + ' · ' : ''}stopping after this epoch…`);
  }

  private receive(message: FromWorker): void {
    if (message.type === 'epoch') {
      this.reports.push(message.report);
      this.querySelector<HTMLProgressElement>('.dt-progress')!.value = message.report.epoch;
      this.text('.dt-status', progressText(message.report));
      this.draw();
    } else if (message.type === 'done') {
      this.show(message.result);
    } else {
      this.fail(message.message);
    }
  }

  private draw(): void {
    this.querySelector('.dt-charts')!.innerHTML = curvesSvg(this.reports, this.config?.epochs ?? 1, idOf(this));
  }

  private show(result: TrainerResult): void {
    this.setRunning(false);
    this.reports = result.reports;
    this.draw();
    if (result.reports.length) this.text('.dt-status', progressText(result.reports.at(-1)!));
    this.text('.dt-summary', resultText(result));
    this.querySelector('.dt-table-wrap')!.innerHTML = confusionTable(result.confusion, `Confusion matrix of the ${result.testCount} test digits after this run`);
    this.text('.dt-confusion-summary', confusionSummary(result.confusion));
    this.querySelector('.dt-misses-wrap')!.innerHTML = missesHtml(result.misclassified);
    this.querySelector('.dt-results')!.classList.remove('dt-stale');
  }

  private fail(message: string): void {
    this.setRunning(false);
    this.text('.dt-summary', `Training failed: ${message}`);
  }

  private setRunning(running: boolean): void {
    // Disabling the focused button would drop the keyboard focus on the page's body: hand it to
    // the button that can act next (Stop while training, Train afterwards) first.
    const focused = document.activeElement;
    const next = this.button(running ? 'stop' : 'train');
    this.running = running;
    next.disabled = false;
    if (focused === this.button(running ? 'train' : 'stop')) next.focus();
    this.button(running ? 'train' : 'stop').disabled = true;
    this.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-field]').forEach((el) => { el.disabled = running; });
    this.querySelector('.dt-results')!.setAttribute('aria-busy', String(running));
  }

  private text(selector: string, value: string): void {
    this.querySelector(selector)!.textContent = value;
  }
}

if (!customElements.get('digits-trainer')) customElements.define('digits-trainer', DigitsTrainerElement);
