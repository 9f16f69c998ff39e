/**
 * Strict value parsers for imported cells. Each returns the parsed value, null for an empty cell,
 * or throws ValueError with a reason; the caller adds file, line and column.
 */
import { JsonNumber } from './ingest/jsonValue';
import { escapeControls } from './printable';
import { instantOfWall } from './zoneClock';

export class ValueError extends Error {}

type Raw = unknown;

/** `text` without surrounding whitespace; most cells start and end with a printable ASCII character, and need no trim. */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

function isBlank(raw: Raw): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && trimmed(raw) === '');
}

function show(raw: Raw): string {
  // numbers as JavaScript writes them: JSON.stringify turns Infinity (from 1e400) into "null" and -0 into "0"
  const text =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'number'
        ? Object.is(raw, -0) ? '-0' : String(raw)
        : raw instanceof JsonNumber ? raw.source : JSON.stringify(raw, (_, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : value));
  // a cell's control characters (ESC, NUL) must not reach a terminal raw
  const printable = escapeControls(text);
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

export function parseText(raw: Raw): string | null {
  if (typeof raw === 'string') {
    const text = trimmed(raw);
    return text === '' ? null : text;
  }
  if (isBlank(raw)) return null;
  // a JSON number id keeps the digits it was written with (9007199254740993 is not a double)
  if (raw instanceof JsonNumber) return raw.source;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  throw new ValueError(`expected text, got ${show(raw)}`);
}

/**
 * The integer a JSON number's text denotes exactly, or why it is not one: `1.0000000000000001`,
 * `1e-400` and `9007199254740990.5` are fractions even though the nearest double is an integer.
 */
function exactCount(number: JsonNumber): number {
  if (number.source.length <= 15 && /^\d+$/.test(number.source)) return number.value;
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number.source)!;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  if (sign === '-' && /[1-9]/.test(whole + fraction)) throw new ValueError(`expected a non-negative integer, got ${show(number)}`);
  if (sign === '-') throw new ValueError('expected a non-negative integer, got -0');
  if (!Number.isFinite(number.value)) throw new ValueError(`expected a finite integer, got ${String(number.value)}`);
  const digits = (whole + fraction).replace(/0+$/, '');
  const significant = digits.replace(/^0+/, '');
  if (significant === '') return 0;
  // position of the decimal point within `digits`, then within `significant`
  const point = whole.length + Number(exponentText);
  if (point < digits.length) throw new ValueError(`expected an integer, got fraction ${show(number)}`);
  const integerDigits = point - (digits.length - significant.length);
  if (integerDigits > 16) throw new ValueError(`integer ${show(number)} is larger than 2^53 − 1`);
  const value = BigInt(significant + '0'.repeat(integerDigits - significant.length));
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ValueError(`integer ${show(number)} is larger than 2^53 − 1`);
  return Number(value);
}

const integerPattern = /^\+?\d+$/;

/** Non-negative integer no larger than 2^53 − 1; strings of digits are accepted. */
export function parseCount(raw: Raw): number | null {
  const text = typeof raw === 'string' ? trimmed(raw) : null;
  if (text === null ? isBlank(raw) : text === '') return null;
  if (raw instanceof JsonNumber) return exactCount(raw);
  let value: number;
  if (typeof raw === 'number') {
    if (Object.is(raw, -0)) throw new ValueError('expected a non-negative integer, got -0');
    value = raw;
  } else if (text !== null && integerPattern.test(text)) {
    value = Number(text);
  } else {
    throw new ValueError(`expected a non-negative integer, got ${show(raw)}`);
  }
  if (!Number.isFinite(value)) throw new ValueError(`expected a finite integer, got ${show(raw)}`);
  if (!Number.isInteger(value)) throw new ValueError(`expected an integer, got fraction ${show(raw)}`);
  if (value < 0) throw new ValueError(`expected a non-negative integer, got ${show(raw)}`);
  if (!Number.isSafeInteger(value)) throw new ValueError(`integer ${show(raw)} is larger than 2^53 − 1`);
  return value;
}

const decimalPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Largest credits, cost or latency a row may carry: a sum over 2^31 such rows (≈ 2.1e24) stays far
 * from overflow and keeps a double's ~16 significant digits, where 1.8e302 made the sums Infinity.
 */
export const maxAmount = 1e15;

/** Finite, non-negative decimal up to maxAmount (credits, cost, latency). */
export function parseAmount(raw: Raw): number | null {
  const cell = typeof raw === 'string' ? trimmed(raw) : null;
  if (cell === null ? isBlank(raw) : cell === '') return null;
  let value: number;
  let text: string;
  if (raw instanceof JsonNumber) [value, text] = [raw.value, raw.source];
  else if (typeof raw === 'number') [value, text] = [raw, String(raw)];
  else if (cell !== null && decimalPattern.test(cell)) [value, text] = [Number(cell), cell];
  else throw new ValueError(`expected a number, got ${show(raw)}`);
  if (!Number.isFinite(value)) throw new ValueError(`expected a finite number, got ${show(raw)}`);
  if (value < 0 || Object.is(value, -0)) throw new ValueError(`expected a non-negative number, got ${show(raw)}`);
  if (value > maxAmount) throw new ValueError(`number ${show(raw)} is larger than 10^15`);
  // 1e-400 is not zero, but its double is
  if (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) throw new ValueError(`number ${show(raw)} is too small to represent`);
  return value;
}

const okWords = new Set(['ok', 'success', 'succeeded', 'successful', 'completed', 'complete', 'done', 'pass', 'passed']);
const errorWords = new Set(['error', 'failed', 'failure', 'fail', 'exception', 'timeout', 'timed_out', 'cancelled_with_error']);

export function parseStatus(raw: Raw): 'ok' | 'error' | null {
  if (isBlank(raw)) return null;
  if (typeof raw !== 'string') throw new ValueError(`expected a status word, got ${show(raw)}`);
  const word = raw.trim().toLowerCase();
  if (okWords.has(word)) return 'ok';
  if (errorWords.has(word)) return 'error';
  throw new ValueError(`unknown status "${show(raw)}" (use ok|success|succeeded|completed or error|failed|failure|exception|timeout)`);
}

const trueWords = new Set(['true', '1', 'yes', 'y', 't']);
const falseWords = new Set(['false', '0', 'no', 'n', 'f']);

export function parseBoolean(raw: Raw): boolean | null {
  if (isBlank(raw)) return null;
  if (typeof raw === 'boolean') return raw;
  if (raw instanceof JsonNumber && (raw.source === '1' || raw.source === '0')) return raw.source === '1';
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase();
    if (trueWords.has(word)) return true;
    if (falseWords.has(word)) return false;
  }
  throw new ValueError(`expected true or false, got ${show(raw)}`);
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;
const epochPattern = /^\d+(\.\d+)?$/;

const minMs = Date.UTC(2000, 0, 1);
const maxMs = Date.UTC(2100, 0, 1);

function fromEpoch(value: number, raw: Raw): number {
  for (const scale of [1000, 1, 1e-3, 1e-6]) {
    const ms = value * scale;
    if (ms >= minMs && ms < maxMs) return Math.round(ms);
  }
  throw new ValueError(`epoch value ${show(raw)} is not seconds, ms, µs or ns between 2000 and 2100`);
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : monthDays[month - 1]!;
}

/** The digits at text[from, from + count) as a number; -1 when one is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ`, the shape agents and APIs write, read without the
 * general pattern (a million-row import spends much of its parse time here); null for any other shape.
 */
function utcInstantFast(text: string): number | null {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text.charCodeAt(length - 1) !== 90 /* Z */) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return null;
  if (length === 24 && text[19] !== '.') return null;
  const year = digitsAt(text, 0, 4), month = digitsAt(text, 5, 2), day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2), minute = digitsAt(text, 14, 2), second = digitsAt(text, 17, 2);
  const ms = length === 24 ? digitsAt(text, 20, 3) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return epoch >= minMs && epoch < maxMs ? epoch : null;
}

/**
 * ISO 8601 (with or without offset, date-only) or epoch s/ms/µs/ns by magnitude. Timestamps
 * without an offset are wall-clock times in `timeZone` (the import's zone, UTC by default): one in a
 * DST gap moves forward by the gap's length, one in a DST overlap is the later of its two instants.
 */
export function parseTimestamp(raw: Raw, timeZone = 'UTC'): number | null {
  if (isBlank(raw)) return null;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) throw new ValueError(`expected a timestamp, got ${show(raw)}`);
    return fromEpoch(raw, raw);
  }
  if (typeof raw !== 'string') throw new ValueError(`expected a timestamp, got ${show(raw)}`);
  const fast = utcInstantFast(raw);
  if (fast !== null) return fast;
  const text = raw.trim();
  if (epochPattern.test(text)) return fromEpoch(Number(text), raw);
  const m = isoPattern.exec(text);
  if (!m) throw new ValueError(`expected an ISO 8601 timestamp or epoch, got "${show(raw)}"`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValueError(`"${show(raw)}" is not a calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new ValueError(`"${show(raw)}" has an invalid time of day`);
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let epoch: number;
  if (offset) epoch = wall - offsetMinutes(offset) * 60_000;
  else if (timeZone === 'UTC') epoch = wall;
  else epoch = instantOfWall(wall, timeZone);
  if (epoch < minMs || epoch >= maxMs) throw new ValueError(`timestamp "${show(raw)}" is outside 2000–2100`);
  return epoch;
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) throw new ValueError(`invalid UTC offset ${offset}`);
  return sign * (hours * 60 + minutes);
}
