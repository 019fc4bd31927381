/**
 * Data carried in a link: a JSON value, compressed with lz-string into its URI-safe alphabet
 * (A–Z a–z 0–9 + - $), as `key=<packed>` in the link's hash (`#cells=…`, a shared link; `#a=…`,
 * an assignment) or query (`?a=…`). The one encoder and decoder of such links: each kind of link
 * checks the decoded value's shape itself.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { formatCount } from '../../lib/numbers.ts';

/** The most text a link may unpack to: far above a chapter's edited cells or an assignment. */
export const MAX_LINK_TEXT = 500_000;

/**
 * The longest link the book makes ("Copy link" refuses longer ones: browsers and chat apps cope
 * badly with very long URLs), and so the most packed text a link is unpacked from. lz-string
 * unpacks n characters to as many as about n²/10 (each code may repeat the last one and a
 * character more): 32,000 of them to some 100 million characters, 0.1 s and 230 MB, where a
 * red team's 150,000 took 1.9 GB before the size was checked.
 */
export const MAX_LINK_LENGTH = 32_000;

/** `key=` followed by `value` as compressed JSON, for a link's hash or query. */
export function encodeLinkData(key: string, value: unknown): string {
  return `${key}=${compressToEncodedURIComponent(JSON.stringify(value))}`;
}

/**
 * The JSON value a link carries under `key`, or undefined when `part` (a location's `hash` or
 * `search`, with or without its leading # or ?) has no `key=` parameter. Parameters are
 * separated by `&`; the first `key=` counts.
 *
 * Throws when the value is there but cannot be read, with a message for the reader that names
 * what failed: `what` is what the link carries ("the edited code", "the assignment"), and the
 * message says which part of the link and how many characters of it could not be decoded, e.g.
 * `the link is damaged or was cut short: the edited code in it (the 12 characters after "cells=")
 * could not be decompressed`.
 */
export function decodeLinkData(part: string, key: string, what: string): unknown {
  const param = part
    .replace(/^[#?]/, '')
    .split('&')
    .find((p) => p.startsWith(`${key}=`));
  if (param === undefined) return undefined;
  const packed = param.slice(key.length + 1);
  if (packed === '') throw new Error(`the link was cut short: ${what} in it (after "${key}=") is empty`);
  const where = `${what} in it (the ${packed.length} ${packed.length === 1 ? 'character' : 'characters'} after "${key}=")`;
  if (packed.length > MAX_LINK_LENGTH) {
    throw new Error(
      `the link is longer than any the book makes: ${what} in it is ${formatCount(packed.length)} characters, more than ${formatCount(MAX_LINK_LENGTH)}, so it was not unpacked`,
    );
  }
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(packed);
  } catch {
    json = null;
  }
  if (!json) throw new Error(`the link is damaged or was cut short: ${where} could not be decompressed`);
  // A few kilobytes of link can unpack to megabytes (a red team's 8 KB link made a cell of ten
  // million characters, froze the page and filled its storage): refuse before reading it.
  if (json.length > MAX_LINK_TEXT) {
    throw new Error(
      `the link carries ${formatCount(json.length)} characters of ${what.replace(/^the /, '')}, more than the ${formatCount(MAX_LINK_TEXT)} a link may carry`,
    );
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new Error(`the link is damaged or was cut short: ${where} decompressed to text that is not JSON`);
  }
}
