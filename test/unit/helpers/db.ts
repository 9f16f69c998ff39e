/** Test helpers for the store: an in-memory usage database, table dumps, temp files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { loadEngine, openDatabase } from '../../../src/store/sqlite';
import { exactKeySql } from './eventKeys';

const require = createRequire(import.meta.url);
export const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');

/** A fresh in-memory database with the canonical schema. */
export async function openTestDb(): Promise<Database> {
  return openDatabase(await loadEngine(wasmPath));
}

export type TableDump = Record<string, unknown[][]>;

/**
 * Every row of every table and view (sorted by rowid), so a test can assert "the store is exactly as before".
 * A view's rows hold its columns but the rowid it shows (the `events` view's rows are the canonical events); event keys
 * are read as exact text.
 */
export function dumpTables(db: Database): TableDump {
  const tables = db.exec("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? [];
  const dump: TableDump = {};
  for (const [name, type] of tables) {
    // a view's rowid is not one of its columns; an event key is read exactly (sql.js would round a 64-bit integer)
    const columns = rows(db, `SELECT name FROM pragma_table_info('${String(name)}')${type === 'view' ? " WHERE name <> 'rowid'" : ''}`)
      .map((column) => (column.name === 'event_key' ? exactKeySql() : `"${String(column.name)}"`))
      .join(', ');
    const result = db.exec(`SELECT ${columns} FROM "${String(name)}" ORDER BY rowid`)[0];
    dump[String(name)] = result ? result.values : [];
  }
  return dump;
}

/** Rows of one query as objects keyed by column name. */
export function rows(db: Database, sql: string, params: (string | number | null)[] = []): Record<string, unknown>[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: Record<string, unknown>[] = [];
    while (statement.step()) out.push(statement.getAsObject());
    return out;
  } finally {
    statement.free();
  }
}

export function count(db: Database, table: string): number {
  return Number(db.exec(`SELECT COUNT(*) FROM "${table}"`)[0]!.values[0]![0]);
}

/** A temp directory; `file(name, content)` writes exact bytes or text and returns the path. */
export interface TempDir {
  dir: string;
  file(name: string, content: string | Uint8Array): string;
  remove(): void;
}

export function tempDir(prefix = 'aur-ingest-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
