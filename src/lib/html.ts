// The one HTML escaper: the page, the build and the widgets all write markup from strings, some
// of them a reader's (cell names, file names, a hand-in's fields), so every one goes through here.

import { countOf } from './plural.ts';

/**
 * Most characters one symbol on screen (a grapheme cluster, UAX #29) may join: a letter and the
 * 30 marks of Unicode's stream-safe limit (UAX #15, "Stream-Safe Text Format"). Text in any
 * script needs far fewer, and the longest emoji (a family with skin tones) joins eleven.
 */
export const MAX_CLUSTER = 31;

/**
 * Characters that may join the one before them into one symbol: everything but a plain base
 * character (marks, joiners, other format characters), emoji skin tones, spacing marks, Hangul
 * jamo and the Arabic signs that join the character after them. Text without any of them (most
 * text) is not segmented at all.
 */
const MAY_JOIN = /[^\p{Grapheme_Base}\t\n\r]|[\p{Emoji_Modifier}\p{Mc}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E]/u;
let graphemes: Intl.Segmenter | undefined;

/**
 * `text` with each symbol on screen (grapheme cluster) of more than MAX_CLUSTER characters cut to
 * that many, followed by "… (N more joined characters)". Thousands of characters joined into one
 * symbol are laid out as one glyph, again at every resize: fifty outputs of a letter under 9,000
 * marks held a red team's page for 2.5 s, and fifty of a thumbs-up under 4,000 skin tones held it
 * for a minute. The clusters are the browser's own (Intl.Segmenter). Safe on markup: a character
 * that joins the one before is never part of its syntax, so only text and attribute values change.
 */
export function boundClusters(text: string): string {
  if (!MAY_JOIN.test(text)) return text;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let out = '';
  let from = 0; // the start of the text not yet copied to `out`
  for (const { segment, index } of graphemes.segment(text)) {
    if (segment.length <= MAX_CLUSTER) continue; // fewer code units, so fewer characters
    const characters = Array.from(segment);
    if (characters.length <= MAX_CLUSTER) continue;
    out += text.slice(from, index) + characters.slice(0, MAX_CLUSTER).join('') +
      `… (${countOf(characters.length - MAX_CLUSTER, 'more joined character', 'more joined characters')})`;
    from = index + segment.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * `text` safe inside HTML text and inside a quoted attribute: & < > " ' become entities, and a
 * symbol joining too many characters to lay out is cut (boundClusters).
 */
export function escapeHtml(text: string): string {
  return boundClusters(text).replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}
