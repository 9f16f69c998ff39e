/**
 * event_rows has no unique index on event_key: the writers find keys through StoredEventKeys (a table of key hashes
 * and rowids kept per database). These tests hold it to what the index gave: two keys that share a hash are two
 * events, a key is found whoever wrote it and whenever, and a rolled-back or deleted row is not found.
 */
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import { EventWriter, type WriteOutcome } from '../../src/store/eventWriter';
import { keyHash } from '../../src/store/storedEventKeys';
import { inTransaction } from '../../src/store/transaction';
import { openTestDb, rows } from './helpers/db';

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(() => db.close());

let sharingAHash: [string, string] | undefined;

/** Two different keys of one 32-bit hash, found by search (about 80,000 keys). */
function keysSharingAHash(): [string, string] {
  if (sharingAHash) return sharingAHash;
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `id:run-${i}`;
    const hash = keyHash(key);
    const other = seen.get(hash);
    if (other !== undefined) return (sharingAHash = [other, key]);
    seen.set(hash, key);
  }
}

/**
 * A key whose FNV-1a is 0, which the mixer leaves 0 (an empty slot's mark): a prefix whose FNV-1a state is below
 * 2^16, then that state as the last UTF-16 unit, since (state ^ unit) · prime is 0 only when the two are equal.
 */
function keyOfFnvZero(): string {
  for (let i = 0; ; i++) {
    const prefix = `id:zero-${i}`;
    let state = 0x811c9dc5;
    for (let at = 0; at < prefix.length; at++) state = Math.imul(state ^ prefix.charCodeAt(at), 0x01000193);
    if (state >>> 0 < 0x10000) return prefix + String.fromCharCode(state >>> 0);
  }
}

/** Writes `keys` as events in one transaction of a new writer; the outcomes in order. */
async function write(keys: readonly string[], replaceable = false, then?: () => void): Promise<WriteOutcome[]> {
  const writer = new EventWriter(db, null);
  try {
    return await inTransaction(db, () => {
      const outcomes = keys.map((key, i) => writer.write({ ...blankEvent(i + 1, key, 1_000 + i), inputTokens: i }, 'test', replaceable));
      then?.();
      return outcomes;
    });
  } finally {
    writer.free();
  }
}

const storedKeys = () => rows(db, 'SELECT event_key FROM events ORDER BY rowid').map((row) => row.event_key);

describe('finding an event by its key without an index', () => {
  it('keeps two keys that share a hash as two events, and finds each again', async () => {
    const [first, second] = keysSharingAHash();
    expect(first).not.toBe(second);
    expect(keyHash(first)).toBe(keyHash(second));
    expect(await write([first, second])).toEqual(['imported', 'imported']);
    expect(await write([second, first, 'id:other'])).toEqual(['duplicate', 'duplicate', 'imported']);
    expect(storedKeys()).toEqual([first, second, 'id:other']);
  });

  it('stores a key whose hash would be the empty slot\'s mark, and finds it again', async () => {
    const key = keyOfFnvZero();
    expect(keyHash(key)).not.toBe(0);
    expect(await write([key, 'id:b', key])).toEqual(['imported', 'imported', 'duplicate']);
    expect(await write(['id:b', key])).toEqual(['duplicate', 'duplicate']);
    expect(storedKeys()).toEqual([key, 'id:b']);
  });

  it('finds a key written earlier in the same session, and one written by an earlier session', async () => {
    expect(await write(['id:a', 'id:b', 'id:a'])).toEqual(['imported', 'imported', 'duplicate']);
    expect(await write(['id:b', 'id:c'])).toEqual(['duplicate', 'imported']);
  });

  it('forgets the rows of a rolled-back session: written again, they are imported', async () => {
    await write(['id:kept']);
    await expect(write(['id:gone-1', 'id:gone-2'], false, () => {
      throw new Error('cancelled');
    })).rejects.toThrow('cancelled');
    expect(storedKeys()).toEqual(['id:kept']);
    expect(await write(['id:gone-2', 'id:kept', 'id:gone-1'])).toEqual(['imported', 'duplicate', 'imported']);
    expect(storedKeys()).toEqual(['id:kept', 'id:gone-2', 'id:gone-1']);
  });

  it('finds rows written through the events view after the table was made, and not rows deleted', async () => {
    await write(['id:a', 'id:b']);
    db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:by-sql', 'manual', 5, 'ok')");
    db.exec("DELETE FROM events WHERE event_key = 'id:a'");
    expect(await write(['id:by-sql', 'id:a', 'id:b'])).toEqual(['duplicate', 'imported', 'duplicate']);
    // the view refuses a key that is there, as the unique index did, in an insert and in a change of key
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:b', 'manual', 6, 'ok')")).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    expect(() => db.exec("UPDATE events SET event_key = 'id:b' WHERE event_key = 'id:by-sql'")).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    db.exec("UPDATE events SET event_key = 'id:renamed', input_tokens = 3 WHERE event_key = 'id:by-sql'");
    expect(rows(db, "SELECT event_key, input_tokens FROM events WHERE source = 'manual'")).toEqual([{ event_key: 'id:renamed', input_tokens: 3 }]);
  });

  it('updates an aggregate row found by key when its figures changed, and leaves it when they did not', async () => {
    expect(await write(['bucket:1', 'bucket:2'], true)).toEqual(['imported', 'imported']);
    const writer = new EventWriter(db, null);
    const outcomes = await inTransaction(db, () => [
      writer.write({ ...blankEvent(1, 'bucket:1', 1_000), inputTokens: 0 }, 'test', true),
      writer.write({ ...blankEvent(2, 'bucket:2', 1_001), inputTokens: 99 }, 'test', true),
    ]);
    writer.free();
    expect(outcomes).toEqual(['duplicate', 'updated']);
    expect(rows(db, 'SELECT event_key, input_tokens FROM events ORDER BY rowid')).toEqual([
      { event_key: 'bucket:1', input_tokens: 0 },
      { event_key: 'bucket:2', input_tokens: 99 },
    ]);
  });

  it('deletes the row of a key, and only that row', async () => {
    const [first, second] = keysSharingAHash();
    await write([first, second]);
    const writer = new EventWriter(db, null);
    await inTransaction(db, () => writer.delete(second));
    writer.free();
    expect(storedKeys()).toEqual([first]);
  });
});
