/**
 * event_rows keeps a session id as a key into `sessions`, which has no unique index: the writers find ids through
 * SessionKeys (a table of 32-bit hashes and keys kept per database, and the ids met last). These tests hold it to
 * what a unique index would give: one row per id whoever wrote it and whenever, two ids sharing a hash two sessions,
 * a rolled-back session's ids gone, and no session left that no event names once a source is removed.
 */
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import { EventWriter } from '../../src/store/eventWriter';
import { textHash } from '../../src/store/rowsByHash';
import { ensureSource, removeSource } from '../../src/store/sources';
import { inTransaction } from '../../src/store/transaction';
import { openTestDb, rows } from './helpers/db';

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(() => db.close());

let sharingAHash: [string, string] | undefined;

/** Two different session ids of one 32-bit hash, found by search (about 80,000 ids). */
function idsSharingAHash(): [string, string] {
  if (sharingAHash) return sharingAHash;
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `ses-${i}`;
    const hash = textHash(id);
    const other = seen.get(hash);
    if (other !== undefined) return (sharingAHash = [other, id]);
    seen.set(hash, id);
  }
}

let written = 0;

/** Writes one event per session id (new keys each time) in one transaction of a new writer. */
async function write(sessionIds: readonly (string | null)[], sourceKey: number | null = null, then?: () => void): Promise<void> {
  const writer = new EventWriter(db, sourceKey);
  try {
    await inTransaction(db, () => {
      for (const sessionId of sessionIds) writer.write({ ...blankEvent(++written, `id:event-${written}`, 1_000 + written), sessionId }, 'test', false);
      then?.();
    });
  } finally {
    writer.free();
  }
}

const storedSessions = () => rows(db, 'SELECT session_key, session_id FROM sessions ORDER BY session_key').map((row) => [row.session_key, row.session_id]);
/** each event's session id as the view shows it, in rowid order */
const eventSessions = () => rows(db, 'SELECT session_id FROM events ORDER BY rowid').map((row) => row.session_id);

describe('session ids kept once in sessions, found without an index', () => {
  it('stores each id once, in the order met, and finds it again within a write session and in a later one', async () => {
    await write(['a', 'b', 'a', null, 'b']);
    await write(['b', 'c', 'a']);
    expect(storedSessions()).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(eventSessions()).toEqual(['a', 'b', 'a', null, 'b', 'b', 'c', 'a']);
  });

  it('keeps two ids that share a 32-bit hash as two sessions, and finds each again', async () => {
    const [first, second] = idsSharingAHash();
    expect(first).not.toBe(second);
    expect(textHash(first)).toBe(textHash(second));
    await write([first, second]);
    await write([second, first, 'other']);
    expect(storedSessions()).toEqual([[1, first], [2, second], [3, 'other']]);
    expect(eventSessions()).toEqual([first, second, second, first, 'other']);
  });

  it('finds ids again past the ids it keeps as text (65,536 a write session)', async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => `s-${i}`);
    await write([...ids, 's-0', 's-1', 's-69999']);
    expect(rows(db, 'SELECT COUNT(*) AS n, MAX(session_key) AS last FROM sessions')).toEqual([{ n: 70_000, last: 70_000 }]);
    expect(eventSessions().slice(-3)).toEqual(['s-0', 's-1', 's-69999']);
    expect(rows(db, "SELECT session_key FROM event_rows WHERE rowid > 70000 ORDER BY rowid")).toEqual([{ session_key: 1 }, { session_key: 2 }, { session_key: 70_000 }]);
  });

  it("forgets a rolled-back write session's ids: written again, each is stored once", async () => {
    await write(['kept']);
    await expect(write(['gone-1', 'kept', 'gone-2'], null, () => {
      throw new Error('cancelled');
    })).rejects.toThrow('cancelled');
    expect(storedSessions()).toEqual([[1, 'kept']]);
    await write(['gone-2', 'kept', 'gone-1']);
    expect(storedSessions()).toEqual([[1, 'kept'], [2, 'gone-2'], [3, 'gone-1']]);
  });

  it('finds ids written through the events view, which adds an id once', async () => {
    await write(['a']);
    db.exec("INSERT INTO events (event_key, source, ts, status, session_id) VALUES ('id:sql-1', 'manual', 5, 'ok', 'by-sql'), ('id:sql-2', 'manual', 6, 'ok', 'by-sql'), ('id:sql-3', 'manual', 7, 'ok', 'a')");
    await write(['by-sql', 'a', 'b']);
    expect(storedSessions()).toEqual([[1, 'a'], [2, 'by-sql'], [3, 'b']]);
    expect(eventSessions()).toEqual(['a', 'by-sql', 'by-sql', 'a', 'by-sql', 'a', 'b']);
  });

  it("removing a source deletes the sessions no other event names; the rest keep their keys and are found again", async () => {
    const kept = ensureSource(db, { id: 'file:kept', kind: 'file', label: 'kept', location: ['kept.csv'] }, 1);
    const removed = ensureSource(db, { id: 'file:removed', kind: 'file', label: 'removed', location: ['removed.csv'] }, 1);
    await write(['shared', 'only-kept'], kept);
    await write(['shared', 'only-removed', 'last'], removed);
    expect(await removeSource(db, 'file:removed')).toBe(3);
    expect(storedSessions()).toEqual([[1, 'shared'], [2, 'only-kept']]);
    await write(['last', 'shared', 'only-removed'], kept);
    expect(storedSessions()).toEqual([[1, 'shared'], [2, 'only-kept'], [3, 'last'], [4, 'only-removed']]);
    expect(eventSessions()).toEqual(['shared', 'only-kept', 'last', 'shared', 'only-removed']);
  });
});
