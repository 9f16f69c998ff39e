/**
 * Brings a usage database to the current schema when it is opened: a snapshot written by an older
 * version is upgraded step by step in one transaction; one written by a newer version is refused.
 */
import type { Database } from 'sql.js';
import { ddl, schemaVersion } from '../core/schema';

export class SchemaVersionError extends Error {
  constructor(readonly found: number) {
    super(
      `this usage database has schema version ${found}, newer than the ${schemaVersion} this version of Agent Usage Reports ` +
        'understands; update the extension to open it',
    );
    this.name = 'SchemaVersionError';
  }
}

/** Step n upgrades version n to n + 1. */
const steps: Record<number, string> = {
  1: `
    ALTER TABLE events RENAME COLUMN cost_usd TO cost_reported_usd;
    ALTER TABLE events ADD COLUMN cache_write_5m_tokens INTEGER CHECK (cache_write_5m_tokens >= 0);
    ALTER TABLE events ADD COLUMN cache_write_1h_tokens INTEGER CHECK (cache_write_1h_tokens >= 0);
    ALTER TABLE events ADD COLUMN cost_estimated_usd REAL;
  `,
  // sources and their scan state are new tables (created by the schema); events imported before have no source
  2: `
    ALTER TABLE events ADD COLUMN source_key INTEGER;
  `,
};

function hasTable(db: Database, name: string): boolean {
  return db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).length > 0;
}

/** The stored schema version; null for an empty database. */
export function storedSchemaVersion(db: Database): number | null {
  if (hasTable(db, 'meta')) {
    const value = db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0];
    if (value !== undefined) {
      const version = Number(value);
      if (!Number.isInteger(version) || version < 1) throw new Error(`unreadable schema version "${String(value)}"`);
      return version;
    }
  }
  // version 1 always wrote its version, but a database with events and no version can only be that old
  return hasTable(db, 'events') ? 1 : null;
}

/** Creates the tables of an empty database or upgrades an older one; afterwards the database is at schemaVersion. */
export function migrate(db: Database): void {
  const version = storedSchemaVersion(db);
  if (version !== null && version > schemaVersion) throw new SchemaVersionError(version);
  if (version !== null && version < schemaVersion) {
    db.exec('BEGIN');
    try {
      for (let step = version; step < schemaVersion; step++) db.exec(steps[step]!);
      db.exec('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', ['schema_version', String(schemaVersion)]);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  db.exec(ddl);
}
