/**
 * The index an import grows (its base plus the rows it inserted) is the index built from the table afterwards:
 * row for row, every column, on random files whose times go back and forth and tie with rows already there,
 * with duplicates left out. Where the inserts alone no longer tell the table (a row replaced or deleted, a user
 * taking over another's events, a text UTF-8 cannot hold) it gives null, and the store builds from the table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import { AppendedRows } from '../../src/store/appendedRows';
import { EventIndex, keyColumns, numberColumns, sharedColumns, textColumns } from '../../src/store/eventIndex';
import { EventWriter } from '../../src/store/eventWriter';
import { writeClaudeCodeFolder } from '../../src/tools/sample/claudeCodeFolder';
import { importFile } from '../../src/store/importer';
import { loadEngine, openDatabase } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { Rng } from '../../src/tools/sample/random';
import { keyLiteral } from './helpers/eventKeys';

const dir = mkdtempSync(join(tmpdir(), 'appended-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'));
});

/** The generator's seeded stream (mulberry32), as a function: a failure can be replayed from its seed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `rows` random events with ids from `firstId`; times over 30 days, many on the same few instants (`ordered`: in time order, in pairs). */
function eventsFile(name: string, seed: number, rows: number, firstId: number, ordered = false): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const maybe = (value: string) => (next() < 0.2 ? '' : value);
  const lines = ['event_id,timestamp,org_id,user_id,user_email,agent_id,session_id,model,provider,input_tokens,output_tokens,credits,cost_usd,latency_ms,status'];
  const start = Date.UTC(2026, 5, 1);
  for (let i = 0; i < rows; i++) {
    const ts = ordered ? start + Math.floor(i / 2) * 1000 : start + (next() < 0.3 ? Math.floor(next() * 5) * 3_600_000 : Math.floor(next() * 30 * 86_400_000));
    const user = pick(['usr_1', 'usr_2', 'usr_3', '']);
    lines.push([
      `e${firstId + i}`, new Date(ts).toISOString(), maybe(pick(['org_a', 'org_b'])), user, user === '' ? maybe(pick(['mail@example.com', 'x@example.com'])) : '',
      maybe(pick(['agt_1', 'agt_2', 'agt_3'])), maybe(`s${Math.floor(next() * 50)}`), maybe(pick(['gpt-4.1', 'claude-sonnet-4-5', 'mystery'])),
      maybe(pick(['openai', 'anthropic'])), maybe(String(Math.floor(next() * 9000))), maybe(String(Math.floor(next() * 900))),
      maybe((next() * 5).toFixed(3)), maybe((next() * 0.5).toFixed(6)), maybe(String(Math.floor(next() * 4000))), next() < 0.1 ? 'error' : 'ok',
    ].join(','));
  }
  return write(name, lines);
}

/** Every row of both indexes alike: numbers, keys, and texts by value (codes may be numbered otherwise). */
function expectSameRows(grown: EventIndex | null, built: EventIndex | null): void {
  expect(grown).not.toBeNull();
  expect(built).not.toBeNull();
  expect(grown!.length).toBe(built!.length);
  for (const column of numberColumns) expect({ column, values: grown!.numbers[column] }).toEqual({ column, values: built!.numbers[column] });
  for (const column of keyColumns) expect({ column, values: grown!.keys[column] }).toEqual({ column, values: built!.keys[column] });
  for (const column of textColumns) {
    const text = (index: EventIndex) => Array.from(index.texts[column].codes, (code) => index.texts[column].values[code]);
    expect({ column, values: text(grown!) }).toEqual({ column, values: text(built!) });
  }
}

async function importGrowing(db: Database, index: EventIndex | null, path: string): Promise<EventIndex | null> {
  const appended = AppendedRows.onto(db, index)!;
  await importFile(db, path, { writeObserver: appended, onEventsRewritten: () => appended.eventsRewritten() });
  return appended.index(db);
}

describe('AppendedRows', () => {
  it('grows the index into the one built from the table: into an empty store, onto rows already there, with ties and duplicates', async () => {
    const db = openDatabase(SQL);
    let index: EventIndex | null = null;
    // dimension files insert no event: the same (empty) index
    index = await importGrowing(db, index, write('users.csv', ['user_id,email,name,role,org_id', 'usr_1,one@example.com,One,dev,org_a', 'usr_2,,Two,dev,org_b']));
    expectSameRows(index, EventIndex.build(db));
    index = await importGrowing(db, index, eventsFile('a.csv', 1, 3000, 0));
    expectSameRows(index, EventIndex.build(db));
    expect(index!.length).toBe(3000);
    // the same times again and overlapping ids (e2500..): duplicates stay out, new rows fall between the old
    index = await importGrowing(db, index, eventsFile('b.csv', 1, 2000, 2500));
    expectSameRows(index, EventIndex.build(db));
    index = await importGrowing(db, index, eventsFile('c.csv', 7, 2500, 10_000));
    expectSameRows(index, EventIndex.build(db));
    expect(index!.length).toBe(3000 + 1500 + 2500);
    // every row a duplicate: the same rows
    index = await importGrowing(db, index, eventsFile('again.csv', 7, 2500, 10_000));
    expectSameRows(index, EventIndex.build(db));
    db.close();
  });

  it('into an empty store, rows in time order past the room the columns start with: what was written is the index', async () => {
    const db = openDatabase(SQL);
    const index = await importGrowing(db, EventIndex.build(db), eventsFile('ordered.csv', 9, 70_000, 0, true));
    expectSameRows(index, EventIndex.build(db));
    expect(index!.length).toBe(70_000);
    // the figure thread's columns were written in shared memory (the file told how many rows were coming) and are
    // kept where they were written: views of that room (a copy would be exactly as long), like the other columns
    const written = (array: Float64Array | Int32Array) => array.buffer instanceof SharedArrayBuffer && array.buffer.byteLength > array.byteLength;
    expect(numberColumns.filter((column) => written(index!.numbers[column]))).toEqual(numberColumns.filter((column) => sharedColumns.has(column)));
    expect(keyColumns.filter((column) => written(index!.keys[column]))).toEqual(keyColumns.filter((column) => sharedColumns.has(column)));
    expect(textColumns.filter((column) => written(index!.texts[column].codes))).toEqual(textColumns.filter((column) => sharedColumns.has(column)));
    db.close();
  });

  it('gives null when a row that was there is replaced or deleted, a user takes over events, or a text would not come back as written', async () => {
    const db = openDatabase(SQL);
    await importFile(db, eventsFile('base.csv', 3, 200, 0), {});
    const base = EventIndex.build(db)!;
    const record = (key: string, tokens: number) => ({ ...blankEvent(1, key, Date.UTC(2026, 5, 2)), inputTokens: tokens });

    const replaced = AppendedRows.onto(db, base)!;
    const writer = new EventWriter(db, null, undefined, replaced);
    expect(writer.write(record('bucket', 5), 'anthropic-usage', true)).toBe('imported');
    expect(replaced.holds).toBe(true);
    expect(writer.write(record('bucket', 6), 'anthropic-usage', true)).toBe('updated');
    expect(replaced.index(db)).toBeNull();
    writer.free();

    const deleted = AppendedRows.onto(db, EventIndex.build(db))!;
    const deleting = new EventWriter(db, null, undefined, deleted);
    deleting.delete('no such key');
    expect(deleted.holds).toBe(true);
    deleting.delete('bucket');
    expect(deleted.index(db)).toBeNull();
    deleting.free();

    // an event naming only an email makes a user keyed by it; a users file then says the email is a user other events name
    const merged = AppendedRows.onto(db, EventIndex.build(db))!;
    const mergedEvents = ['event_id,timestamp,user_id,user_email,input_tokens', 'm1,2026-06-03T00:00:00Z,,new@example.com,3', 'm2,2026-06-03T00:00:00Z,usr_new,,4'];
    await importFile(db, write('email-only.csv', mergedEvents), { writeObserver: merged });
    expect(merged.holds).toBe(true);
    await importFile(db, write('new-user.csv', ['user_id,email,name', 'usr_new,new@example.com,New']), { writeObserver: merged, onEventsRewritten: () => merged.eventsRewritten() });
    expect(merged.index(db)).toBeNull();

    // a lone surrogate (a JSON "\ud800" escape) is stored as something else: only the table can say what
    const surrogate = AppendedRows.onto(db, EventIndex.build(db))!;
    const lone = new EventWriter(db, null, undefined, surrogate);
    lone.write({ ...record('lone', 1), sessionId: 'session-\ud800' }, 'json', false);
    expect(surrogate.index(db)).toBeNull();
    expect(db.exec(`SELECT session_id FROM events WHERE event_key = ${keyLiteral('lone')}`)[0]!.values[0]![0]).not.toBe('session-\ud800');
    lone.free();
    db.close();
  });

  it('in the store, the index after imports and a local log scan that only add rows is the one built from the table', async () => {
    const store = UsageStore.open(SQL);
    store.indexAfterChanges = true;
    const inside = store as unknown as { eventIndex: EventIndex | null | undefined; db: Database };
    const built = AppendedRows.prototype.index;
    let grown = 0;
    AppendedRows.prototype.index = function (this: AppendedRows, db: Database) {
      const index = built.call(this, db);
      if (index) grown++;
      return index;
    };
    try {
      await store.importFile(eventsFile('s1.csv', 11, 1500, 0));
      await store.importFile(eventsFile('s2.csv', 12, 1500, 1000));
      expect(grown).toBe(2);
      expectSameRows(inside.eventIndex!, EventIndex.build(inside.db));
      // a local log scan adds its rows the same way (a later scan that replaces a copy of a message builds from the table)
      const folder = join(dir, 'claude');
      await writeClaudeCodeFolder({ root: folder, lines: 3000, seed: 5 });
      const scan = await store.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
      expect(scan.imported).toBeGreaterThan(500);
      expect(grown).toBe(3);
      expectSameRows(inside.eventIndex!, EventIndex.build(inside.db));
    } finally {
      AppendedRows.prototype.index = built;
      store.close();
    }
  });
});
