/**
 * Shared links carry a page's modified cells in the URL hash, compressed with lz-string:
 *   https://…/chapters/sigmoid/#cells=<compressed JSON {cellId: code}>
 * The hash never reaches a server, and opening such a link runs nothing until the reader asks.
 */
import { decodeLinkData, encodeLinkData } from './link-data.ts';

const KEY = 'cells';

export function encodeCells(cells: Record<string, string>): string {
  return encodeLinkData(KEY, cells);
}

/** The cells in a location hash, or null if it holds none; throws with a reader-facing reason if it is damaged (see decodeLinkData). */
export function decodeCells(hash: string): Record<string, string> | null {
  const parsed = decodeLinkData(hash, KEY, 'the edited code');
  if (parsed === undefined) return null;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the link does not contain code cells');
  // A link "Copy link" made holds text for every cell: one that does not was changed by hand or
  // damaged, so none of it is applied, and the reason names the cells (it said "no code cells").
  const damaged = Object.entries(parsed).filter(([, code]) => typeof code !== 'string').map(([id]) => id);
  if (damaged.length > 0) {
    const named = damaged.slice(0, 3).map((id) => `“${id.slice(0, 40)}”`).join(', ') + (damaged.length > 3 ? ` and ${damaged.length - 3} more` : '');
    throw new Error(`the code it holds for ${damaged.length === 1 ? 'cell' : 'cells'} ${named} is not text, so it was changed or damaged`);
  }
  return parsed as Record<string, string>;
}
