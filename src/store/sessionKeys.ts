/**
 * Finds a session id's key in `sessions`, which has no unique index (at a million events of the bench's 3-event
 * sessions an index on the ids cost more than the dictionary saved): a RowsByHash of the ids' hashes and keys, made
 * once per database and kept, each candidate confirmed by the row's own id, so two ids sharing a hash stay two
 * sessions. The ids met last are kept as text too: an import meets a session's events close together, and a Map
 * lookup spares reading the row back. Sessions gone (a rolled-back write, a removed source's) leave entries whose
 * check fails, and the next key after the largest stored one is used again, so the table needs no forgetting.
 */
import type { Database, Statement } from 'sql.js';
import { textHash, upToDateTable, type RowsByHash } from './rowsByHash';

const tables = new WeakMap<Database, RowsByHash>();
/** the ids kept as text by one write session before it starts again (a few MB) */
const recentIds = 1 << 16;

/** The session keys of a database, for one write session (within its transaction). */
export class SessionKeys {
  private readonly table: RowsByHash;
  private readonly idAt: Statement;
  private readonly keyOfId: Statement;
  private readonly insert: Statement;
  private readonly recent = new Map<string, number>();

  constructor(db: Database) {
    const [[largest]] = db.exec('SELECT COALESCE(MAX(session_key), 0) FROM sessions')[0]!.values as [[number]];
    this.table = upToDateTable(tables, db, largest, (table, after) => takeIn(db, table, after));
    this.idAt = db.prepare('SELECT session_id FROM sessions WHERE session_key = ?');
    this.keyOfId = db.prepare('SELECT MIN(session_key) FROM sessions WHERE session_id = ?');
    this.insert = db.prepare('INSERT INTO sessions (session_key, session_id) VALUES (?, ?)');
  }

  /** The key of session `id`, the session added when new; null for no session. */
  key(id: string | null): number | null {
    if (id === null) return null;
    const recent = this.recent.get(id);
    if (recent !== undefined) return recent;
    const table = this.table;
    const hash = textHash(id);
    let key = table.unindexed ? this.askDatabase(id) : table.find(hash, this.holds, id);
    if (key === null) {
      key = table.takenUpTo + 1;
      this.insert.run([key, id]);
      table.add(hash, key);
      table.takenUpTo = key;
    }
    if (this.recent.size === recentIds) this.recent.clear();
    this.recent.set(id, key);
    return key;
  }

  free(): void {
    this.idAt.free();
    this.keyOfId.free();
    this.insert.free();
  }

  /** an arrow, so that a lookup passes it without making a closure */
  private readonly holds = (key: number, id: string): boolean => this.idOf(key) === id;

  private idOf(key: number): string | null {
    this.idAt.bind([key]);
    const id = this.idAt.step() ? (this.idAt.get()[0] as string) : null;
    this.idAt.reset();
    return id;
  }

  private askDatabase(id: string): number | null {
    this.keyOfId.bind([id]);
    const key = this.keyOfId.step() ? (this.keyOfId.get()[0] as number | null) : null;
    this.keyOfId.reset();
    return key;
  }
}

function takeIn(db: Database, table: RowsByHash, after: number): void {
  const statement = db.prepare('SELECT session_key, session_id FROM sessions WHERE session_key > ?', [after]);
  try {
    while (statement.step()) {
      const [key, id] = statement.get() as [number, string];
      table.add(textHash(String(id)), key);
      table.takenUpTo = Math.max(table.takenUpTo, key);
    }
  } finally {
    statement.free();
  }
}
