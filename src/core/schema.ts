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
 * Events are stored compactly in event_rows and read through the view `events`, which has the canonical columns:
 * texts that repeat (source, provider, project, error_type) are keys into `labels`, and there is no index on ts
 * (the reports read the store's columnar index, which keeps its rows in time order itself; at about 17 bytes an
 * event such an index was a tenth of the database). Credits and money are kept as decimal codes (moneyCodes.ts),
 * and event_key has no index (the writers find keys through StoredEventKeys; the
 * unique index was a fifth of the database) but a partial one over Claude Code's keys, which are read by range.
 * event_key is stored as the 64-bit FNV-1a hash of the key, an integer, but for Claude Code's keys, which keep their
 * text (storedEventKey.ts; the column has no type, so each keeps its own); the view shows the stored key.
 * Session ids are kept once each in `sessions` (no unique index: the writers find them through SessionKeys) and
 * event_rows holds the key; the view shows the id.
 * An event's provider, project, status (as is_error 0/1) and error type are kept together in `label_sets`, and its
 * source format and source_key in `origins` (`combinations` below), each combination once (no unique index: the
 * writers find rows through CombinationKeys); event_rows holds their keys: two columns of every row's record where
 * there were six, each costing a byte of the record's header.
 * latency_ms has INTEGER affinity in event_rows: a table with a CHECK constraint stores a whole number in a REAL
 * column as an 8-byte float (without one SQLite writes it as a small integer), and nearly every latency is whole
 * milliseconds; a fraction stays a REAL, and the view shows every latency as a REAL, as before.
 * The view takes inserts, updates and deletes too (triggers); the store's own writers write event_rows, with
 * label keys, codes and key lookups done in JS.
 * A schema change bumps schemaVersion and adds a step to src/store/migrations.ts; columns added by a
 * migration go last here so that a migrated and a fresh database have the same table.
 */
import { claudeCodeKeysCondition, isClaudeCodeKeySql } from './ingest/local/claudeCodeCopies';
import { moneyCodeSql, moneyOfCodeSql } from './moneyCodes';

export const schemaVersion = 10;

/** The events view's columns kept as a key into `labels`, and that key column's name (in label_sets or origins). */
export const labelledColumns = { source: 'source_label', provider: 'provider_label', project: 'project_label', error_type: 'error_label' } as const;
export type LabelledColumn = keyof typeof labelledColumns;
/**
 * The events view's columns that event_rows keeps together, as one key (the name here) into a table of their
 * combinations (a few hundred over millions of rows), and each one's column there. A column of its own costs a byte
 * of every row's record header. A label set is what an event is about: its provider, project, status (is_error 0
 * or 1) and error type; an origin is where it came from: the format it was read as and its `sources` row.
 */
export const combinations = {
  label_set: { table: 'label_sets', parts: { provider: 'provider_label', project: 'project_label', status: 'is_error', error_type: 'error_label' } },
  origin: { table: 'origins', parts: { source: 'source_label', source_key: 'source_key' } },
} as const;
export type Combination = keyof typeof combinations;
export type CombinedColumn = { [C in Combination]: keyof (typeof combinations)[C]['parts'] }[Combination];
/** A combination's view columns, in the order of its table's columns. */
export const partsOf = (combination: Combination) => Object.keys(combinations[combination].parts) as CombinedColumn[];
/** The column a combination's table keeps a view column in. */
export const partColumn = (column: CombinedColumn): string => (combinations[combinationOf(column)!].parts as Record<string, string>)[column]!;
/** The combination that keeps a view column, or null. */
export function combinationOf(column: string): Combination | null {
  for (const combination of Object.keys(combinations) as Combination[]) if (Object.hasOwn(combinations[combination].parts, column)) return combination;
  return null;
}
/** The events view's credits and money, which event_rows keeps as codes (moneyCodes.ts), and the code column's name. */
export const codedMoneyColumns = { credits: 'credits_code', cost_reported_usd: 'cost_reported_code', cost_estimated_usd: 'cost_estimated_code' } as const;
export type CodedMoneyColumn = keyof typeof codedMoneyColumns;
/** event_rows keeps the session id as a key into `sessions` (sessionKeys.ts) */
const sessionColumn = 'session_key';

export const isLabelled = (column: string): column is LabelledColumn => Object.hasOwn(labelledColumns, column);
export const isCodedMoney = (column: string): column is CodedMoneyColumn => Object.hasOwn(codedMoneyColumns, column);

/** An events view column's column in event_rows (a combination's key for each column it keeps). */
export function storedColumn(column: EventColumn): string {
  const combination = combinationOf(column);
  if (combination !== null) return combination;
  if (isCodedMoney(column)) return codedMoneyColumns[column];
  return column === 'session_id' ? sessionColumn : column;
}

/** The status of a stored is_error. */
export const statusOfStored = (isError: number): 'ok' | 'error' => (isError === 0 ? 'ok' : 'error');
/** The stored is_error of a status. */
export const storedStatus = (status: 'ok' | 'error'): number => (status === 'error' ? 1 : 0);

export const eventColumns = [
  'event_key', 'source', 'ts', 'org_key', 'user_key', 'agent_key', 'model_key', 'session_id', 'provider',
  'project', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'reasoning_tokens', 'credits', 'cost_reported_usd', 'latency_ms', 'status', 'error_type', 'cache_write_5m_tokens',
  'cache_write_1h_tokens', 'cost_estimated_usd', 'source_key',
] as const;

export type EventColumn = (typeof eventColumns)[number];

/** The event_rows columns, in the order of eventColumns (a combination's key where the first column it keeps is). */
export const storedEventColumns = [...new Set(eventColumns.map(storedColumn))];

const eventRowsDdl = `CREATE TABLE IF NOT EXISTS labels (
  label_key INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS sessions (
  session_key INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS label_sets (
  label_set INTEGER PRIMARY KEY,
  provider_label INTEGER,
  project_label INTEGER,
  is_error INTEGER NOT NULL CHECK (is_error IN (0, 1)),
  error_label INTEGER
);
CREATE TABLE IF NOT EXISTS origins (
  origin INTEGER PRIMARY KEY,
  source_label INTEGER NOT NULL,
  source_key INTEGER
);
CREATE TABLE IF NOT EXISTS event_rows (
  event_key NOT NULL,
  origin INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  org_key INTEGER,
  user_key INTEGER,
  agent_key INTEGER,
  model_key INTEGER,
  session_key INTEGER,
  label_set INTEGER NOT NULL,
  requests INTEGER CHECK (requests >= 0),
  input_tokens INTEGER CHECK (input_tokens >= 0),
  output_tokens INTEGER CHECK (output_tokens >= 0),
  cache_read_tokens INTEGER CHECK (cache_read_tokens >= 0),
  cache_write_tokens INTEGER CHECK (cache_write_tokens >= 0),
  reasoning_tokens INTEGER CHECK (reasoning_tokens >= 0),
  credits_code INTEGER,
  cost_reported_code INTEGER,
  latency_ms INTEGER CHECK (latency_ms >= 0),
  cache_write_5m_tokens INTEGER CHECK (cache_write_5m_tokens >= 0),
  cache_write_1h_tokens INTEGER CHECK (cache_write_1h_tokens >= 0),
  cost_estimated_code INTEGER
);`;

const labelText = (keyColumn: string) => `(SELECT text FROM labels WHERE label_key = ${keyColumn})`;
const labelKey = (value: string) => `(SELECT label_key FROM labels WHERE text = ${value})`;

/** The SQL function (registered on every connection) giving a key's hash as decimal text (storedEventKeyDecimal). */
export const eventKeyHashFunction = 'event_key_hash';
/**
 * SQL for how event_rows stores the event key `value` (storedEventKey.ts): an integer as it is (a stored key read
 * back through the view), a Claude Code key as its text, any other text as its 64-bit hash.
 */
export const storedEventKeySql = (value: string): string =>
  `CASE WHEN typeof(${value}) = 'integer' OR (${isClaudeCodeKeySql(value)}) THEN ${value} ELSE CAST(${eventKeyHashFunction}(${value}) AS INTEGER) END`;

/** SQL for a view column's value from event_rows. */
function viewValue(column: EventColumn): string {
  if (column === 'session_id') return `(SELECT session_id FROM sessions WHERE session_key = event_rows.${sessionColumn})`;
  const combination = combinationOf(column);
  if (combination !== null) {
    const stored = partColumn(column as CombinedColumn);
    const part = column === 'status' ? `CASE ${stored} WHEN 0 THEN 'ok' WHEN 1 THEN 'error' END` : isLabelled(column) ? labelText(stored) : stored;
    return `(SELECT ${part} FROM ${combinations[combination].table} WHERE ${combination} = event_rows.${combination})`;
  }
  if (isCodedMoney(column)) return moneyOfCodeSql(codedMoneyColumns[column]);
  if (column === 'latency_ms') return `CASE WHEN typeof(latency_ms) = 'integer' THEN latency_ms * 1.0 ELSE latency_ms END`;
  return column;
}

/** What event_rows (or a combination's table) stores for a view column's value `value` (a label's key for a labelled column, a code for money). */
function storedValue(column: EventColumn, value: string): string {
  if (column === 'event_key') return storedEventKeySql(value);
  if (column === 'session_id') return `(SELECT MIN(session_key) FROM sessions WHERE session_id = ${value})`;
  if (isLabelled(column)) return labelKey(value);
  if (isCodedMoney(column)) return moneyCodeSql(value, column);
  // any other status is stored as it is, for label_sets' CHECK to refuse
  return column === 'status' ? `CASE ${value} WHEN 'ok' THEN 0 WHEN 'error' THEN 1 ELSE ${value} END` : value;
}

const combinationNames = Object.keys(combinations) as Combination[];
const isCombination = (stored: string): stored is Combination => Object.hasOwn(combinations, stored);
/** The condition for a combination's row of the NEW row's parts, each compared with IS (a part may be NULL). */
const newRowsCombination = (combination: Combination) =>
  partsOf(combination).map((column) => `${partColumn(column)} IS ${storedValue(column, `NEW.${column}`)}`).join(' AND ');
/**
 * The combinations' tables have no unique index (the writers find rows through CombinationKeys): the view adds the NEW
 * row's combination when it is not there.
 */
const newCombination = (combination: Combination) =>
  `INSERT INTO ${combinations[combination].table}(${partsOf(combination).map(partColumn).join(', ')}) SELECT ${partsOf(combination)
    .map((column) => storedValue(column, `NEW.${column}`))
    .join(', ')} WHERE NOT EXISTS (SELECT 1 FROM ${combinations[combination].table} WHERE ${newRowsCombination(combination)});`;
const viewColumnOf = new Map(eventColumns.map((column) => [storedColumn(column), column]));
/** What event_rows stores in a column for the NEW row of the view. */
function storedOfNew(stored: string): string {
  if (isCombination(stored)) return `(SELECT MIN(${stored}) FROM ${combinations[stored].table} WHERE ${newRowsCombination(stored)})`;
  const column = viewColumnOf.get(stored)!;
  return storedValue(column, `NEW.${column}`);
}
/**
 * event_rows has no index on event_key (the store's writers find keys through StoredEventKeys, kept in memory):
 * an insert or a key change through the view refuses a key that is there by looking (one pass over the rows).
 */
const uniqueKey = (when: string) =>
  `SELECT RAISE(ABORT, 'UNIQUE constraint failed: event_rows.event_key') WHERE ${when}EXISTS (SELECT 1 FROM event_rows WHERE event_key = ${storedEventKeySql('NEW.event_key')});`;
const newLabels = `INSERT OR IGNORE INTO labels(text) VALUES ${Object.keys(labelledColumns).map((column) => `(NEW.${column})`).join(', ')};`;
// sessions has no unique index (the writers find ids through SessionKeys): the view looks
const newSession = `INSERT INTO sessions(session_id) SELECT NEW.session_id WHERE NEW.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions WHERE session_id = NEW.session_id);`;
const newCombinations = combinationNames.map(newCombination).join('\n  ');

const eventsViewDdl = `CREATE VIEW IF NOT EXISTS events AS SELECT rowid AS rowid, ${eventColumns
  .map((column) => (viewValue(column) === column ? column : `${viewValue(column)} AS ${column}`))
  .join(', ')} FROM event_rows;
CREATE TRIGGER IF NOT EXISTS events_insert INSTEAD OF INSERT ON events BEGIN
  ${uniqueKey('')}
  ${newLabels}
  ${newSession}
  ${newCombinations}
  INSERT INTO event_rows (rowid, ${storedEventColumns.join(', ')})
  VALUES (NEW.rowid, ${storedEventColumns.map(storedOfNew).join(', ')});
END;
CREATE TRIGGER IF NOT EXISTS events_update INSTEAD OF UPDATE ON events BEGIN
  ${uniqueKey('NEW.event_key IS NOT OLD.event_key AND ')}
  ${newLabels}
  ${newSession}
  ${newCombinations}
  UPDATE event_rows SET rowid = NEW.rowid, ${storedEventColumns.map((stored) => `${stored} = ${storedOfNew(stored)}`).join(', ')}
  WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER IF NOT EXISTS events_delete INSTEAD OF DELETE ON events BEGIN
  DELETE FROM event_rows WHERE rowid = OLD.rowid;
END;`;

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
${eventRowsDdl}
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
CREATE INDEX IF NOT EXISTS events_unpriced ON event_rows(ts) WHERE cost_estimated_code IS NULL;
-- Claude Code's copies of a message are found by a range of their keys (claudeCodeCopies.ts); other keys need no index
CREATE INDEX IF NOT EXISTS claude_code_event_keys ON event_rows(event_key) WHERE ${claudeCodeKeysCondition};
${eventsViewDdl}
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '${schemaVersion}');
`;
