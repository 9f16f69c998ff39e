/**
 * OTLP/JSON values: attribute lists of typed `AnyValue`s (`stringValue`, `intValue` — an int64 written as
 * a string —, `doubleValue`, `boolValue`, `arrayValue`, `kvlistValue`, `bytesValue`) and times in
 * nanoseconds since the epoch, written as strings. Nanoseconds are converted with BigInt, so no digit
 * is lost on the way to milliseconds.
 */
import { parseCount, parseText, ValueError } from '../../values';
import { CellError } from '../formats/format';
import { isPlainObject } from './lineReader';

export type Attributes = ReadonlyMap<string, unknown>;

export const noAttributes: Attributes = new Map();

/** An `AnyValue` as a plain value: int64 stays the text it was written as (or the JSON number). */
function anyValue(value: unknown): unknown {
  if (!isPlainObject(value)) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return value.intValue;
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) {
    const values = isPlainObject(value.arrayValue) ? value.arrayValue.values : undefined;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ('kvlistValue' in value) return attributeMap(isPlainObject(value.kvlistValue) ? value.kvlistValue.values : undefined);
  if ('bytesValue' in value) return value.bytesValue;
  return undefined;
}

/** `[{ "key": …, "value": { "stringValue": … } }, …]` as a map; entries without a string key are left out. */
export function attributeMap(list: unknown): Attributes {
  if (!Array.isArray(list) || list.length === 0) return noAttributes;
  const map = new Map<string, unknown>();
  for (const entry of list) {
    if (isPlainObject(entry) && typeof entry.key === 'string') map.set(entry.key, anyValue(entry.value));
  }
  return map;
}

function cellValue<T>(attributes: Attributes, key: string, parse: (raw: unknown) => T): T {
  try {
    return parse(attributes.get(key));
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(key, error.message);
    throw error;
  }
}

export function textAttribute(attributes: Attributes, key: string): string | null {
  return cellValue(attributes, key, parseText);
}

/** The first of `keys` the attributes have (current name first, older names after). */
export function firstText(attributes: Attributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = textAttribute(attributes, key);
    if (value !== null) return value;
  }
  return null;
}

export function firstCount(attributes: Attributes, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = cellValue(attributes, key, parseCount);
    if (value !== null) return value;
  }
  return null;
}

export function hasAny(attributes: Attributes, keys: readonly string[]): boolean {
  return keys.some((key) => attributes.has(key));
}

const digits = /^\d+$/;

/** A `…UnixNano` field as nanoseconds; null when absent or 0 (OTLP's "unset"). */
export function nanos(raw: unknown, column: string): bigint | null {
  if (raw === undefined || raw === null || raw === '' || raw === '0' || raw === 0) return null;
  if (typeof raw === 'string' && digits.test(raw)) return BigInt(raw);
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return BigInt(raw);
  throw new CellError(column, `expected nanoseconds since 1970 as a string of digits, got ${JSON.stringify(raw)}`);
}

const minMs = BigInt(Date.UTC(2000, 0, 1));
const maxMs = BigInt(Date.UTC(2100, 0, 1));

/** Nanoseconds → epoch milliseconds (whole, rounded down), between 2000 and 2100. */
export function epochMs(ns: bigint, column: string): number {
  const ms = ns / 1_000_000n;
  if (ms < minMs || ms >= maxMs) throw new CellError(column, `${ns} ns is not a time between 2000 and 2100`);
  return Number(ms);
}

/** end − start in milliseconds, fractions kept (1 234 567 ns → 1.234567 ms). */
export function durationMs(startNs: bigint, endNs: bigint, column: string): number {
  if (endNs < startNs) throw new CellError(column, `ends ${startNs - endNs} ns before it starts`);
  const diff = endNs - startNs;
  return Number(diff / 1_000_000n) + Number(diff % 1_000_000n) / 1e6;
}

/** Trace and span ids are hex; lower case, so that the same id always makes the same key. */
export function hexId(raw: unknown): string | null {
  return typeof raw === 'string' && /^[0-9a-fA-F]+$/.test(raw) && /[1-9a-fA-F]/.test(raw) ? raw.toLowerCase() : null;
}
