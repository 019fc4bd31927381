// <architecture-explorer>: the browser half of ArchitectureExplorer.astro. The +/− buttons
// rebuild the network with src/nn and redraw it with the same code the server used; hovering a
// connection, or focusing it (one tab stop, then the arrow keys), shows its weight.

import { idOf } from './instance-id.ts';
import {
  buildNetwork, clampField, countText, edgeText, renderDiagram, EDGE_PROMPT, LIMITS,
  type Architecture, type SizeField,
} from './architecture-explorer-model.ts';
import type { Network } from '../../src/nn/network.ts';

const FIELDS = Object.keys(LIMITS) as SizeField[];

class ArchitectureExplorerElement extends HTMLElement {
  private net: Network | null = null;
  private arch: Architecture | null = null;

  connectedCallback(): void {
    if (this.arch) return;
    this.arch = this.readArchitecture();
    this.net = buildNetwork(this.arch);
    this.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-field]');
      if (!button || !this.arch) return;
      const field = button.dataset.field as SizeField;
      this.arch[field] = clampField(field, this.arch[field] + Number(button.dataset.step));
      this.rebuild();
    });
    this.addEventListener('change', (event) => {
      if ((event.target as HTMLElement).matches('input[data-field="biases"]') && this.arch) {
        this.arch.biases = (event.target as HTMLInputElement).checked;
        this.rebuild();
      }
    });
    const diagram = this.querySelector<HTMLElement>('.ae-diagram')!;
    diagram.addEventListener('mouseover', (event) => this.show(this.edgeOf(event.target) ?? this.focusedEdge()));
    diagram.addEventListener('mouseleave', () => this.show(this.focusedEdge()));
    diagram.addEventListener('focusin', (event) => this.show(this.edgeOf(event.target)));
    diagram.addEventListener('focusout', (event) => {
      if (!diagram.contains(event.relatedTarget as Node | null)) this.show(null);
    });
    diagram.addEventListener('keydown', (event) => this.onKey(event));
  }

  private readArchitecture(): Architecture {
    const arch = {} as Architecture;
    for (const field of FIELDS) arch[field] = Number(this.querySelector(`output[data-field="${field}"]`)!.textContent);
    arch.biases = this.querySelector<HTMLInputElement>('input[data-field="biases"]')!.checked;
    return arch;
  }

  private rebuild(): void {
    const arch = this.arch!;
    this.net = buildNetwork(arch);
    for (const field of FIELDS) {
      this.querySelector(`output[data-field="${field}"]`)!.textContent = String(arch[field]);
      this.querySelector<HTMLButtonElement>(`button[data-field="${field}"][data-step="-1"]`)!.disabled = arch[field] <= LIMITS[field].min;
      this.querySelector<HTMLButtonElement>(`button[data-field="${field}"][data-step="1"]`)!.disabled = arch[field] >= LIMITS[field].max;
    }
    this.querySelector('.ae-diagram')!.innerHTML = renderDiagram(this.net, idOf(this));
    this.querySelector('.ae-count')!.textContent = countText(this.net);
    this.show(null);
  }

  private edgeOf(target: EventTarget | null): HTMLElement | null {
    return target instanceof Element ? target.closest<HTMLElement>('.ae-edge') : null;
  }

  private focusedEdge(): HTMLElement | null {
    return this.edgeOf(document.activeElement);
  }

  private show(edge: HTMLElement | null): void {
    this.querySelectorAll('.ae-active').forEach((el) => el.classList.remove('ae-active'));
    const readout = this.querySelector('.ae-readout')!;
    if (!edge || !this.net) {
      this.querySelector('.ae-highlight')?.setAttribute('visibility', 'hidden');
      readout.textContent = EDGE_PROMPT;
      return;
    }
    edge.classList.add('ae-active');
    // Redraw the chosen connection on top of the others, so it is never hidden under them.
    const line = edge.querySelector('.ae-line')!;
    const highlight = this.querySelector('.ae-highlight')!;
    for (const attr of ['x1', 'y1', 'x2', 'y2']) highlight.setAttribute(attr, line.getAttribute(attr)!);
    highlight.removeAttribute('visibility');
    readout.textContent = edgeText(this.net, Number(edge.dataset.l), Number(edge.dataset.i), Number(edge.dataset.j));
  }

  /** Arrow keys move between connections, in the order they were drawn; Home and End jump. */
  private onKey(event: KeyboardEvent): void {
    const edges = Array.from(this.querySelectorAll<HTMLElement>('.ae-edge'));
    const current = this.edgeOf(event.target);
    if (!current) return;
    const k = edges.indexOf(current);
    const next = { ArrowRight: k + 1, ArrowDown: k + 1, ArrowLeft: k - 1, ArrowUp: k - 1, Home: 0, End: edges.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = edges[(next + edges.length) % edges.length];
    current.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  }
}

if (!customElements.get('architecture-explorer')) customElements.define('architecture-explorer', ArchitectureExplorerElement);
