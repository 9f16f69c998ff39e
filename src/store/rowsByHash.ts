/**
 * An open-addressing table of 32-bit hashes and rowids, in place of a unique index on a table's text or key column:
 * it names the rows that may hold a value, and the caller confirms each from the row. Made once per database and kept
 * (StoredEventKeys for event keys, SessionKeys for session ids).
 */
import type { Database } from 'sql.js';

/**
 * A slot whose hash is 0 is empty (probeHash never gives 0): a value that is not there, every row of a new import, is
 * found missing by reading the hashes alone, and the rowids only for a matching hash (at ten million, half the cache
 * misses of reading both).
 */
const emptySlot = 0;
const largestRowid = 0x7fffffff;

/** A 32-bit number mixed by murmur3's finaliser, so that values counting up spread out; never 0 (an empty slot). */
export function probeHash(state: number): number {
  let hash = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) || 1;
}

/** A text's probe hash: 32-bit FNV-1a of its UTF-16 units, mixed. */
export function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return probeHash(hash);
}

export class RowsByHash {
  private hashes = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private entries = 0;
  /** the largest rowid taken in */
  takenUpTo = 0;
  /** a row whose rowid the table cannot hold was seen: lookups must ask the database */
  unindexed = false;

  add(hash: number, row: number): void {
    if (row < 1 || row > largestRowid) {
      this.unindexed = true;
      return;
    }
    // at most three slots in four used: a value not there (every row of a new import) is found missing within a few slots
    if ((this.entries + 1) * 4 > this.rows.length * 3) this.grow();
    const mask = this.rows.length - 1;
    let slot = hash & mask;
    while (this.hashes[slot] !== emptySlot) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.rows[slot] = row;
    this.entries++;
  }

  /** The first row of this hash that holds `value` (`holds` confirms it from the row), or null. */
  find<T>(hash: number, holds: (row: number, value: T) => boolean, value: T): number | null {
    const { hashes, rows } = this;
    const mask = rows.length - 1;
    for (let slot = hash & mask; hashes[slot] !== emptySlot; slot = (slot + 1) & mask) {
      if (hashes[slot] === hash && holds(rows[slot]!, value)) return rows[slot]!;
    }
    return null;
  }

  private grow(): void {
    const { hashes, rows } = this;
    this.hashes = new Int32Array(rows.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    this.entries = 0;
    for (let slot = 0; slot < rows.length; slot++) if (hashes[slot] !== emptySlot) this.add(hashes[slot]!, rows[slot]!);
  }
}

/**
 * The table `tables` keeps for `db`, brought up to date with rows whose rowids run to `largest`: rowids gone at the
 * end (deleted, or written by a rolled-back transaction) are used again; rows added since the table last looked, by
 * the store's writers or not, are taken in by `takeIn`.
 */
export function upToDateTable(tables: WeakMap<Database, RowsByHash>, db: Database, largest: number, takeIn: (table: RowsByHash, after: number) => void): RowsByHash {
  let table = tables.get(db);
  if (table === undefined) tables.set(db, (table = new RowsByHash()));
  if (largest < table.takenUpTo) table.takenUpTo = largest;
  if (largest > table.takenUpTo) takeIn(table, table.takenUpTo);
  return table;
}
