/**
 * Credits and money kept as codes (src/core/moneyCodes.ts): what is read back — in JS and through the SQL the
 * events view uses — is the double the decimal text parses to, bit for bit; codes are stored as SQLite integers
 * (however sql.js binds them); values a code cannot hold stay REALs.
 */
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneyCode, moneyCodeSql, moneyOfCode, moneyOfCodeSql } from '../../src/core/moneyCodes';
import { openTestDb, rows } from './helpers/db';

let db: Database;
beforeAll(async () => {
  db = await openTestDb();
  db.exec('CREATE TABLE amounts (id INTEGER PRIMARY KEY, code INTEGER)');
});
afterAll(() => db.close());

/** A decimal text with `digits` significant digits and `decimals` after the point, from a seeded generator. */
function decimalTexts(count: number, seed: number): string[] {
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const decimals = Math.floor(next() * 16);
    const digits = 1 + Math.floor(next() * 14);
    let text = '';
    for (let d = 0; d < digits; d++) text += String(Math.floor(next() * 10));
    text = text.padStart(decimals + 1, '0');
    texts.push(decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`);
  }
  return texts;
}

/** Stores each value's code and reads it back through SQL, in order. */
function throughSql(values: readonly number[]): { stored: number | null; type: string; read: unknown }[] {
  db.exec('DELETE FROM amounts');
  const insert = db.prepare('INSERT INTO amounts (id, code) VALUES (?, ?)');
  values.forEach((value, id) => insert.run([id, moneyCode(value)]));
  insert.free();
  return rows(db, `SELECT code AS stored, typeof(code) AS type, ${moneyOfCodeSql('code')} AS read FROM amounts ORDER BY id`) as never;
}

const same = (a: unknown, b: unknown) => Object.is(a, b);

describe('money codes', () => {
  it('read back every decimal of up to 15 decimals and 14 digits (a mantissa below 2^49) as the double its text parses to, in JS and in SQL', () => {
    const texts = decimalTexts(20_000, 7);
    const values = texts.map(Number);
    const read = throughSql(values);
    for (let i = 0; i < texts.length; i++) {
      const { type, read: sqlValue } = read[i]!;
      expect(type, texts[i]).toBe('integer');
      expect(same(moneyOfCode(moneyCode(values[i]!)), values[i]), texts[i]).toBe(true);
      expect(same(sqlValue, values[i]), `${texts[i]} read by SQL as ${String(sqlValue)}`).toBe(true);
    }
  });

  it('keep a source’s usual amounts in two to four bytes', () => {
    // SQLite stores an integer below 2^15 in 2 bytes, below 2^23 in 3, below 2^31 in 4
    expect(Math.abs(moneyCode(0.015634)!)).toBeLessThan(2 ** 23);
    expect(Math.abs(moneyCode(3.3972)!)).toBeLessThan(2 ** 23);
    expect(Math.abs(moneyCode(0.01737175)!)).toBeLessThan(2 ** 31);
    expect(Math.abs(moneyCode(12)!)).toBeLessThan(2 ** 15);
  });

  it('keep a value no code holds as the REAL itself, and codes above 2^31 as integers', () => {
    const odd = [0.1 + 0.2, 1e-20, 2 ** -30, 123456.78901234567, 5853104.13224044];
    const large = [1e15, 999_999_999_999_999, 2 ** 53 + 2, 0.5 + 2 ** 40];
    const read = throughSql([...odd, ...large]);
    expect(read.map((row) => row.type)).toEqual(['real', 'real', 'real', 'real', 'real', 'integer', 'integer', 'integer', 'integer']);
    [...odd, ...large].forEach((value, i) => {
      expect(same(read[i]!.read, value), String(value)).toBe(true);
      expect(same(moneyOfCode(read[i]!.stored), value), String(value)).toBe(true);
    });
  });

  it('keep NULL as NULL and 0 as 0; refuse a whole number too large for a 64-bit code', () => {
    expect(moneyCode(null)).toBeNull();
    expect(moneyOfCode(null)).toBeNull();
    expect(throughSql([0]).map((row) => row.read)).toEqual([0]);
    expect(() => moneyCode(2 ** 59)).toThrow(RangeError);
    expect(() => moneyCode(Number.NaN)).toThrow(RangeError);
  });

  it('code a whole number written through SQL as the writers do, leave fractions and text as they are, refuse one too large', () => {
    db.exec('DELETE FROM amounts');
    db.exec(`CREATE TEMP TRIGGER amounts_insert BEFORE INSERT ON amounts WHEN NEW.id < 0 BEGIN
      INSERT INTO amounts (id, code) VALUES (-NEW.id, ${moneyCodeSql('NEW.code', 'code')}); SELECT RAISE(IGNORE); END`);
    db.exec("INSERT INTO amounts (id, code) VALUES (-1, 7), (-2, 2.5), (-3, 'n/a')");
    expect(rows(db, `SELECT typeof(code) AS type, ${moneyOfCodeSql('code')} AS read FROM amounts ORDER BY id`)).toEqual([
      { type: 'integer', read: 7 },
      { type: 'real', read: 2.5 },
      { type: 'text', read: 'n/a' },
    ]);
    expect(() => db.exec(`INSERT INTO amounts (id, code) VALUES (-4, ${2 ** 60})`)).toThrow(/amount too large to store: code/);
    db.exec('DROP TRIGGER amounts_insert');
  });
});
