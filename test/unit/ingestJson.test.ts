/** JSON Lines and JSON array ingest: the J1–J15 cases named in the tests through the readers and importFile. */
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportCancelled, ImportError } from '../../src/core/ingest/errors';
import { readJsonArray } from '../../src/core/ingest/json';
import { readJsonLines } from '../../src/core/ingest/jsonl';
import { normaliseRecord } from '../../src/core/ingest/normalise';
import { isReject, maxRecordChars, type RawItem } from '../../src/core/ingest/rawRecord';
import { detectFormat } from '../../src/core/ingest/reader';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { count, dumpTables, openTestDb, rejection, rows, tempDir } from './helpers/db';
import { exactKeySql, storedKeyText } from './helpers/eventKeys';

const tmp = tempDir('aur-json-');
afterAll(() => tmp.remove());

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});

const ts = '2024-05-01T12:00:00Z';
const noon = Date.UTC(2024, 4, 1, 12);
const jsonl = (...records: unknown[]) => records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n';

async function importError(path: string, options: ImportOptions = {}): Promise<ImportError> {
  const error = await rejection(importFile(db, path, options));
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

async function seedStore() {
  await importFile(db, tmp.file(`seed-${Math.random().toString(36).slice(2)}.jsonl`, jsonl(
    { id: 's1', ts: '2024-04-01T00:00:00Z', user_email: 'ann@example.com', agent_id: 'a1', model: 'gpt-4o', input_tokens: 10 },
    { id: 's2', ts: '2024-04-02T00:00:00Z', user_email: 'bob@example.com', agent_id: 'a2', model: 'claude', input_tokens: 20 },
  )), {});
  const before = dumpTables(db);
  expect(before.events).toHaveLength(2);
  return before;
}

async function items(batches: AsyncIterable<RawItem[]>): Promise<RawItem[]> {
  const all: RawItem[] = [];
  for await (const batch of batches) all.push(...batch);
  return all;
}

/**
 * Rows of `sql` (its `event_key` column read with `exactKeySql`) with each stored key read back as the natural key
 * among `candidates` (an unknown one stays as read, so a test sees it), sorted by that key.
 */
function byNaturalKey(store: Database, sql: string, candidates: readonly string[]): Record<string, unknown>[] {
  const byStored = new Map(candidates.map((key) => [storedKeyText(key), key]));
  return rows(store, sql)
    .map((row) => ({ ...row, event_key: byStored.get(String(row.event_key)) ?? row.event_key }))
    .sort((a, b) => (String(a.event_key) < String(b.event_key) ? -1 : String(a.event_key) > String(b.event_key) ? 1 : 0));
}

const tsById = (store: Database, ids: readonly string[]) =>
  Object.fromEntries(byNaturalKey(store, `SELECT ${exactKeySql()} AS event_key, ts FROM events`, ids.map((id) => `id:${id}`)).map((row) => [String(row.event_key).slice(3), row.ts]));

describe('J1–J2 truncation', () => {
  const hundred = () => Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: `e${i + 1}`, ts, input_tokens: i + 1 }));

  it('J1 JSONL with line 57 truncated: strict error names line 57 "invalid JSON (unexpected end)", nothing committed', async () => {
    const before = await seedStore();
    const lines = hundred();
    lines[56] = '{"id":"x","tok';
    const path = tmp.file('truncated.jsonl', lines.join('\n') + '\n');
    const error = await importError(path);
    expect(error.line).toBe(57);
    expect(error.message).toBe(`${path}:57: invalid JSON (unexpected end): {"id":"x","tok`);
    expect(dumpTables(db)).toEqual(before);
  });

  it('J1 skip mode: 1 reject on line 57, the other 99 imported', async () => {
    const lines = hundred();
    lines[56] = '{"id":"x","tok';
    const summary = await importFile(db, tmp.file('truncated-skip.jsonl', lines.join('\n')), { skipBadRows: true });
    expect(summary).toMatchObject({ format: 'jsonl', rowsRead: 100, imported: 99, duplicates: 0, rejected: 1 });
    expect(summary.rejects).toEqual([{ line: 57, column: null, reason: 'invalid JSON (unexpected end): {"id":"x","tok' }]);
    expect(count(db, 'events')).toBe(99);
  });

  it('J2 a JSON array cut inside record 3 is "truncated after record 2", nothing committed (even in skip mode)', async () => {
    const before = await seedStore();
    const path = tmp.file('cut.json', `[\n${JSON.stringify({ id: 'a', ts })},\n${JSON.stringify({ id: 'b', ts })},\n{"id":"c","ts"`);
    for (const skipBadRows of [false, true]) {
      const error = await importError(path, { skipBadRows });
      expect(error.message).toBe(`${path}:4: JSON array is truncated after record 2 (missing "]")`);
      expect(dumpTables(db)).toEqual(before);
    }
  });

  it('J2 a JSON array missing only its "]" is truncated after its last record', async () => {
    const records = Array.from({ length: 1234 }, (_, i) => JSON.stringify({ id: `r${i}`, ts }));
    const path = tmp.file('no-bracket.json', `[${records.join(',\n')}\n`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:1235: JSON array is truncated after record 1234 (missing "]")`);
    expect(count(db, 'events')).toBe(0);
  });

  it('J2 a JSON file that is not an array of objects, or has content after it, is refused', async () => {
    const scalar = tmp.file('scalars.json', '[1, 2]');
    expect((await importError(scalar)).message).toBe(`${scalar}:1: expected a JSON object as array element 1, found "1"`);
    const after = tmp.file('after.json', `[${JSON.stringify({ ts })}]\n[]`);
    expect((await importError(after)).message).toBe(`${after}:2: unexpected content after the end of the JSON array`);
    const nested = tmp.file('nested.json', `[${JSON.stringify({ ts })}, [1]]`);
    expect((await importError(nested)).message).toBe(`${nested}:1: expected a JSON object`);
  });
});

describe('J3–J4 numbers', () => {
  it('J3 NaN and Infinity literals are invalid JSON lines; 1e400 and -0 are rejected naming the field', async () => {
    const path = tmp.file('nonfinite.jsonl', [
      `{"ts":"${ts}","input_tokens":NaN}`,
      `{"ts":"${ts}","input_tokens":Infinity}`,
      `{"ts":"${ts}","input_tokens":1e400}`,
      `{"ts":"${ts}","input_tokens":-0}`,
      `{"ts":"${ts}","output_tokens":-Infinity}`,
      `{"ts":"${ts}","input_tokens":1}`,
    ].join('\n'));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 6, imported: 1, rejected: 5 });
    expect(summary.rejects.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 1, column: null },
      { line: 2, column: null },
      { line: 3, column: 'input_tokens' },
      { line: 4, column: 'input_tokens' },
      { line: 5, column: null },
    ]);
    expect(summary.rejects[0]!.reason).toMatch(/^invalid JSON \(Unexpected token 'N'/);
    expect(summary.rejects[1]!.reason).toMatch(/^invalid JSON \(Unexpected token 'I'/);
    expect(summary.rejects[2]!.reason).toBe('expected a finite integer, got Infinity');
    expect(summary.rejects[3]!.reason).toBe('expected a non-negative integer, got -0');
    expect(rows(db, 'SELECT input_tokens FROM events')).toEqual([{ input_tokens: 1 }]);
  });

  it('J3 in a JSON array the element line is reported', async () => {
    const path = tmp.file('nonfinite.json', `[\n{"ts":"${ts}","input_tokens":1},\n{"ts":"${ts}",\n "input_tokens":1e400}\n]`);
    const error = await importError(path);
    expect(error.message).toBe(`${path}:3: column "input_tokens": expected a finite integer, got Infinity`);
  });

  it('J4 token values: -5, 1.5, true and 9007199254740993 rejected; "12" accepted; null is unknown', async () => {
    const values = ['-5', '1.5', '"12"', 'null', 'true', '9007199254740993', '"9007199254740993"', '0', '"abc"'];
    const path = tmp.file('tokens.jsonl', values.map((v, i) => `{"id":"t${i}","ts":"${ts}","input_tokens":${v}}`).join('\n'));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 1, column: 'input_tokens', reason: 'expected a non-negative integer, got -5' },
      { line: 2, column: 'input_tokens', reason: 'expected an integer, got fraction 1.5' },
      { line: 5, column: 'input_tokens', reason: 'expected a non-negative integer, got true' },
      // the number as written (the double would be …992)
      { line: 6, column: 'input_tokens', reason: 'integer 9007199254740993 is larger than 2^53 − 1' },
      { line: 7, column: 'input_tokens', reason: 'integer 9007199254740993 is larger than 2^53 − 1' },
      { line: 9, column: 'input_tokens', reason: 'expected a non-negative integer, got abc' },
    ]);
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key, input_tokens FROM events`, values.map((_, i) => `id:t${i}`))).toEqual([
      { event_key: 'id:t2', input_tokens: 12 },
      { event_key: 'id:t3', input_tokens: null },
      { event_key: 'id:t7', input_tokens: 0 },
    ]);
  });
});

describe('J5 timestamps', () => {
  const cases: [string, unknown][] = [
    ['z', '2024-05-01T12:00:00Z'],
    ['plus', '2024-05-01T12:00:00+05:30'],
    ['minus', '2024-05-01T12:00:00-08:00'],
    ['dateonly', '2024-05-01'],
    ['nooffset', '2024-05-01T12:00:00'],
    ['s', 1714564800],
    ['ms', 1714564800000],
    ['us', 1714564800000000],
    ['sstring', '1714564800'],
    ['us_date', '05/01/2024'],
    ['garbage', 'garbage'],
    ['feb29', '2023-02-29'],
  ];
  const file = () => tmp.file('times.jsonl', jsonl(...cases.map(([id, value]) => ({ id, ts: value }))));
  const ids = cases.map(([id]) => id);

  it('J5 every accepted form is stored as exact epoch ms UTC; no offset and date-only are UTC by default', async () => {
    const summary = await importFile(db, file(), { skipBadRows: true });
    expect(tsById(db, ids)).toEqual({
      z: Date.UTC(2024, 4, 1, 12, 0, 0),
      plus: Date.UTC(2024, 4, 1, 6, 30, 0),
      minus: Date.UTC(2024, 4, 1, 20, 0, 0),
      dateonly: Date.UTC(2024, 4, 1, 0, 0, 0),
      nooffset: Date.UTC(2024, 4, 1, 12, 0, 0),
      s: Date.UTC(2024, 4, 1, 12, 0, 0),
      ms: Date.UTC(2024, 4, 1, 12, 0, 0),
      us: Date.UTC(2024, 4, 1, 12, 0, 0),
      sstring: Date.UTC(2024, 4, 1, 12, 0, 0),
    });
    expect(summary.rejects).toEqual([
      { line: 10, column: 'ts', reason: 'expected an ISO 8601 timestamp or epoch, got "05/01/2024"' },
      { line: 11, column: 'ts', reason: 'expected an ISO 8601 timestamp or epoch, got "garbage"' },
      { line: 12, column: 'ts', reason: '"2023-02-29" is not a calendar date' },
    ]);
    expect(summary.firstEventAt).toBe(Date.UTC(2024, 4, 1, 0, 0, 0));
    expect(summary.lastEventAt).toBe(Date.UTC(2024, 4, 1, 20, 0, 0));
  });

  it('J5 with the import timeZone option, no-offset and date-only times are wall clock there; the rest do not move', async () => {
    await importFile(db, file(), { skipBadRows: true, timeZone: 'America/Los_Angeles' });
    const got = tsById(db, ids);
    expect(got.nooffset).toBe(Date.UTC(2024, 4, 1, 19, 0, 0));
    expect(got.dateonly).toBe(Date.UTC(2024, 4, 1, 7, 0, 0));
    expect(got.z).toBe(noon);
    expect(got.plus).toBe(Date.UTC(2024, 4, 1, 6, 30, 0));
    expect(got.s).toBe(noon);
  });
});

describe('J6–J8 duplicates and re-import', () => {
  it('J6 duplicate ids inside one file: the first wins, the rest are counted as duplicates', async () => {
    const path = tmp.file('dups.jsonl', jsonl(
      { id: 'a', ts, input_tokens: 1 },
      { id: 'b', ts, input_tokens: 2 },
      { id: 'a', ts: '2024-05-02T00:00:00Z', input_tokens: 99 },
      { id: 'a', ts, input_tokens: 1 },
    ));
    const summary = await importFile(db, path, {});
    expect(summary).toMatchObject({ rowsRead: 4, imported: 2, duplicates: 2, rejected: 0, firstEventAt: noon, lastEventAt: noon });
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key, ts, input_tokens FROM events`, ['id:a', 'id:b'])).toEqual([
      { event_key: 'id:a', ts: noon, input_tokens: 1 },
      { event_key: 'id:b', ts: noon, input_tokens: 2 },
    ]);
  });

  /** Every table but `sources`, where a re-import records its time and a new file its own row. */
  const dataTables = () => {
    const { sources: _sources, ...data } = dumpTables(db);
    return data;
  };
  const sourceIds = () => rows(db, 'SELECT source_id FROM sources ORDER BY source_key').map((row) => row.source_id);

  it('J7 re-importing the same file adds nothing: all duplicates, store unchanged', async () => {
    const path = tmp.file('again.jsonl', jsonl({ id: 'a', ts, input_tokens: 1 }, { id: 'b', ts, input_tokens: 2 }));
    expect(await importFile(db, path, {})).toMatchObject({ imported: 2, duplicates: 0 });
    const before = dataTables();
    expect(await importFile(db, path, {})).toMatchObject({ rowsRead: 2, imported: 0, duplicates: 2, firstEventAt: null, lastEventAt: null });
    expect(dataTables()).toEqual(before);
    expect(sourceIds()).toEqual([`file:${path}`]);
  });

  it('J7 files without ids dedupe on a row hash: same rows → duplicates; a changed value is a new row', async () => {
    const records = [{ ts, user: 'ann', input_tokens: 1 }, { ts, user: 'ann', input_tokens: 2 }];
    const path = tmp.file('noid.jsonl', jsonl(...records));
    expect(await importFile(db, path, {})).toMatchObject({ imported: 2, duplicates: 0 });
    const before = dataTables();
    expect(await importFile(db, path, {})).toMatchObject({ imported: 0, duplicates: 2 });
    expect(dataTables()).toEqual(before);
    // the keys are row hashes (as parsed), and the store holds exactly those keys
    const reader = readJsonLines(path);
    const parsedKeys = (await items(reader.batches)).map((item) => {
      const record = isReject(item) ? item : normaliseRecord(reader.kind, item, {});
      return 'eventKey' in record ? record.eventKey : `not an event: ${JSON.stringify(record)}`;
    });
    expect(parsedKeys).toHaveLength(2);
    expect(parsedKeys.every((key) => /^h:[\w-]{22}$/.test(key))).toBe(true);
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key FROM events`).map((row) => row.event_key).sort()).toEqual(parsedKeys.map(storedKeyText).sort());
    // the same rows from a CSV file hash alike (values are compared as text)
    const csv = tmp.file('noid.csv', `ts,user,input_tokens\n${ts},ann,1\n${ts},ann,2\n`);
    expect(await importFile(db, csv, {})).toMatchObject({ imported: 0, duplicates: 2 });
    const changed = tmp.file('noid-changed.jsonl', jsonl({ ts, user: 'ann', input_tokens: 3 }));
    expect(await importFile(db, changed, {})).toMatchObject({ imported: 1, duplicates: 0 });
  });

  it('J8 the same id with a different payload on re-import: first wins, counted as a duplicate, nothing updated', async () => {
    await importFile(db, tmp.file('v1.jsonl', jsonl({ id: 'run-1', ts, input_tokens: 1, model: 'gpt-4o' })), {});
    const before = dataTables();
    const summary = await importFile(db, tmp.file('v2.jsonl', jsonl({ id: 'run-1', ts: '2024-06-01T00:00:00Z', input_tokens: 500, model: 'gpt-4o' })), {});
    expect(summary).toMatchObject({ imported: 0, duplicates: 1 });
    expect(dataTables()).toEqual(before);
  });
});

describe('J9 encoding', () => {
  it('J9 a UTF-8 BOM is stripped in JSONL and in a JSON array', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const lines = tmp.file('bom.jsonl', Buffer.concat([bom, Buffer.from(jsonl({ id: 'l', ts }))]));
    const array = tmp.file('bom.json', Buffer.concat([bom, Buffer.from(JSON.stringify([{ id: 'a', ts }]))]));
    expect(await detectFormat(array)).toBe('json');
    expect(await importFile(db, lines, {})).toMatchObject({ format: 'jsonl', imported: 1 });
    expect(await importFile(db, array, {})).toMatchObject({ format: 'json', imported: 1 });
  });

  it.each(['jsonl', 'json'])('J9 UTF-16 .%s is refused at line 1, store unchanged', async (ext) => {
    const before = await seedStore();
    for (const [name, bytes] of [
      ['le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[${JSON.stringify({ ts })}]`, 'utf16le')])],
      ['be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`[${JSON.stringify({ ts })}]`, 'utf16le').swap16()])],
    ] as const) {
      const path = tmp.file(`utf16${name}.${ext}`, bytes);
      const error = await importError(path);
      expect(error.message).toBe(`${path}:1: file is UTF-16 encoded; save it as UTF-8 and import again`);
    }
    expect(dumpTables(db)).toEqual(before);
  });

  it('J9 invalid UTF-8 (a Latin-1 byte) names its line', async () => {
    const path = tmp.file('latin1.jsonl', Buffer.concat([Buffer.from(jsonl({ ts }, { ts })), Buffer.from('{"ts":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const error = await importError(path);
    expect(error.message).toBe(`${path}:3: invalid UTF-8 bytes; save the file as UTF-8`);
  });
});

describe('J10–J11 keys', () => {
  it('J10 __proto__, constructor and prototype keys and duplicate keys never touch Object.prototype', async () => {
    const protoKeys = Object.keys(Object.prototype).length;
    const line = `{"id":"p1","ts":"${ts}","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":{"polluted":3},"id":"p2","input_tokens":1,"input_tokens":2}`;
    const array = `[{"id":"q","ts":"${ts}","__proto__":{"polluted":1},"__proto__":{"polluted":2}}]`;
    const unique = `{"id":"p1","ts":"${ts}","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":{"polluted":3},"input_tokens":2}`;
    const a = await importFile(db, tmp.file('proto.jsonl', `${line}\n${unique}\n`), { skipBadRows: true });
    const b = await importFile(db, tmp.file('proto.json', array), { skipBadRows: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype).length).toBe(protoKeys);
    expect(a.unknownColumns).toEqual(['__proto__.polluted', 'constructor.prototype.polluted', 'prototype.polluted']);
    // duplicate keys are rejected naming the key (JSON.parse kept the last one; CSV refuses the same)
    expect(a.rejects).toEqual([{ line: 1, column: 'id', reason: 'invalid JSON (duplicate key "id")' }]);
    expect(b.rejects).toEqual([{ line: 1, column: '__proto__', reason: 'invalid JSON (duplicate key "__proto__")' }]);
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key, input_tokens FROM events`, ['id:p1', 'id:p2', 'id:q'])).toEqual([{ event_key: 'id:p1', input_tokens: 2 }]);
  });

  it('J11 unknown fields are listed; a missing ts and "input_tokens":"many" are rejected naming the field', async () => {
    const path = tmp.file('fields.jsonl', jsonl(
      { ts, input_tokens: 1, extra: 'x', nested: { deep: 1 } },
      { input_tokens: 2 },
      { ts, input_tokens: 'many' },
      { ts: null, input_tokens: 3 },
      { ts, input_tokens: 4, another: true },
    ));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 5, imported: 2, rejected: 3 });
    expect(summary.unknownColumns).toEqual(['extra', 'nested.deep', 'another']);
    expect(summary.rejects).toEqual([
      {
        line: 2,
        column: null,
        reason: 'missing required column ts (ts|timestamp|time|created_at|date|datetime|start_time|started_at|event_time|created) for a file of events',
      },
      { line: 3, column: 'input_tokens', reason: 'expected a non-negative integer, got many' },
      { line: 4, column: 'ts', reason: 'required value is empty' },
    ]);
  });

  it('J11 nested objects are flattened with dots and mapped by alias (user.email, agent.id)', async () => {
    const path = tmp.file('nested.jsonl', jsonl({ ts, user: { email: 'Ann@Example.com' }, agent: { id: 'a1' }, usage: { input_tokens: 5 } }));
    const summary = await importFile(db, path, {});
    expect(summary.unknownColumns).toEqual([]);
    expect(rows(db, 'SELECT u.user_id, u.email, a.agent_id, e.input_tokens FROM events e JOIN users u USING (user_key) JOIN agents a USING (agent_key)')).toEqual([
      { user_id: 'ann@example.com', email: 'Ann@Example.com', agent_id: 'a1', input_tokens: 5 },
    ]);
  });

  it('J11 a JSONL line that is not an object is rejected; the first line that fits no kind is too', async () => {
    const path = tmp.file('shapes.jsonl', jsonl('[1,2]', '"text"', { foo: 1 }, { ts }));
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary.rejects).toEqual([
      { line: 1, column: null, reason: 'expected a JSON object' },
      { line: 2, column: null, reason: 'expected a JSON object' },
      { line: 3, column: null, reason: 'cannot tell what this file holds from its columns; events need a timestamp column. Columns seen: foo' },
    ]);
    expect(summary).toMatchObject({ kind: 'events', imported: 1 });
  });
});

describe('J12 JSONL layout', () => {
  it('J12 blank lines, CRLF, trailing whitespace and no final newline all parse; line numbers stay physical', async () => {
    const text = `\r\n{"id":"a","ts":"${ts}"}\r\n\r\n   \t\n{"id":"b","ts":"${ts}"}   \r\n\n  {"id":"c","ts":"${ts}"}\t\n{"id":"d","ts":"${ts}","input_tokens":"x"}`;
    const path = tmp.file('layout.jsonl', text);
    const error = await importError(path);
    expect(error.line).toBe(8);
    const summary = await importFile(db, path, { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 4, imported: 3, rejected: 1 });
    expect(byNaturalKey(db, `SELECT ${exactKeySql()} AS event_key FROM events`, ['id:a', 'id:b', 'id:c', 'id:d']).map((row) => row.event_key)).toEqual(['id:a', 'id:b', 'id:c']);
  });

  it('J12 a .json file that holds JSON Lines is read as JSONL; an array as JSON', async () => {
    expect(await detectFormat(tmp.file('lines.json', jsonl({ ts }, { ts })))).toBe('jsonl');
    expect(await detectFormat(tmp.file('array.json', `  \n[${JSON.stringify({ ts })}]`))).toBe('json');
    expect(await detectFormat(tmp.file('x.ndjson', ''))).toBe('jsonl');
  });
});

describe('J13 size limits', () => {
  it('J13 a 20 MB single JSONL line is a size error naming its line, not an out-of-memory', async () => {
    const path = tmp.file('huge.jsonl', `{"ts":"${ts}"}\n{"ts":"${ts}","model":"${'x'.repeat(20_000_000)}"}\n{"ts":"${ts}"}\n`);
    const error = await importError(path, { skipBadRows: true });
    expect(error.message).toBe(`${path}:2: line is longer than 16 MiB characters`);
    expect(count(db, 'events')).toBe(0);
  });

  it('J13 a JSONL line of exactly maxRecordChars is read; one character more is refused', async () => {
    const make = (chars: number) => {
      const head = `{"ts":"${ts}","model":"`;
      return `${head}${'m'.repeat(chars - head.length - 2)}"}`;
    };
    expect(make(maxRecordChars)).toHaveLength(maxRecordChars);
    const exact = tmp.file('exact.jsonl', `${make(maxRecordChars)}\n{"ts":"${ts}"}\n`);
    const read = await items(readJsonLines(exact).batches);
    expect(read.map((item) => [item.line, isReject(item)])).toEqual([[1, false], [2, false]]);
    const over = tmp.file('over.jsonl', `{"ts":"${ts}"}\n${make(maxRecordChars + 1)}\n{"ts":"${ts}"}\n`);
    await expect(items(readJsonLines(over).batches)).rejects.toThrow(`${over}:2: line is longer than 16 MiB characters`);
  });

  it('J13 a JSON array element over the limit is refused naming the element and its line', async () => {
    const over = tmp.file('over.json', `[{"ts":"${ts}"},\n{"ts":"${ts}","model":"${'m'.repeat(maxRecordChars)}"}]`);
    await expect(items(readJsonArray(over).batches)).rejects.toThrow(`${over}:2: array element 2 is longer than 16 MiB characters`);
    const runaway = tmp.file('runaway.json', `[{"ts":"${ts}"},\n{"ts":"${ts}","model":"${'m'.repeat(maxRecordChars + 2 * (1 << 20))}`);
    await expect(items(readJsonArray(runaway).batches)).rejects.toThrow(`${runaway}:2: array element 2 is longer than 16 MiB characters`);
  });
});

describe('J14 compressed files', () => {
  it('J14 .gz and .zip are not supported: refused as "unsupported file type" before reading', async () => {
    for (const name of ['usage.jsonl.gz', 'usage.zip', 'usage.csv.gz']) {
      const path = tmp.file(name, Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
      const error = await importError(path);
      expect(error.message).toBe(`${path}: unsupported file type; use .csv, .tsv, .jsonl, .ndjson or .json`);
    }
    expect(count(db, 'events')).toBe(0);
  });
});

describe('J15 cancellation', () => {
  it('J15 an already-aborted signal cancels: ImportCancelled, store unchanged', async () => {
    const before = await seedStore();
    const path = tmp.file('small.jsonl', jsonl({ id: 'c1', ts }, { id: 'c2', ts }));
    const error = await rejection(importFile(db, path, {}, AbortSignal.abort()));
    expect(error).toBeInstanceOf(ImportCancelled);
    expect(error.message).toBe('import cancelled; nothing was imported');
    expect(dumpTables(db)).toEqual(before);
  });

  it('J15 aborting mid-way (after the first batches were inserted) rolls everything back', async () => {
    const before = await seedStore();
    const seeded = count(db, 'events');
    const total = 300_000;
    const lines: string[] = [];
    for (let i = 0; i < total; i++) lines.push(`{"id":"k${i}","ts":${1714564800 + i},"user":"u${i % 50}","agent_id":"a${i % 9}","input_tokens":${i}}`);
    const path = tmp.file('many.jsonl', lines.join('\n') + '\n');
    const controller = new AbortController();
    let seenAtAbort = 0;
    let finished = false;
    const poll = () => {
      if (finished) return;
      // same connection: the open transaction's rows are visible here
      const now = count(db, 'events');
      if (now > seeded) {
        seenAtAbort = now - seeded;
        controller.abort();
      } else setImmediate(poll);
    };
    setImmediate(poll);
    const error = await rejection(importFile(db, path, {}, controller.signal));
    finished = true;
    expect(error).toBeInstanceOf(ImportCancelled);
    expect(seenAtAbort).toBeGreaterThan(0);
    expect(seenAtAbort).toBeLessThan(total);
    expect(dumpTables(db)).toEqual(before);
  });
});
