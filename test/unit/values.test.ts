import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/core/ingest/jsonValue';
import { maxAmount, parseAmount, parseBoolean, parseCount, parseStatus, parseText, parseTimestamp, ValueError } from '../../src/core/values';
import { onEveryMachine } from './helpers/machineZone';

/** The ValueError message a parser throws, or fails the test when it returns. */
function reason(parse: () => unknown): string {
  try {
    const value = parse();
    throw new Error(`expected a ValueError, got ${String(value)}`);
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return (error as Error).message;
  }
}

describe('parseText', () => {
  it('trims text, keeps literal words, blanks are null', () => {
    expect(parseText('  gpt-4o ')).toBe('gpt-4o');
    expect(parseText('NULL')).toBe('NULL');
    expect(parseText('')).toBeNull();
    expect(parseText('   ')).toBeNull();
    expect(parseText(null)).toBeNull();
    expect(parseText(undefined)).toBeNull();
    expect(parseText(42)).toBe('42');
  });

  it('refuses booleans, objects and non-finite numbers', () => {
    expect(reason(() => parseText(true))).toBe('expected text, got true');
    expect(reason(() => parseText({ a: 1 }))).toBe('expected text, got {"a":1}');
    expect(reason(() => parseText(Infinity))).toBe('expected text, got Infinity');
  });
});

describe('parseCount (C13/J3/J4 policy: non-negative safe integers, digits-only strings)', () => {
  it('accepts plain digits, a leading +, surrounding spaces and JSON integers', () => {
    expect(parseCount('12')).toBe(12);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('+7')).toBe(7);
    expect(parseCount('0')).toBe(0);
    expect(parseCount('007')).toBe(7);
    expect(parseCount(12)).toBe(12);
    expect(parseCount(1e3)).toBe(1000); // a JSON number 1e3 is just the number 1000
    expect(parseCount(Number.MAX_SAFE_INTEGER)).toBe(9007199254740991);
    expect(parseCount('9007199254740991')).toBe(9007199254740991);
  });

  it('empty, whitespace and null are unknown (null), never 0', () => {
    expect(parseCount('')).toBeNull();
    expect(parseCount('  ')).toBeNull();
    expect(parseCount(null)).toBeNull();
    expect(parseCount(undefined)).toBeNull();
  });

  it('refuses thousands separators, decimal commas, hex, exponents, signs, fractions and trailing junk', () => {
    expect(reason(() => parseCount('1,234'))).toBe('expected a non-negative integer, got 1,234');
    expect(reason(() => parseCount('1.234,5'))).toBe('expected a non-negative integer, got 1.234,5');
    expect(reason(() => parseCount('0x1A'))).toBe('expected a non-negative integer, got 0x1A');
    expect(reason(() => parseCount('1e3'))).toBe('expected a non-negative integer, got 1e3');
    expect(reason(() => parseCount('-0'))).toBe('expected a non-negative integer, got -0');
    expect(reason(() => parseCount('-5'))).toBe('expected a non-negative integer, got -5');
    expect(reason(() => parseCount('12abc'))).toBe('expected a non-negative integer, got 12abc');
    expect(reason(() => parseCount('1.5'))).toBe('expected a non-negative integer, got 1.5');
    expect(reason(() => parseCount('1 2'))).toBe('expected a non-negative integer, got 1 2');
    expect(reason(() => parseCount('Infinity'))).toBe('expected a non-negative integer, got Infinity');
    expect(reason(() => parseCount('٣'))).toBe('expected a non-negative integer, got ٣');
  });

  it('refuses JSON values that are not non-negative safe integers, naming the value', () => {
    expect(reason(() => parseCount(-5))).toBe('expected a non-negative integer, got -5');
    expect(reason(() => parseCount(-0))).toBe('expected a non-negative integer, got -0');
    expect(reason(() => parseCount(1.5))).toBe('expected an integer, got fraction 1.5');
    expect(reason(() => parseCount(true))).toBe('expected a non-negative integer, got true');
    // 1e400 parses to Infinity; the message must not say "null" (JSON.stringify(Infinity))
    expect(reason(() => parseCount(JSON.parse('1e400')))).toBe('expected a finite integer, got Infinity');
    expect(reason(() => parseCount(NaN))).toBe('expected a finite integer, got NaN');
    // 9007199254740993 arrives as 9007199254740992 after JSON.parse: refused, never silently rounded
    expect(reason(() => parseCount(JSON.parse('9007199254740993')))).toBe('integer 9007199254740992 is larger than 2^53 − 1');
    expect(reason(() => parseCount('9007199254740993'))).toBe('integer 9007199254740993 is larger than 2^53 − 1');
    expect(reason(() => parseCount([1]))).toBe('expected a non-negative integer, got [1]');
  });
});

describe('parseAmount (credits, cost, latency)', () => {
  it('accepts decimals and exponents, null for blanks', () => {
    expect(parseAmount('1.25')).toBe(1.25);
    expect(parseAmount(' .5 ')).toBe(0.5);
    expect(parseAmount('3.')).toBe(3);
    expect(parseAmount('1e3')).toBe(1000);
    expect(parseAmount('+2')).toBe(2);
    expect(parseAmount(0.001)).toBe(0.001);
    expect(parseAmount('0')).toBe(0);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount(null)).toBeNull();
  });

  it('refuses negatives (including -0), separators, hex, non-finite values and junk', () => {
    expect(reason(() => parseAmount('-1.5'))).toBe('expected a non-negative number, got -1.5');
    expect(reason(() => parseAmount('-0'))).toBe('expected a non-negative number, got -0');
    expect(reason(() => parseAmount(-0))).toBe('expected a non-negative number, got -0');
    expect(reason(() => parseAmount('1,5'))).toBe('expected a number, got 1,5');
    expect(reason(() => parseAmount('0x1A'))).toBe('expected a number, got 0x1A');
    expect(reason(() => parseAmount('$3'))).toBe('expected a number, got $3');
    expect(reason(() => parseAmount('NaN'))).toBe('expected a number, got NaN');
    expect(reason(() => parseAmount(Infinity))).toBe('expected a finite number, got Infinity');
    expect(reason(() => parseAmount('1e400'))).toBe('expected a finite number, got 1e400');
    expect(reason(() => parseAmount(false))).toBe('expected a number, got false');
  });
});

describe('parseStatus', () => {
  it.each(['ok', 'success', 'succeeded', 'completed', 'OK', ' Success ', 'SUCCEEDED', 'Completed'])('%j → ok', (word) => {
    expect(parseStatus(word)).toBe('ok');
  });

  it.each(['error', 'failed', 'failure', 'exception', 'timeout', 'ERROR', 'Failed', ' TimeOut '])('%j → error', (word) => {
    expect(parseStatus(word)).toBe('error');
  });

  it('the wider vocabulary the parser also accepts', () => {
    for (const word of ['successful', 'complete', 'done', 'pass', 'passed']) expect(parseStatus(word)).toBe('ok');
    for (const word of ['fail', 'timed_out', 'cancelled_with_error']) expect(parseStatus(word)).toBe('error');
  });

  it('blank is unknown; unknown words and non-strings are refused with the vocabulary', () => {
    expect(parseStatus('')).toBeNull();
    expect(parseStatus(null)).toBeNull();
    expect(reason(() => parseStatus('pending'))).toBe(
      'unknown status "pending" (use ok|success|succeeded|completed or error|failed|failure|exception|timeout)',
    );
    expect(reason(() => parseStatus(200))).toBe('expected a status word, got 200');
    expect(reason(() => parseStatus(true))).toBe('expected a status word, got true');
  });
});

describe('parseBoolean', () => {
  it('accepts true/false words, 1/0 and JSON booleans', () => {
    for (const word of ['true', 'TRUE', ' yes ', 'y', 't', '1']) expect(parseBoolean(word)).toBe(true);
    for (const word of ['false', 'False', 'no', 'n', 'f', '0']) expect(parseBoolean(word)).toBe(false);
    expect(parseBoolean(true)).toBe(true);
    expect(parseBoolean(false)).toBe(false);
    expect(parseBoolean(1)).toBe(true);
    expect(parseBoolean(0)).toBe(false);
    expect(parseBoolean('')).toBeNull();
    expect(parseBoolean(null)).toBeNull();
  });

  it('refuses other words and numbers', () => {
    expect(reason(() => parseBoolean('maybe'))).toBe('expected true or false, got maybe');
    expect(reason(() => parseBoolean(2))).toBe('expected true or false, got 2');
    expect(reason(() => parseBoolean('2'))).toBe('expected true or false, got 2');
  });
});

describe('parseTimestamp (J5)', () => {
  const noon = Date.UTC(2024, 4, 1, 12, 0, 0);

  it('ISO 8601 with Z and with offsets', () => {
    expect(parseTimestamp('2024-05-01T12:00:00Z')).toBe(noon);
    expect(parseTimestamp('2024-05-01T12:00:00+05:30')).toBe(Date.UTC(2024, 4, 1, 6, 30, 0));
    expect(parseTimestamp('2024-05-01T12:00:00-08:00')).toBe(Date.UTC(2024, 4, 1, 20, 0, 0));
    expect(parseTimestamp('2024-05-01 12:00:00+0530')).toBe(Date.UTC(2024, 4, 1, 6, 30, 0));
    expect(parseTimestamp('2024-05-01T12:00:00+05')).toBe(Date.UTC(2024, 4, 1, 7, 0, 0));
    expect(parseTimestamp('2024-05-01t12:00:00z')).toBe(noon);
    expect(parseTimestamp(' 2024-05-01T12:00:00 Z ')).toBe(noon);
    // the offset wins over the import zone
    expect(parseTimestamp('2024-05-01T12:00:00Z', 'America/New_York')).toBe(noon);
  });

  it('fractions of a second are rounded to ms', () => {
    expect(parseTimestamp('2024-05-01T12:00:00.123456Z')).toBe(noon + 123);
    expect(parseTimestamp('2024-05-01T12:00:00,5Z')).toBe(noon + 500);
    expect(parseTimestamp('2024-05-01T12:00:00.9999Z')).toBe(noon + 1000);
  });

  it('no offset and date-only are UTC by default, wall-clock in the import zone when given', () => {
    expect(parseTimestamp('2024-05-01T12:00:00')).toBe(noon);
    expect(parseTimestamp('2024-05-01T12:00')).toBe(noon);
    expect(parseTimestamp('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(parseTimestamp('2024-05-01T12:00:00', 'America/New_York')).toBe(Date.UTC(2024, 4, 1, 16, 0, 0));
    expect(parseTimestamp('2024-05-01', 'America/New_York')).toBe(Date.UTC(2024, 4, 1, 4, 0, 0));
    expect(parseTimestamp('2024-05-01T12:00:00', 'Asia/Kolkata')).toBe(Date.UTC(2024, 4, 1, 6, 30, 0));
  });

  it('epoch seconds, ms, µs and ns by magnitude, as numbers or digit strings', () => {
    expect(parseTimestamp(1714564800)).toBe(noon);
    expect(parseTimestamp(1714564800000)).toBe(noon);
    expect(parseTimestamp(1714564800000000)).toBe(noon);
    expect(parseTimestamp('1714564800')).toBe(noon);
    expect(parseTimestamp('1714564800000')).toBe(noon);
    expect(parseTimestamp('1714564800000000')).toBe(noon);
    expect(parseTimestamp('1714564800000000000')).toBe(noon);
    expect(parseTimestamp('1714564800.5')).toBe(noon + 500);
    expect(parseTimestamp(1714564800123.7)).toBe(noon + 124);
  });

  it('refuses US dates, words, impossible dates and times, out-of-range epochs and offsets', () => {
    expect(reason(() => parseTimestamp('05/01/2024'))).toBe('expected an ISO 8601 timestamp or epoch, got "05/01/2024"');
    expect(reason(() => parseTimestamp('garbage'))).toBe('expected an ISO 8601 timestamp or epoch, got "garbage"');
    expect(reason(() => parseTimestamp('yesterday'))).toBe('expected an ISO 8601 timestamp or epoch, got "yesterday"');
    expect(reason(() => parseTimestamp('2023-02-29'))).toBe('"2023-02-29" is not a calendar date');
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(reason(() => parseTimestamp('2024-04-31T00:00:00Z'))).toBe('"2024-04-31T00:00:00Z" is not a calendar date');
    expect(reason(() => parseTimestamp('2024-13-01'))).toBe('"2024-13-01" is not a calendar date');
    expect(reason(() => parseTimestamp('2024-05-01T24:00:00Z'))).toBe('"2024-05-01T24:00:00Z" has an invalid time of day');
    expect(reason(() => parseTimestamp('2024-05-01T12:60:00Z'))).toBe('"2024-05-01T12:60:00Z" has an invalid time of day');
    expect(reason(() => parseTimestamp('2024-05-01T12:00:00+15:00'))).toBe('invalid UTC offset +15:00');
    expect(reason(() => parseTimestamp('1999-12-31T23:59:59Z'))).toBe('timestamp "1999-12-31T23:59:59Z" is outside 2000–2100');
    expect(reason(() => parseTimestamp('0'))).toBe('epoch value 0 is not seconds, ms, µs or ns between 2000 and 2100');
    expect(reason(() => parseTimestamp(946684799))).toBe('epoch value 946684799 is not seconds, ms, µs or ns between 2000 and 2100');
    expect(reason(() => parseTimestamp(-1714564800))).toBe('expected a timestamp, got -1714564800');
    expect(reason(() => parseTimestamp(Infinity))).toBe('expected a timestamp, got Infinity');
    expect(reason(() => parseTimestamp(true))).toBe('expected a timestamp, got true');
    expect(parseTimestamp('')).toBeNull();
    expect(parseTimestamp(null)).toBeNull();
  });

  it('DST gap in Europe/Berlin: 2026-03-29T02:30 does not exist and moves forward to 03:30 CEST', () => {
    expect(parseTimestamp('2026-03-29T01:59:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0, 59));
    expect(parseTimestamp('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(parseTimestamp('2026-03-29T03:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  it('DST overlap in Europe/Berlin: 2026-10-25T02:30 happens twice and is read as the later one (02:30 CET)', () => {
    expect(parseTimestamp('2026-10-25T02:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 1, 30));
    expect(parseTimestamp('2026-10-25T01:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 23, 30));
    expect(parseTimestamp('2026-10-25T03:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 30));
  });

  // Expected instants from Python's zoneinfo (fold=0 in a gap moves forward, fold=1 in an overlap is the later one).
  const dstCases: [zone: string, wall: string, utc: string][] = [
    ['Europe/Berlin', '2026-03-29T02:30:00', '2026-03-29T01:30:00Z'],
    ['Europe/Berlin', '2026-10-25T02:30:00', '2026-10-25T01:30:00Z'],
    ['America/New_York', '2026-03-08T02:30:00', '2026-03-08T07:30:00Z'],
    ['America/New_York', '2026-11-01T01:30:00', '2026-11-01T06:30:00Z'],
    ['Australia/Lord_Howe', '2026-10-04T02:15:00', '2026-10-03T15:45:00Z'],
    ['Australia/Lord_Howe', '2026-04-05T01:45:00', '2026-04-04T15:15:00Z'],
  ];

  it('DST gap in America/New_York: 2026-03-08T02:30 moves forward to 03:30 EDT', () => {
    expect(parseTimestamp('2026-03-08T01:59:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 6, 59));
    expect(parseTimestamp('2026-03-08T02:30:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(parseTimestamp('2026-03-08T03:00:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 0));
  });

  it('DST overlap in America/New_York: 2026-11-01T01:30 happens twice and is read as the later one (01:30 EST)', () => {
    expect(parseTimestamp('2026-11-01T00:59:00', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 4, 59));
    expect(parseTimestamp('2026-11-01T01:30:00', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 6, 30));
    expect(parseTimestamp('2026-11-01T02:00:00', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 7, 0));
  });

  it('a half-hour DST change (Lord Howe) follows the same gap and overlap rule', () => {
    expect(parseTimestamp('2026-10-04T02:15:00', 'Australia/Lord_Howe')).toBe(Date.UTC(2026, 9, 3, 15, 45));
    expect(parseTimestamp('2026-04-05T01:45:00', 'Australia/Lord_Howe')).toBe(Date.UTC(2026, 3, 4, 15, 15));
  });

  it('gap and overlap times resolve the same whatever the machine\'s own time zone', () => {
    const expected = Object.fromEntries(dstCases.map(([zone, wall, utc]) => [`${zone} ${wall}`, Date.parse(utc)]));
    const byMachine = onEveryMachine(() => Object.fromEntries(dstCases.map(([zone, wall]) => [`${zone} ${wall}`, parseTimestamp(wall, zone)])));
    for (const machine of Object.keys(byMachine)) expect({ machine, ...byMachine[machine] }).toEqual({ machine, ...expected });
  });

  it('an unknown import zone is an error naming it, not a silent NaN', () => {
    expect(() => parseTimestamp('2026-01-01T00:00:00', 'Mars/Olympus')).toThrow('Unknown time zone "Mars/Olympus"');
  });
});

describe('JSON numbers keep their source text (issue 7 fuzz findings)', () => {
  const json = (source: string) => new JsonNumber(source);

  it('a token count must be an integer as written, not merely as a double', () => {
    // each of these is an integer once rounded to a double (0, 1 and 9007199254740990)
    expect(reason(() => parseCount(json('1e-400')))).toBe('expected an integer, got fraction 1e-400');
    expect(reason(() => parseCount(json('1.0000000000000001')))).toBe('expected an integer, got fraction 1.0000000000000001');
    expect(reason(() => parseCount(json('9007199254740990.5')))).toBe('expected an integer, got fraction 9007199254740990.5');
    expect(reason(() => parseCount(json('9007199254740993')))).toBe('integer 9007199254740993 is larger than 2^53 − 1');
    expect(reason(() => parseCount(json('1e300')))).toBe('integer 1e300 is larger than 2^53 − 1');
    expect(reason(() => parseCount(json('-0.0')))).toBe('expected a non-negative integer, got -0');
    expect(reason(() => parseCount(json('-1e-400')))).toBe('expected a non-negative integer, got -1e-400');
  });

  it('integers written with a fraction of zeros or an exponent are exact', () => {
    expect(parseCount(json('1.0'))).toBe(1);
    expect(parseCount(json('1e3'))).toBe(1000);
    expect(parseCount(json('12.50e1'))).toBe(125);
    expect(parseCount(json('0e99'))).toBe(0);
    expect(parseCount(json('0.0'))).toBe(0);
    expect(parseCount(json('9007199254740991'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseCount(json('900719925474099.1e1'))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a numeric id keeps every digit', () => {
    expect(parseText(json('9007199254740993'))).toBe('9007199254740993');
    expect(parseText(json('12345678901234567890'))).toBe('12345678901234567890');
  });

  it('booleans read 0 and 1 written as JSON numbers', () => {
    expect(parseBoolean(json('1'))).toBe(true);
    expect(parseBoolean(json('0'))).toBe(false);
    expect(reason(() => parseBoolean(json('1.0')))).toBe('expected true or false, got 1.0');
  });
});

describe('parseAmount bounds (a sum over 2^31 rows must stay finite)', () => {
  it('refuses values above 10^15, whose sums overflowed to Infinity at export', () => {
    expect(maxAmount).toBe(1e15);
    expect(parseAmount('1000000000000000')).toBe(1e15);
    expect(reason(() => parseAmount('1.8e302'))).toBe('number 1.8e302 is larger than 10^15');
    expect(reason(() => parseAmount(new JsonNumber('1.8e302')))).toBe('number 1.8e302 is larger than 10^15');
    expect(reason(() => parseAmount(1e16))).toBe('number 10000000000000000 is larger than 10^15');
  });

  it('refuses a non-zero value that underflows to 0', () => {
    expect(reason(() => parseAmount('1e-400'))).toBe('number 1e-400 is too small to represent');
    expect(reason(() => parseAmount(new JsonNumber('1e-400')))).toBe('number 1e-400 is too small to represent');
    expect(parseAmount('0e-400')).toBe(0);
    expect(parseAmount(new JsonNumber('0.000'))).toBe(0);
  });
});

describe('messages never echo control characters', () => {
  it('ESC, NUL and bidi overrides in a cell are escaped in the reason', () => {
    expect(reason(() => parseCount('\u001b[2J\u0000'))).toBe('expected a non-negative integer, got \\x1b[2J\\x00');
    expect(reason(() => parseStatus('ok\u202e'))).toContain('ok\\u202e');
  });
});

describe('parseTimestamp on the common UTC shapes', () => {
  it('reads every day of 2000–2099 at second and millisecond precision as Date.parse does', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    let checked = 0;
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2100, 0, 1); day += 86_400_000 * 29 + 3_723_456) {
      const d = new Date(day);
      const seconds = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      expect(parseTimestamp(`${seconds}Z`)).toBe(Date.parse(`${seconds}Z`));
      expect(parseTimestamp(`${seconds}.${pad(d.getUTCMilliseconds(), 3)}Z`)).toBe(day);
      checked++;
    }
    expect(checked).toBeGreaterThan(1200);
  });

  it('refuses impossible dates and times in the same shapes, and keeps the 2000–2100 bounds', () => {
    expect(reason(() => parseTimestamp('2025-02-29T00:00:00Z'))).toBe('"2025-02-29T00:00:00Z" is not a calendar date');
    expect(parseTimestamp('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
    expect(reason(() => parseTimestamp('2100-02-29T00:00:00Z'))).toBe('"2100-02-29T00:00:00Z" is not a calendar date');
    expect(reason(() => parseTimestamp('2026-04-31T10:00:00.000Z'))).toBe('"2026-04-31T10:00:00.000Z" is not a calendar date');
    expect(reason(() => parseTimestamp('2026-04-30T24:00:00Z'))).toBe('"2026-04-30T24:00:00Z" has an invalid time of day');
    expect(reason(() => parseTimestamp('2026-04-30T23:60:00.000Z'))).toBe('"2026-04-30T23:60:00.000Z" has an invalid time of day');
    expect(reason(() => parseTimestamp('1999-12-31T23:59:59.999Z'))).toBe('timestamp "1999-12-31T23:59:59.999Z" is outside 2000–2100');
    expect(reason(() => parseTimestamp('2026-0a-30T10:00:00Z'))).toBe('expected an ISO 8601 timestamp or epoch, got "2026-0a-30T10:00:00Z"');
  });
});
