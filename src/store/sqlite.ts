/** Opens sql.js databases and adapts one to the core's SqlRunner. */
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { SqlRunner, SqlValue } from '../core/sql';
import { migrate } from './migrations';
import { eventKeyHashFunction } from '../core/schema';
import { storedEventKeyDecimal } from '../core/storedEventKey';

let engine: Promise<SqlJsStatic> | undefined;

export function loadEngine(wasmPath: string): Promise<SqlJsStatic> {
  return (engine ??= initSqlJs({ locateFile: () => wasmPath }));
}

/** Case- and accent-insensitive folding for search, done in JS because SQLite's lower() is ASCII-only. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/**
 * A 16 MiB page cache: the events table grows at its end and its indexes' working set fits; pages beyond it
 * are in the database file already (in memory too, a copy away), and the cache's peak stays in the wasm heap
 * for good (wasm memory never shrinks): at a million events 64 MiB cost about 45 MB more resident memory
 * than 16 MiB (peak 596–600 against 549–550 MB in paired runs) and 128 MiB 60 MB more again, for no faster
 * import or report.
 */
export function prepareConnection(db: Database): void {
  db.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;');
  db.create_function('fold', (value: unknown) => (value === null || value === undefined ? null : foldForSearch(String(value))));
  // the view's triggers and the migration to schema 8 store keys with it
  db.create_function(eventKeyHashFunction, (value: unknown) => (value === null || value === undefined ? null : storedEventKeyDecimal(String(value))));
}

export function openDatabase(SQL: SqlJsStatic, bytes?: Uint8Array): Database {
  const db = bytes ? new SQL.Database(bytes) : new SQL.Database();
  try {
    prepareConnection(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function runnerFor(db: Database): SqlRunner {
  return {
    all(sql, params = []) {
      const statement = db.prepare(sql);
      try {
        statement.bind(params as SqlValue[]);
        const rows: SqlValue[][] = [];
        while (statement.step()) rows.push(statement.get() as SqlValue[]);
        return rows;
      } finally {
        statement.free();
      }
    },
    each(sql, params, onRow) {
      const statement = db.prepare(sql);
      try {
        statement.bind(params as SqlValue[]);
        while (statement.step()) onRow(statement.get() as SqlValue[]);
      } finally {
        statement.free();
      }
    },
  };
}
