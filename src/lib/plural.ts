/**
 * Counts in words, singular or plural by English rules (Intl.PluralRules), so no message says
 * "1 checks" or "1 exercises". Numbers are grouped as English writes them (1,000: formatCount).
 */
import { formatCount } from './numbers.ts';

const rules = new Intl.PluralRules('en-US');

/** The noun alone for a count: plural(1, 'check') → "check", plural(2, 'check') → "checks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return rules.select(n) === 'one' ? one : many;
}

/** A count and its noun: countOf(1, 'check') → "1 check", countOf(0, 'check') → "0 checks". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${plural(n, one, many)}`;
}

/** Items joined as English lists them, without a serial comma: "a", "a and b", "a, b and c" ("" for none). */
export function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
