// Cutting text to a length, for outputs, errors and names: one place, so that no cut splits a
// character in two.

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
