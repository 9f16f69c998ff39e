/**
 * Brings a usage database to the current schema when it is opened: a snapshot written by an older
 * version is upgraded step by step in one transaction; one written by a newer version is refused.
 */
import type { Database } from 'sql.js';
import { moneyCode } from '../core/moneyCodes';
import { storedEventKeyDecimal } from '../core/storedEventKey';
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

/** The events columns of schema versions 3 and 4, frozen: steps 3 and 4 copy exactly these. */
const v3EventColumns = [
  'event_key', 'source', 'ts', 'org_key', 'user_key', 'agent_key', 'model_key', 'session_id', 'provider', 'project', 'requests', 'input_tokens',
  'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'credits', 'cost_reported_usd', 'latency_ms', 'status', 'error_type',
  'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cost_estimated_usd', 'source_key',
].join(', ');

/** event_rows as schema version 6 made it, frozen (step 5 makes it). */
const v6EventRowsDdl = `CREATE TABLE event_rows_v6 (
  event_key TEXT NOT NULL,
  source_label INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  org_key INTEGER,
  user_key INTEGER,
  agent_key INTEGER,
  model_key INTEGER,
  session_id TEXT,
  provider_label INTEGER,
  project_label INTEGER,
  requests INTEGER CHECK (requests >= 0),
  input_tokens INTEGER CHECK (input_tokens >= 0),
  output_tokens INTEGER CHECK (output_tokens >= 0),
  cache_read_tokens INTEGER CHECK (cache_read_tokens >= 0),
  cache_write_tokens INTEGER CHECK (cache_write_tokens >= 0),
  reasoning_tokens INTEGER CHECK (reasoning_tokens >= 0),
  credits_code INTEGER,
  cost_reported_code INTEGER,
  latency_ms REAL CHECK (latency_ms >= 0),
  is_error INTEGER NOT NULL CHECK (is_error IN (0, 1)),
  error_label INTEGER,
  cache_write_5m_tokens INTEGER CHECK (cache_write_5m_tokens >= 0),
  cache_write_1h_tokens INTEGER CHECK (cache_write_1h_tokens >= 0),
  cost_estimated_code INTEGER,
  source_key INTEGER
);`;

/** event_rows as versions 7, 8 and 9 made it, frozen: each is the one before with one column's affinity changed. */
const v7EventRowsDdl = v6EventRowsDdl.replace('event_rows_v6', 'event_rows_v7').replace('latency_ms REAL', 'latency_ms INTEGER');
const v8EventRowsDdl = v7EventRowsDdl.replace('event_rows_v7', 'event_rows_v8').replace('event_key TEXT NOT NULL', 'event_key NOT NULL');
const v9EventRowsDdl = v8EventRowsDdl.replace('event_rows_v8', 'event_rows_v9').replace('session_id TEXT', 'session_key INTEGER');
/** event_rows as version 10 made it, frozen: the provider, project, status and error type moved into label_sets, the source into origins. */
const v10EventRowsDdl = v9EventRowsDdl
  .replace('event_rows_v9', 'event_rows_v10')
  .replace('source_label INTEGER NOT NULL', 'origin INTEGER NOT NULL')
  .replace('provider_label INTEGER,\n  project_label INTEGER,', 'label_set INTEGER NOT NULL,')
  .replace('  is_error INTEGER NOT NULL CHECK (is_error IN (0, 1)),\n  error_label INTEGER,\n', '')
  .replace('cost_estimated_code INTEGER,\n  source_key INTEGER', 'cost_estimated_code INTEGER');

/** The event_rows columns of schema version 6, frozen. */
const v6EventColumns = v3EventColumns
  .replace(/\b(source|provider|project)\b/g, '$1_label')
  .replace('error_type', 'error_label')
  .replace(/\b(credits|cost_reported|cost_estimated)(_usd)?\b/g, '$1_code')
  .replace('status', 'is_error');

/** The event_rows columns of schema versions 9 and 10, frozen. */
const v9EventColumns = v6EventColumns.replace('session_id', 'session_key');
const v9LabelSetColumns = 'provider_label, project_label, is_error, error_label';
const v9OriginColumns = 'source_label, source_key';
/** Step 9's v10 columns from v9's: each combination's columns (spelled as `columns` of the v9 columns) become its key */
const combined = (v9Columns: string, labelSet: string, origin: string) =>
  v9Columns
    .replace('source_label', origin)
    .replace('provider_label, project_label', labelSet)
    .replace('is_error, error_label, ', '')
    .replace(', source_key', '');
const v10EventColumns = combined(v9EventColumns, 'label_set', 'origin');
/** A version 9 row's key in a combination's table, for step 9. */
const v9KeyOfRow = (key: string, table: string, columns: string) =>
  `(SELECT ${key} FROM ${table} WHERE ${columns
    .split(', ')
    .map((column) => `${table}.${column} IS event_rows.${column}`)
    .join(' AND ')})`;

/** The SQL function step 5 codes money with. */
const moneyCodeFunction = 'agent_usage_money_code';
/** The SQL function step 7 hashes event keys with (storedEventKeyDecimal). */
const eventKeyHashFunction = 'agent_usage_event_key_hash';

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
  // requests becomes nullable (a count the source cannot give is unknown, not 0). SQLite cannot drop NOT NULL
  // in place, so the table is rebuilt; its indexes are re-created by the schema's DDL after the steps. Rows keep
  // their value: which stored 0s meant "unknown" cannot be told apart any more.
  3: `
    CREATE TABLE events_v4 (
      event_key TEXT NOT NULL UNIQUE,
      source TEXT NOT NULL,
      ts INTEGER NOT NULL,
      org_key INTEGER,
      user_key INTEGER,
      agent_key INTEGER,
      model_key INTEGER,
      session_id TEXT,
      provider TEXT,
      project TEXT,
      requests INTEGER CHECK (requests >= 0),
      input_tokens INTEGER CHECK (input_tokens >= 0),
      output_tokens INTEGER CHECK (output_tokens >= 0),
      cache_read_tokens INTEGER CHECK (cache_read_tokens >= 0),
      cache_write_tokens INTEGER CHECK (cache_write_tokens >= 0),
      reasoning_tokens INTEGER CHECK (reasoning_tokens >= 0),
      credits REAL,
      cost_reported_usd REAL,
      latency_ms REAL CHECK (latency_ms >= 0),
      status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
      error_type TEXT,
      cache_write_5m_tokens INTEGER CHECK (cache_write_5m_tokens >= 0),
      cache_write_1h_tokens INTEGER CHECK (cache_write_1h_tokens >= 0),
      cost_estimated_usd REAL,
      source_key INTEGER
    );
    INSERT INTO events_v4 (rowid, ${v3EventColumns}) SELECT rowid, ${v3EventColumns} FROM events;
    DROP TABLE events;
    ALTER TABLE events_v4 RENAME TO events;
  `,
  // events become event_rows (the schema's view `events` reads them): repeated texts as keys into labels, and no
  // index on ts (the reports read the columnar index, which sorts by time itself); rowids kept
  4: `
    DROP INDEX IF EXISTS events_ts;
    DROP INDEX IF EXISTS events_unpriced;
    CREATE TABLE labels (
      label_key INTEGER PRIMARY KEY,
      text TEXT NOT NULL UNIQUE
    );
    CREATE TABLE event_rows (
      event_key TEXT NOT NULL UNIQUE,
      source_label INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      org_key INTEGER,
      user_key INTEGER,
      agent_key INTEGER,
      model_key INTEGER,
      session_id TEXT,
      provider_label INTEGER,
      project_label INTEGER,
      requests INTEGER CHECK (requests >= 0),
      input_tokens INTEGER CHECK (input_tokens >= 0),
      output_tokens INTEGER CHECK (output_tokens >= 0),
      cache_read_tokens INTEGER CHECK (cache_read_tokens >= 0),
      cache_write_tokens INTEGER CHECK (cache_write_tokens >= 0),
      reasoning_tokens INTEGER CHECK (reasoning_tokens >= 0),
      credits REAL,
      cost_reported_usd REAL,
      latency_ms REAL CHECK (latency_ms >= 0),
      status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
      error_label INTEGER,
      cache_write_5m_tokens INTEGER CHECK (cache_write_5m_tokens >= 0),
      cache_write_1h_tokens INTEGER CHECK (cache_write_1h_tokens >= 0),
      cost_estimated_usd REAL,
      source_key INTEGER
    );
    INSERT INTO labels (text) SELECT text FROM (
      SELECT source AS text FROM events UNION SELECT provider FROM events UNION SELECT project FROM events UNION SELECT error_type FROM events
    ) WHERE text IS NOT NULL;
    INSERT INTO event_rows (rowid, ${v3EventColumns.replace(/\b(source|provider|project)\b/g, '$1_label').replace('error_type', 'error_label')})
      SELECT rowid, ${v3EventColumns.replace(/\b(source|provider|project|error_type)\b/g, '(SELECT label_key FROM labels WHERE text = $1)')} FROM events;
    DROP TABLE events;
  `,
  // event_rows loses its unique index on event_key (the writers find keys in JS; a partial index over Claude
  // Code's keys comes with the schema), keeps credits and money as codes (moneyCodes.ts) and the status as
  // is_error; rowids kept. The view reads the new columns, so it is made again by the schema.
  5: `
    DROP VIEW IF EXISTS events;
    ${v6EventRowsDdl}
    INSERT INTO event_rows_v6 (rowid, ${v6EventColumns}) SELECT rowid, event_key, source_label, ts, org_key, user_key, agent_key, model_key, session_id, provider_label,
      project_label, requests, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, ${moneyCodeFunction}(credits),
      ${moneyCodeFunction}(cost_reported_usd), latency_ms, CASE status WHEN 'error' THEN 1 ELSE 0 END, error_label, cache_write_5m_tokens,
      cache_write_1h_tokens, ${moneyCodeFunction}(cost_estimated_usd), source_key FROM event_rows;
    DROP TABLE event_rows;
    ALTER TABLE event_rows_v6 RENAME TO event_rows;
  `,
  // latency_ms takes INTEGER affinity (a whole latency then takes 1–3 bytes instead of a float's 8: see schema.ts);
  // the rows are written again, so that those stored as floats shrink; rowids kept, the view made again by the schema
  6: `
    DROP VIEW IF EXISTS events;
    ${v7EventRowsDdl}
    INSERT INTO event_rows_v7 (rowid, ${v6EventColumns}) SELECT rowid, ${v6EventColumns} FROM event_rows;
    DROP TABLE event_rows;
    ALTER TABLE event_rows_v7 RENAME TO event_rows;
  `,
  // event keys are stored as their 64-bit FNV-1a hash, but Claude Code's, which keep their text (storedEventKey.ts);
  // the column loses its type so that each kind keeps its own; rowids kept, the view made again by the schema
  7: `
    DROP VIEW IF EXISTS events;
    ${v8EventRowsDdl}
    INSERT INTO event_rows_v8 (rowid, ${v6EventColumns}) SELECT rowid, ${v6EventColumns.replace(
      'event_key',
      `CASE WHEN event_key >= 'claude-code:' AND event_key < 'claude-code;' THEN event_key ELSE CAST(${eventKeyHashFunction}(event_key) AS INTEGER) END`,
    )} FROM event_rows;
    DROP TABLE event_rows;
    ALTER TABLE event_rows_v8 RENAME TO event_rows;
  `,
  // session ids move into a sessions table, each kept once in the order of its first event; event_rows keeps the key
  // (rowids kept, the view made again by the schema); the index on the ids serves this step only
  8: `
    DROP VIEW IF EXISTS events;
    CREATE TABLE sessions (
      session_key INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL
    );
    INSERT INTO sessions (session_id) SELECT session_id FROM event_rows WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY MIN(rowid);
    CREATE INDEX sessions_by_id_v9 ON sessions(session_id);
    ${v9EventRowsDdl}
    INSERT INTO event_rows_v9 (rowid, ${v9EventColumns}) SELECT rowid, ${v6EventColumns.replace(
      'session_id',
      '(SELECT session_key FROM sessions WHERE sessions.session_id = event_rows.session_id)',
    )} FROM event_rows;
    DROP TABLE event_rows;
    ALTER TABLE event_rows_v9 RENAME TO event_rows;
    DROP INDEX sessions_by_id_v9;
  `,
  // an event's provider, project, status and error type are kept together in label_sets, its source format and source
  // in origins, each combination once in the order of its first event; event_rows keeps their keys (rowids kept, the
  // view made again by the schema); the indexes on the parts serve this step only
  9: `
    DROP VIEW IF EXISTS events;
    CREATE TABLE label_sets (
      label_set INTEGER PRIMARY KEY,
      provider_label INTEGER,
      project_label INTEGER,
      is_error INTEGER NOT NULL CHECK (is_error IN (0, 1)),
      error_label INTEGER
    );
    CREATE TABLE origins (
      origin INTEGER PRIMARY KEY,
      source_label INTEGER NOT NULL,
      source_key INTEGER
    );
    INSERT INTO label_sets (${v9LabelSetColumns}) SELECT ${v9LabelSetColumns} FROM event_rows GROUP BY ${v9LabelSetColumns} ORDER BY MIN(rowid);
    INSERT INTO origins (${v9OriginColumns}) SELECT ${v9OriginColumns} FROM event_rows GROUP BY ${v9OriginColumns} ORDER BY MIN(rowid);
    CREATE INDEX label_sets_by_parts_v10 ON label_sets(${v9LabelSetColumns});
    CREATE INDEX origins_by_parts_v10 ON origins(${v9OriginColumns});
    ${v10EventRowsDdl}
    INSERT INTO event_rows_v10 (rowid, ${v10EventColumns}) SELECT rowid, ${combined(
      v9EventColumns,
      v9KeyOfRow('label_set', 'label_sets', v9LabelSetColumns),
      v9KeyOfRow('origin', 'origins', v9OriginColumns),
    )} FROM event_rows;
    DROP TABLE event_rows;
    ALTER TABLE event_rows_v10 RENAME TO event_rows;
    DROP INDEX label_sets_by_parts_v10;
    DROP INDEX origins_by_parts_v10;
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
    // a value that is not a number (written through the view) stays as it was
    db.create_function(moneyCodeFunction, (value) => (typeof value === 'number' ? moneyCode(value) : value));
    db.create_function(eventKeyHashFunction, (value) => storedEventKeyDecimal(String(value)));
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
