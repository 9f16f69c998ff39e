/**
 * event_rows has no unique index on event_key: the writers find keys through StoredEventKeys (a table of 32-bit
 * hashes of the stored keys and rowids kept per database). These tests hold it to what the index gave: two keys that
 * share a 32-bit hash are two events (hashed keys and Claude Code's text keys alike), a key is found whoever wrote it
 * and whenever, and a rolled-back or deleted row is not found.
 */
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import { EventWriter, type WriteOutcome } from '../../src/store/eventWriter';
import { storedEventKey } from '../../src/core/storedEventKey';
import { keyHash, storedKeyHash } from '../../src/store/storedEventKeys';
import { inTransaction } from '../../src/store/transaction';
import { openTestDb, rows } from './helpers/db';
import { exactKeySql, keyLiteral, naturalKeys, storedKeyText } from './helpers/eventKeys';

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(() => db.close());

const sharingAHash = new Map<string, [string, string]>();

/** Two different keys `<stem><n>` whose stored keys share a 32-bit probe hash, found by search (about 80,000 keys). */
function keysSharingAHash(stem = 'id:run-'): [string, string] {
  const found = sharingAHash.get(stem);
  if (found) return found;
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `${stem}${i}`;
    const hash = storedKeyHash(storedEventKey(key));
    const other = seen.get(hash);
    if (other !== undefined) {
      sharingAHash.set(stem, [other, key]);
      return [other, key];
    }
    seen.set(hash, key);
  }
}

/**
 * A Claude Code key (stored as text) whose FNV-1a is 0, which the mixer leaves 0 (an empty slot's mark): a prefix
 * whose FNV-1a state is below 2^16, then that state as the last UTF-16 unit, since (state ^ unit) · prime is 0 only
 * when the two are equal.
 */
function keyOfFnvZero(): string {
  for (let i = 0; ; i++) {
    const prefix = `claude-code:zero-${i}`;
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

/** The natural keys of the stored rows in rowid order, among `candidates` (a stored key none of them gives shows as read). */
const storedKeys = (...candidates: string[]) => naturalKeys(db, `SELECT ${exactKeySql()} FROM events ORDER BY rowid`, candidates);

describe('finding an event by its key without an index', () => {
  it.each([
    ['hashed keys', 'id:run-'],
    ["Claude Code's text keys", 'claude-code:msg-'],
  ])('keeps two %s that share a 32-bit hash as two events, and finds each again', async (_, stem) => {
    const [first, second] = keysSharingAHash(stem);
    expect(first).not.toBe(second);
    expect(storedKeyText(first)).not.toBe(storedKeyText(second));
    expect(storedKeyHash(storedEventKey(first))).toBe(storedKeyHash(storedEventKey(second)));
    expect(await write([first, second])).toEqual(['imported', 'imported']);
    expect(await write([second, first, 'id:other'])).toEqual(['duplicate', 'duplicate', 'imported']);
    expect(storedKeys(first, second, 'id:other')).toEqual([first, second, 'id:other']);
  });

  it('stores every key but Claude Code\'s as the 64-bit FNV-1a of its UTF-8, and those as their text', async () => {
    const keys = ['id:a', 'id:Björn 🎉', 'bucket:2026-01-01|m', 'claude-code:msg_1:req_1', 'claude-code:msg_1:req_2:sidechain'];
    await write(keys);
    expect(rows(db, `SELECT ${exactKeySql()} AS stored, typeof(event_key) AS type FROM events ORDER BY rowid`)).toEqual(
      keys.map((key) => ({ stored: storedKeyText(key), type: key.startsWith('claude-code:') ? 'text' : 'integer' })),
    );
  });

  it('stores a key whose hash would be the empty slot\'s mark, and finds it again', async () => {
    const key = keyOfFnvZero();
    expect(keyHash(key)).not.toBe(0);
    expect(await write([key, 'id:b', key])).toEqual(['imported', 'imported', 'duplicate']);
    expect(await write(['id:b', key])).toEqual(['duplicate', 'duplicate']);
    expect(storedKeys(key, 'id:b')).toEqual([key, 'id:b']);
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
    expect(storedKeys('id:kept', 'id:gone-1', 'id:gone-2')).toEqual(['id:kept']);
    expect(await write(['id:gone-2', 'id:kept', 'id:gone-1'])).toEqual(['imported', 'duplicate', 'imported']);
    expect(storedKeys('id:kept', 'id:gone-1', 'id:gone-2')).toEqual(['id:kept', 'id:gone-2', 'id:gone-1']);
  });

  it('finds rows written through the events view after the table was made, and not rows deleted', async () => {
    await write(['id:a', 'id:b']);
    db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:by-sql', 'manual', 5, 'ok')");
    db.exec(`DELETE FROM events WHERE event_key = ${keyLiteral('id:a')}`);
    expect(await write(['id:by-sql', 'id:a', 'id:b'])).toEqual(['duplicate', 'imported', 'duplicate']);
    // the view refuses a key that is there, as the unique index did, in an insert and in a change of key
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:b', 'manual', 6, 'ok')")).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    expect(() => db.exec(`UPDATE events SET event_key = 'id:b' WHERE event_key = ${keyLiteral('id:by-sql')}`)).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    db.exec(`UPDATE events SET event_key = 'id:renamed', input_tokens = 3 WHERE event_key = ${keyLiteral('id:by-sql')}`);
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key, input_tokens FROM events WHERE source = 'manual'`)).toEqual([{ event_key: storedKeyText('id:renamed'), input_tokens: 3 }]);
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
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key, input_tokens FROM events ORDER BY rowid`)).toEqual([
      { event_key: storedKeyText('bucket:1'), input_tokens: 0 },
      { event_key: storedKeyText('bucket:2'), input_tokens: 99 },
    ]);
  });

  it('deletes the row of a key, and only that row', async () => {
    const [first, second] = keysSharingAHash();
    await write([first, second]);
    const writer = new EventWriter(db, null);
    await inTransaction(db, () => writer.delete(second));
    writer.free();
    expect(storedKeys(first, second)).toEqual([first]);
  });
});
