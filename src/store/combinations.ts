/**
 * The combinations event_rows keeps as one key each (schema.ts `combinations`): an event's label set (provider,
 * project, status, error type) and its origin (the format it was read as, its `sources` row). A few hundred
 * combinations repeat over millions of rows; their tables have no unique index: the writers find rows here.
 */
import type { Database, Statement } from 'sql.js';
import { combinations, partColumn, partsOf, type Combination, type CombinedColumn } from '../core/schema';

/** SQL for "the event_rows row came from a source whose key is `condition`" (e.g. '= ?', 'IS NULL'): through its origin. */
export const fromSourceSql = (condition: string): string => `origin IN (SELECT origin FROM origins WHERE source_key ${condition})`;

/** A combination's parts as stored (label keys, is_error, a source's key; null: none), by view column. */
export type StoredParts = Partial<Record<CombinedColumn, number | null>>;

/** Every combination of one kind by its key, with its parts as stored. */
export function storedCombinations(db: Database, combination: Combination): Map<number, StoredParts> {
  const parts = partsOf(combination);
  const found = new Map<number, StoredParts>();
  const sql = `SELECT ${combination}, ${parts.map(partColumn).join(', ')} FROM ${combinations[combination].table}`;
  for (const [key, ...stored] of db.exec(sql)[0]?.values ?? []) {
    found.set(Number(key), Object.fromEntries(parts.map((column, i) => [column, stored[i] === null ? null : Number(stored[i])])) as StoredParts);
  }
  return found;
}

/** A combination's key, added when new (combinations are few: the table is read up front). */
export class CombinationKeys {
  private readonly parts: readonly CombinedColumn[];
  private readonly keys = new Map<string, number>();
  private readonly find: Statement;
  private readonly insert: Statement;
  /** the parts and key asked for last: most rows of an import share their neighbour's (compared without allocating) */
  private lastValues: (number | null)[] = [];
  private lastKey: number | null = null;

  constructor(db: Database, combination: Combination) {
    this.parts = partsOf(combination);
    for (const [key, parts] of storedCombinations(db, combination)) this.keys.set(this.idOf(this.parts.map((column) => parts[column] ?? null)), key);
    const { table } = combinations[combination];
    const columns = this.parts.map(partColumn);
    this.find = db.prepare(`SELECT MIN(${combination}) FROM ${table} WHERE ${columns.map((column) => `${column} IS ?`).join(' AND ')}`);
    this.insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING ${combination}`);
  }

  key(parts: StoredParts): number {
    let same = this.lastKey !== null;
    for (let i = 0; same && i < this.parts.length; i++) same = (parts[this.parts[i]!] ?? null) === this.lastValues[i];
    if (same) return this.lastKey!;
    const values = this.parts.map((column) => parts[column] ?? null);
    const id = this.idOf(values);
    let key = this.keys.get(id);
    if (key === undefined) {
      // another writer may have added it since this one read the table
      const found = this.find.get(values)[0];
      this.find.reset();
      key = typeof found === 'number' ? found : (this.insert.get(values)[0] as number);
      this.insert.reset();
      this.keys.set(id, key);
    }
    this.lastValues = values;
    this.lastKey = key;
    return key;
  }

  private idOf(values: readonly (number | null)[]): string {
    return values.map((value) => value ?? '').join(' ');
  }

  free(): void {
    this.find.free();
    this.insert.free();
  }
}
