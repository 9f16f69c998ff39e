/**
 * The texts event_rows keeps as keys into `labels` (source, provider, project, error type: a handful of
 * values repeated over millions of rows).
 */
import type { Database } from 'sql.js';
import { DimensionTable } from './dimensions';

/** Every label's text by its key. */
export function labelTexts(db: Database): Map<number, string> {
  const texts = new Map<number, string>();
  for (const [key, text] of db.exec('SELECT label_key, text FROM labels')[0]?.values ?? []) texts.set(Number(key), String(text));
  return texts;
}

/** A text's label key, added when new (labels are few: the table reads them all up front). */
export class LabelKeys {
  private readonly table: DimensionTable;

  constructor(db: Database) {
    this.table = new DimensionTable(db, 'labels', 'label_key', 'text', []);
  }

  key(text: string | null): number | null {
    return text === null ? null : this.table.resolve(text, [], 'fill');
  }

  free(): void {
    this.table.free();
  }
}
