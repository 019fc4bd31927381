// Fills every [data-progress] element with the reader's progress, and keeps it current as
// exercises on the page change status. Small on purpose: it runs on every page.
import { exerciseStatus } from './progress.ts';
import { countOf } from '../../lib/plural.ts';
import { formatCount } from '../../lib/numbers.ts';

function refresh() {
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress]')) {
    const chapter = el.dataset.chapter!;
    const ids = (el.dataset.exercises ?? '').split(' ').filter(Boolean);
    const passed = ids.filter((id) => exerciseStatus(chapter, id) === 'passed').length;
    const compact = el.classList.contains('compact');
    const words = ids.length === 0 ? 'no exercises' : `${formatCount(passed)} of ${countOf(ids.length, 'exercise')} passed`;
    el.querySelector('[data-progress-text]')!.textContent = compact ? `${passed}/${ids.length}` : words;
    el.setAttribute('aria-label', words);
    el.querySelector<HTMLElement>('[data-progress-fill]')!.style.width = `${ids.length ? (100 * passed) / ids.length : 0}%`;
    el.classList.toggle('done', ids.length > 0 && passed === ids.length);
  }
}

export function startProgressDisplay() {
  refresh();
  document.addEventListener('nb-exercise-status', refresh);
  window.addEventListener('storage', refresh); // another tab passed an exercise
}
