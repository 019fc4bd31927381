// <shape-explorer>: the browser half of ShapeExplorer.astro. The server rendered the first
// state; this element re-renders the tables with the same code when the reader changes a shape,
// and explains an entry of the product when it is hovered or focused.

import {
  clampSize, entryText, renderShapeExplorerTables, shapeExplorerState, statusText, ENTRY_PROMPT,
  type ShapeExplorerState, type Shapes,
} from './shape-explorer-model.ts';

const FIELDS = ['aRows', 'aCols', 'bRows', 'bCols'] as const;

class ShapeExplorerElement extends HTMLElement {
  private state: ShapeExplorerState | null = null;

  connectedCallback(): void {
    if (this.state) return;
    this.state = shapeExplorerState(this.readShapes());
    this.addEventListener('input', (event) => {
      if ((event.target as HTMLElement).matches('input[data-field]')) this.update();
    });
    this.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.matches('input[data-field]')) input.value = String(clampSize(input.value, 1));
    });
    this.querySelector('[data-action="fit"]')?.addEventListener('click', () => {
      this.input('bRows').value = this.input('aCols').value;
      this.update();
    });
    const show = (event: Event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.se-entry');
      if (cell) this.highlight(Number(cell.dataset.i), Number(cell.dataset.j));
    };
    const hide = (event: Event) => {
      if ((event.target as HTMLElement).closest('.se-entry')) this.highlight(-1, -1);
    };
    this.addEventListener('mouseover', show);
    this.addEventListener('focusin', show);
    this.addEventListener('mouseout', hide);
    this.addEventListener('focusout', hide);
  }

  private input(field: (typeof FIELDS)[number]): HTMLInputElement {
    return this.querySelector<HTMLInputElement>(`input[data-field="${field}"]`)!;
  }

  private readShapes(): Shapes {
    const shapes = {} as Shapes;
    for (const field of FIELDS) shapes[field] = clampSize(this.input(field).value, 1);
    return shapes;
  }

  private update(): void {
    this.state = shapeExplorerState(this.readShapes());
    this.querySelector('.se-tables')!.innerHTML = renderShapeExplorerTables(this.state);
    const status = this.querySelector<HTMLElement>('.se-status')!;
    status.textContent = statusText(this.state);
    status.classList.toggle('se-ok', this.state.C !== null);
    status.classList.toggle('se-bad', this.state.C === null);
    this.querySelector('.se-explain')!.textContent = this.state.C ? ENTRY_PROMPT : '';
  }

  /** Marks row i of A, column j of B and entry (i, j) of the product; (-1, -1) clears. */
  private highlight(i: number, j: number): void {
    this.querySelectorAll('.se-hl').forEach((el) => el.classList.remove('se-hl'));
    const explain = this.querySelector('.se-explain')!;
    if (i < 0 || !this.state?.C) {
      explain.textContent = this.state?.C ? ENTRY_PROMPT : '';
      return;
    }
    this.querySelectorAll(`.se-a td[data-i="${i}"], .se-b td[data-j="${j}"]`).forEach((el) => el.classList.add('se-hl'));
    this.querySelector(`.se-entry[data-i="${i}"][data-j="${j}"]`)?.closest('td')?.classList.add('se-hl');
    explain.textContent = entryText(this.state, i, j);
  }
}

if (!customElements.get('shape-explorer')) customElements.define('shape-explorer', ShapeExplorerElement);
