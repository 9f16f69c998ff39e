/** Issue 7 fuzz findings through the readers and importFile: each case failed (crash, hang or wrong value) before its fix. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/core/ingest/errors';
import { maxJsonDepth } from '../../src/core/ingest/jsonValue';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { dumpTables, openTestDb, rejection, rows, tempDir } from './helpers/db';
import { exactKeySql, naturalKeys, storedKeyText } from './helpers/eventKeys';

const tmp = tempDir('aur-bad-');
afterAll(() => tmp.remove());

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});

const ts = '2026-11-01T12:00:00Z';

async function importError(path: string, options: ImportOptions = {}): Promise<ImportError> {
  const error = await rejection(importFile(db, path, options));
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;

describe('huge amounts', () => {
  it('credits of 1.8e302 are a row error with file, line and column, not an Infinity at export', async () => {
    const path = tmp.file('huge.csv', `ts,credits\n${ts},1.5\n${ts},1.8e302\n${ts},1.8e302\n`);
    expect((await importError(path)).message).toBe(`${path}:3: column "credits": number 1.8e302 is larger than 10^15`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ imported: 1, rejected: 2 });
    expect(rows(db, 'SELECT SUM(credits) AS total FROM events')).toEqual([{ total: 1.5 }]);
  });
});

describe('deep nesting is a rejected row with its line, at any depth', () => {
  it.each([
    ['as a value', `{"ts":"${ts}","input_tokens":${deepArray}}`],
    ['under an unknown key', `{"ts":"${ts}","extra":${deepObject}}`],
  ])('JSONL, %s', async (_, line) => {
    const path = tmp.file('deep.jsonl', `{"ts":"${ts}","input_tokens":1}\n${line}\n{"ts":"${ts}","input_tokens":2}\n`);
    expect((await importError(path)).message).toBe(`${path}:2: invalid JSON (nested deeper than ${maxJsonDepth} levels)`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ imported: 2, rejected: 1 });
  });

  it('inside the elements of a .json array', async () => {
    const path = tmp.file('deep.json', `[{"ts":"${ts}","input_tokens":1},\n{"ts":"${ts}","x":${deepObject}},\n${deepArray},\n{"ts":"${ts}","input_tokens":2}]`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 2, column: null, reason: `invalid JSON (nested deeper than ${maxJsonDepth} levels)` },
      { line: 3, column: null, reason: `invalid JSON (nested deeper than ${maxJsonDepth} levels)` },
    ]);
    expect(summary.imported).toBe(2);
  });
});

describe('only regular files are read', () => {
  it('a directory named x.json is refused naming it', async () => {
    const dir = join(tmp.dir, 'x.json');
    mkdirSync(dir);
    expect((await importError(dir)).message).toBe(`${dir}: cannot read the file (EISDIR: it is a directory, not a regular file)`);
  });

  it('a FIFO named .json, with no writer, is refused at once instead of blocking forever', async () => {
    const fifo = join(tmp.dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const before = dumpTables(db);
    expect((await importError(fifo)).message).toBe(`${fifo}: cannot read the file (it is a named pipe (FIFO), not a regular file)`);
    expect((await importError(fifo, { format: 'csv' })).message).toContain('named pipe');
    expect(dumpTables(db)).toEqual(before);
  }, 5_000);
});

describe('silently wrong JSON values are rejected naming the key', () => {
  it('a duplicate key (CSV refuses the same as "both map to")', async () => {
    const path = tmp.file('dup.jsonl', `{"ts":"${ts}","input_tokens":-5,"input_tokens":5}\n{"ts":"${ts}","usage":{"input_tokens":1},"usage.input_tokens":2}\n`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 1, column: 'input_tokens', reason: 'invalid JSON (duplicate key "input_tokens")' },
      { line: 2, column: 'usage.input_tokens', reason: 'invalid JSON (duplicate key "usage.input_tokens")' },
    ]);
  });

  it('token counts that are fractions as written (1e-400, 1.0000000000000001, 9007199254740990.5)', async () => {
    const values = ['1e-400', '1.0000000000000001', '9007199254740990.5', '1.0', '"1.5"'];
    const path = tmp.file('fractions.json', `[${values.map((v, i) => `\n{"id":"f${i}","ts":"${ts}","input_tokens":${v}}`).join(',')}]`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 2, column: 'input_tokens', reason: 'expected an integer, got fraction 1e-400' },
      { line: 3, column: 'input_tokens', reason: 'expected an integer, got fraction 1.0000000000000001' },
      { line: 4, column: 'input_tokens', reason: 'expected an integer, got fraction 9007199254740990.5' },
      { line: 6, column: 'input_tokens', reason: 'expected a non-negative integer, got 1.5' },
    ]);
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key, input_tokens FROM events`)).toEqual([{ event_key: storedKeyText('id:f3'), input_tokens: 1 }]);
  });

  it('numeric ids keep every digit', async () => {
    // each pair differs in its last digit and is one double (…992, …568): only every digit keeps them apart
    const ids = ['9007199254740993', '9007199254740992', '12345678901234567', '12345678901234568'];
    const path = tmp.file('ids.jsonl', [
      `{"id":${ids[0]},"ts":"${ts}","agent_id":12345678901234567890,"user_id":9007199254740992}`,
      ...ids.slice(1).map((id) => `{"id":${id},"ts":"${ts}"}`),
    ].join('\n') + '\n');
    expect(await importFile(db, path, {})).toMatchObject({ imported: 4, duplicates: 0, rejected: 0 });
    const keys = ids.map((id) => `id:${id}`);
    expect(new Set(keys.map(storedKeyText)).size).toBe(4);
    expect(naturalKeys(db, `SELECT ${exactKeySql()} FROM events ORDER BY rowid`, keys)).toEqual(keys);
    expect(rows(db, 'SELECT agent_id FROM agents')).toEqual([{ agent_id: '12345678901234567890' }]);
    expect(rows(db, 'SELECT user_id FROM users')).toEqual([{ user_id: '9007199254740992' }]);
  });
});

describe('line numbers and encodings', () => {
  it('a bad UTF-8 byte in a CSV with bare-CR line endings is reported at its own line', async () => {
    const bytes = Buffer.concat([Buffer.from(`ts,input_tokens\r${ts},1\r${ts},2\r${ts},`), Buffer.from([0xff]), Buffer.from('3\r')]);
    const path = tmp.file('cr.csv', bytes);
    expect((await importError(path)).message).toBe(`${path}:4: invalid UTF-8 bytes; save the file as UTF-8`);
    const crlf = tmp.file('crlf.csv', Buffer.concat([Buffer.from(`ts,input_tokens\r\n${ts},1\r\n`), Buffer.from([0xff]), Buffer.from('\r\n')]));
    expect((await importError(crlf)).message).toBe(`${crlf}:3: invalid UTF-8 bytes; save the file as UTF-8`);
  });

  it('UTF-16 without a byte order mark is named as UTF-16', async () => {
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const text = `ts,input_tokens\n${ts},1\n`;
      const bytes = encoding === 'utf16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
      const path = tmp.file(`${encoding}.csv`, bytes);
      expect((await importError(path)).message).toBe(`${path}:1: file looks UTF-16 encoded (without a byte order mark); save it as UTF-8 and import again`);
    }
  });
});

describe('--skip-bad-rows reads on past a scalar element of a JSON array', () => {
  it('numbers, strings (with escaped quotes and brackets) and literals are rejected rows', async () => {
    const path = tmp.file('scalars.json', `[{"ts":"${ts}","input_tokens":1},\n7,\n"a \\"]\\" b",\ntrue, {"ts":"${ts}","input_tokens":2}]`);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 2, column: null, reason: 'expected a JSON object as array element 2, found "7"' },
      { line: 3, column: null, reason: 'expected a JSON object as array element 3, found "a \\"]\\" b"' },
      { line: 4, column: null, reason: 'expected a JSON object as array element 4, found "true"' },
    ]);
    expect(summary.imported).toBe(2);
  });
});
