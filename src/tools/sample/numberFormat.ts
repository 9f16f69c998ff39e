/**
 * Lookup tables for the hot formatting paths of the event stream. They avoid
 * toFixed/padStart per field and, unlike toFixed, never switch to exponent
 * notation or leave trailing zeros.
 */

/** '00'..'99' */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** '000'..'999' */
export const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** '.ddd' for 0..999 with trailing zeros removed ('' for 0). */
const FRAC3: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  i === 0 ? '' : '.' + String(i).padStart(3, '0').replace(/0+$/, ''),
);
/** FRAC3 without the dot. */
const TAIL3: readonly string[] = FRAC3.map((f) => f.slice(1));
/** '.dddd' for 0..9999 with trailing zeros removed ('' for 0). */
const FRAC4: readonly string[] = Array.from({ length: 10000 }, (_, i) =>
  i === 0 ? '' : '.' + String(i).padStart(4, '0').replace(/0+$/, ''),
);

/** Non-negative x rounded to 4 decimals, plain decimal notation, no trailing zeros. */
export function round4(x: number): string {
  const k = Math.round(x * 1e4);
  const ip = Math.floor(k / 1e4);
  return String(ip) + FRAC4[k - ip * 1e4]!;
}

/** Non-negative x rounded to 6 decimals, plain decimal notation, no trailing zeros. */
export function round6(x: number): string {
  const k = Math.round(x * 1e6);
  const ip = Math.floor(k / 1e6);
  const fr = k - ip * 1e6;
  if (fr === 0) return String(ip);
  // Split the 6 fraction digits into two 3-digit halves to keep the tables small.
  const hi = Math.floor(fr / 1000);
  const lo = fr - hi * 1000;
  return lo === 0 ? String(ip) + FRAC3[hi]! : String(ip) + '.' + PAD3[hi]! + TAIL3[lo]!;
}
