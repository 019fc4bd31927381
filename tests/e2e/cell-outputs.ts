/**
 * Runs in the page (passed to page.evaluate by the Chromium and Firefox reruns of the book):
 * each runnable cell's id and the text of its output, with charts, buttons and notes about the
 * output taken out. A cell the build leaves without output (an exercise's starter) says
 * "(no output)" once run; both count as "".
 */
export function cellOutputs(): { id: string; text: string }[] {
  return [...document.querySelectorAll<HTMLElement>('[data-cell]:not([data-kind="display"])')].map((cell) => {
    const copy = cell.querySelector<HTMLElement>('[data-output]')?.cloneNode(true) as HTMLElement | undefined;
    copy?.querySelectorAll('svg, figure, canvas, [data-no-copy], [data-outdated-note], button').forEach((el) => el.remove());
    const text = (copy?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { id: cell.id, text: text === '(no output)' ? '' : text };
  });
}

/** Where a rerun's outputs differ from the printed ones: one line per cell, around the first difference. */
export function outputDifferences(printed: { id: string; text: string }[], rerun: { id: string; text: string }[]): string[] {
  return rerun.flatMap((cell) => {
    const before = printed.find((p) => p.id === cell.id)?.text ?? '';
    if (before === cell.text) return [];
    let at = 0;
    while (at < before.length && before[at] === cell.text[at]) at++;
    return [`${cell.id}: printed “…${before.slice(Math.max(0, at - 40), at + 60)}…”, rerun “…${cell.text.slice(Math.max(0, at - 40), at + 60)}…”`];
  });
}
