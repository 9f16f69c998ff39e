/**
 * The texts event_rows keeps as keys into `labels` (source, provider, project, error type: a handful of
 * values repeated over millions of rows).
 */
import type { Database, Statement } from 'sql.js';

/** Every label's text by its key. */
export function labelTexts(db: Database): Map<number, string> {
  const texts = new Map<number, string>();
  for (const [key, text] of db.exec('SELECT label_key, text FROM labels')[0]?.values ?? []) texts.set(Number(key), String(text));
  return texts;
}

/**
 * A text's label key, added when new. Keys found are remembered, so a writer uses one within one transaction:
 * a rolled-back one takes its new labels with it.
 */
export class LabelKeys {
  private readonly keys = new Map<string, number>();
  private readonly find: Statement;
  private readonly add: Statement;

  constructor(db: Database) {
    this.find = db.prepare('SELECT label_key FROM labels WHERE text = ?');
    this.add = db.prepare('INSERT INTO labels (text) VALUES (?) RETURNING label_key');
  }

  key(text: string | null): number | null {
    if (text === null) return null;
    let key = this.keys.get(text);
    if (key === undefined) {
      key = this.stored(this.find, text) ?? this.stored(this.add, text)!;
      this.keys.set(text, key);
    }
    return key;
  }

  private stored(statement: Statement, text: string): number | undefined {
    statement.bind([text]);
    const key = statement.step() ? Number(statement.get()[0]) : undefined;
    statement.reset();
    return key;
  }

  free(): void {
    this.find.free();
    this.add.free();
  }
}
