/**
 * event_rows keeps an event's provider, project, status and error type as one key into `label_sets`, which has no
 * unique index: the writers find sets through LabelSets (the table read up front, a set looked up before it is added).
 * These tests hold it to what a unique index would give: one row per combination whoever wrote it and whenever, empty
 * parts equal to empty parts, and the view showing every part as it was written.
 */
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import type { EventRecord } from '../../src/core/ingest/normalise';
import { EventWriter } from '../../src/store/eventWriter';
import { labelSetTexts } from '../../src/store/labelSets';
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

  it('labelSetTexts gives each set by its key as texts, the status as ok or error', async () => {
    await write([ok('openai', 'checkout'), failed('timeout')]);
    expect(labelSetTexts(db)).toEqual(
      new Map([
        [1, { provider: 'openai', project: 'checkout', status: 'ok', error_type: null }],
        [2, { provider: null, project: null, status: 'error', error_type: 'timeout' }],
      ]),
    );
  });
});
