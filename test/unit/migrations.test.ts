/**
 * Snapshots written by schema version 1 open after the upgrade (issue 8): the database is built from the
 * frozen v1 DDL and the rows v1's importer wrote (test/fixtures/migration), then opened the ways the
 * worker and the extension's restore do. Version 3 snapshots (requests NOT NULL) are rebuilt to version 4
 * (requests nullable) with every row and value kept, version 4 ones to version 5 (event_rows with label keys,
 * read through the view `events`), version 5 ones to version 6 (credits and money as codes, the status as 0/1,
 * no unique index on event_key), version 6 ones to version 7 (latency_ms with INTEGER affinity), and version 7 ones
 * to version 8 (event keys stored as their 64-bit FNV-1a hash, Claude Code's as text), and version 8 ones to version 9
 * (session ids kept once in a sessions table, event_rows holding the key), and version 9 ones to version 10 (an event's
 * provider, project, status and error type kept together in label_sets, its source format and source in origins,
 * event_rows holding their keys). From version 8 the view shows the
 * stored key, so the earlier upgrades' checks compare each key with the stored form of the text it had.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../src/core/ingest/mapping';
import type { TimeContext } from '../../src/core/timeframe';
import { reportIds } from '../../src/shared/reports';
import { migrate, SchemaVersionError } from '../../src/store/migrations';
import { loadEngine, prepareConnection } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { count, dumpTables, rows, wasmPath } from './helpers/db';
import { exactKeySql, keyLiteral, storedKeyText } from './helpers/eventKeys';

const MIGRATION = fileURLToPath(new URL('../fixtures/migration/', import.meta.url));
const REPORTS = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const v1Ddl = readFileSync(join(MIGRATION, 'schema-v1.sql'), 'utf8');
const v1Rows = readFileSync(join(MIGRATION, 'schema-v1-rows.sql'), 'utf8');
const v3Ddl = readFileSync(join(MIGRATION, 'schema-v3.sql'), 'utf8');
const v3Rows = readFileSync(join(MIGRATION, 'schema-v3-rows.sql'), 'utf8');
const v5Ddl = readFileSync(join(MIGRATION, 'schema-v5.sql'), 'utf8');
const v5Rows = readFileSync(join(MIGRATION, 'schema-v5-rows.sql'), 'utf8');
const v6Ddl = readFileSync(join(MIGRATION, 'schema-v6.sql'), 'utf8');
const v6Rows = readFileSync(join(MIGRATION, 'schema-v6-rows.sql'), 'utf8');
const v7Ddl = readFileSync(join(MIGRATION, 'schema-v7.sql'), 'utf8');
const v7Rows = readFileSync(join(MIGRATION, 'schema-v7-rows.sql'), 'utf8');
const v8Ddl = readFileSync(join(MIGRATION, 'schema-v8.sql'), 'utf8');
const v8Rows = readFileSync(join(MIGRATION, 'schema-v8-rows.sql'), 'utf8');
const v9Ddl = readFileSync(join(MIGRATION, 'schema-v9.sql'), 'utf8');
const v9Rows = readFileSync(join(MIGRATION, 'schema-v9-rows.sql'), 'utf8');

const files: [string, RecordKind | undefined, number][] = [
  [join(REPORTS, 'orgs.csv'), 'orgs', 4],
  [join(REPORTS, 'users.csv'), 'users', 6],
  [join(REPORTS, 'agents.csv'), 'agents', 5],
  [join(REPORTS, 'events.csv'), 'events', 53],
  [join(MIGRATION, 'events-no-id.csv'), undefined, 4],
];

const UTC: TimeContext = { now: Date.parse('2026-11-18T15:00:00Z'), timeZone: 'UTC', weekStartsOn: 1 };
const timeframes = [{ from: '2026-11-01', to: '2026-11-30' }, { day: '2026-11-10' }, { from: '2026-10-01', to: '2026-12-31' }] as const;

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadEngine(wasmPath);
});

/** A database of a frozen schema and its rows, on a connection as the store prepares one (a write through the view after the upgrade needs its functions). */
function frozenDatabase(ddl: string, rowsSql: string): Database {
  const db = new SQL.Database();
  prepareConnection(db);
  db.exec(ddl);
  db.exec(rowsSql);
  return db;
}

/**
 * Every event through the view in rowid order, its key read exactly as `key` (event_key left out): before version 8 the
 * text, which `storedKeyText` turns into what version 8 stores.
 */
function eventsWithKeys(db: Database, extraColumns = ''): Record<string, unknown>[] {
  return rows(db, `SELECT rowid AS id, *${extraColumns}, ${exactKeySql()} AS key FROM events ORDER BY rowid`).map(({ event_key: _key, rowid: _rowid, ...event }) => event);
}
const asStoredKeys = (events: Record<string, unknown>[]) => events.map((event) => ({ ...event, key: storedKeyText(String(event.key)) }));

function v1Database(extraSql = ''): Database {
  const db = new SQL.Database();
  db.exec(v1Ddl);
  db.exec(v1Rows);
  if (extraSql) db.exec(extraSql);
  return db;
}

function v1Snapshot(extraSql = ''): Uint8Array {
  const db = v1Database(extraSql);
  try {
    return db.export();
  } finally {
    db.close();
  }
}

async function freshStore(): Promise<UsageStore> {
  const store = UsageStore.open(SQL);
  for (const [path, kind, count] of files) expect((await store.importFile(path, { kind })).imported).toBe(count);
  return store;
}

/** Every report over several timeframes, plus KPIs and the time series. */
async function everything(store: UsageStore) {
  const out: unknown[] = [];
  for (const timeframe of timeframes) {
    for (const report of reportIds) {
      out.push(await store.report({ report, timeframe }, UTC));
      out.push(await store.overview({ report, timeframe }, UTC, 'day', 'model'));
    }
  }
  return out;
}

/**
 * A database made from a frozen fixture's rows (the fixture's files imported, then the two Anthropic exports), opened with
 * UsageStore.open (upgraded there): every report equal to the same files imported fresh, and importing them again adds nothing.
 */
async function expectAsFreshAndNothingReimported(db: Database): Promise<void> {
  const store = UsageStore.open(SQL, db.export());
  db.close();
  const fresh = UsageStore.open(SQL);
  for (const [path, kind] of files) await fresh.importFile(path, { kind });
  for (const file of ['anthropic-usage.csv', 'anthropic-cost.csv']) await fresh.importFile(join(MIGRATION, file));
  expect(await everything(store)).toEqual(await everything(fresh));
  for (const [path, kind, count] of files) {
    const summary = await store.importFile(path, { kind });
    if (kind === 'events' || kind === undefined) expect({ imported: summary.imported, duplicates: summary.duplicates }, path).toEqual({ imported: 0, duplicates: count });
  }
  // the aggregate rows are found by key too: the same figures again are duplicates, not updates
  for (const file of ['anthropic-usage.csv', 'anthropic-cost.csv']) expect(await store.importFile(join(MIGRATION, file))).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
  expect(await store.stats()).toMatchObject({ events: 61 });
  store.close();
  fresh.close();
}

function tableShape(db: Database, table: string) {
  return rows(db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`);
}

describe('a schema version 1 snapshot', () => {
  it('opens with UsageStore.open and answers every report, KPI and series exactly as the same files imported fresh', async () => {
    const fresh = await freshStore();
    const migrated = UsageStore.open(SQL, v1Snapshot());
    expect(await everything(migrated)).toEqual(await everything(fresh));
    expect(await migrated.stats()).toMatchObject({ events: 57, agents: 5, users: 7, orgs: 4, models: 4 });
    fresh.close();
    migrated.close();
  });

  it('re-importing the same files into the migrated database adds nothing: natural keys, hashed ones included, are unchanged', async () => {
    const migrated = UsageStore.open(SQL, v1Snapshot());
    for (const [path, kind, count] of files) {
      const summary = await migrated.importFile(path, { kind });
      if (kind === 'events' || kind === undefined) expect({ imported: summary.imported, duplicates: summary.duplicates }).toEqual({ imported: 0, duplicates: count });
    }
    expect((await migrated.stats()).events).toBe(57);
    migrated.close();
  });

  it('is upgraded to the same tables as a fresh database, cost kept as reported cost, the new columns empty', () => {
    const db = v1Database();
    const costs = rows(db, 'SELECT event_key AS key, cost_usd AS cost FROM events ORDER BY rowid');
    migrate(db);
    const fresh = new SQL.Database();
    migrate(fresh);
    for (const table of ['meta', 'orgs', 'users', 'agents', 'models', 'events']) expect(tableShape(db, table), table).toEqual(tableShape(fresh, table));
    expect(rows(db, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: '10' }]);
    expect(rows(db, `SELECT ${exactKeySql()} AS key, cost_reported_usd AS cost FROM events ORDER BY rowid`)).toEqual(costs.map((row) => ({ ...row, key: storedKeyText(String(row.key)) })));
    expect(costs.filter((row) => row.cost !== null).length).toBeGreaterThan(50);
    expect(rows(db, `SELECT COUNT(*) AS n FROM events
      WHERE cost_estimated_usd IS NOT NULL OR cache_write_5m_tokens IS NOT NULL OR cache_write_1h_tokens IS NOT NULL`)).toEqual([{ n: 0 }]);
    db.close();
    fresh.close();
  });

  it('restores into a running store (the extension’s snapshot restore) and is upgraded there too', async () => {
    const store = UsageStore.open(SQL);
    await store.restore(v1Snapshot());
    const fresh = await freshStore();
    expect(await everything(store)).toEqual(await everything(fresh));
    const upgraded = new SQL.Database(await store.snapshot());
    expect(rows(upgraded, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: '10' }]);
    upgraded.close();
    store.close();
    fresh.close();
  });

  it('a migration that fails half way is rolled back: the database stays at version 1 with its cost_usd column', () => {
    // a column the last step adds already exists, so that step fails after the rename and two additions
    const db = v1Database('ALTER TABLE events ADD COLUMN cost_estimated_usd REAL;');
    const before = dumpTables(db);
    expect(() => migrate(db)).toThrow(/duplicate column name: cost_estimated_usd/);
    expect(dumpTables(db)).toEqual(before);
    expect(tableShape(db, 'events').map((column) => column.name)).toContain('cost_usd');
    expect(tableShape(db, 'events').map((column) => column.name)).not.toContain('cache_write_5m_tokens');
    db.close();
  });
});

const v3Database = () => frozenDatabase(v3Ddl, v3Rows);

function indexes(db: Database) {
  return rows(db, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
}

const nullRequestsEvent = `INSERT INTO events (event_key, source, ts, requests, status, cost_reported_usd)
  VALUES ('test:bill-line', 'anthropic-cost', ${Date.UTC(2026, 10, 12)}, NULL, 'ok', 2.5)`;

describe('a schema version 3 snapshot (requests NOT NULL)', () => {
  it('is rebuilt to version 4 keeping every row of every table and every value, rowids included', () => {
    const db = v3Database();
    const before = dumpTables(db);
    const eventsBefore = eventsWithKeys(db);
    // the fixture as v3 wrote it: 53 + 4 events of our columns, 2 Anthropic usage rows and 2 bill lines stored with requests 0
    expect(before.events!.length).toBe(61);
    expect(rows(db, 'SELECT source, requests, COUNT(*) AS n FROM events WHERE requests = 0 GROUP BY source, requests ORDER BY source')).toEqual([
      { source: 'anthropic-cost', requests: 0, n: 2 },
      { source: 'anthropic-usage', requests: 0, n: 2 },
    ]);
    migrate(db);
    expect(rows(db, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: '10' }]);
    const after = dumpTables(db);
    expect(after.meta!.filter(([key]) => key !== 'schema_version')).toEqual(before.meta!.filter(([key]) => key !== 'schema_version'));
    for (const table of ['orgs', 'users', 'agents', 'models', 'sources', 'scanned_files']) expect(after[table], table).toEqual(before[table]);
    expect(eventsWithKeys(db)).toEqual(asStoredKeys(eventsBefore));
    // which stored 0s meant "unknown" cannot be told apart: they stay 0
    expect(rows(db, "SELECT requests FROM events WHERE source LIKE 'anthropic-%'")).toEqual([{ requests: 0 }, { requests: 0 }, { requests: 0 }, { requests: 0 }]);
    db.close();
  });

  it('ends with the same tables and indexes as a fresh database, requests nullable', () => {
    const db = v3Database();
    expect(indexes(db).map((index) => index.name)).toEqual(['events_ts', 'events_unpriced']);
    migrate(db);
    const fresh = new SQL.Database();
    migrate(fresh);
    for (const table of ['meta', 'orgs', 'users', 'agents', 'models', 'events', 'sources', 'scanned_files']) expect(tableShape(db, table), table).toEqual(tableShape(fresh, table));
    expect(indexes(db)).toEqual(indexes(fresh));
    // version 4 dropped the index on ts, which the columnar index made useless
    expect(indexes(db).map((index) => index.name)).toEqual(['claude_code_event_keys', 'events_unpriced']);
    expect(tableShape(db, 'events').find((column) => column.name === 'requests')).toEqual({ name: 'requests', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 0 });
    db.close();
    fresh.close();
  });

  it('can store a NULL request count after the upgrade (v3 refused it); a negative count is still refused', () => {
    const v3 = v3Database();
    expect(() => v3.exec(nullRequestsEvent)).toThrow(/NOT NULL constraint failed: events\.requests/);
    v3.close();
    const db = v3Database();
    migrate(db);
    db.exec(nullRequestsEvent);
    expect(rows(db, `SELECT requests, cost_reported_usd FROM events WHERE event_key = ${keyLiteral('test:bill-line')}`)).toEqual([{ requests: null, cost_reported_usd: 2.5 }]);
    expect(() => db.exec(`UPDATE events SET requests = -1 WHERE event_key = ${keyLiteral('test:bill-line')}`)).toThrow(/CHECK constraint failed/);
    expect(count(db, 'events')).toBe(62);
    db.close();
  });

  it('opens with UsageStore.open and answers the reports; the old 0s still count as 0 runs', async () => {
    const db = v3Database();
    const bytes = db.export();
    db.close();
    const store = UsageStore.open(SQL, bytes);
    expect(await store.stats()).toMatchObject({ events: 61 });
    const models = await store.report({ report: 'models', timeframe: { from: '2026-11-10', to: '2026-11-11' } }, UTC);
    const runs = models.columns.indexOf('total_runs');
    const model = models.columns.indexOf('model');
    // claude-sonnet-4-20250514 has only the two Anthropic usage rows, stored by v3 with requests 0
    expect(models.rows.find((row) => row[model] === 'claude-sonnet-4-20250514')?.[runs]).toBe(0);
    store.close();
  });
});

describe('after the v3 → v4 upgrade', () => {
  it('re-importing an export that has no request count replaces its stored 0s with empty (counted as updated)', async () => {
    const db = v3Database();
    const store = UsageStore.open(SQL, db.export());
    db.close();
    for (const file of ['anthropic-usage.csv', 'anthropic-cost.csv']) {
      expect(await store.importFile(join(MIGRATION, file))).toMatchObject({ imported: 0, updated: 2 });
    }
    const upgraded = new SQL.Database(await store.snapshot());
    expect(rows(upgraded, "SELECT requests, COUNT(*) AS n FROM events WHERE source LIKE 'anthropic-%' GROUP BY requests")).toEqual([{ requests: null, n: 4 }]);
    expect(count(upgraded, 'events')).toBe(61);
    upgraded.close();
    store.close();
  });
});

describe('the v4 → v5 upgrade', () => {
  it('keeps every event and its rowid, stores each repeated text once in labels and drops the index on ts', () => {
    const db = v3Database();
    db.exec(nullRequestsEvent.replace('NULL', '0'));
    const before = eventsWithKeys(db);
    const texts = rows(db, `SELECT text FROM (SELECT source AS text FROM events UNION SELECT provider FROM events
      UNION SELECT project FROM events UNION SELECT error_type FROM events) WHERE text IS NOT NULL ORDER BY text`);
    migrate(db);
    expect(eventsWithKeys(db)).toEqual(asStoredKeys(before));
    expect(rows(db, 'SELECT text FROM labels ORDER BY text')).toEqual(texts);
    expect(texts.map((row) => row.text)).toEqual(expect.arrayContaining(['anthropic-cost', 'anthropic']));
    // the stored row holds keys, not the texts
    expect(rows(db, `SELECT typeof(source_label) AS source, typeof(provider_label) AS provider FROM event_rows JOIN label_sets USING (label_set) JOIN origins USING (origin) WHERE event_key = ${keyLiteral('test:bill-line')}`)).toEqual([
      { source: 'integer', provider: 'null' },
    ]);
    expect(indexes(db).map((index) => [index.name, index.tbl_name])).toEqual([['claude_code_event_keys', 'event_rows'], ['events_unpriced', 'event_rows']]);
    db.close();
  });
});

describe('the v5 → v6 upgrade', () => {
  const v5Database = () => {
    const db = frozenDatabase(v5Ddl, v5Rows);
    // amounts a code cannot hold: 17 significant digits, a whole number, and an error row
    db.exec(`INSERT INTO events (event_key, source, ts, status, credits, cost_reported_usd, cost_estimated_usd)
      VALUES ('test:odd', 'manual', 5, 'error', 0.30000000000000004, 5, 1e-20)`);
    return db;
  };
  it('keeps every event, value and rowid as the view shows them, bit for bit', () => {
    const db = v5Database();
    const before = eventsWithKeys(db);
    expect(before.length).toBe(62);
    migrate(db);
    const after = eventsWithKeys(db);
    expect(after).toEqual(asStoredKeys(before));
    // toEqual takes -0 for 0; the amounts are compared as their exact doubles
    const amounts = (events: Record<string, unknown>[]) => events.map((event) => [event.credits, event.cost_reported_usd, event.cost_estimated_usd].map((value) => (typeof value === 'number' ? value.toString(16) : value)));
    expect(amounts(after)).toEqual(amounts(before));
    db.close();
  });

  it('stores amounts with up to 15 decimals as whole-number codes, others as REAL, the status as 0/1, and drops the unique index on event_key', () => {
    const db = v5Database();
    const before = rows(db, 'SELECT typeof(credits) AS credits, COUNT(*) AS n FROM event_rows GROUP BY 1 ORDER BY 1');
    expect(before).toEqual([{ credits: 'null', n: expect.any(Number) }, { credits: 'real', n: expect.any(Number) }]);
    migrate(db);
    expect(rows(db, `SELECT typeof(credits_code) AS credits, typeof(cost_reported_code) AS reported, is_error FROM event_rows JOIN label_sets USING (label_set) WHERE event_key = ${keyLiteral('test:odd')}`)).toEqual([
      { credits: 'real', reported: 'integer', is_error: 1 },
    ]);
    // every decimal the fixture's sources wrote has a code
    expect(rows(db, "SELECT COUNT(*) AS n FROM event_rows WHERE typeof(credits_code) = 'real' OR typeof(cost_reported_code) = 'real'")).toEqual([{ n: 1 }]);
    expect(rows(db, "SELECT DISTINCT typeof(is_error) AS type FROM label_sets")).toEqual([{ type: 'integer' }]);
    expect(rows(db, "SELECT COUNT(*) AS n FROM pragma_index_list('event_rows') WHERE \"unique\" = 1")).toEqual([{ n: 0 }]);
    db.close();
  });

  it('opens with UsageStore.open, answers every report as the same files imported fresh, and a re-import adds nothing', async () => {
    const db = v5Database();
    db.exec("DELETE FROM events WHERE event_key = 'test:odd'");
    await expectAsFreshAndNothingReimported(db);
  });
});

describe('the v6 → v7 upgrade', () => {
  const v6Database = () => {
    const db = frozenDatabase(v6Ddl, v6Rows);
    // latencies the fixture's files do not have: a fraction, zero and a day
    db.exec(`INSERT INTO events (event_key, source, ts, status, latency_ms) VALUES
      ('test:fraction', 'manual', 5, 'ok', 12.5), ('test:zero', 'manual', 6, 'ok', 0), ('test:day', 'manual', 7, 'error', 86400000)`);
    return db;
  };
  const eventsOf = (db: Database) => eventsWithKeys(db, ', typeof(latency_ms) AS latency_type');
  const storedLatencyTypes = (db: Database) => rows(db, 'SELECT typeof(latency_ms) AS type, COUNT(*) AS n FROM event_rows GROUP BY 1 ORDER BY 1');

  it('keeps every event, value and rowid as the view shows them, latencies still REAL there', () => {
    const db = v6Database();
    const before = eventsOf(db);
    expect(before.length).toBe(64);
    expect(new Set(before.map((event) => event.latency_type))).toEqual(new Set(['real', 'null']));
    migrate(db);
    expect(eventsOf(db)).toEqual(asStoredKeys(before));
    db.close();
  });

  it('stores whole latencies as integers and a fraction as a REAL, in a table like a fresh database\'s', () => {
    const db = v6Database();
    // 49 of the fixture's events and the three above have a latency; 12 have none
    expect(storedLatencyTypes(db)).toEqual([{ type: 'null', n: 12 }, { type: 'real', n: 52 }]);
    migrate(db);
    expect(storedLatencyTypes(db)).toEqual([{ type: 'integer', n: 51 }, { type: 'null', n: 12 }, { type: 'real', n: 1 }]);
    expect(rows(db, "SELECT latency_ms FROM event_rows WHERE typeof(latency_ms) = 'real'")).toEqual([{ latency_ms: 12.5 }]);
    const fresh = new SQL.Database();
    migrate(fresh);
    expect(tableShape(db, 'event_rows')).toEqual(tableShape(fresh, 'event_rows'));
    expect(rows(db, "SELECT name FROM sqlite_master WHERE tbl_name = 'event_rows' ORDER BY name")).toEqual(
      rows(fresh, "SELECT name FROM sqlite_master WHERE tbl_name = 'event_rows' ORDER BY name"),
    );
    // the CHECK still refuses a negative latency
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status, latency_ms) VALUES ('test:negative', 'manual', 8, 'ok', -1)")).toThrow(/CHECK constraint failed/);
    fresh.close();
    db.close();
  });

  it('opens with UsageStore.open, answers every report as the same files imported fresh, and a re-import adds nothing', async () => {
    const db = v6Database();
    db.exec("DELETE FROM events WHERE event_key LIKE 'test:%'");
    await expectAsFreshAndNothingReimported(db);
  });
});

describe('the v7 → v8 upgrade', () => {
  const claudeCodeKey = 'claude-code:msg_01%3A:req_01:sidechain';
  const v7Database = () => {
    const db = frozenDatabase(v7Ddl, v7Rows);
    // keys the fixture's files do not have: a Claude Code copy (kept as text), non-ASCII text, and a key that looks like a number
    db.exec(`INSERT INTO events (event_key, source, ts, status, input_tokens) VALUES
      ('${claudeCodeKey}', 'claude-code', 5, 'ok', 7), ('id:Björn 🎉', 'manual', 6, 'ok', 8), ('12345', 'manual', 7, 'error', 9)`);
    return db;
  };
  const storedKeyTypes = (db: Database) => rows(db, 'SELECT typeof(event_key) AS type, COUNT(*) AS n FROM event_rows GROUP BY 1 ORDER BY 1');

  it('keeps every event, value and rowid, each key now the 64-bit FNV-1a of its text (Claude Code\'s kept as text)', () => {
    const db = v7Database();
    const before = eventsWithKeys(db);
    expect(before.length).toBe(64);
    expect(storedKeyTypes(db)).toEqual([{ type: 'text', n: 64 }]);
    migrate(db);
    expect(eventsWithKeys(db)).toEqual(asStoredKeys(before));
    expect(storedKeyTypes(db)).toEqual([{ type: 'integer', n: 63 }, { type: 'text', n: 1 }]);
    expect(rows(db, `SELECT event_key FROM event_rows WHERE typeof(event_key) = 'text'`)).toEqual([{ event_key: claudeCodeKey }]);
    expect(rows(db, `SELECT input_tokens FROM events WHERE event_key = ${keyLiteral('12345')}`)).toEqual([{ input_tokens: 9 }]);
    db.close();
  });

  it("ends with a table and indexes like a fresh database's; Claude Code's keys are still read by range through their index", () => {
    const db = v7Database();
    migrate(db);
    const fresh = new SQL.Database();
    migrate(fresh);
    expect(tableShape(db, 'event_rows')).toEqual(tableShape(fresh, 'event_rows'));
    expect(tableShape(db, 'event_rows').find((column) => column.name === 'event_key')).toEqual({ name: 'event_key', type: '', notnull: 1, dflt_value: null, pk: 0 });
    expect(indexes(db)).toEqual(indexes(fresh));
    const range = "SELECT event_key FROM event_rows WHERE event_key >= 'claude-code:' AND event_key < 'claude-code;' AND event_key >= 'claude-code:msg_01%3A:' AND event_key < 'claude-code:msg_01%3A;'";
    expect(rows(db, `EXPLAIN QUERY PLAN ${range}`).map((row) => String(row.detail)).join(' ')).toMatch(/claude_code_event_keys/);
    expect(rows(db, range)).toEqual([{ event_key: claudeCodeKey }]);
    // the view stores a key written through it as the store's writers do, and refuses one that is there
    db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:after', 'manual', 8, 'ok')");
    expect(rows(db, `SELECT ${exactKeySql()} AS key FROM events WHERE ts = 8`)).toEqual([{ key: storedKeyText('id:after') }]);
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('12345', 'manual', 9, 'ok')")).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    fresh.close();
    db.close();
  });

  it('opens with UsageStore.open, answers every report as the same files imported fresh, and a re-import adds nothing', async () => {
    const db = frozenDatabase(v7Ddl, v7Rows);
    await expectAsFreshAndNothingReimported(db);
  });
});

describe('the v8 → v9 upgrade', () => {
  const v8Database = () => {
    const db = frozenDatabase(v8Ddl, v8Rows);
    // sessions the fixture's files do not have: non-ASCII, one of two events, and an event without a session
    db.exec(`INSERT INTO events (event_key, source, ts, status, session_id) VALUES
      ('test:a', 'manual', 5, 'ok', 'séance 🎉'), ('test:b', 'manual', 6, 'ok', 'séance 🎉'), ('test:c', 'manual', 7, 'ok', NULL)`);
    return db;
  };
  const sessionsOf = (db: Database) => rows(db, 'SELECT session_id, COUNT(*) AS n, MIN(rowid) AS first FROM events WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY first');

  it('keeps every event, value and rowid as the view shows them; each session id is stored once, in the order of its first event', () => {
    const db = v8Database();
    const before = eventsWithKeys(db);
    const sessions = sessionsOf(db);
    expect(before.length).toBe(64);
    expect(sessions.length).toBeGreaterThan(5);
    migrate(db);
    expect(eventsWithKeys(db)).toEqual(before);
    expect(rows(db, 'SELECT session_key, session_id FROM sessions ORDER BY session_key')).toEqual(sessions.map((session, i) => ({ session_key: i + 1, session_id: session.session_id })));
    expect(rows(db, "SELECT COUNT(*) AS n FROM pragma_table_info('event_rows') WHERE name = 'session_id'")).toEqual([{ n: 0 }]);
    expect(rows(db, 'SELECT typeof(session_key) AS type, COUNT(*) AS n FROM event_rows GROUP BY 1 ORDER BY 1')).toEqual([
      { type: 'integer', n: sessions.reduce((sum, session) => sum + Number(session.n), 0) },
      { type: 'null', n: 64 - sessions.reduce((sum, session) => sum + Number(session.n), 0) },
    ]);
    db.close();
  });

  it("ends with tables and indexes like a fresh database's (no index on the ids); the view adds a new session once", () => {
    const db = v8Database();
    migrate(db);
    const fresh = new SQL.Database();
    migrate(fresh);
    for (const table of ['event_rows', 'sessions']) expect(tableShape(db, table), table).toEqual(tableShape(fresh, table));
    expect(indexes(db)).toEqual(indexes(fresh));
    const sessions = Number(rows(db, 'SELECT COUNT(*) AS n FROM sessions')[0]!.n);
    db.exec("INSERT INTO events (event_key, source, ts, status, session_id) VALUES ('test:d', 'manual', 8, 'ok', 'new session'), ('test:e', 'manual', 9, 'ok', 'new session')");
    expect(rows(db, "SELECT session_key, session_id FROM sessions WHERE session_id = 'new session'")).toEqual([{ session_key: sessions + 1, session_id: 'new session' }]);
    expect(rows(db, "SELECT session_id FROM events WHERE ts IN (8, 9)")).toEqual([{ session_id: 'new session' }, { session_id: 'new session' }]);
    fresh.close();
    db.close();
  });

  it('opens with UsageStore.open, answers every report as the same files imported fresh, and a re-import adds nothing', async () => {
    const db = frozenDatabase(v8Ddl, v8Rows);
    await expectAsFreshAndNothingReimported(db);
  });
});

describe('the v9 → v10 upgrade', () => {
  const v9Database = () => {
    const db = frozenDatabase(v9Ddl, v9Rows);
    // combinations the fixture's files do not have: an error without a type, an ok row with an error type, a new provider
    // with no project, and one of them again
    db.exec(`INSERT INTO events (event_key, source, ts, status, error_type, provider, project) VALUES
      ('test:a', 'manual', 5, 'error', NULL, 'openai', 'été 🎉'), ('test:b', 'manual', 6, 'ok', 'retried', 'openai', 'été 🎉'),
      ('test:c', 'manual', 7, 'ok', NULL, 'mistral', NULL), ('test:d', 'manual', 8, 'ok', NULL, 'mistral', NULL)`);
    return db;
  };
  /** The distinct values of the view's `columns`, in the order of each one's first row. */
  const combinationsOf = (db: Database, columns = 'provider, project, status, error_type') => {
    const seen = new Map<string, Record<string, unknown>>();
    for (const row of rows(db, `SELECT ${columns} FROM events ORDER BY rowid`)) {
      const id = JSON.stringify(row);
      if (!seen.has(id)) seen.set(id, row);
    }
    return [...seen.values()];
  };
  const label = (column: string) => `(SELECT text FROM labels WHERE label_key = ${column})`;
  const storedSets = (db: Database) =>
    rows(db, `SELECT label_set, ${label('provider_label')} AS provider, ${label('project_label')} AS project, CASE is_error WHEN 0 THEN 'ok' ELSE 'error' END AS status,
      ${label('error_label')} AS error_type FROM label_sets ORDER BY label_set`);
  const storedOrigins = (db: Database) => rows(db, `SELECT origin, ${label('source_label')} AS source, source_key FROM origins ORDER BY origin`);

  it('keeps every event, value and rowid as the view shows them; each combination is stored once, in the order of its first event', () => {
    const db = v9Database();
    const before = eventsWithKeys(db);
    const combinations = combinationsOf(db);
    const origins = combinationsOf(db, 'source, source_key');
    expect(before.length).toBe(65);
    expect(combinations.length).toBeGreaterThan(8);
    expect(origins.length).toBeGreaterThan(3);
    migrate(db);
    expect(eventsWithKeys(db)).toEqual(before);
    expect(storedSets(db)).toEqual(combinations.map((combination, i) => ({ label_set: i + 1, ...combination })));
    expect(storedOrigins(db)).toEqual(origins.map((origin, i) => ({ origin: i + 1, ...origin })));
    for (const gone of ['source_label', 'provider_label', 'project_label', 'is_error', 'error_label', 'source_key']) {
      expect(rows(db, `SELECT COUNT(*) AS n FROM pragma_table_info('event_rows') WHERE name = '${gone}'`), gone).toEqual([{ n: 0 }]);
    }
    expect(rows(db, 'SELECT typeof(label_set) AS sets, typeof(origin) AS origins, COUNT(*) AS n FROM event_rows GROUP BY 1, 2')).toEqual([{ sets: 'integer', origins: 'integer', n: 65 }]);
    // the two rows of one combination share its set
    expect(rows(db, `SELECT COUNT(DISTINCT label_set) AS n FROM event_rows WHERE event_key IN (${keyLiteral('test:c')}, ${keyLiteral('test:d')})`)).toEqual([{ n: 1 }]);
    db.close();
  });

  it("ends with tables and indexes like a fresh database's (no index on the combinations); the view adds a new combination once", () => {
    const db = v9Database();
    migrate(db);
    const fresh = new SQL.Database();
    migrate(fresh);
    for (const table of ['event_rows', 'label_sets', 'origins']) expect(tableShape(db, table), table).toEqual(tableShape(fresh, table));
    expect(indexes(db)).toEqual(indexes(fresh));
    const sets = Number(rows(db, 'SELECT COUNT(*) AS n FROM label_sets')[0]!.n);
    db.exec("INSERT INTO events (event_key, source, ts, status, provider) VALUES ('test:e', 'manual', 9, 'ok', 'new provider'), ('test:f', 'manual', 10, 'ok', 'new provider')");
    expect(storedSets(db).slice(sets)).toEqual([{ label_set: sets + 1, provider: 'new provider', project: null, status: 'ok', error_type: null }]);
    expect(rows(db, 'SELECT provider, status FROM events WHERE ts IN (9, 10)')).toEqual([{ provider: 'new provider', status: 'ok' }, { provider: 'new provider', status: 'ok' }]);
    fresh.close();
    db.close();
  });

  it('opens with UsageStore.open, answers every report as the same files imported fresh, and a re-import adds nothing', async () => {
    const db = frozenDatabase(v9Ddl, v9Rows);
    await expectAsFreshAndNothingReimported(db);
  });
});

describe('a snapshot of a newer schema', () => {
  const newer = () => v1Snapshot("UPDATE meta SET value = '11' WHERE key = 'schema_version';");

  it('is refused on open with a message saying to update the extension', () => {
    expect(() => UsageStore.open(SQL, newer())).toThrow(SchemaVersionError);
    expect(() => UsageStore.open(SQL, newer())).toThrow(
      'this usage database has schema version 11, newer than the 10 this version of Agent Usage Reports understands; update the extension to open it',
    );
  });

  it('is refused on restore and the running store keeps its data', async () => {
    const store = await freshStore();
    const before = await everything(store);
    await expect(store.restore(newer())).rejects.toThrow(/schema version 11, newer than the 10/);
    expect(await everything(store)).toEqual(before);
    store.close();
  });
});
