/**
 * Finds an event's row by its key, in place of a unique index on event_rows.event_key, which was a fifth of the
 * database (26 bytes an event at a million). An open-addressing table of 32-bit hashes of the stored keys
 * (storedEventKey.ts) and rowids names the rows that may hold a key; the row's own stored key confirms each, so two
 * keys that share a 32-bit hash stay two events.
 * The table is made once per database (a pass over the keys, about 0.7 s at a million; 11 to 21 bytes an event)
 * and kept: each write session takes in the rows written since, through this module or not. A deleted row leaves
 * an entry whose check fails; a rolled-back transaction makes the table forget (`forgetStoredEventKeys`). A key
 * changed in place (SQL over the events view; the store never changes a key) is found again once the database is
 * opened anew.
 */
import type { Database, Statement } from 'sql.js';
import type { StoredEventKey } from '../core/storedEventKey';
import { probeHash, textHash, upToDateTable, type RowsByHash } from './rowsByHash';

const tables = new WeakMap<Database, RowsByHash>();

/** A text key's probe hash (Claude Code's keys, which are stored as text). */
export const keyHash = textHash;

const hashOfStored = (text: string | null, high: number, low: number): number => (text !== null ? keyHash(text) : probeHash(high ^ low));
/** A stored key's probe hash: a Claude Code key's text hashed, or the 64-bit hash's halves mixed. */
export const storedKeyHash = (key: StoredEventKey): number => hashOfStored(key.text, key.high, key.low);

/** SQL for a stored key bound as its three parameters (storedKeyParameters): the text, or the hash's halves joined. */
export const storedKeyParametersSql = 'COALESCE(?, (? << 32) | ?)';
export const storedKeyParameters = (key: StoredEventKey): [string | null, number, number] => [key.text, key.high, key.low];
/** SQL reading a stored key as the text (Claude Code's keys; else NULL) and the hash's halves. */
const storedKeyColumnsSql = "CASE WHEN typeof(event_key) = 'text' THEN event_key END, event_key >> 32, event_key & 4294967295";

/** After a rollback: the table may hold rows that are not there and have taken in rowids that will be used again. */
export function forgetStoredEventKeys(db: Database): void {
  tables.delete(db);
}

/** The event keys of a database's event_rows, for one write session (within its transaction). */
export class StoredEventKeys {
  private readonly table: RowsByHash;
  private readonly keyAt: Statement;
  private readonly rowOfKey: Statement;

  constructor(db: Database) {
    const [[largest]] = db.exec('SELECT COALESCE(MAX(rowid), 0) FROM event_rows')[0]!.values as [[number]];
    this.table = upToDateTable(tables, db, largest, (table, after) => takeIn(db, table, after));
    this.keyAt = db.prepare(`SELECT ${storedKeyColumnsSql} FROM event_rows WHERE rowid = ?`);
    this.rowOfKey = db.prepare(`SELECT rowid FROM event_rows WHERE event_key = ${storedKeyParametersSql}`);
  }

  /** The rowid after the largest: where the session's next row goes. */
  get nextRow(): number {
    return this.table.takenUpTo + 1;
  }

  /** The row holding `key`, or null. */
  rowOf(key: StoredEventKey): number | null {
    const table = this.table;
    if (table.unindexed) return this.askDatabase(key);
    return table.find(storedKeyHash(key), this.rowHolds, key);
  }

  /** `key` was written into row `row` (the largest rowid so far). */
  added(key: StoredEventKey, row: number): void {
    this.table.add(storedKeyHash(key), row);
    this.table.takenUpTo = row;
  }

  free(): void {
    this.keyAt.free();
    this.rowOfKey.free();
  }

  /** an arrow, so that a lookup (one an imported event) passes it without making a closure */
  private readonly rowHolds = (row: number, key: StoredEventKey): boolean => {
    this.keyAt.bind([row]);
    let holds = false;
    if (this.keyAt.step()) {
      const [text, high, low] = this.keyAt.get() as [string | null, number, number];
      holds = key.text !== null ? text === key.text : text === null && high === key.high && low === key.low;
    }
    this.keyAt.reset();
    return holds;
  };

  private askDatabase(key: StoredEventKey): number | null {
    this.rowOfKey.bind(storedKeyParameters(key));
    const row = this.rowOfKey.step() ? (this.rowOfKey.get()[0] as number) : null;
    this.rowOfKey.reset();
    return row;
  }
}

function takeIn(db: Database, table: RowsByHash, after: number): void {
  const statement = db.prepare(`SELECT rowid, ${storedKeyColumnsSql} FROM event_rows WHERE rowid > ?`, [after]);
  try {
    while (statement.step()) {
      const [row, text, high, low] = statement.get() as [number, string | null, number, number];
      table.add(hashOfStored(text, high, low), row);
      table.takenUpTo = Math.max(table.takenUpTo, row);
    }
  } finally {
    statement.free();
  }
}
