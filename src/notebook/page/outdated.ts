// The one way the page says that what is shown (a cell's output, an exercise's check results)
// was made by code that is no longer on screen: a note, made on first need, placed before
// `shown` (or at the start of it), and a class on `owner` that marks what it covers (a dashed edge).

/**
 * Shows or hides the "of the previous code" note for `shown`. `where`: the note goes just
 * before `shown` ("before") or as its first child ("prepend"); `dataKey` is the data attribute
 * (camelCase) that finds the note again, as tests and styles do.
 */
export function markOutdated(owner: HTMLElement, shown: HTMLElement, outdated: boolean, options: { text: string; where: 'before' | 'prepend'; dataKey: string; ownerClass: string }): void {
  owner.classList.toggle(options.ownerClass, outdated);
  const scope = options.where === 'before' ? shown.parentElement ?? owner : shown;
  let note = scope.querySelector<HTMLElement>(`:scope > [data-${options.dataKey.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`);
  if (outdated && !note) {
    note = document.createElement('p');
    note.className = 'nb-outdated-note';
    note.dataset[options.dataKey] = '';
    note.textContent = options.text;
    if (options.where === 'before') shown.before(note);
    else shown.prepend(note);
  }
  // What it says may have changed since it was made (whose code the output is).
  if (note && outdated && note.textContent !== options.text) note.textContent = options.text;
  if (note) note.hidden = !outdated;
}
