/**
 * A name or ID as a reader sees it on screen, so that two that look the same compare equal:
 * compatibility forms folded (NFKC: "Ａｄａ" is "Ada"), characters that show nothing removed
 * (zero-width spaces and joiners, soft hyphens, direction marks: Unicode's default-ignorable and
 * format characters), every kind of space one space, case ignored. Empty for a name that shows
 * nothing. Used to tell students apart on the review page and to refuse an empty name.
 */
export function evenName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, '')
    .replace(/\p{White_Space}+/gu, ' ')
    .trim()
    .toLowerCase();
}
