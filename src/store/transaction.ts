/** Work that changes the database all at once or not at all: committed when it returns, rolled back when it throws. */
import type { Database } from 'sql.js';
import { forgetStoredEventKeys } from './storedEventKeys';

export async function inTransaction<T>(db: Database, work: () => T | Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    forgetStoredEventKeys(db);
    throw error;
  }
}

/**
 * A thread that parses (a local log scan, a large file) reads slower than this worker writes: with a small
 * page cache, SQLite writes the pages out to the database file while this worker waits for the next batch,
 * rather than all at once at the commit (hundreds of milliseconds for a large first scan). The usual cache
 * comes back afterwards.
 */
export async function whileWritingInIdleTime<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const [[usual] = []] = db.exec('PRAGMA cache_size')[0]?.values ?? [];
  db.exec('PRAGMA cache_size=-4096');
  try {
    return await work();
  } finally {
    db.exec(`PRAGMA cache_size=${Number(usual)}`);
  }
}
