// Cutting text to a length, for outputs, errors and names: one place, so that no cut splits a
// character in two; and what a text costs the page to lay out, which outputs' budgets count.

import { countOf } from './plural.ts';

/**
 * The first `max` UTF-16 units of `text`, or one fewer when the last of them would be the first
 * half of a surrogate pair: an emoji or a rare CJK character cut in two shows as "�" (a red
 * team's 10,000-character strings ended so).
 */
export function head(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `text`, or its head (see head) and "… (N more characters)" when it is longer than `max` UTF-16 units. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const shown = head(text, max);
  return `${shown}… (${text.length - shown.length} more characters)`;
}

/**
 * What one change of run costs, in characters of plain text: the browser shapes text in runs of
 * one script, font and direction, and a run change costs it about as much as 30 plain characters
 * (Chromium, 100,000 characters alternating: Latin alone 8 ms, Greek and Latin 117 ms, kana and
 * kanji 237 ms, Thai and Latin 300 ms, Hebrew and Latin 604 ms). A character of a script whose
 * lines are broken at words found in a dictionary (Thai, Lao, Khmer, Myanmar: 100,000 of them
 * took 312 to 444 ms) costs as much more.
 */
export const RUN_CHANGE_COST = 30;

/**
 * The run a character is laid out in, roughly: ASCII; every character outside the Basic
 * Multilingual Plane (half of a surrogate pair: emoji, rare CJK); CJK and Hangul as one; and
 * otherwise its block of 128 code points (a script, its direction and often its font).
 */
function runOf(code: number): number {
  if (code < 0x80) return 0;
  if (code >= 0xd800 && code <= 0xdfff) return 1;
  if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef)) return 2;
  return 3 + (code >> 7);
}

/** Whether a character is of a script broken into words by dictionary: Thai, Lao, Myanmar, Khmer. */
const brokenByDictionary = (code: number) =>
  (code >= 0x0e00 && code <= 0x0eff) || (code >= 0x1000 && code <= 0x109f) || (code >= 0x1780 && code <= 0x17ff) ||
  (code >= 0x19e0 && code <= 0x19ff) || (code >= 0xa9e0 && code <= 0xa9ff) || (code >= 0xaa60 && code <= 0xaa7f);

/**
 * What laying out `text` costs the page, in characters of plain text: its length, and
 * RUN_CHANGE_COST more at each change of run (runOf) and for each character of a script broken
 * by dictionary. Outputs' budgets and the code shown before the editor loads count this, not the
 * length: two megabytes of Hebrew letters alternating with Latin ones, or of Myanmar, within a
 * run's budget of characters, held a red team's page for 11 to 12 s, where two megabytes of Latin
 * take 160 ms.
 */
export function layoutCost(text: string): number {
  if (!/[^\p{ASCII}]/u.test(text)) return text.length;
  return costUpTo(text, Infinity).cost;
}

/**
 * Walks `text` adding up its layout cost (see layoutCost) until the cost would pass `budget`:
 * `end` is the index where it stopped (`text.length` when it all fits) and `cost` what the
 * characters before it cost. The one count behind layoutCost and headWithin.
 */
function costUpTo(text: string, budget: number): { end: number; cost: number } {
  let cost = 0;
  let run = runOf(text.charCodeAt(0));
  for (let end = 0; end < text.length; end++) {
    const code = text.charCodeAt(end);
    const next = runOf(code);
    const spent = 1 + (next !== run ? RUN_CHANGE_COST : 0) + (brokenByDictionary(code) ? RUN_CHANGE_COST : 0);
    if (cost + spent > budget) return { end, cost };
    cost += spent;
    run = next;
  }
  return { end: text.length, cost };
}

/**
 * The longest start of `text` that costs at most `budget` to lay out (layoutCost), ended at a
 * line break when one is in its second half, and never splitting a surrogate pair; `text` itself
 * when it all fits. For showing code before the editor loads: the editor lays out the lines in
 * view, a plain <pre> all of them (red team 49: a link's 6 KB held 408 KB of Hebrew alternating
 * with digits, and opening it froze the page for 81 s, again at each visit).
 */
export function headWithin(text: string, budget: number): string {
  if (!/[^\p{ASCII}]/u.test(text) && text.length <= budget) return text;
  const { end } = costUpTo(text, budget);
  if (end === text.length) return text;
  const shown = head(text, end);
  const line = shown.lastIndexOf('\n');
  return line > shown.length / 2 ? shown.slice(0, line) : shown;
}

/**
 * What a view of code shows at most before its editor loads, in layoutCost: about 50,000
 * characters of plain code, 1,600 of Hebrew alternating with digits (some 10 ms in Chromium).
 * The book's longest cell has about 4,000 characters.
 */
export const CODE_VIEW_COST = 50_000;

/** "… 1,950 more lines (406,210 characters) not shown here", for `code` shown as its start `shown`; "" when it is all shown. */
export function restOf(code: string, shown: string): string {
  if (shown.length >= code.length) return '';
  const rest = code.slice(shown.length);
  const lines = rest.split('\n').length - (rest.startsWith('\n') ? 1 : 0);
  return `… ${lines > 1 ? `${countOf(lines, 'more line')} (${countOf(rest.length, 'character')})` : countOf(rest.length, 'more character')} not shown here`;
}
