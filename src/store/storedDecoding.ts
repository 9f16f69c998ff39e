/**
 * How the index build reads what event_rows stores for its key and text columns: the source key through the event's
 * origin, a text as a label's key, a combination's key (the status and provider through the label set, the source
 * format through the origin) or a session's key. Each is read from small tables once per build.
 */
import type { Database } from 'sql.js';
import { combinationOf, statusOfStored, type CombinedColumn } from '../core/schema';
import { storedCombinations } from './combinations';
import { labelTexts } from './labels';

/** A value from the key stored for it (undefined: no such key; null: none). */
export type FromStoredKey<T> = (stored: number) => T | null | undefined;

export interface StoredDecoding {
  /** a key column's key from what is stored; null for a column stored as it is */
  keyOf(column: string): FromStoredKey<number> | null;
  /** a text column's text from the key stored for it, and the largest such key */
  textOf(column: string): { text: FromStoredKey<string>; largestKey: number };
}

export function storedDecoding(db: Database): StoredDecoding {
  const labels = labelTexts(db);
  const stored = { label_set: storedCombinations(db, 'label_set'), origin: storedCombinations(db, 'origin') };
  /** a column's stored part by its combination's key, or null for a column of its own */
  const partOf = (column: string): { part: FromStoredKey<number>; largestKey: number } | null => {
    const combination = combinationOf(column);
    if (combination === null) return null;
    // an array by key: read once a row, where a Map's lookup would show in the build's time
    const parts: (number | null)[] = [];
    for (const [key, part] of stored[combination]) parts[key] = part[column as CombinedColumn] ?? null;
    return { part: (key) => parts[key], largestKey: parts.length - 1 };
  };
  const largestOf = (keys: Iterable<number>) => {
    let largest = 0;
    for (const key of keys) if (key > largest) largest = key;
    return largest;
  };
  return {
    keyOf: (column) => partOf(column)?.part ?? null,
    textOf: (column) => {
      if (column === 'session_id') {
        const ids: string[] = [];
        for (const [key, id] of db.exec('SELECT session_key, session_id FROM sessions')[0]?.values ?? []) ids[Number(key)] = String(id);
        return { text: (key) => ids[key], largestKey: ids.length - 1 };
      }
      const combined = partOf(column);
      if (combined === null) return { text: (key) => labels.get(key), largestKey: largestOf(labels.keys()) };
      const { part, largestKey } = combined;
      return {
        text: (key) => {
          const value = part(key);
          return value == null ? value : column === 'status' ? statusOfStored(value) : labels.get(value);
        },
        largestKey,
      };
    },
  };
}
