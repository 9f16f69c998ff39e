/**
 * Canonical tables. Dimensions are dictionary-encoded: events hold integer keys into
 * orgs/users/agents/models, which keeps the database about 3× smaller than text columns.
 *
 * Tokens: input_tokens is uncached input only; cache reads and cache writes are their own columns
 * (cache writes optionally split into 5-minute and 1-hour, which then add up to cache_write_tokens);
 * reasoning_tokens are a subset of output_tokens. requests is NULL when the source gives no count (bill lines,
 * token buckets without a count): unknown, never 0 runs. Money: cost_reported_usd is what the source reported
 * or billed, cost_estimated_usd is ours from a price table; NULL means unknown (unpriced), never $0.
 * Sources: every event names the source it came from (an imported file, a local log folder, the sample)
 * by source_key, so a source can be listed, refreshed and removed; scanned_files keeps, per file of a
 * local log source, where the last scan stopped (JSON), so a re-scan reads only what is new.
 * Events have no index on ts: the reports read the store's columnar index, which keeps its rows in time order
 * itself, and at about 17 bytes an event such an index would be a tenth of the database.
 * A schema change bumps schemaVersion and adds a step to src/store/migrations.ts; columns added by a
 * migration go last here so that a migrated and a fresh database have the same table.
 */
export const schemaVersion = 5;

export const ddl = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS orgs (
  org_key INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL UNIQUE,
  name TEXT,
  parent_org_key INTEGER REFERENCES orgs(org_key)
);
CREATE TABLE IF NOT EXISTS users (
  user_key INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE,
  email TEXT,
  name TEXT,
  role TEXT,
  org_key INTEGER REFERENCES orgs(org_key)
);
CREATE TABLE IF NOT EXISTS agents (
  agent_key INTEGER PRIMARY KEY,
  agent_id TEXT NOT NULL UNIQUE,
  name TEXT,
  type TEXT,
  model TEXT,
  created_by TEXT,
  created_at INTEGER,
  org_key INTEGER REFERENCES orgs(org_key)
);
CREATE TABLE IF NOT EXISTS models (
  model_key INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  provider TEXT
);
CREATE TABLE IF NOT EXISTS events (
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
CREATE TABLE IF NOT EXISTS sources (
  source_key INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('local-logs', 'file', 'sample', 'fetch')),
  label TEXT NOT NULL,
  location TEXT NOT NULL,
  last_refresh_at INTEGER
);
CREATE TABLE IF NOT EXISTS scanned_files (
  source_key INTEGER NOT NULL,
  path TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (source_key, path)
);
-- the rows the price table could not price, usually few: finding them (the coverage line) needs no full scan
CREATE INDEX IF NOT EXISTS events_unpriced ON events(ts) WHERE cost_estimated_usd IS NULL;
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '${schemaVersion}');
`;

export const eventColumns = [
  'event_key', 'source', 'ts', 'org_key', 'user_key', 'agent_key', 'model_key', 'session_id', 'provider',
  'project', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'reasoning_tokens', 'credits', 'cost_reported_usd', 'latency_ms', 'status', 'error_type', 'cache_write_5m_tokens',
  'cache_write_1h_tokens', 'cost_estimated_usd', 'source_key',
] as const;

export type EventColumn = (typeof eventColumns)[number];
