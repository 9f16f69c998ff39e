/**
 * The label sets of event_rows: the provider, project, status and error type of an event kept together as one key
 * into `label_sets`, since a few hundred combinations repeat over millions of rows (one column where there were
 * four, each a byte of every row's record header).
 */
import type { Database, Statement } from 'sql.js';
import { labelSetColumns, labelSetParts, statusOfStored, type LabelSetColumn } from '../core/schema';
import { labelTexts } from './labels';

/** A set's parts as stored: label keys (null: none) and is_error. */
export type StoredLabelSet = Record<LabelSetColumn, number | null>;

const storedParts = labelSetParts.map((column) => labelSetColumns[column]);
const setOf = (stored: readonly unknown[]): StoredLabelSet =>
  Object.fromEntries(labelSetParts.map((column, i) => [column, stored[i] === null ? null : Number(stored[i])])) as StoredLabelSet;
const idOf = (set: StoredLabelSet) => labelSetParts.map((column) => set[column] ?? '').join(' ');

/** Every set's texts by its key (the status as 'ok' or 'error'; null: none), for readers of the whole table. */
export function labelSetTexts(db: Database): Map<number, Record<LabelSetColumn, string | null>> {
  const labels = labelTexts(db);
  const sets = new Map<number, Record<LabelSetColumn, string | null>>();
  for (const [key, ...stored] of db.exec(`SELECT label_set, ${storedParts.join(', ')} FROM label_sets`)[0]?.values ?? []) {
    const set = setOf(stored);
    sets.set(
      Number(key),
      Object.fromEntries(
        labelSetParts.map((column) => [column, column === 'status' ? statusOfStored(set.status!) : set[column] === null ? null : (labels.get(set[column]!) ?? null)]),
      ) as Record<LabelSetColumn, string | null>,
    );
  }
  return sets;
}

/** A set's key, added when new (sets are few: the table is read up front). */
export class LabelSets {
  private readonly keys = new Map<string, number>();
  private readonly find: Statement;
  private readonly insert: Statement;

  constructor(db: Database) {
    for (const [key, ...stored] of db.exec(`SELECT label_set, ${storedParts.join(', ')} FROM label_sets`)[0]?.values ?? []) {
      this.keys.set(idOf(setOf(stored)), Number(key));
    }
    this.find = db.prepare(`SELECT MIN(label_set) FROM label_sets WHERE ${storedParts.map((part) => `${part} IS ?`).join(' AND ')}`);
    this.insert = db.prepare(`INSERT INTO label_sets (${storedParts.join(', ')}) VALUES (${storedParts.map(() => '?').join(', ')}) RETURNING label_set`);
  }

  key(set: StoredLabelSet): number {
    const id = idOf(set);
    const known = this.keys.get(id);
    if (known !== undefined) return known;
    // another writer may have added it since this one read the table
    const parts = labelSetParts.map((column) => set[column]);
    const found = this.find.get(parts)[0];
    this.find.reset();
    const key = typeof found === 'number' ? found : (this.insert.get(parts)[0] as number);
    this.insert.reset();
    this.keys.set(id, key);
    return key;
  }

  free(): void {
    this.find.free();
    this.insert.free();
  }
}
