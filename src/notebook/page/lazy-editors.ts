/**
 * When each cell's editor loads. Editors load for cells near the viewport, but only once the
 * reader has done something (scrolled, pointed, touched, pressed a key): a page that is only
 * read never pays for CodeMirror, and by the time a reader reaches a cell its editor is ready.
 * Focusing or clicking a cell loads its editor at once (Notebook's wiring calls Cell.loadEditor);
 * a cell whose code would cost the page long to lay out (Cell.costly) loads it only then.
 */
import type { Cell } from './cell.ts';

/** Loads the editors of `cells` as they come near the viewport, from the reader's first action on. */
export function observeForEditors(cells: () => readonly Cell[]) {
  if (!('IntersectionObserver' in window)) return;
  const events = ['scroll', 'pointermove', 'pointerdown', 'touchstart', 'keydown'] as const;
  const begin = () => {
    for (const type of events) window.removeEventListener(type, begin, true);
    observeNearViewport(cells);
  };
  for (const type of events) window.addEventListener(type, begin, { capture: true, passive: true });
}

function observeNearViewport(cells: () => readonly Cell[]) {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        const cell = cells().find((c) => c.el === entry.target);
        // Code too costly to lay out whole (a link's, a draft's: Cell.costly) waits for a click:
        // the editor lays out a line whole, and one of 100,000 characters of Hebrew alternating
        // with digits held the page 3.6 s at each visit.
        if (cell && !cell.costly) void cell.loadEditor(); // it never rejects: a failure is a notice
      }
    },
    { rootMargin: '400px 0px' },
  );
  for (const cell of cells()) if (cell.runnable) observer.observe(cell.el);
}
