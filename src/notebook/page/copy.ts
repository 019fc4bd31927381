/**
 * Copying from the book gives what the reader meant to copy.
 * - A selection that reaches into a code cell copies the cell's code, as far as the selection
 *   covers it, and none of the cell's toolbar, line numbers, notices or output. The code comes
 *   from the cell itself, so it is whole even where the editor has not drawn every line.
 * - KaTeX puts each formula in the page twice (MathML for screen readers, HTML to look at); a
 *   copy holds it once: as its TeX between $…$ ($$…$$ for a display) in the plain text, and as
 *   MathML in the HTML. This is what KaTeX's copy-tex extension does; we do not load copy-tex
 *   itself because its handler flattens the selection to textContent (one run-on line for two
 *   paragraphs, a cell's toolbar included) and its TeX helper is not exported.
 * - The page's interface is not text: buttons and other controls with their labels, statuses
 *   and results (role="status", an exercise's check results and badge), a toggle that only
 *   says "Show …" (hints, solutions), what is folded away in a closed <details>, text
 *   only a screen reader gets (.visually-hidden), charts' drawn text (svg, canvas), and what
 *   is marked data-no-copy. An exercise copies as its title, its prompt and the reader's code,
 *   and an open hint, solution or list of checks as what it shows; a widget as its prose.
 * - Each cell's Copy button copies its code as it is now, and says so.
 * A selection with none of these, or one wholly inside one of them (a check's message, a
 * label), is left to the browser: that is what the reader chose to copy.
 */
import type { EditorView } from '@codemirror/view';

/** What the copy handler needs of a cell (cell.ts's Cell is one). */
export interface Copyable {
  el: HTMLElement;
  /** The code as the reader sees it now. */
  code: string;
  editor: { view: EditorView; focus(): void } | null;
}

const registry = new WeakMap<Element, Copyable>();

/** Lets the copy handler take this cell's code from the cell rather than from its markup. */
export function registerCopyable(cell: Copyable) {
  registry.set(cell.el, cell);
}

/** A cell element the notebook did not register (a code sample on a page without one): its code is its source. */
function copyableOf(el: HTMLElement): Copyable {
  return registry.get(el) ?? { el, code: el.dataset.source ?? el.querySelector('[data-code]')?.textContent ?? '', editor: null };
}

let started = false;

/** Installs the page's copy handler (once, however often it is called). */
export function startCopying() {
  if (started) return;
  started = true;
  document.addEventListener('copy', onCopy);
}

const elementOf = (node: Node): Element | null => (node instanceof Element ? node : node.parentElement);

/** The page's interface, which a selection across it does not copy (see the head of this file); <details> is handled apart. */
const CHROME = [
  '[data-no-copy]',
  'button',
  'input',
  'select',
  'textarea',
  'label',
  'output',
  '[role="status"]',
  '[role="alert"]',
  '.visually-hidden',
  'svg',
  'canvas',
  '[hidden]', // not on screen
].join(', ');

/** The interface element around `node` (KaTeX's own drawing is math, not interface), if any. */
function chromeAround(node: Node): Element | null {
  const chrome = elementOf(node)?.closest(CHROME) ?? null;
  return chrome && !chrome.closest('.katex') ? chrome : null;
}

/**
 * Takes the interface out of a copied fragment: every CHROME element (a toggle that only says
 * "Show …" is marked data-no-copy; a summary that is a title, an aside's, stays), and what a
 * closed <details> folds away, which is not on screen. Each <details> becomes a plain block of
 * what is shown of it, so the copy never depends on how a browser lays out a detached one.
 * Returns whether anything was taken.
 */
function removeChrome(fragment: DocumentFragment): boolean {
  let removed = false;
  for (const el of [...fragment.querySelectorAll(CHROME)]) {
    if (el.closest('.katex')) continue;
    el.remove();
    removed = true;
  }
  for (const details of [...fragment.querySelectorAll('details')].reverse()) {
    const shown = [...details.childNodes].filter((n) => details.open || (n instanceof Element && n.localName === 'summary'));
    if (shown.length < details.childNodes.length) removed = true;
    const block = document.createElement('div');
    for (const node of shown) {
      if (node instanceof Element && node.localName === 'summary') {
        const title = document.createElement('p');
        title.append(...node.childNodes);
        block.append(title);
      } else block.append(node);
    }
    details.replaceWith(block);
  }
  return removed;
}

function onCopy(event: ClipboardEvent) {
  // The editor copies its own selection (and says so by preventing the default).
  if (event.defaultPrevented || !event.clipboardData) return;
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const copied = copiedText(selection.getRangeAt(0));
  if (!copied) return;
  event.clipboardData.setData('text/plain', copied.text);
  event.clipboardData.setData('text/html', copied.html);
  event.preventDefault();
}

/**
 * What a copy of `selected` should hold, or null when the browser's own copy is right (no cell
 * code and no math in it). The selection itself is left as the reader made it.
 */
export function copiedText(selected: Range): { text: string; html: string } | null {
  const range = selected.cloneRange();
  // A selection that starts or ends inside a formula takes the whole formula, as copy-tex does.
  const startMath = elementOf(range.startContainer)?.closest('.katex');
  if (startMath) range.setStartBefore(startMath);
  const endMath = elementOf(range.endContainer)?.closest('.katex');
  if (endMath) range.setEndAfter(endMath);

  const startCell = elementOf(range.startContainer)?.closest<HTMLElement>('[data-cell]');
  const endCell = elementOf(range.endContainer)?.closest<HTMLElement>('[data-cell]');
  if (startCell && startCell === endCell) {
    // Within one cell: its code, if the selection reaches it; the output or a notice alone is
    // the browser's to copy.
    const code = codeIn(copyableOf(startCell), range);
    return code === null ? null : { text: code, html: codeHtml(code) };
  }

  // Wholly inside one piece of the interface (a check's message, a status): the reader means it.
  const chrome = chromeAround(range.startContainer);
  if (chrome && chrome.contains(range.endContainer) && !startCell) return null;

  const fragment = range.cloneContents();
  // Cells first: each becomes its code (its buttons, notices and output go with it), then the
  // rest of the interface goes.
  const cells = [...fragment.querySelectorAll<HTMLElement>('[data-cell]')];
  for (const clone of cells) {
    const live = clone.id ? document.getElementById(clone.id) : null;
    const code = live ? codeIn(copyableOf(live), range) : null;
    if (code === null) clone.remove();
    else clone.replaceWith(codeBlock(code));
  }
  const removed = removeChrome(fragment);
  if (cells.length === 0 && !removed && !fragment.querySelector('.katex')) return null;
  const html = fragment.cloneNode(true) as DocumentFragment;
  for (const el of html.querySelectorAll('.katex-html')) el.remove(); // the MathML stays: each formula once
  mathAsTex(fragment);
  return { text: renderedText(fragment), html: serialize(html) };
}

/** The part of a cell's code that `range` covers, or null when it covers none that is shown. */
function codeIn(cell: Copyable, range: Range): string | null {
  const area = cell.el.querySelector<HTMLElement>('[data-code]');
  // A folded setup cell's code is not on screen: copy what the reader sees.
  if (!area || !range.intersectsNode(area) || area.getClientRects().length === 0) return null;
  const { code } = cell;
  const from = area.contains(range.startContainer) ? offsetIn(cell, range.startContainer, range.startOffset) ?? 0 : 0;
  const to = area.contains(range.endContainer) ? offsetIn(cell, range.endContainer, range.endOffset) ?? code.length : code.length;
  return code.slice(from, Math.max(from, to));
}

/** The offset in the cell's code of a point in its code area, or null for a point outside the code (a line number). */
function offsetIn(cell: Copyable, node: Node, offset: number): number | null {
  const view = cell.editor?.view;
  if (view) {
    if (!view.contentDOM.contains(node)) return null;
    try {
      return view.posAtDOM(node, offset);
    } catch {
      return null;
    }
  }
  const pre = cell.el.querySelector('[data-code] pre');
  if (!pre || !pre.contains(node)) return null;
  const before = document.createRange();
  before.setStart(pre, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

function codeBlock(code: string): HTMLElement {
  const pre = document.createElement('pre');
  pre.append(document.createElement('code'));
  pre.firstChild!.textContent = code;
  return pre;
}

const codeHtml = (code: string) => codeBlock(code).outerHTML;

/** Replaces each KaTeX formula in `fragment` with its TeX source between dollar signs. */
function mathAsTex(fragment: DocumentFragment) {
  for (const math of [...fragment.querySelectorAll('.katex')]) {
    const tex = math.querySelector('annotation[encoding="application/x-tex"]')?.textContent;
    if (tex == null) continue;
    const display = math.parentElement?.classList.contains('katex-display') ? math.parentElement : null;
    if (display) {
      const block = document.createElement('div');
      block.textContent = `$$${tex}$$`;
      display.replaceWith(block);
    } else {
      math.replaceWith(`$${tex}$`);
    }
  }
}

/**
 * The text of `fragment` as the browser would copy it: laid out, so paragraphs, list items and
 * code keep their line breaks (textContent would run them together).
 */
function renderedText(fragment: DocumentFragment): string {
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:fixed;left:-100000px;top:0;width:40rem;white-space:normal;pointer-events:none;';
  box.append(fragment);
  document.body.append(box);
  const text = box.innerText;
  box.remove();
  return text;
}

function serialize(fragment: DocumentFragment): string {
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
}

const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/**
 * The Copy button: copies the cell's code and says "Copied" in `status` (a polite live region)
 * for a few seconds. Without clipboard access (permission refused, an old browser) it selects
 * the code instead and says how to copy it by hand.
 */
export async function copyCode(cell: Copyable, status: HTMLElement | null) {
  let message: string;
  try {
    await navigator.clipboard.writeText(cell.code);
    message = 'Copied';
  } catch {
    selectCode(cell);
    message = 'Selected: press Ctrl+C (⌘C on a Mac) to copy';
  }
  if (!status) return;
  status.textContent = message;
  clearTimeout(timers.get(status));
  timers.set(status, setTimeout(() => { status.textContent = ''; }, 4000));
}

function selectCode(cell: Copyable) {
  if (cell.editor) {
    cell.editor.view.dispatch({ selection: { anchor: 0, head: cell.editor.view.state.doc.length } });
    cell.editor.focus();
    return;
  }
  const pre = cell.el.querySelector('[data-code] pre');
  if (!pre) return;
  const range = document.createRange();
  range.selectNodeContents(pre);
  getSelection()?.removeAllRanges();
  getSelection()?.addRange(range);
}
