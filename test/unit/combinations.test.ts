/**
 * event_rows keeps an event's provider, project, status and error type as one key into `label_sets`, and its source
 * format and source as one key into `origins`; neither table has a unique index: the writers find rows through
 * CombinationKeys (the table read up front, a miss looked up before a row is added). These tests hold them to what a
 * unique index would give: one row per combination whoever wrote it and whenever, empty parts equal to empty parts,
 * the view showing every part as it was written, and a removed source's origins gone.
 */
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import type { EventRecord } from '../../src/core/ingest/normalise';
import { EventWriter } from '../../src/store/eventWriter';
import { storedCombinations } from '../../src/store/combinations';
import { ensureSource, listSources, removeSource } from '../../src/store/sources';
import { inTransaction } from '../../src/store/transaction';
import { openTestDb, rows } from './helpers/db';

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(() => db.close());

type Parts = Pick<EventRecord, 'provider' | 'project' | 'status' | 'errorType'>;
const ok = (provider: string | null, project: string | null = null): Parts => ({ provider, project, status: 'ok', errorType: null });
const failed = (errorType: string | null, provider: string | null = null): Parts => ({ provider, project: null, status: 'error', errorType });

let written = 0;
const writeWith = (writer: EventWriter, parts: readonly Parts[]) => {
  for (const part of parts) writer.write({ ...blankEvent(++written, `id:event-${written}`, 1_000 + written), ...part }, 'test', false);
};

/** Writes one event per combination in one transaction of a new writer. */
async function write(parts: readonly Parts[]): Promise<void> {
  const writer = new EventWriter(db, null);
  try {
    await inTransaction(db, () => writeWith(writer, parts));
  } finally {
    writer.free();
  }
}

const label = (column: string) => `(SELECT text FROM labels WHERE label_key = ${column})`;
/** label_sets as texts, in key order */
const storedSets = () =>
  rows(db, `SELECT label_set, ${label('provider_label')} AS provider, ${label('project_label')} AS project, is_error, ${label('error_label')} AS error_type FROM label_sets ORDER BY label_set`).map(
    (row) => [row.label_set, row.provider, row.project, row.is_error, row.error_type],
  );
/** each event's parts as the view shows them, in rowid order */
const eventParts = () => rows(db, 'SELECT provider, project, status, error_type FROM events ORDER BY rowid').map((row) => [row.provider, row.project, row.status, row.error_type]);

describe('provider, project, status and error type kept together in label_sets', () => {
  it('stores each combination once, in the order met, within one writer and in a later one; empty parts are equal', async () => {
    await write([ok('openai', 'checkout'), failed('rate_limit', 'openai'), ok('openai', 'checkout'), ok(null), failed(null)]);
    await write([ok(null), failed('rate_limit', 'openai'), ok('anthropic')]);
    expect(storedSets()).toEqual([
      [1, 'openai', 'checkout', 0, null],
      [2, 'openai', null, 1, 'rate_limit'],
      [3, null, null, 0, null],
      [4, null, null, 1, null],
      [5, 'anthropic', null, 0, null],
    ]);
    expect(rows(db, 'SELECT label_set FROM event_rows ORDER BY rowid').map((row) => row.label_set)).toEqual([1, 2, 1, 3, 4, 3, 2, 5]);
    expect(eventParts()).toEqual([
      ['openai', 'checkout', 'ok', null],
      ['openai', null, 'error', 'rate_limit'],
      ['openai', 'checkout', 'ok', null],
      [null, null, 'ok', null],
      [null, null, 'error', null],
      [null, null, 'ok', null],
      ['openai', null, 'error', 'rate_limit'],
      ['anthropic', null, 'ok', null],
    ]);
  });

  it('an ok event may keep an error type, a set of its own', async () => {
    await write([{ ...ok('openai'), errorType: 'retried' }, failed('retried', 'openai')]);
    expect(storedSets()).toEqual([
      [1, 'openai', null, 0, 'retried'],
      [2, 'openai', null, 1, 'retried'],
    ]);
    expect(eventParts()).toEqual([
      ['openai', null, 'ok', 'retried'],
      ['openai', null, 'error', 'retried'],
    ]);
  });

  it('finds a set another writer added after this one read the table, instead of adding it twice', async () => {
    const early = new EventWriter(db, null);
    try {
      await write([ok('openai')]);
      await inTransaction(db, () => writeWith(early, [ok('openai'), ok('mistral')]));
    } finally {
      early.free();
    }
    await write([ok('mistral')]);
    expect(storedSets()).toEqual([
      [1, 'openai', null, 0, null],
      [2, 'mistral', null, 0, null],
    ]);
    expect(rows(db, 'SELECT label_set FROM event_rows ORDER BY rowid').map((row) => row.label_set)).toEqual([1, 1, 2, 2]);
  });

  it('the view adds a combination once, finds one the writers added, and moves an updated event to its new set', async () => {
    await write([ok('openai', 'checkout')]);
    db.exec(`INSERT INTO events (event_key, source, ts, provider, project, status) VALUES
      ('view-1', 'manual', 1, 'openai', 'checkout', 'ok'), ('view-2', 'manual', 2, 'openai', 'ümlaut', 'error'), ('view-3', 'manual', 3, 'openai', 'ümlaut', 'error')`);
    expect(storedSets()).toEqual([
      [1, 'openai', 'checkout', 0, null],
      [2, 'openai', 'ümlaut', 1, null],
    ]);
    db.exec("UPDATE events SET error_type = 'timeout' WHERE ts = 3");
    expect(storedSets().slice(2)).toEqual([[3, 'openai', 'ümlaut', 1, 'timeout']]);
    expect(rows(db, 'SELECT ts, provider, project, status, error_type FROM events WHERE ts <= 3 ORDER BY ts')).toEqual([
      { ts: 1, provider: 'openai', project: 'checkout', status: 'ok', error_type: null },
      { ts: 2, provider: 'openai', project: 'ümlaut', status: 'error', error_type: null },
      { ts: 3, provider: 'openai', project: 'ümlaut', status: 'error', error_type: 'timeout' },
    ]);
  });

  it('the view refuses a status other than ok and error, or none, and changes nothing', async () => {
    await write([ok('openai')]);
    const before = [storedSets(), eventParts()];
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, provider, status) VALUES ('bad', 'manual', 1, 'openai', 'maybe')")).toThrow(/CHECK constraint failed/);
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, provider, status) VALUES ('none', 'manual', 1, 'openai', NULL)")).toThrow(/NOT NULL constraint failed: label_sets.is_error/);
    expect(() => db.exec("UPDATE events SET status = 'maybe'")).toThrow(/CHECK constraint failed/);
    expect([storedSets(), eventParts()]).toEqual(before);
  });

  it('storedCombinations gives each set by its key with its parts as stored', async () => {
    await write([ok('openai', 'checkout'), failed('timeout')]);
    const key = (text: string) => rows(db, 'SELECT label_key FROM labels WHERE text = ?', [text])[0]!.label_key;
    expect(storedCombinations(db, 'label_set')).toEqual(
      new Map([
        [1, { provider: key('openai'), project: key('checkout'), status: 0, error_type: null }],
        [2, { provider: null, project: null, status: 1, error_type: key('timeout') }],
      ]),
    );
  });
});

describe('the format and source of an event kept together in origins', () => {
  const source = (id: string) => ensureSource(db, { id, kind: 'file', label: id, location: [id] }, 0);
  /** Writes one event per format in one transaction of a new writer for the source. */
  async function writeFrom(sourceKey: number | null, formats: readonly string[]): Promise<void> {
    const writer = new EventWriter(db, sourceKey);
    try {
      await inTransaction(db, () => {
        for (const format of formats) writer.write(blankEvent(++written, `id:event-${written}`, 1_000 + written), format, false);
      });
    } finally {
      writer.free();
    }
  }
  const storedOrigins = () =>
    rows(db, `SELECT origin, ${label('source_label')} AS source, source_key FROM origins ORDER BY origin`).map((row) => [row.origin, row.source, row.source_key]);
  const eventOrigins = () => rows(db, 'SELECT source, source_key FROM events ORDER BY rowid').map((row) => [row.source, row.source_key]);

  it('stores each format and source once, in the order met, and the view shows both', async () => {
    const a = source('a.csv');
    const b = source('b.csv');
    await writeFrom(a, ['csv', 'csv', 'jsonl']);
    await writeFrom(b, ['csv']);
    await writeFrom(null, ['csv', 'csv']);
    await writeFrom(a, ['jsonl', 'csv']);
    expect(storedOrigins()).toEqual([
      [1, 'csv', a],
      [2, 'jsonl', a],
      [3, 'csv', b],
      [4, 'csv', null],
    ]);
    expect(rows(db, 'SELECT origin FROM event_rows ORDER BY rowid').map((row) => row.origin)).toEqual([1, 1, 2, 3, 4, 4, 2, 1]);
    expect(eventOrigins()).toEqual([['csv', a], ['csv', a], ['jsonl', a], ['csv', b], ['csv', null], ['csv', null], ['jsonl', a], ['csv', a]]);
    expect(listSources(db).map((info) => [info.id, info.rows])).toEqual([['a.csv', 5], ['b.csv', 1], ['untracked', 2]]);
  });

  it('removing a source deletes its events and its origins; the others keep their keys', async () => {
    const a = source('a.csv');
    const b = source('b.csv');
    await writeFrom(a, ['csv', 'jsonl']);
    await writeFrom(b, ['csv']);
    await writeFrom(null, ['json']);
    expect(await removeSource(db, 'a.csv')).toBe(2);
    expect(storedOrigins()).toEqual([
      [3, 'csv', b],
      [4, 'json', null],
    ]);
    expect(eventOrigins()).toEqual([['csv', b], ['json', null]]);
    expect(await removeSource(db, 'untracked')).toBe(1);
    expect(storedOrigins()).toEqual([[3, 'csv', b]]);
    // the same source written again finds its origin
    await writeFrom(b, ['csv']);
    expect(storedOrigins()).toEqual([[3, 'csv', b]]);
  });

  it('the view adds an origin once and moves an event written with another source to it', async () => {
    const a = source('a.csv');
    await writeFrom(a, ['csv']);
    db.exec(`INSERT INTO events (event_key, source, ts, status, source_key) VALUES ('v1', 'manual', 1, 'ok', NULL), ('v2', 'manual', 2, 'ok', NULL)`);
    db.exec(`UPDATE events SET source_key = ${a} WHERE ts = 2`);
    expect(storedOrigins()).toEqual([
      [1, 'csv', a],
      [2, 'manual', null],
      [3, 'manual', a],
    ]);
    expect(rows(db, 'SELECT ts, source, source_key FROM events WHERE ts <= 2 ORDER BY ts')).toEqual([
      { ts: 1, source: 'manual', source_key: null },
      { ts: 2, source: 'manual', source_key: a },
    ]);
  });
});
