/**
 * Credits and money as event_rows keeps them. A value that is m / 10^k for a whole m and k ≤ 15 decimals (every
 * credit and cost a source writes, most estimates) is kept as the integer m·16 + k: two to four bytes in SQLite's
 * record where a REAL takes eight. Reading divides m by 10^k, the one correctly rounded division that parsing the
 * decimal text also does, so the value read back is the value written, bit for bit (the encoder checks it).
 * Any other value is kept as the REAL itself; it has a fraction, so the column's INTEGER affinity leaves it a REAL
 * and a reader tells the two apart by the stored type: an integer is a code, a REAL the value.
 */

const decimalsBits = 4;
const decimalsSlots = 1 << decimalsBits;
const largestDecimals = decimalsSlots - 1;
/** below this every m·16 + k is a double's exact integer */
const largestExactMantissa = 2 ** (53 - decimalsBits);
/** a whole value's code (m·16) must fit SQLite's 64-bit integer */
const largestWholeValue = 2 ** (63 - decimalsBits);
const powersOfTen = Array.from({ length: decimalsSlots }, (_, k) => 10 ** k);

/** The stored form of a credit or money value (null stays null). */
export function moneyCode(value: number | null): number | null {
  if (value === null) return null;
  if (!Number.isFinite(value)) throw new RangeError(`cannot store ${value} as an amount`);
  if (Number.isInteger(value)) {
    if (Math.abs(value) >= largestWholeValue) throw new RangeError(`cannot store ${value}: amounts are kept below 2^${63 - decimalsBits}`);
    // -0 reads back as 0
    return value * decimalsSlots;
  }
  for (let decimals = 1; decimals <= largestDecimals; decimals++) {
    const power = powersOfTen[decimals]!;
    const mantissa = Math.round(value * power);
    if (Math.abs(mantissa) >= largestExactMantissa) break;
    if (mantissa / power === value) return mantissa * decimalsSlots + decimals;
  }
  return value;
}

/** The value of a stored credit or money column (see moneyCode). */
export function moneyOfCode(stored: number | null): number | null {
  if (stored === null || !Number.isInteger(stored)) return stored;
  const decimals = ((stored % decimalsSlots) + decimalsSlots) % decimalsSlots;
  return (stored - decimals) / decimalsSlots / powersOfTen[decimals]!;
}

/** SQL reading a stored column's value, as moneyOfCode does. */
export function moneyOfCodeSql(column: string): string {
  const power = `CASE ${column} & ${largestDecimals} ${powersOfTen.map((p, k) => `WHEN ${k} THEN ${p}`).join(' ')} END`;
  return `CASE WHEN typeof(${column}) = 'integer' THEN (${column} >> ${decimalsBits}) * 1.0 / ${power} ELSE ${column} END`;
}

/**
 * SQL storing `value` for an insert through the events view: a whole number as its code, anything else as it is
 * (a fraction stays a REAL, text fails the reports' reading as it always did); a whole number too large for a code
 * is refused. The store's writers code every value in JS (moneyCode), which also codes decimals.
 */
export function moneyCodeSql(value: string, column: string): string {
  return `CASE WHEN typeof(${value}) IN ('integer', 'real') AND ${value} = CAST(${value} AS INTEGER) THEN CASE WHEN abs(${value}) < ${largestWholeValue} THEN CAST(${value} AS INTEGER) * ${decimalsSlots} ELSE RAISE(ABORT, 'amount too large to store: ${column}') END ELSE ${value} END`;
}
