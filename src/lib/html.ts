// The one HTML escaper: the page, the build and the widgets all write markup from strings, some
// of them a reader's (cell names, file names, a hand-in's fields), so every one goes through here.

import { countOf } from './plural.ts';

/**
 * Most combining marks kept in a row: Unicode's stream-safe limit (UAX #15, "Stream-Safe Text
 * Format": 30 non-starters). Text in any script needs far fewer (Vietnamese stacks two, Tibetan
 * about eight).
 */
export const MAX_MARKS_IN_A_ROW = 30;
const longMarkRun = new RegExp(`\\p{M}{${MAX_MARKS_IN_A_ROW + 1},}`, 'gu');

/**
 * `text` with each run of more than MAX_MARKS_IN_A_ROW combining marks cut to that many, followed
 * by "… (N more combining marks)". Thousands of marks stack on one letter into a single glyph,
 * which the browser lays out again at every resize: fifty such outputs, each within an output's
 * length, held a red team's page for 2.5 s. Safe on markup: a combining mark is never part of
 * its syntax, so only text and attribute values change.
 */
export function boundMarks(text: string): string {
  return text.replace(longMarkRun, (run) => {
    const marks = Array.from(run);
    return `${marks.slice(0, MAX_MARKS_IN_A_ROW).join('')}… (${countOf(marks.length - MAX_MARKS_IN_A_ROW, 'more combining mark', 'more combining marks')})`;
  });
}

/**
 * `text` safe inside HTML text and inside a quoted attribute: & < > " ' become entities, and a
 * run of combining marks too long to lay out is cut (boundMarks).
 */
export function escapeHtml(text: string): string {
  return boundMarks(text).replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}
