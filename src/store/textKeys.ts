/**
 * The texts event_rows keeps as keys into a table of their own (`labels`: source, provider, project, error
 * type, a handful of values over millions of rows; `sessions`: session ids, each over a session's events).
 */
import type { Database, Statement } from 'sql.js';
import type { TextTable } from '../core/schema';

/** Every text of a table by its key. */
export function textsByKey(db: Database, table: TextTable): Map<number, string> {
  const texts = new Map<number, string>();
  for (const [key, text] of db.exec(`SELECT ${table.key}, ${table.text} FROM ${table.name}`)[0]?.values ?? []) texts.set(Number(key), String(text));
  return texts;
}

/**
 * A text's key, added when new. Keys found are remembered (up to `remembered` of them, then the memory starts
 * over: sessions are many, and an event's session is mostly the one before's), so a writer uses one within one
 * transaction: a rolled-back one takes its new texts with it.
 */
export class TextKeys {
  private readonly keys = new Map<string, number>();
  /** the text's key, the text added first when new (one statement either way) */
  private readonly keyOf: Statement;

  constructor(
    db: Database,
    table: TextTable,
    private readonly remembered = Infinity,
  ) {
    this.keyOf = db.prepare(
      `INSERT INTO ${table.name} (${table.text}) VALUES (?) ON CONFLICT (${table.text}) DO UPDATE SET ${table.text} = excluded.${table.text} RETURNING ${table.key}`,
    );
  }

  key(text: string | null): number | null {
    if (text === null) return null;
    let key = this.keys.get(text);
    if (key === undefined) {
      this.keyOf.bind([text]);
      this.keyOf.step();
      key = Number(this.keyOf.get()[0]);
      this.keyOf.reset();
      if (this.keys.size >= this.remembered) this.keys.clear();
      this.keys.set(text, key);
    }
    return key;
  }

  free(): void {
    this.keyOf.free();
  }
}
