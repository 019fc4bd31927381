/**
 * Every number the book prints, formatted in one place. Two styles, because the book shows
 * numbers in two voices:
 *
 * - `formatNumber`: as code. A cell's output and an exercise's got/expected read like the
 *   JavaScript that produced them (ASCII minus, `1.5e-7`, `-0`, `NaN`), so a reader can paste
 *   them back into a cell.
 * - `formatReading`: as prose. Widgets and page messages use a real minus sign (−, U+2212),
 *   never print "−0.000", write huge and tiny values as "1.50 × 10⁻⁵", and infinity as ∞.
 *
 * `subscript` and `superscript` write digits the way the notation does (x₁, W₂, 10⁻⁵);
 * `formatCount` groups a count as English does (1,000); `formatPercent` writes a fraction as 96.4%. tests/lib/numbers.test.ts pins all of
 * them and fails if another file formats numbers for reading on its own. (src/nn keeps its own
 * `formatMatrix`: the network module imports nothing outside itself.)
 */

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** The minus sign of typeset maths; the hyphen-minus `-` is code's. */
export const MINUS = '−';

/** The digits of a whole number as subscripts: 12 → "₁₂" (for x₁, W₁₂). A sign or point is kept as is. */
export function subscript(n: number | string): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}

/** A whole number as superscripts, with a superscript minus: −5 → "⁻⁵" (for 10⁻⁵). */
export function superscript(n: number | string): string {
  return String(n)
    .replace(/\d/g, (d) => SUPERSCRIPTS[Number(d)])
    .replace(/[-−]/g, '⁻');
}

/** A count grouped as English writes it: 1000 → "1,000". */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/**
 * A number as code prints it: integers as they are (and -0 as "-0"); otherwise 6 significant
 * digits without trailing zeros, with an exponent when |x| < 1e-4 or |x| ≥ 1e6
 * (0.00001234 → "1.234e-5"); NaN, Infinity and -Infinity by name.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x)) return String(x);
  const magnitude = Math.abs(x);
  const text = magnitude < 1e-4 || magnitude >= 1e6 ? x.toExponential(5) : x.toPrecision(6);
  // toPrecision pads with zeros (0.1 → "0.100000"); drop them, and the point if nothing is left.
  return text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
}

/** `v` rounded to `digits` significant digits, as a number: roundSignificant(0.012345, 2) → 0.012. */
export const roundSignificant = (v: number, digits: number): number => Number(v.toPrecision(digits));

/** How `formatReading` writes a number: either `decimals` or `significant`. */
export type ReadingStyle =
  | {
      /** Exactly this many digits after the point (0.5 → "0.500" with 3). */
      decimals: number;
      /** Drop trailing zeros and a bare point (0.5 → "0.5", 2 → "2"). Default false. */
      trim?: boolean;
    }
  | {
      /** This many significant digits (0.012345 → "0.0123" with 3). */
      significant: number;
      /** Drop trailing zeros (0.5 → "0.5", not "0.500"). Default true. */
      trim?: boolean;
      /** Nonzero magnitudes below this go to scientific notation. Default 1e-3. */
      scientificBelow?: number;
      /** Magnitudes from this up go to scientific notation. Default 1e5. */
      scientificFrom?: number;
    };

/**
 * A number for prose and widgets, in `style` (fixed decimals, or significant digits with
 * scientific notation "1.50 × 10⁻⁵" for very small or large magnitudes). A real minus sign;
 * never a negative zero ("−0.000" is "0.000": the sign of a value that rounds to zero says
 * nothing); ∞, −∞ and NaN for the values that are not finite.
 */
export function formatReading(v: number, style: ReadingStyle): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  let text: string;
  if ('decimals' in style) {
    text = v.toFixed(style.decimals);
    if (style.trim) text = trimZeros(text);
  } else {
    const { significant, trim = true, scientificBelow = 1e-3, scientificFrom = 1e5 } = style;
    const magnitude = Math.abs(v);
    if (magnitude !== 0 && (magnitude < scientificBelow || magnitude >= scientificFrom)) {
      const [mantissa, exponent] = v.toExponential(significant - 1).split('e');
      return `${mantissa.replace('-', MINUS)} × 10${superscript(Number(exponent))}`;
    }
    text = v.toPrecision(significant);
    // toPrecision turns to an exponent when the digits end before the point (12345 → "1.23e+4"):
    // below scientificFrom the reader gets the rounded number written out, "12300".
    if (text.includes('e')) text = String(Number(text));
    else if (trim) text = trimZeros(text);
  }
  if (Number(text) === 0) text = text.replace('-', '');
  return text.replace('-', MINUS);
}

/** A fraction as a percentage: formatPercent(0.9642) → "96%", formatPercent(0.9642, 1) → "96.4%". */
export const formatPercent = (fraction: number, decimals = 0): string =>
  `${formatReading(100 * fraction, { decimals })}%`;

/** "0.500" → "0.5", "2.000" → "2", "120" stays: only zeros after a decimal point go. */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
