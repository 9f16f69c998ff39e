/**
 * RFC 4180 CSV writer for report exports, with spreadsheet formula neutralising.
 * Pure: no `vscode`, no `fs`; produces a JS string (the caller writes it as UTF-8).
 *
 * Rules:
 * - Records are separated by CRLF, and the last record is followed by a CRLF too.
 *   `bom: true` puts U+FEFF (EF BB BF in UTF-8) at the very start; off by default.
 * - Every row must have as many cells as the header (RFC 4180 §2.4); otherwise RangeError.
 * - `number` cells are written as numbers and are never neutralised (`-5` stays `-5`).
 *   Integers are emitted via `String(n)`; any exponent form (|n| ≥ 1e21, |n| < 1e-6) is
 *   expanded to plain decimal digits (`1e3` → `1000`, `1e-7` → `0.0000001`). `-0` → `0`.
 *   NaN and ±Infinity throw a RangeError (a report never contains them).
 * - `null` → empty, unquoted field. An empty string → `""` (quoted), so readers that care
 *   (e.g. PostgreSQL COPY) can tell "no value" from "empty text". A row whose only cell is
 *   empty is always written as `""` so it never becomes a blank line.
 * - Text cells (header cells included) are neutralised when `neutraliseFormulas` (default
 *   true) and the text, after any leading `'`s, starts with
 *     - one of `=` `+` `-` `@` TAB CR LF (the OWASP list), or
 *     - optional whitespace (`\s`, e.g. spaces, NBSP) followed by `=` `+` `-` `@`, or
 *     - one of the full-width forms U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠ (also after whitespace).
 *   The check looks only at the start of the cell and has no `.*$`, so multi-line cells
 *   such as "=1+1\nnote" are caught (papaparse's escapeFormulae misses those).
 *   Neutralising prefixes one `'` and forces quoting. Text that already starts with `'`s
 *   followed by a trigger (e.g. "'=x") gets one more `'`, so `stripNeutraliser` is an exact
 *   inverse: stripNeutraliser(decoded field) === original text.
 * - A field is quoted when it contains `"`, `,`, CR or LF, was neutralised, is empty text,
 *   or starts or ends with a space; inner `"` are doubled.
 */

export type CsvCell = string | number | null;

export interface CsvOptions {
  /** Prefix the document with a UTF-8 byte order mark (U+FEFF). Default false. */
  bom?: boolean;
  /** Neutralise text cells that a spreadsheet would treat as formulas. Default true. */
  neutraliseFormulas?: boolean;
}

export const utf8Bom = '\uFEFF';

/** The record separator, also written after the last record. */
export const csvRecordSeparator = '\r\n';

/** Approximate chunk size of `csvChunks`, in UTF-16 code units (≈ 64 KiB for ASCII). */
export const csvChunkSize = 64 * 1024;

/** Start of a text cell that a spreadsheet may evaluate (after any leading `'`s). */
const formulaTrigger = /^'*(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const needsQuotes = /[",\r\n]|^ | $/;

/** True when `text` would be prefixed with `'` by the writer. */
export function isFormulaLike(text: string): boolean {
  return formulaTrigger.test(text);
}

/**
 * Undo the writer's neutralising on a decoded field: drops the single `'` the writer added.
 * Text the writer would not have prefixed is returned unchanged.
 */
export function stripNeutraliser(text: string): string {
  return text.startsWith("'") && formulaTrigger.test(text.slice(1)) ? text.slice(1) : text;
}

/** A finite number as plain decimal text, never in exponent form. */
export function formatCsvNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`CSV cell is not a finite number: ${String(n)}`);
  const s = String(n === 0 ? 0 : n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  // Small magnitude: d.ddde-k → 0.000ddd (exact text of the shortest round-trip digits).
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exponent; // position of the decimal point in `digits`
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}

/** One encoded field (exported for tests and streaming writers). */
export function encodeCsvField(cell: CsvCell, neutralise = true): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatCsvNumber(cell);
  if (typeof cell !== 'string') throw new TypeError(`CSV cell has unsupported type: ${typeof cell}`);
  if (cell === '') return '""';
  if (neutralise && formulaTrigger.test(cell)) return `"'${cell.replaceAll('"', '""')}"`;
  return needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record including its trailing CRLF. */
export function encodeCsvRecord(cells: readonly CsvCell[], neutralise = true): string {
  if (cells.length === 1 && (cells[0] === null || cells[0] === '')) return `""${csvRecordSeparator}`;
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ',';
    out += encodeCsvField(cells[i] ?? null, neutralise);
  }
  return out + csvRecordSeparator;
}

function checkWidth(row: readonly CsvCell[], width: number, index: number): void {
  if (row.length !== width) {
    throw new RangeError(`CSV row ${index} has ${row.length} cells; the header has ${width}`);
  }
}

/** Whole document: header row + data rows, CRLF after every row including the last. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: CsvOptions = {},
): string {
  const neutralise = options.neutraliseFormulas ?? true;
  const parts: string[] = [options.bom ? utf8Bom : '', encodeCsvRecord(header, neutralise)];
  rows.forEach((row, i) => {
    checkWidth(row, header.length, i);
    parts.push(encodeCsvRecord(row, neutralise));
  });
  return parts.join('');
}

/**
 * Chunked generator for big exports: yields the document in pieces of ~64 KiB (whole
 * records only; a single larger record is yielded whole), identical to toCsv when joined.
 * Always yields at least one chunk.
 */
export function* csvChunks(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: CsvOptions = {},
): Generator<string> {
  const neutralise = options.neutraliseFormulas ?? true;
  const head = (options.bom ? utf8Bom : '') + encodeCsvRecord(header, neutralise);
  let parts: string[] = [head];
  let size = head.length;
  let index = 0;
  for (const row of rows) {
    checkWidth(row, header.length, index++);
    const record = encodeCsvRecord(row, neutralise);
    parts.push(record);
    size += record.length;
    if (size >= csvChunkSize) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
