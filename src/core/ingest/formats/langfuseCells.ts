/**
 * Reading Langfuse's UI exports. Langfuse writes every CSV cell through JSON.stringify: dates and
 * decimals (and, in older versions, every string) arrive as JSON string literals (`"0.0123"`), objects
 * as JSON text. Its JSON and JSONL exports nest objects instead, which our reader flattens with dots
 * (`usage.promptTokens`); older CSVs had such dotted columns too.
 */
import { parseUsd } from '../../money';
import { parseAmount, parseCount, parseText, parseTimestamp, ValueError } from '../../values';
import { isJsonObject, JsonNumber } from '../jsonValue';
import { cell, CellError, requiredCell, type SourceRow } from './format';

/** A cell Langfuse wrote as a JSON string literal, unwrapped; anything else as it is. */
export function unquoted(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const trimmed = raw.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return raw;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw;
  }
}

export const lfText = (row: SourceRow, column: string): string | null => cell(row, column, (raw) => parseText(unquoted(raw)));

export const lfCount = (row: SourceRow, column: string): number | null => cell(row, column, (raw) => parseCount(unquoted(raw)));

export const lfUsd = (row: SourceRow, column: string): number | null => cell(row, column, (raw) => parseUsd(unquoted(raw), { unit: 'dollars' }));

/** Langfuse's timestamps carry `Z`; one without an offset would be UTC. */
export const lfTime = (row: SourceRow, column: string): number =>
  requiredCell(row, column, (raw) => {
    const value = unquoted(raw);
    return parseTimestamp(value instanceof JsonNumber ? value.value : value, 'UTC');
  });

export const lfOptionalTime = (row: SourceRow, column: string): number | null =>
  cell(row, column, (raw) => {
    const value = unquoted(raw);
    return parseTimestamp(value instanceof JsonNumber ? value.value : value, 'UTC');
  });

/** Seconds as written (`1.234`) to milliseconds by moving the decimal point, so 1.005 s is exactly 1005 ms. */
export function secondsAsMs(row: SourceRow, column: string): number | null {
  return cell(row, column, (raw) => {
    const value = unquoted(raw);
    if (parseAmount(value) === null) return null;
    const text = value instanceof JsonNumber ? value.source : String(value).trim().replace(/^\+/, '');
    const [mantissa = '', exponent = '0'] = text.split(/[eE]/);
    return Number(`${mantissa}e${Number(exponent) + 3}`);
  });
}

/** A CSV cell holding a JSON object, parsed; null when empty. */
function objectCell(row: SourceRow, column: string): Record<string, unknown> | null {
  const raw = row.get(column);
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (isJsonObject(raw)) return Object.fromEntries(raw);
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === null) return null;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new CellError(column, 'expected a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * A value inside an exported object: `usage.promptTokens` as a flattened key (JSON exports, older
 * CSVs) or inside the `usage` column's JSON text (current CSVs). Undefined when the file has neither.
 */
export function nested(row: SourceRow, object: string, key: string): unknown {
  const flat = row.get(`${object}.${key}`);
  if (flat !== undefined) return flat;
  const parsed = objectCell(row, object);
  return parsed === null ? undefined : (parsed[key] ?? null);
}

/** A token count inside an exported object; errors name the dotted key. */
export function nestedCount(row: SourceRow, object: string, key: string): number | null {
  try {
    return parseCount(unquoted(nested(row, object, key)));
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(`${object}.${key}`, error.message);
    throw error;
  }
}

/** A JSON array cell (`["alice"]`) as text items; null when empty. */
export function textList(row: SourceRow, column: string): string[] | null {
  const raw = unquoted(row.get(column));
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      throw new CellError(column, `expected a JSON array, got ${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}`);
    }
  }
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) throw new CellError(column, 'expected a JSON array of text');
  return list as string[];
}
