/**
 * CSV ingest: the C1–C15 cases named in the tests, through readCsvRows / readCsv and importFile.
 * Tricky bytes are generated here into a temp dir so each case shows exactly what it feeds in.
 */
import type * as FsPromises from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, mkdirSync, type PathLike } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCsv, readCsvRows } from '../../src/core/ingest/csv';
import { ImportError } from '../../src/core/ingest/errors';
import { maxRecordChars } from '../../src/core/ingest/rawRecord';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { count, dumpTables, openTestDb, rejection, rows, tempDir } from './helpers/db';

/** Paths ending in `.vanishing.csv` read two chunks, then fail like a disk or network share going away. */
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const open = (async (path: PathLike, ...rest: unknown[]) => {
    const handle = await (actual.open as (path: PathLike, ...rest: unknown[]) => Promise<FsPromises.FileHandle>)(path, ...rest);
    if (!String(path).endsWith('.vanishing.csv')) return handle;
    let reads = 0;
    return new Proxy(handle, {
      get(target, property, receiver) {
        if (property !== 'read') {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
        return async (...args: Parameters<FsPromises.FileHandle['read']>) => {
          if (reads++ === 2) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
          return target.read(...args);
        };
      },
    });
  }) as typeof actual.open;
  return { ...actual, default: { ...actual, open }, open };
});

const require = createRequire(import.meta.url);
const spectrumDir = join(require.resolve('csv-spectrum/package.json'), '..');

const tmp = tempDir('aur-csv-');
afterAll(() => tmp.remove());

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});

/** Every row readCsvRows yields, flattened. */
async function csvRows(path: string) {
  const all = [];
  for await (const batch of readCsvRows(path)) all.push(...batch);
  return all;
}

/** csv-spectrum convention: the first record is the keys, every value stays a string. */
async function csvObjects(path: string): Promise<Record<string, string>[]> {
  const [header, ...records] = await csvRows(path);
  if (!header || !('cells' in header)) throw new Error('no header');
  return records.map((record) => {
    if (!('cells' in record)) throw new Error(`line ${record.line}: ${record.error}`);
    return Object.fromEntries(header.cells.map((name, i) => [name, record.cells[i]!]));
  });
}

async function importError(path: string, options: ImportOptions = {}): Promise<ImportError> {
  const error = await rejection(importFile(db, path, options));
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/** An events file with some rows in it, so "unchanged" means more than "empty". */
async function seedStore(): Promise<ReturnType<typeof dumpTables>> {
  const seed = tmp.file(
    `seed-${Math.random().toString(36).slice(2)}.csv`,
    'event_id,ts,user_email,agent_id,model,org_id,input_tokens\n' +
      's1,2024-04-01T00:00:00Z,ann@example.com,a1,gpt-4o,acme,10\n' +
      's2,2024-04-02T00:00:00Z,bob@example.com,a2,claude,acme,20\n',
  );
  await importFile(db, seed, {});
  const before = dumpTables(db);
  expect(before.events).toHaveLength(2);
  return before;
}

const ts = '2024-05-01T12:00:00Z';

describe('C1 csv-spectrum through readCsvRows + header mapping', () => {
  const core = ['comma_in_quotes', 'empty', 'empty_crlf', 'escaped_quotes', 'json', 'newlines', 'newlines_crlf',
    'quotes_and_newlines', 'simple', 'simple_crlf', 'utf8'];

  it('C1 the npm package has the 11 core cases plus location_coordinates', () => {
    const csvs = readdirSync(join(spectrumDir, 'csvs')).map((name) => name.replace(/\.csv$/, '')).sort();
    expect(csvs).toEqual([...core, 'location_coordinates'].sort());
  });

  it.each(core)('C1 %s matches its JSON exactly, as strings', async (name) => {
    const expected = JSON.parse(readFileSync(join(spectrumDir, 'json', `${name}.json`), 'utf8'));
    expect(await csvObjects(join(spectrumDir, 'csvs', `${name}.csv`))).toEqual(expected);
  });

  it('C1 the *_crlf files really contain CR bytes (npm ships them CRLF) and their LF twins do not', () => {
    for (const name of ['empty', 'newlines', 'simple']) {
      const crlf = readFileSync(join(spectrumDir, 'csvs', `${name}_crlf.csv`));
      const lf = readFileSync(join(spectrumDir, 'csvs', `${name}.csv`));
      expect(crlf.includes(0x0d)).toBe(true);
      expect(crlf.includes(Buffer.from('\r\n'))).toBe(true);
      expect(lf.includes(0x0d)).toBe(false);
    }
  });

  it('C1 newlines_crlf keeps the CRLF inside the quoted field', async () => {
    const objects = await csvObjects(join(spectrumDir, 'csvs', 'newlines_crlf.csv'));
    expect(objects[1]!.a).toBe('Once upon \r\na time');
  });

  it('C1 location_coordinates (inconsistent upstream JSON) is a smoke test: one record, U+FFFD kept', async () => {
    const objects = await csvObjects(join(spectrumDir, 'csvs', 'location_coordinates.csv'));
    expect(objects).toHaveLength(1);
    expect(objects[0]!['Location Coordinates']).toContain('\uFFFD');
  });

  it('C1 own fixture null: empty stays empty, NULL quoted or not stays the literal string', async () => {
    const path = tmp.file('null.csv', 'a,b,c\n1,,2\n3,"NULL",4\n5,NULL,6\n');
    expect(await csvObjects(path)).toEqual([
      { a: '1', b: '', c: '2' },
      { a: '3', b: 'NULL', c: '4' },
      { a: '5', b: 'NULL', c: '6' },
    ]);
  });

  it('C1 own fixture newlines_cr: bare CR separators give 3 rows and keep the CR inside quotes', async () => {
    const path = tmp.file('newlines_cr.csv', 'a,b,c\r1,2,3\r"Once upon \ra time",5,6\r7,8,9\r');
    expect(readFileSync(path).includes(0x0a)).toBe(false);
    expect(await csvObjects(path)).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: 'Once upon \ra time', b: '5', c: '6' },
      { a: '7', b: '8', c: '9' },
    ]);
    expect((await csvRows(path)).map((row) => row.line)).toEqual([1, 2, 3, 5]);
  });
});

describe('C2–C4 encoding', () => {
  it('C2 a UTF-8 BOM is stripped: the first header is clean and maps', async () => {
    const path = tmp.file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`ts,input_tokens\n${ts},5\n`)]));
    const [header] = await csvRows(path);
    expect(header).toEqual({ line: 1, cells: ['ts', 'input_tokens'] });
    const summary = await importFile(db, path, {});
    expect(summary.imported).toBe(1);
    expect(rows(db, 'SELECT ts, input_tokens FROM events')).toEqual([{ ts: Date.UTC(2024, 4, 1, 12), input_tokens: 5 }]);
  });

  it.each([
    ['LE', Buffer.from([0xff, 0xfe]), (text: string) => Buffer.from(text, 'utf16le')],
    ['BE', Buffer.from([0xfe, 0xff]), (text: string) => Buffer.from(text, 'utf16le').swap16()],
  ])('C3 UTF-16%s with BOM is refused at line 1 ("save it as UTF-8"), store unchanged', async (variant, bom, encode) => {
    const before = await seedStore();
    const path = tmp.file(`utf16${variant}.csv`, Buffer.concat([bom, encode(`ts,input_tokens\n${ts},5\n`)]));
    const error = await importError(path);
    expect(error.line).toBe(1);
    expect(error.reason).toBe('file is UTF-16 encoded; save it as UTF-8 and import again');
    expect(error.message).toBe(`${path}:1: file is UTF-16 encoded; save it as UTF-8 and import again`);
    expect(dumpTables(db)).toEqual(before);
  });

  it('C4 an invalid byte 0xFF on line 7 is named as line 7 (a real U+FFFD on line 3 does not confuse it)', async () => {
    const before = await seedStore();
    const lines = [
      'ts,model',
      `${ts},a`,
      `${ts},\uFFFD replacement char written on purpose`,
      `${ts},b`,
      `${ts},c`,
      `${ts},d`,
    ].join('\n');
    const bytes = Buffer.concat([Buffer.from(`${lines}\n`), Buffer.from('2024-05-01T12:00:00Z,bad '), Buffer.from([0xff]), Buffer.from('\n' + `${ts},e\n`)]);
    const path = tmp.file('invalid.csv', bytes);
    const error = await importError(path);
    expect(error.line).toBe(7);
    expect(error.message).toBe(`${path}:7: invalid UTF-8 bytes; save the file as UTF-8`);
    expect(dumpTables(db)).toEqual(before);
  });

  it('C4 the line is right past the first 1 MiB read, with a 2-byte character split across the reads', async () => {
    const head = 'ts,model\n';
    const row = `${ts},${'é'.repeat(40)}\n`;
    const rowBytes = Buffer.byteLength(row);
    let text = head + row.repeat(Math.floor(((1 << 20) - 200 - head.length) / rowBytes));
    // pad with ASCII so that an "é" starts on the last byte of the first 1 MiB read
    const used = Buffer.byteLength(text) + Buffer.byteLength(`${ts},`);
    text += `${ts},${'a'.repeat((1 << 20) - 1 - used)}${'é'.repeat(30)}\n`;
    const firstRead = Buffer.from(text).subarray(0, 1 << 20);
    expect(firstRead.at(-1)).toBe(0xc3); // the read ends in the middle of "é"
    text += row.repeat(5);
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from(`${ts},x`), Buffer.from([0xff]), Buffer.from(`\n${row}`)]);
    const expectedLine = text.split('\n').length; // the line after the last complete one
    const path = tmp.file('invalid-late.csv', bytes);
    const error = await importError(path);
    expect(error.line).toBe(expectedLine);
    expect(count(db, 'events')).toBe(0);
  });

  it('C4 a file that ends inside a UTF-8 character is refused on its last line', async () => {
    const path = tmp.file('truncated-char.csv', Buffer.concat([Buffer.from(`ts,model\n${ts},a\n${ts},`), Buffer.from([0xc3])]));
    const error = await importError(path);
    expect(error.message).toBe(`${path}:3: file ends in the middle of a UTF-8 character`);
  });
});

describe('C5–C6 line endings and blank lines', () => {
  const body = [
    'event_id,ts,model,input_tokens',
    `e1,${ts},"gpt,4o",1`,
    'e2,2024-05-02T00:00:00Z,claude,2',
    'e3,2024-05-03T00:00:00Z,"say ""hi""",3',
    'e4,2024-05-04T00:00:00Z,gemini,4',
  ];

  async function importedWith(name: string, text: string) {
    const store = await openTestDb();
    const summary = await importFile(store, tmp.file(name, text), {});
    return { summary, events: dumpTables(store).events, models: dumpTables(store).models };
  }

  it('C5 CRLF, LF, bare CR and mixed endings give identical imported rows', async () => {
    const lf = await importedWith('lf.csv', body.join('\n') + '\n');
    const crlf = await importedWith('crlf.csv', body.join('\r\n') + '\r\n');
    const cr = await importedWith('cr.csv', body.join('\r') + '\r');
    const mixed = await importedWith('mixed.csv', `${body[0]}\r\n${body[1]}\n${body[2]}\r${body[3]}\r\n${body[4]}`);
    expect(lf.summary.imported).toBe(4);
    expect(lf.summary.rejected).toBe(0);
    for (const other of [crlf, cr, mixed]) {
      expect(other.events).toEqual(lf.events);
      expect(other.models).toEqual(lf.models);
      expect({ ...other.summary, file: '' }).toEqual({ ...lf.summary, file: '' });
    }
    expect(lf.models!.map((row) => row[1])).toEqual(['gpt,4o', 'claude', 'say "hi"', 'gemini']);
  });

  it('C5 line numbers are physical lines whatever the endings (bad row on line 4)', async () => {
    const bad = [...body.slice(0, 3), 'e3,2024-05-03T00:00:00Z,x,lots', body[4]!];
    for (const [name, text] of [
      ['lf-bad.csv', bad.join('\n')],
      ['crlf-bad.csv', bad.join('\r\n')],
      ['cr-bad.csv', bad.join('\r')],
      ['mixed-bad.csv', `${bad[0]}\r${bad[1]}\r\n${bad[2]}\n${bad[3]}\r${bad[4]}`],
    ] as const) {
      const error = await importError(tmp.file(name, text));
      expect(error.line).toBe(4);
      expect(error.column).toBe('input_tokens');
    }
  });

  it('C5 a quoted field keeps its own line break while records around it use another', async () => {
    const path = tmp.file('mixed-quoted.csv', 'ts,model\r\n' + `${ts},"two\nlines"\n` + `${ts},"cr\r\nlf"\r` + `${ts},plain\r\n`);
    expect(await csvRows(path)).toEqual([
      { line: 1, cells: ['ts', 'model'] },
      { line: 2, cells: [ts, 'two\nlines'] },
      { line: 4, cells: [ts, 'cr\r\nlf'] },
      { line: 6, cells: [ts, 'plain'] },
    ]);
  });

  it('C6 blank lines in the middle, a whitespace-only line and several trailing newlines make no phantom rows', async () => {
    const path = tmp.file('blank.csv', `ts,input_tokens\n${ts},1\n\n${ts},2\n   \n\n${ts},3\n\n\n\n`);
    const summary = await importFile(db, path, {});
    expect(summary).toMatchObject({ rowsRead: 3, imported: 3, rejected: 0 });
    expect(count(db, 'events')).toBe(3);
  });

  it('C6 one trailing newline, none, and CRLF trailing lines give the same count', async () => {
    for (const [name, text] of [
      ['t1.csv', `ts,input_tokens\n${ts},1\n${ts},2\n`],
      ['t0.csv', `ts,input_tokens\n${ts},1\n${ts},2`],
      ['t3.csv', `ts,input_tokens\r\n${ts},1\r\n${ts},2\r\n\r\n\r\n`],
    ] as const) {
      const store = await openTestDb();
      const summary = await importFile(store, tmp.file(name, text), {});
      expect(summary).toMatchObject({ rowsRead: 2, imported: 2, duplicates: 0, rejected: 0 });
    }
  });

  it('C6 a one-column file skips blank lines too (they carry no value)', async () => {
    const path = tmp.file('one-column.csv', 'email\nann@example.com\n\nbob@example.com\n\n\n');
    const summary = await importFile(db, path, {});
    expect(summary).toMatchObject({ kind: 'users', rowsRead: 2, imported: 2, rejected: 0 });
    expect(rows(db, 'SELECT user_id, email FROM users ORDER BY user_id')).toEqual([
      { user_id: 'ann@example.com', email: 'ann@example.com' },
      { user_id: 'bob@example.com', email: 'bob@example.com' },
    ]);
  });

  it('C6 ... also past the first 1 MiB read (blank lines there are not phantom rows)', async () => {
    const emails = Array.from({ length: 60_000 }, (_, i) => `user${i}@example.com`);
    const text = `email\n${emails.slice(0, 50_000).join('\n')}\n\n  \n${emails.slice(50_000).join('\n')}\n\n\n`;
    expect(text.indexOf('\n\n')).toBeGreaterThan(1 << 20);
    const summary = await importFile(db, tmp.file('one-column-big.csv', text), {});
    expect(summary).toMatchObject({ rowsRead: 60_000, imported: 60_000, rejected: 0 });
  });
});

describe('C7–C9 malformed records', () => {
  const header = 'ts,input_tokens,output_tokens,model,credits';
  const good = (n: number) => `2024-05-0${n}T00:00:00Z,${n},${n},m${n},0.${n}`;

  it('C7 ragged rows are rejected with their line: strict imports nothing', async () => {
    const before = await seedStore();
    const path = tmp.file('ragged.csv', [header, good(1), good(2), '2024-05-03T00:00:00Z,3,3,m3', good(4), `${good(5)},extra`, good(6)].join('\n'));
    const error = await importError(path);
    expect(error.line).toBe(4);
    expect(error.message).toBe(`${path}:4: expected 5 fields like the header, found 4`);
    expect(dumpTables(db)).toEqual(before);
  });

  it('C7 ragged rows in skip mode: the rest is imported and every reject listed', async () => {
    const path = tmp.file('ragged-skip.csv', [header, good(1), good(2), '2024-05-03T00:00:00Z,3,3,m3', good(4), `${good(5)},extra`, good(6)].join('\n'));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 6, imported: 4, rejected: 2 });
    expect(summary.rejects).toEqual([
      { line: 4, column: null, reason: 'expected 5 fields like the header, found 4' },
      { line: 6, column: null, reason: 'expected 5 fields like the header, found 6' },
    ]);
    expect(rows(db, 'SELECT input_tokens FROM events ORDER BY ts').map((row) => row.input_tokens)).toEqual([1, 2, 4, 6]);
  });

  it('C8 an unterminated quote starting at line 12 is named, nothing committed', async () => {
    const before = await seedStore();
    const lines = [header];
    for (let i = 2; i <= 11; i++) lines.push(`2024-05-01T00:00:${String(i).padStart(2, '0')}Z,${i},${i},m,1`);
    lines.push('2024-05-02T00:00:00Z,12,12,"never closed,1');
    lines.push('2024-05-02T00:00:01Z,13,13,m,1', '2024-05-02T00:00:02Z,14,14,m,1');
    const path = tmp.file('unterminated.csv', lines.join('\n') + '\n');
    const error = await importError(path);
    expect(error.line).toBe(12);
    expect(error.message).toBe(
      `${path}:12: malformed CSV: Quoted field unterminated (the malformed record runs from line 12 to line 14; rows inside it were not read)`,
    );
    expect(dumpTables(db)).toEqual(before);

    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 11, imported: 10, rejected: 1 });
    expect(summary.rejects[0]).toMatchObject({ line: 12, column: null });
  });

  it('C9 "abc"def (text after a closing quote) is rejected with its line; the policy is papaparse\'s: the record runs to the next closing quote and the message says which lines it swallowed', async () => {
    const path = tmp.file('trailing-quote.csv', [
      'ts,model,input_tokens',
      `${ts},m,1`,
      `${ts},"abc"def,2`,
      `${ts},m,3`,
      `${ts},"ok",4`,
      `${ts},m,5`,
    ].join('\n'));
    const error = await importError(path);
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      `${path}:3: malformed CSV: Trailing quote on quoted field is malformed (the malformed record runs from line 3 to line 5; rows inside it were not read)`,
    );
    expect(count(db, 'events')).toBe(0);

    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 3, imported: 2, rejected: 1 });
    expect(summary.rejects[0]!.line).toBe(3);
    expect(rows(db, 'SELECT input_tokens FROM events ORDER BY input_tokens').map((row) => row.input_tokens)).toEqual([1, 5]);
  });

  it('C9 a single-line "abc"def at the end names only its own line', async () => {
    const path = tmp.file('trailing-quote-last.csv', `ts,model\n${ts},m\n${ts},"abc"def`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:3: malformed CSV: Trailing quote on quoted field is malformed`);
  });
});

describe('C10 delimiters', () => {
  it.each([
    [';', 'semicolon.csv'],
    ['\t', 'tabs.tsv'],
    ['|', 'pipes.csv'],
  ])('C10 %j is sniffed', async (delimiter, name) => {
    const path = tmp.file(name, [['ts', 'model', 'input_tokens'], [ts, 'gpt, 4o', '5'], ['2024-05-02T00:00:00Z', 'claude', '6']].map((r) => r.join(delimiter)).join('\n'));
    const summary = await importFile(db, path, {});
    expect(summary).toMatchObject({ format: 'csv', imported: 2, rejected: 0, unknownColumns: [] });
    expect(rows(db, 'SELECT m.name, e.input_tokens FROM events e JOIN models m USING (model_key) ORDER BY ts')).toEqual([
      { name: 'gpt, 4o', input_tokens: 5 },
      { name: 'claude', input_tokens: 6 },
    ]);
  });

  it('C10 an Excel "sep=;" first line sets the delimiter; line numbers after it stay physical', async () => {
    const path = tmp.file('excel.csv', `sep=;\r\nts;model;input_tokens\r\n${ts};a,b;1\r\n${ts};c;x\r\n`);
    expect(await csvRows(path)).toEqual([
      { line: 2, cells: ['ts', 'model', 'input_tokens'] },
      { line: 3, cells: [ts, 'a,b', '1'] },
      { line: 4, cells: [ts, 'c', 'x'] },
    ]);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:4: column "input_tokens": expected a non-negative integer, got x`);
  });

  it('C10 a header mapping error after "sep=" names the header line (2)', async () => {
    const path = tmp.file('excel-bad-header.csv', `sep=|\nts|input_tokens|prompt_tokens\n${ts}|1|2\n`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:2: columns "input_tokens" and "prompt_tokens" both map to input_tokens; keep one of them`);
  });
});

describe('C11 header names', () => {
  it('C11 duplicate unknown, empty, __proto__ and constructor headers import without touching Object.prototype', async () => {
    const protoKeys = Object.keys(Object.prototype).length;
    const path = tmp.file('proto.csv', `ts,x,x,,__proto__,constructor,prototype,polluted,input_tokens\n${ts},1,2,3,{"polluted":1},5,6,7,8\n`);
    const summary = await importFile(db, path, {});
    expect(summary.imported).toBe(1);
    expect(summary.unknownColumns).toEqual(['x', '__proto__', 'constructor', 'prototype', 'polluted']);
    expect(rows(db, 'SELECT input_tokens FROM events')).toEqual([{ input_tokens: 8 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype).length).toBe(protoKeys);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('C11 two headers that map to one field are a clear error naming both, nothing imported', async () => {
    const path = tmp.file('two-inputs.csv', `ts,input_tokens,prompt_tokens\n${ts},1,2\n`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:1: columns "input_tokens" and "prompt_tokens" both map to input_tokens; keep one of them`);
    expect(count(db, 'events')).toBe(0);
  });
});

describe('C12 size', () => {
  it('C12 a 1 MB single field imports', async () => {
    const big = 'x'.repeat(1_000_000);
    const path = tmp.file('big-field.csv', `ts,model,input_tokens\n${ts},"${big}",1\n${ts},small,2\n`);
    const summary = await importFile(db, path, {});
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect(rows(db, 'SELECT length(name) AS n FROM models ORDER BY model_key')).toEqual([{ n: 1_000_000 }, { n: 5 }]);
  });

  it('C12 a record of exactly maxRecordChars is read; one character more is a size error naming its line', async () => {
    const prefix = `${ts},`;
    const exact = tmp.file('exact.csv', `ts,model\n${prefix}${'y'.repeat(maxRecordChars - prefix.length)}\n${ts},after\n`);
    const read = await csvRows(exact);
    expect(read.map((row) => row.line)).toEqual([1, 2, 3]);
    expect('cells' in read[1]! && read[1].cells[1]!.length).toBe(maxRecordChars - prefix.length);

    const over = tmp.file('over.csv', `ts,model\n${ts},a\n${prefix}${'y'.repeat(maxRecordChars - prefix.length + 1)}\n${ts},after\n`);
    const error = await importError(over);
    expect(error.message).toBe(`${over}:3: a record is longer than 16 MiB characters`);
    expect(count(db, 'events')).toBe(0);
  });

  it('C12 an unterminated quote in a big file stops at the size limit instead of buffering the rest', async () => {
    const row = `${ts},m,1\n`;
    const path = tmp.file('runaway.csv', `ts,model,input_tokens\n${row}${ts},"runaway,1\n${row.repeat(Math.ceil((maxRecordChars + 1024) / row.length))}`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:3: a record is longer than 16 MiB characters (unterminated quote?)`);
  });

  it('C12 a 10,000-column header works; the unknown columns are listed', async () => {
    const extra = Array.from({ length: 9_998 }, (_, i) => `c${i}`);
    const path = tmp.file('wide.csv', `ts,input_tokens,${extra.join(',')}\n${ts},7,${extra.map(() => '1').join(',')}\n`);
    const summary = await importFile(db, path, {});
    expect(summary.imported).toBe(1);
    expect(summary.unknownColumns).toHaveLength(9_998);
    expect(summary.unknownColumns.slice(0, 2)).toEqual(['c0', 'c1']);
    expect(summary.unknownColumns.at(-1)).toBe('c9997');
    expect(rows(db, 'SELECT input_tokens FROM events')).toEqual([{ input_tokens: 7 }]);
  });
});

describe('C13 numbers in token columns', () => {
  it('C13 each malformed number is rejected with line and column; " 12 " and "" are accepted', async () => {
    const path = tmp.file('numbers.csv', [
      'ts,input_tokens,output_tokens',
      `${ts},"1,234",1`, // 2
      `${ts},"1.234,5",1`, // 3
      `${ts}, 12 ,1`, // 4: trimmed → 12
      `${ts},0x1A,1`, // 5
      `${ts},1e3,1`, // 6
      `${ts},-0,1`, // 7
      `${ts},"",2`, // 8: empty → unknown (NULL)
      `${ts},12abc,1`, // 9
      `${ts},1.5,1`, // 10
      `${ts},5,-3`, // 11
      `${ts},,3`, // 12: empty → unknown (NULL)
    ].join('\n'));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 11, imported: 3, rejected: 8 });
    expect(summary.rejects).toEqual([
      { line: 2, column: 'input_tokens', reason: 'expected a non-negative integer, got 1,234' },
      { line: 3, column: 'input_tokens', reason: 'expected a non-negative integer, got 1.234,5' },
      { line: 5, column: 'input_tokens', reason: 'expected a non-negative integer, got 0x1A' },
      { line: 6, column: 'input_tokens', reason: 'expected a non-negative integer, got 1e3' },
      { line: 7, column: 'input_tokens', reason: 'expected a non-negative integer, got -0' },
      { line: 9, column: 'input_tokens', reason: 'expected a non-negative integer, got 12abc' },
      { line: 10, column: 'input_tokens', reason: 'expected a non-negative integer, got 1.5' },
      { line: 11, column: 'output_tokens', reason: 'expected a non-negative integer, got -3' },
    ]);
    expect(rows(db, 'SELECT input_tokens, output_tokens FROM events ORDER BY output_tokens')).toEqual([
      { input_tokens: 12, output_tokens: 1 },
      { input_tokens: null, output_tokens: 2 },
      { input_tokens: null, output_tokens: 3 },
    ]);
  });

  it('C13 strict mode stops at the first bad number with file:line: column', async () => {
    const path = tmp.file('numbers-strict.csv', `ts,input_tokens\n${ts},1\n${ts},"1,234"\n`);
    const error = await importError(path);
    expect(error).toMatchObject({ line: 3, column: 'input_tokens' });
    expect(error.message).toBe(`${path}:3: column "input_tokens": expected a non-negative integer, got 1,234`);
    expect(count(db, 'events')).toBe(0);
  });
});

describe('C14–C15 empty and unreadable files', () => {
  it('C14 header only is "no data rows"', async () => {
    for (const [name, text] of [['header.csv', 'ts,input_tokens\n'], ['header-blank.csv', 'ts,input_tokens\n\n\n'], ['header-nonl.csv', 'ts,input_tokens']] as const) {
      const path = tmp.file(name, text);
      const error = await importError(path);
      expect(error.message).toBe(`${path}: no data rows (nothing after the header)`);
    }
  });

  it('C14 a completely empty or whitespace-only file is refused', async () => {
    for (const [name, text] of [['empty.csv', ''], ['spaces.csv', '\n  \n\r\n']] as const) {
      const path = tmp.file(name, text);
      const error = await importError(path);
      expect(error.message).toBe(`${path}: file is empty (no header row)`);
    }
    expect(dumpTables(db).events).toEqual([]);
  });

  it('C15 a path that is a directory is a read error naming the file, store unchanged', async () => {
    const before = await seedStore();
    const dir = join(tmp.dir, 'folder.csv');
    mkdirSync(dir);
    const error = await importError(dir);
    expect(error.message).toMatch(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the file \\(EISDIR`));
    expect(dumpTables(db)).toEqual(before);
  });

  it('C15 a missing file is a read error naming it', async () => {
    const path = join(tmp.dir, 'gone.csv');
    const error = await importError(path);
    expect(error.message).toMatch(/gone\.csv: cannot read the file \(ENOENT/);
  });

  it('C15 a read failure after rows were already inserted rolls the whole import back (simulated EIO on the 3rd read)', async () => {
    const before = await seedStore();
    const lines = ['event_id,ts,model,input_tokens,project'];
    const project = 'p'.repeat(200);
    for (let i = 0, size = 0; size < 2.5 * (1 << 20); i++) size += lines[lines.push(`v${i},${ts},m${i % 7},${i},${project}`) - 1]!.length + 1;
    const path = tmp.file('big.vanishing.csv', lines.join('\n') + '\n');
    const exec = vi.spyOn(db, 'exec');
    // the event inserts' runs
    let inserted = 0;
    const prepare = db.prepare.bind(db);
    const prepared = vi.spyOn(db, 'prepare').mockImplementation((sql, params) => {
      const statement = prepare(sql, params);
      if (sql.startsWith('INSERT INTO event_rows')) {
        const run = statement.run.bind(statement);
        statement.run = (values) => {
          inserted++;
          return run(values);
        };
      }
      return statement;
    });
    const error = await importError(path);
    expect(error.message).toBe(`${path}: cannot read the file (EIO: i/o error, read)`);
    // rows of the first two reads were inserted inside the transaction, then rolled back
    expect(inserted).toBeGreaterThan(1_000);
    expect(exec.mock.calls.map((call) => call[0]).filter((sql) => /^(BEGIN|COMMIT|ROLLBACK)$/.test(sql))).toEqual(['BEGIN', 'ROLLBACK']);
    exec.mockRestore();
    prepared.mockRestore();
    expect(dumpTables(db)).toEqual(before);
    // the same file without the failure imports fine
    const intact = tmp.file('big.csv', lines.join('\n') + '\n');
    expect((await importFile(db, intact, {})).imported).toBe(lines.length - 1);
  });
});

describe('C15 file handles', () => {
  const openFiles = () => readdirSync('/proc/self/fd').length;

  it.skipIf(!existsSync('/proc/self/fd'))('C15 failed imports release the file (bad header, bad first row, cancelled)', async () => {
    const badHeader = tmp.file('fd-header.csv', `ts,input_tokens,prompt_tokens\n${ts},1,2\n`);
    const badRow = tmp.file('fd-row.csv', `ts,input_tokens\n${ts},x\n`);
    const fine = tmp.file('fd-ok.csv', `ts\n${ts}\n`);
    const before = openFiles();
    for (let i = 0; i < 10; i++) {
      await rejection(importFile(db, badHeader, {}));
      await rejection(importFile(db, badRow, {}));
      await rejection(importFile(db, fine, {}, AbortSignal.abort()));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    // a leaked descriptor keeps the file locked on Windows until the extension host exits
    expect(openFiles() - before).toBeLessThan(3);
  });
});

describe('readCsv', () => {
  it('reports unknown columns once the header is read, before any row', async () => {
    const reader = await readCsv(tmp.file('reader.csv', `ts,foo,input_tokens,foo\n${ts},1,2,3\n`));
    expect(reader.kind).toBe('events');
    expect([...reader.unknownColumns]).toEqual(['foo']);
    const items = [];
    for await (const batch of reader.batches) items.push(...batch);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ line: 2 });
  });
});
