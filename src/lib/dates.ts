/**
 * Moments as the reader's own locale and time zone write them, the one way the pages show when
 * something was saved, checked or started.
 */

/**
 * An ISO 8601 moment as a medium date and a short time ("Dec 1, 2026, 1:17 PM" in en-US), or with
 * `seconds` a medium time ("Dec 1, 2026, 1:17:05 PM"); "" when it is not a date.
 */
export function shortDateTime(iso: string, { seconds = false } = {}): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' });
}
