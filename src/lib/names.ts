import { boundClusters } from './html.ts';

/**
 * A name or ID as a reader sees it on screen, so that two that look the same compare equal:
 * compatibility forms folded (NFKC: "Ａｄａ" is "Ada"), characters that show nothing removed
 * (INVISIBLE: zero-width spaces and joiners, soft hyphens, direction marks, U+FFFC), every kind
 * of space one space, case ignored. Empty for a name that shows
 * nothing. Used to tell students apart on the review page and to refuse an empty name.
 */
export function evenName(text: string): string {
  return visibleText(text.normalize('NFKC')).toLowerCase();
}

/**
 * Text without the characters that show nothing (INVISIBLE), every run of spaces of any kind one
 * space, trimmed: what is left for the eye to compare. Shared by evenName and lookalike.ts.
 */
export function visibleText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/\p{White_Space}+/gu, ' ')
    .trim();
}

/**
 * Characters that show nothing: Unicode's default-ignorable and format characters, the blank
 * braille pattern, and the object replacement character U+FFFC (a symbol, which Chromium draws
 * as nothing at all: a red team's "Zoe Mu\uFFFCller" read exactly as "Zoe Muller").
 */
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\uFFFC]/gu;

/** The marks that reorder text around them (embeddings, overrides, isolates, direction marks). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Line breaks, tabs and the other control characters: no name or ID has one, as the hand-in form's one line cannot. */
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * A name or ID as a hand-in file gives it, made safe to show beside other text: trimmed, without
 * the marks that reorder the text around them, so that "Mallory\u202E dessap 8/8" cannot read
 * "Mallory 8/8 passed" in the class table, its list or the gradebook (a name in a right-to-left
 * script needs none of them to show right), and with each run of line breaks and other control
 * characters one space, so that "Bob\r\n=1+1" is not a line of its own in the gradebook for an
 * importer that reads line by line (a red team's).
 */
export function shownName(text: string): string {
  // A symbol joining too many characters is cut, as in any text the page shows (boundClusters), in the gradebook too.
  return boundClusters(text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').trim());
}

/** Whether a name shows anything: a letter, digit, symbol or punctuation mark (evenName). */
export function showsAName(text: string): boolean {
  return /[\p{L}\p{N}\p{S}\p{P}]/u.test(evenName(text));
}

/** Alphabets whose letters can pass for one another's ("а" and "a", "ο" and "o", "Տ" and "S"). */
const LOOKALIKE_SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic', 'Lisu', 'Georgian'] as const;
const SCRIPT_LETTER = Object.fromEntries(
  LOOKALIKE_SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')]),
);

/**
 * The alphabets a name mixes, or [] if its letters are all of one (or of none of these): "Аlice
 * Liddell" (a Cyrillic А, then Latin) gives ["Latin", "Cyrillic"]. Letters of two alphabets
 * that look alike, in one name, are how a name is made to pass for another's; Unicode's own
 * test for this is the mixed-script check of UTS #39 (Unicode Security Mechanisms, section 5),
 * of which this applies the part about alphabets that look alike, over the whole name (a space
 * between "А" and "lice" must not hide it). A real name can mix them too ("Анна Smith"): the
 * review flags, it does not refuse. A name wholly in one alphabet is not flagged: it is
 * somebody's name.
 */
export function mixedScripts(text: string): string[] {
  const letters = [...evenName(text)];
  const found = LOOKALIKE_SCRIPTS.filter((script) => letters.some((c) => SCRIPT_LETTER[script].test(c)));
  return found.length > 1 ? found : [];
}
