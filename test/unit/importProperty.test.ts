/**
 * Seeded property test over the importers (issue 7): sample-like events written as CSV, JSONL and a
 * JSON array, mutated, then imported strictly and with skip-bad-rows. Every import must end in a
 * clean ImportError naming the file (and a line inside it) or in a summary whose rows are right:
 * for a mutation whose effect is known the totals equal an independent sum over the generated rows;
 * for blind ones (byte flips, truncation, inserted bytes) every row the mutation did not touch that
 * was imported holds exactly its generated values.
 */
import type { Database } from 'sql.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/core/ingest/errors';
import { Rng } from '../../src/tools/sample/random';
import { importFile, type ImportSummary } from '../../src/store/importer';
import { openTestDb, rows as query, tempDir } from './helpers/db';
import { exactKeySql, storedKeyText } from './helpers/eventKeys';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const rawControlCharacter = /[\u0000-\u0008\u000b-\u001f]/;

const tmp = tempDir('aur-property-');
afterAll(() => tmp.remove());

type Format = 'csv' | 'jsonl' | 'json';
const formats: Format[] = ['csv', 'jsonl', 'json'];
const casesPerFormat = 90;
const rowCount = 12;

interface Row {
  event_id: string;
  timestamp: string;
  user_id: string;
  agent_id: string;
  agent_name: string;
  model: string;
  input_tokens: number;
  credits: number;
}
const fields = ['event_id', 'timestamp', 'user_id', 'agent_id', 'agent_name', 'model', 'input_tokens', 'credits'] as const;

function generate(rng: Rng): Row[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.next() * items.length)]!;
  return Array.from({ length: rowCount }, (_, i) => ({
    event_id: `evt_${String(i).padStart(4, '0')}`,
    timestamp: new Date(Date.UTC(2026, 10, 1, 9, i, Math.floor(rng.next() * 60))).toISOString(),
    user_id: pick(['usr_001', 'usr_002', 'usr_003']),
    agent_id: pick(['agt_001', 'agt_002']),
    agent_name: pick(['Refactor Agent', 'Test, "Generator"', 'Zoë Bot']),
    model: pick(['gpt-4.1-mini', 'claude-sonnet-4']),
    input_tokens: Math.floor(rng.next() * 50_000),
    credits: Math.round(rng.next() * 1e4) / 1e3,
  }));
}

/** Raw source text replacing a field's value, or extra raw `"key":value` text for JSON. */
interface Edit {
  row: number;
  field?: (typeof fields)[number];
  raw: string;
  extraJson?: string;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The file's lines; row k is on line firstRowLine(format) + k. */
function serialise(rows: Row[], format: Format, edit?: Edit): string[] {
  const lines = rows.map((row, k) => {
    const own = edit?.row === k ? edit : undefined;
    if (format === 'csv') return fields.map((field) => (own?.field === field ? own.raw : csvCell(String(row[field])))).join(',');
    const entries = fields.map((field) => `${JSON.stringify(field)}:${own?.field === field ? own.raw : JSON.stringify(row[field])}`);
    if (own?.extraJson) entries.push(own.extraJson);
    return `{${entries.join(',')}}`;
  });
  if (format === 'csv') return [fields.join(','), ...lines];
  if (format === 'jsonl') return lines;
  return ['[', ...lines.map((line, k) => (k < lines.length - 1 ? `${line},` : line)), ']'];
}

const firstRowLine = (format: Format) => (format === 'jsonl' ? 1 : 2);

/** What a mutation does to the import when its effect is known. */
type Expectation =
  | { kind: 'same'; duplicates: number } // every row imports with its values
  | { kind: 'without'; row: number } // the row is gone from the file
  | { kind: 'reject'; row: number; column: string | null | undefined } // the row is refused (undefined: any column)
  | { kind: 'blind'; touchedLines: Set<number> }; // only untouched rows are checked

interface Case {
  name: string;
  bytes: Buffer;
  lines: number;
  expect: Expectation;
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function mutate(rows: Row[], format: Format, rng: Rng): Case {
  const k = Math.floor(rng.next() * rows.length);
  const line = firstRowLine(format) + k;
  const json = format !== 'csv';
  const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
  const known = (name: string, lines: string[], expectation: Expectation): Case => ({ name, bytes: text(lines), lines: lines.length, expect: expectation });
  const plain = serialise(rows, format);
  const choice = Math.floor(rng.next() * 13);
  switch (choice) {
    case 0:
      return known(`delete row ${k}`, plain.filter((_, i) => i !== line - 1), { kind: 'without', row: k });
    case 1: {
      const copy = plain[line - 1]!.replace(/,$/, '') + (format === 'json' ? ',' : '');
      return known(`duplicate row ${k}`, [...plain.slice(0, line - 1), copy, ...plain.slice(line - 1)], { kind: 'same', duplicates: 1 });
    }
    case 2: {
      const raw = ['1.8e302', '1e400', '1e16'][Math.floor(rng.next() * 3)]!;
      return known(`credits ${raw} in row ${k}`, serialise(rows, format, { row: k, field: 'credits', raw }), { kind: 'reject', row: k, column: 'credits' });
    }
    case 3: {
      const raw = ['9007199254740993', '1e400', '1.0000000000000001', '-5', '1e-400'][Math.floor(rng.next() * 5)]!;
      return known(`input_tokens ${raw} in row ${k}`, serialise(rows, format, { row: k, field: 'input_tokens', raw }), { kind: 'reject', row: k, column: 'input_tokens' });
    }
    case 4: {
      if (!json) return known(`deep brackets as text in row ${k}`, serialise(rows, format, { row: k, field: 'agent_name', raw: deep(5000) }), { kind: 'same', duplicates: 0 });
      const depth = rng.next() < 0.5 ? 20_000 : 65;
      return known(`nesting ${depth} deep in row ${k}`, serialise(rows, format, { row: k, raw: '', extraJson: `"extra":${deep(depth)}` }), { kind: 'reject', row: k, column: null });
    }
    case 5: {
      const raw = json ? '"bad\\u001b[2J\\u0000name"' : 'bad\u001b[2J\u0000name';
      return known(`control characters in row ${k}`, serialise(rows, format, { row: k, field: 'agent_name', raw }), { kind: 'same', duplicates: 0 });
    }
    case 6: {
      if (!json) return known(`empty timestamp in row ${k}`, serialise(rows, format, { row: k, field: 'timestamp', raw: '' }), { kind: 'reject', row: k, column: 'timestamp' });
      return known(`duplicate key in row ${k}`, serialise(rows, format, { row: k, raw: '', extraJson: '"input_tokens":5' }), { kind: 'reject', row: k, column: 'input_tokens' });
    }
    case 7: {
      if (format !== 'json') return known(`blank line before row ${k}`, [...plain.slice(0, line - 1), '', ...plain.slice(line - 1)], { kind: 'same', duplicates: 0 });
      return known(`scalar element before row ${k}`, [...plain.slice(0, line - 1), '42,', ...plain.slice(line - 1)], { kind: 'reject', row: -1, column: null });
    }
    default: {
      // blind mutations: the bytes of some lines change in ways the test does not model
      const bytes = Buffer.from(`${plain.join('\n')}\n`);
      const lineAt = (offset: number) => bytes.subarray(0, offset).toString('latin1').split('\n').length;
      const touched = new Set<number>();
      let out: Buffer;
      let name: string;
      const at = Math.floor(rng.next() * bytes.length);
      if (choice === 8 || choice === 9) {
        out = Buffer.from(bytes);
        for (let flips = 1 + Math.floor(rng.next() * 3), i = 0; i < flips; i++) {
          const offset = Math.floor(rng.next() * out.length);
          out[offset] = out[offset]! ^ (1 << Math.floor(rng.next() * 8));
          touched.add(lineAt(offset));
        }
        name = `byte flips on lines ${[...touched].join(',')}`;
      } else if (choice === 10) {
        out = bytes.subarray(0, at);
        for (let l = lineAt(at); l <= plain.length + 1; l++) touched.add(l);
        name = `truncated at byte ${at}`;
      } else {
        const junk = ['"', '\r', '\n', '{', '}', ']', ',', '\u0000', '\u001b', '\\', '\uFEFF', '\xff', '1e999'][Math.floor(rng.next() * 13)]!;
        out = Buffer.concat([bytes.subarray(0, at), Buffer.from(junk, junk === '\xff' ? 'latin1' : 'utf8'), bytes.subarray(at)]);
        touched.add(lineAt(at));
        name = `inserted ${JSON.stringify(junk)} at byte ${at}`;
      }
      // a broken quote or bracket can swallow the rest of the file into one record: rows from the first touched line on are unknown
      for (let l = Math.min(...touched); l <= plain.length + 2; l++) touched.add(l);
      return { name, bytes: out, lines: out.toString('latin1').split(/\r\n|\r|\n/).length, expect: { kind: 'blind', touchedLines: touched } };
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hangs`)), 5_000)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Outcome = { summary: ImportSummary; db: Database } | { error: ImportError };

async function attempt(path: string, skipBadRows: boolean, what: string): Promise<Outcome> {
  const db = await openTestDb();
  try {
    return { summary: await withTimeout(importFile(db, path, { skipBadRows, timeZone: 'UTC' }), what), db };
  } catch (error) {
    db.close();
    if (!(error instanceof ImportError)) throw new Error(`${what}: not a clean import error: ${String(error)}`, { cause: error });
    return { error };
  }
}

/** The stored rows by stored key (as `storedKeyText` gives it). */
function storedRows(db: Database): Map<string, { input_tokens: unknown; credits: unknown }> {
  const stored = query(db, `SELECT ${exactKeySql()} AS event_key, input_tokens, credits FROM events`);
  return new Map(stored.map((row) => [String(row.event_key), { input_tokens: row.input_tokens, credits: row.credits }]));
}

const sum = (rows: Row[], field: 'input_tokens' | 'credits') => rows.reduce((total, row) => total + row[field], 0);

function checkCase(rows: Row[], format: Format, path: string, mutation: Case, strict: Outcome, skip: Outcome): void {
  const what = `${format} ${mutation.name}`;
  for (const outcome of [strict, skip]) {
    if ('error' in outcome) {
      expect(outcome.error.file, what).toBe(path);
      if (outcome.error.line !== null) expect(outcome.error.line, what).toBeGreaterThanOrEqual(1);
      if (outcome.error.line !== null) expect(outcome.error.line, what).toBeLessThanOrEqual(mutation.lines + 1);
      expect(outcome.error.message, what).not.toMatch(rawControlCharacter);
    } else {
      const { summary } = outcome;
      expect(summary.imported + summary.duplicates + summary.rejected, what).toBe(summary.rowsRead);
    }
  }
  const expectation = mutation.expect;
  const lineOf = (row: number) => firstRowLine(format) + row;
  switch (expectation.kind) {
    case 'same':
    case 'without': {
      const kept = expectation.kind === 'without' ? rows.filter((_, i) => i !== expectation.row) : rows;
      for (const outcome of [strict, skip]) {
        if ('error' in outcome) throw new Error(`${what}: valid file refused: ${outcome.error.message}`);
        expect(outcome.summary, what).toMatchObject({ imported: kept.length, rejected: 0, duplicates: expectation.kind === 'same' ? expectation.duplicates : 0 });
        const [stored] = query(outcome.db, 'SELECT SUM(input_tokens) AS tokens, SUM(credits) AS credits FROM events');
        expect(stored!.tokens, what).toBe(sum(kept, 'input_tokens'));
        expect(stored!.credits as number, what).toBeCloseTo(sum(kept, 'credits'), 6);
      }
      break;
    }
    case 'reject': {
      const line = expectation.row === -1 ? null : lineOf(expectation.row);
      if (!('error' in strict)) throw new Error(`${what}: imported in strict mode`);
      if (line !== null) expect(strict.error.line, what).toBe(line);
      if (expectation.column !== undefined) expect(strict.error.column, what).toBe(expectation.column);
      if ('error' in skip) throw new Error(`${what}: skip mode stopped: ${skip.error.message}`);
      const kept = rows.filter((_, i) => i !== expectation.row);
      expect(skip.summary, what).toMatchObject({ imported: kept.length, rejected: 1 });
      if (line !== null) expect(skip.summary.rejects[0]!.line, what).toBe(line);
      const [stored] = query(skip.db, 'SELECT SUM(input_tokens) AS tokens FROM events');
      expect(stored!.tokens, what).toBe(sum(kept, 'input_tokens'));
      break;
    }
    case 'blind': {
      if ('error' in skip) break;
      const stored = storedRows(skip.db);
      rows.forEach((row, i) => {
        if (expectation.touchedLines.has(lineOf(i))) return;
        // an untouched row is imported with exactly its values
        expect(stored.get(storedKeyText(`id:${row.event_id}`)), `${what}: row ${i}`).toEqual({ input_tokens: row.input_tokens, credits: row.credits });
      });
      break;
    }
  }
}

describe('importers under seeded mutations (property)', () => {
  it.each(formats)('%s: every mutated file ends in a clean error or the right rows', async (format) => {
    const rng = new Rng(0x5eed + formats.indexOf(format));
    const kinds = new Map<string, number>();
    for (let i = 0; i < casesPerFormat; i++) {
      const rows = generate(rng);
      const mutation = mutate(rows, format, rng);
      const path = tmp.file(`case-${format}-${i}.${format}`, mutation.bytes);
      const what = `${format} case ${i} (${mutation.name})`;
      const strict = await attempt(path, false, what);
      const skip = await attempt(path, true, what);
      checkCase(rows, format, path, { ...mutation, name: `case ${i} (${mutation.name})` }, strict, skip);
      for (const outcome of [strict, skip]) if ('db' in outcome) outcome.db.close();
      kinds.set(mutation.expect.kind, (kinds.get(mutation.expect.kind) ?? 0) + 1);
    }
    // the seed exercises every kind of expectation
    expect([...kinds.keys()].sort()).toEqual(['blind', 'reject', 'same', 'without']);
  });
});
