// Putting a cell's output on the page: the HTML from render.ts, in a box of bounded height
// (src/styles/notebook.css) that opens at its end, and the inspector's closed levels, which
// render.ts leaves unbuilt when big, built when the reader opens them.

import { renderLazyNode } from '../render.ts';

/** Shows `html` (from render.ts) in an output box, scrolled to its end when it is taller than the box. */
export function showOutput(box: HTMLElement, html: string): void {
  box.innerHTML = html;
  enableLazyOutputs(box.ownerDocument);
  // Measuring the box forces a layout. In the next frame that is the layout the frame does
  // anyway, and the page can answer input between building the output and laying it out.
  requestAnimationFrame(() => fitOutput(box));
}

/**
 * A box taller than its limit scrolls, and takes keyboard focus so it can be scrolled without a
 * mouse. A fresh output opens at its last item (`toEnd`): after a long log, that is the end,
 * where the last lines and the cell's value are; a value taller than the box shows its start.
 * The build's outputs, read like the prose around them, open at their start.
 */
export function fitOutput(box: HTMLElement, toEnd = true): void {
  if (box.scrollHeight > box.clientHeight + 1) {
    box.tabIndex = 0;
    const last = box.lastElementChild;
    if (toEnd && last) {
      // Scrolling past the end is clamped, so a short last item leaves the box at its end.
      const top = last.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTop = top - 8;
    }
  } else {
    box.removeAttribute('tabindex');
  }
}

/** The build's outputs of a page's cells (not a widget's own [data-output]): the same keyboard access, and the same lazy levels. */
export function fitPageOutputs(doc: Document = document): void {
  enableLazyOutputs(doc);
  for (const box of doc.querySelectorAll<HTMLElement>('[data-cell] [data-output]')) fitOutput(box, false);
}

const enabled = new WeakSet<Document>();

/**
 * Builds a closed inspector level (a <details data-nb-node>, see render.ts) when it is opened.
 * One listener per document, for outputs written by the build and by the page alike.
 */
export function enableLazyOutputs(doc: Document = document): void {
  if (enabled.has(doc)) return;
  enabled.add(doc);
  // `toggle` does not bubble, so it is caught on its way down.
  doc.addEventListener('toggle', (event) => {
    const details = event.target as HTMLElement | null;
    if (details?.tagName !== 'DETAILS' || !(details as HTMLDetailsElement).open) return;
    const data = details.getAttribute('data-nb-node');
    if (data === null) return;
    details.removeAttribute('data-nb-node');
    details.insertAdjacentHTML('beforeend', renderLazyNode(data));
  }, true);
}
