/**
 * Reported USD amounts in the forms real exports write them. Each format declares what it allows
 * (cents, thousands separators, a `$`, words that mean nothing was billed); anything else is a
 * ValueError, which the caller turns into a row error. Conversion is decimal: cents become dollars by
 * moving the decimal point in the text, so `1999` cents is exactly the double nearest 19.99.
 */
import { JsonNumber } from './ingest/jsonValue';
import { escapeControls } from './printable';
import { maxAmount, ValueError } from './values';

export interface UsdFormat {
  unit: 'dollars' | 'cents';
  /** `1,234.50`: commas group thousands (LiteLLM's `Spend ($)`) */
  thousandsSeparators?: boolean;
  /** `$0.01` (Cursor's `Cost`) */
  dollarSign?: boolean;
  /** words, compared without case, that mean nothing was billed: Cursor's `Included` and `Free` */
  zeroWords?: readonly string[];
}

const plainPattern = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;
const groupedPattern = /^(\d{1,3}(?:,\d{3})+(?:\.\d*)?)$/;

function describe(raw: unknown): string {
  const text = raw instanceof JsonNumber ? raw.source : typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  const printable = escapeControls(text);
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

function expected(format: UsdFormat): string {
  const forms = [format.unit === 'cents' ? 'an amount in cents' : 'an amount in dollars'];
  if (format.thousandsSeparators) forms.push('with , between thousands');
  if (format.dollarSign) forms.push('optionally after $');
  if (format.zeroWords?.length) forms.push(`or ${format.zeroWords.join('/')}`);
  return forms.join(' ');
}

/** Dollars, null for an empty cell. */
export function parseUsd(raw: unknown, format: UsdFormat): number | null {
  if (raw === undefined || raw === null) return null;
  let text: string;
  if (raw instanceof JsonNumber) text = raw.source;
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'string') text = raw.trim();
  else throw new ValueError(`expected ${expected(format)}, got ${describe(raw)}`);
  if (text === '') return null;
  if (format.zeroWords?.some((word) => word.toLowerCase() === text.toLowerCase())) return 0;
  if (format.dollarSign && text.startsWith('$')) text = text.slice(1);
  if (format.thousandsSeparators && groupedPattern.test(text)) text = text.replaceAll(',', '');
  const match = plainPattern.exec(text);
  if (!match) throw new ValueError(`expected ${expected(format)}, got "${describe(raw)}"`);
  const [, mantissa = '', exponent = '0'] = match;
  const shift = format.unit === 'cents' ? -2 : 0;
  const dollars = Number(`${mantissa}e${Number(exponent) + shift}`);
  if (!Number.isFinite(dollars) || dollars > maxAmount) throw new ValueError(`amount ${describe(raw)} is larger than 10^15 dollars`);
  if (dollars === 0 && /[1-9]/.test(mantissa)) throw new ValueError(`amount ${describe(raw)} is too small to represent`);
  return dollars;
}
