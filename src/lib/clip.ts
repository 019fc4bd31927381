// Cutting text to a length, for outputs, errors and names: one place, so that no cut splits a
// character in two; and what a text costs the page to lay out, which outputs' budgets count.

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
 * kanji 237 ms, Thai and Latin 300 ms, Hebrew and Latin 604 ms).
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

/**
 * What laying out `text` costs the page, in characters of plain text: its length, and
 * RUN_CHANGE_COST more at each change of run (runOf). Outputs' budgets count this, not the
 * length: two megabytes of Hebrew letters alternating with Latin ones, within a run's budget of
 * characters, held a red team's page past 5 s where two megabytes of Latin take 160 ms.
 */
export function layoutCost(text: string): number {
  if (!/[^\x00-\x7f]/.test(text)) return text.length;
  let changes = 0;
  let run = runOf(text.charCodeAt(0));
  for (let i = 1; i < text.length; i++) {
    const next = runOf(text.charCodeAt(i));
    if (next !== run) changes += 1;
    run = next;
  }
  return text.length + RUN_CHANGE_COST * changes;
}
