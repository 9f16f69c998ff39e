/** Work that changes the database all at once or not at all: committed when it returns, rolled back when it throws. */
import type { Database } from 'sql.js';

export async function inTransaction<T>(db: Database, work: () => T | Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
