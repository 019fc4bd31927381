/**
 * Shared links on a page (share.ts packs and unpacks them). "Copy link" makes one with the
 * reader's edited cells. Opening one shows the sender's code in those cells, highlighted and
 * scrolled to, and runs nothing. It is applied once: the shared code becomes the reader's
 * draft, and a reload, or opening the same link again, shows the reader's code as they left it,
 * with the sender's one click away ("Show the shared code"). A reader's own earlier edit of a
 * shared cell is kept too ("Show your earlier version").
 */
import type { Cell } from './cell.ts';
import type { Notebook } from './notebook.ts';
import { decodeCells, encodeCells } from './share.ts';
import { MAX_LINK_LENGTH } from './link-data.ts';
import { loadValue, saveValue } from './storage.ts';
import { hashSource } from '../hash.ts';
import { escapeHtml } from '../../lib/html.ts';

/** How many opened links a chapter remembers (each as an 8-digit fingerprint). */
export const REMEMBERED_LINKS = 20;

const openedKey = (chapter: string) => `shared-links:${chapter}`;
const isFingerprintList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A link's fingerprint: the same cells and code give the same one, whatever their order. */
export function linkFingerprint(cells: Record<string, string>): string {
  return hashSource(JSON.stringify(Object.keys(cells).sort().map((id) => [id, cells[id]])));
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Applies the shared link in the page's address, if there is one and it was not applied before. */
export function applySharedLink(notebook: Notebook) {
  let shared: Record<string, string> | null;
  try {
    shared = decodeCells(location.hash);
  } catch (error) {
    tellAboutLink(notebook, `This link was meant to share edited code, but ${escapeHtml((error as Error).message)}. ${nothingApplied(notebook)}`, 'warn');
    return;
  }
  if (!shared) return;
  const targets: [Cell, string][] = [];
  let unknown = 0;
  for (const [id, code] of Object.entries(shared)) {
    const cell = notebook.cellFor(id);
    if (cell?.runnable) targets.push([cell, code]);
    else unknown += 1;
  }
  if (targets.length === 0) {
    tellAboutLink(notebook, `This link shares edited code for cells that are no longer on this page. ${nothingApplied(notebook)}`, 'warn');
    return;
  }
  const missing = unknown ? ` (${unknown} shared ${plural(unknown, 'cell is', 'cells are')} no longer on this page.)` : '';
  const chapter = targets[0][0].chapter;
  const opened = loadValue(openedKey(chapter), isFingerprintList) ?? [];
  const fingerprint = linkFingerprint(shared);
  if (opened.includes(fingerprint)) {
    // Its code is kept again where the reader has let it go ("Forget it", or pushed out by newer
    // links), so that what the notice says is there is there; the cells' code stays theirs.
    for (const [cell, code] of targets) {
      if (cell.code === code || notebook.drafts.versions(cell).some((v) => v.code === code)) continue;
      notebook.drafts.keep(cell, 'shared', code);
      notebook.drafts.save(cell);
    }
    const showing = targets.every(([cell, code]) => cell.code === code);
    tellAboutLink(
      notebook,
      showing
        ? `You opened this shared link before; the page shows its code, as you left it.${missing}`
        : 'You opened this shared link before, so it is not applied again: the cells keep the code they showed. ' +
            `The sender’s code is kept under ${plural(targets.length, 'the shared cell', 'each shared cell')} (<strong>Show the shared code</strong>).${missing}`,
      'info',
    );
    return;
  }

  let earlier = 0;
  let refused: string | null = null;
  for (const [cell, code] of targets) {
    // The reader's edit is kept as theirs even when the link holds the very same code (their own
    // link, opened to try it): kept only as the link's, it was pushed out by the next eight links
    // (a red team's). A link's code already kept as a link's is not kept again (withVersion), so
    // links that replace one another cannot pass theirs off as the reader's.
    if (cell.modified) {
      notebook.drafts.keep(cell, 'earlier', cell.code);
      if (cell.code !== code) earlier += 1;
    }
    notebook.drafts.keep(cell, 'shared', code);
    cell.showCode(code);
    const saved = notebook.drafts.save(cell);
    if (!saved.ok) refused = saved.reason;
    cell.setNotice('This cell shows code from a shared link. Nothing has run.', 'info', { untilEdit: true });
  }
  saveValue(openedKey(chapter), [...opened, fingerprint].slice(-REMEMBERED_LINKS));

  const n = targets.length;
  const kept = earlier === 0 ? ''
    : earlier === n ? `; your own earlier ${plural(n, 'edit of it is kept under the cell', 'edits of them are kept under each cell')} (<strong>Show your earlier version</strong>)`
    : `; your own earlier edits of ${earlier} of them are kept under those cells (<strong>Show your earlier version</strong>)`;
  const banner = notebook.pageNotice(
    `Opened from a shared link: <span data-link-shown>${showingNow(n, n)}</span> ` +
      `Nothing has run; run a cell when you are ready${kept}. ` +
      // "Kept as usual" was said beside the notice that the browser was not saving (a red team's).
      (refused === null ? 'Your edits from now on are kept as usual.' : `Your edits are not being saved: ${escapeHtml(refused)} (see the notice about it).`) + missing,
    refused === null ? 'info' : 'warn',
  );
  // The count stays true as the cells stop showing the link's code (an edit here, or another
  // tab's code taking their place), until the banner says something else: it said "shows the
  // sender's code" over another tab's code (a red team's).
  const shown = banner?.querySelector<HTMLElement>('[data-link-shown]');
  let still = n;
  for (const [cell] of targets) {
    highlight(cell, () => {
      still -= 1;
      if (shown?.isConnected) shown.textContent = showingNow(still, n);
    });
  }
  const cells = targets.map(([cell]) => cell);
  bringIntoView(cells.sort((a, b) => notebook.cells.indexOf(a) - notebook.cells.indexOf(b))[0].el);
}

/** The banner's words for how many of the link's `n` cells still show its code. */
function showingNow(still: number, n: number): string {
  if (still === n) return `${n} ${plural(n, 'cell shows', 'cells show')} the sender’s code, highlighted.`;
  const edited = n - still;
  const since = `edited since, here or in another tab; the sender’s code is kept under ${plural(edited, 'it', 'each')} (“Show the shared code”).`;
  if (still === 0) return `${plural(n, 'the cell it filled has', `the ${n} cells it filled have`)} been ${since}`;
  return `${still} of the ${n} cells it filled ${plural(still, 'still shows', 'still show')} the sender’s code, highlighted; ${plural(edited, 'the other has', `the other ${edited} have`)} been ${since}`;
}

/**
 * What a page shows when a link brought no code: what each cell showed before it, which may be
 * the reader's saved edits or an earlier link's code, not always the chapter's (a red team's
 * damaged link was answered "The chapter's own code is shown" above a cell showing their edit).
 */
function nothingApplied(notebook: Notebook): string {
  const edited = notebook.runnable.filter((cell) => cell.modified).length;
  // "The page's": the playground is no chapter (a red team's).
  if (edited === 0) return 'Nothing of it was applied: the page shows its own code.';
  return `Nothing of it was applied: every cell shows the code it showed before, ${edited} of them not the page’s own (marked “modified”; Revert brings back the page’s code).`;
}

/**
 * The page's notice about the link in its address, brought into view: a reader who opened a link
 * is at the top of the page, and the notice is above the first cell, often screens further down
 * (a red team's damaged link was answered out of sight).
 */
function tellAboutLink(notebook: Notebook, html: string, tone: 'info' | 'warn') {
  const banner = notebook.pageNotice(html, tone);
  if (banner) bringIntoView(banner);
}

/**
 * Scrolls to `el` now, and again once the page's fonts and images have loaded (they move it),
 * unless the reader has started moving around the page themselves by then.
 */
function bringIntoView(el: HTMLElement) {
  let moved = false;
  const events = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;
  const onMove = () => { moved = true; };
  for (const type of events) window.addEventListener(type, onMove, { once: true, passive: true });
  const scroll = () => { if (!moved) el.scrollIntoView({ block: 'start' }); };
  scroll();
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  void Promise.all([loaded, document.fonts?.ready]).then(() => {
    scroll();
    for (const type of events) window.removeEventListener(type, onMove);
  });
}

/**
 * Marks a cell as showing a link's code, until the reader edits it ("nb-edit") or another tab's
 * code takes its place ("nb-replaced", from drafts.ts); then calls `gone`, once.
 */
function highlight(cell: Cell, gone: () => void) {
  cell.el.classList.add('nb-from-link');
  const events = ['nb-edit', 'nb-replaced'];
  const end = () => {
    for (const type of events) cell.el.removeEventListener(type, end);
    cell.el.classList.remove('nb-from-link');
    gone();
  };
  for (const type of events) cell.el.addEventListener(type, end);
}

/** Copies a link to the page with every edited cell in it (or to this cell, when none is edited), and shows it. */
export async function copyLink(notebook: Notebook, cell: Cell) {
  const modified = Object.fromEntries(notebook.runnable.filter((c) => c.modified).map((c) => [c.id, c.code]));
  const count = Object.keys(modified).length;
  const url = new URL(location.href);
  url.hash = count ? encodeCells(modified) : `cell-${cell.id}`;
  const link = url.toString();
  if (link.length > MAX_LINK_LENGTH) {
    cell.setNotice('Your edited cells are too long to fit in a link. Copy the code itself instead.', 'warn');
    return;
  }
  let copied: boolean;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    copied = false; // no clipboard permission: show the link to copy by hand
  }
  const what = count
    ? `with your ${count} edited ${plural(count, 'cell', 'cells')}`
    : 'to this cell (no cells are edited, so the link holds no code)';
  cell.setNotice(
    `${copied ? 'Link copied' : 'Copy this link'} ${what}:` +
      ` <input class="nb-link" readonly aria-label="Link to share" value="${escapeHtml(link)}">`,
  );
  const input = cell.part<HTMLInputElement>('.nb-link');
  if (input && !copied) { input.focus(); input.select(); }
}
