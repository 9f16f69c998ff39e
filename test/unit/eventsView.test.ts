/**
 * Events are stored in event_rows with their repeated texts (source, provider, project, error type) as keys into
 * `labels`, and read through the view `events`, which gives the canonical columns back and takes writes too.
 */
import type { Database } from 'sql.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/store/importer';
import { openTestDb, rows, tempDir } from './helpers/db';
import { exactKeySql, keyLiteral, storedKeyText } from './helpers/eventKeys';

const tmp = tempDir('aur-view-');
afterAll(() => tmp.remove());

const csv = [
  'event_id,timestamp,user_id,model,provider,project,input_tokens,status,error_type',
  'e1,2026-11-10T10:00:00Z,ann,gpt-4.1,openai,checkout,10,ok,',
  'e2,2026-11-10T11:00:00Z,bob,gpt-4.1,openai,checkout,20,error,rate_limit',
  'e3,2026-11-10T12:00:00Z,ann,claude-sonnet-4,anthropic,,30,error,rate_limit',
  'e4,2026-11-10T13:00:00Z,bob,gemini-2.5-pro,,eval-harness,40,ok,',
].join('\n');

let db: Database;
beforeEach(async () => {
  db = await openTestDb();
  await importFile(db, tmp.file('events.csv', csv), {});
});

describe('the events view over event_rows', () => {
  it('gives back every text as imported, each stored once in labels and as a key in the rows', () => {
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key, source, provider, project, status, error_type FROM events ORDER BY ts`)).toEqual([
      { event_key: storedKeyText('id:e1'), source: 'csv', provider: 'openai', project: 'checkout', status: 'ok', error_type: null },
      { event_key: storedKeyText('id:e2'), source: 'csv', provider: 'openai', project: 'checkout', status: 'error', error_type: 'rate_limit' },
      { event_key: storedKeyText('id:e3'), source: 'csv', provider: 'anthropic', project: null, status: 'error', error_type: 'rate_limit' },
      { event_key: storedKeyText('id:e4'), source: 'csv', provider: null, project: 'eval-harness', status: 'ok', error_type: null },
    ]);
    expect(rows(db, 'SELECT text FROM labels ORDER BY text').map((row) => row.text)).toEqual(['anthropic', 'checkout', 'csv', 'eval-harness', 'openai', 'rate_limit']);
    expect(rows(db, 'SELECT DISTINCT typeof(origin) AS origin, typeof(label_set) AS label_set FROM event_rows')).toEqual([{ origin: 'integer', label_set: 'integer' }]);
    // the provider, project, status and error type of each row are one key into label_sets, each combination once
    const label = (column: string) => `(SELECT text FROM labels WHERE label_key = ${column})`;
    expect(rows(db, `SELECT label_set, ${label('provider_label')} AS provider, ${label('project_label')} AS project, is_error, ${label('error_label')} AS error_type FROM label_sets ORDER BY label_set`)).toEqual([
      { label_set: 1, provider: 'openai', project: 'checkout', is_error: 0, error_type: null },
      { label_set: 2, provider: 'openai', project: 'checkout', is_error: 1, error_type: 'rate_limit' },
      { label_set: 3, provider: 'anthropic', project: null, is_error: 1, error_type: 'rate_limit' },
      { label_set: 4, provider: null, project: 'eval-harness', is_error: 0, error_type: null },
    ]);
    expect(rows(db, 'SELECT label_set FROM event_rows ORDER BY ts').map((row) => row.label_set)).toEqual([1, 2, 3, 4]);
  });

  it('a filter on a text column reads the same rows through the view', () => {
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key FROM events WHERE provider = 'openai' AND error_type IS NULL`)).toEqual([{ event_key: storedKeyText('id:e1') }]);
    expect(rows(db, 'SELECT project, COUNT(*) AS n FROM events GROUP BY project ORDER BY project')).toEqual([
      { project: null, n: 1 },
      { project: 'checkout', n: 2 },
      { project: 'eval-harness', n: 1 },
    ]);
  });

  it('takes an insert, an update and a delete, adding a new text to labels once', () => {
    db.exec(`INSERT INTO events (event_key, source, ts, provider, project, status) VALUES ('id:e5', 'manual', 5, 'mistral', 'checkout', 'ok')`);
    expect(rows(db, `SELECT rowid > 4 AS after, ${exactKeySql()} AS event_key, source, provider, project FROM events WHERE event_key = ${keyLiteral('id:e5')}`)).toEqual([
      { after: 1, event_key: storedKeyText('id:e5'), source: 'manual', provider: 'mistral', project: 'checkout' },
    ]);
    db.exec(`UPDATE events SET provider = 'mistral', error_type = 'timeout', status = 'error' WHERE event_key = ${keyLiteral('id:e1')}`);
    expect(rows(db, `SELECT provider, error_type, status, input_tokens FROM events WHERE event_key = ${keyLiteral('id:e1')}`)).toEqual([
      { provider: 'mistral', error_type: 'timeout', status: 'error', input_tokens: 10 },
    ]);
    expect(rows(db, "SELECT COUNT(*) AS n FROM labels WHERE text IN ('mistral', 'timeout', 'manual')")).toEqual([{ n: 3 }]);
    db.exec("DELETE FROM events WHERE provider = 'mistral'");
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key FROM event_rows ORDER BY rowid`)).toEqual([
      { event_key: storedKeyText('id:e2') },
      { event_key: storedKeyText('id:e3') },
      { event_key: storedKeyText('id:e4') },
    ]);
  });

  it('stores a key written through the view as its FNV-1a hash (a Claude Code key as its text) and keeps it through an update of another column', () => {
    const claude = 'claude-code:msg_9:req_9';
    db.exec(`INSERT INTO events (event_key, source, ts, status) VALUES ('id:new', 'manual', 8, 'ok'), ('${claude}', 'claude-code', 9, 'ok')`);
    const stored = () => rows(db, `SELECT typeof(event_key) AS type, ${exactKeySql()} AS event_key FROM event_rows WHERE rowid > 4 ORDER BY rowid`);
    const before = stored();
    expect(before).toEqual([
      { type: 'integer', event_key: storedKeyText('id:new') },
      { type: 'text', event_key: claude },
    ]);
    db.exec("UPDATE events SET provider = 'mistral', status = 'error' WHERE rowid > 4");
    expect(rows(db, 'SELECT provider, status FROM events WHERE rowid > 4 ORDER BY rowid')).toEqual([
      { provider: 'mistral', status: 'error' },
      { provider: 'mistral', status: 'error' },
    ]);
    expect(stored()).toEqual(before);
    // the imported keys are untouched too, and the new ones are still found by their keys
    expect(rows(db, `SELECT ${exactKeySql()} AS event_key FROM event_rows WHERE rowid <= 4 ORDER BY rowid`).map((row) => row.event_key)).toEqual(
      ['id:e1', 'id:e2', 'id:e3', 'id:e4'].map(storedKeyText),
    );
    expect(rows(db, `SELECT ts FROM events WHERE event_key IN (${keyLiteral('id:new')}, ${keyLiteral(claude)}) ORDER BY ts`)).toEqual([{ ts: 8 }, { ts: 9 }]);
  });

  it('refuses through the view what the table refuses', () => {
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:e6', 'csv', 6, 'maybe')")).toThrow(/CHECK constraint failed/);
    expect(() => db.exec("INSERT INTO events (event_key, source, ts, status) VALUES ('id:e1', 'csv', 6, 'ok')")).toThrow(/UNIQUE constraint failed: event_rows\.event_key/);
    expect(() => db.exec("INSERT INTO events (event_key, ts, status) VALUES ('id:e7', 7, 'ok')")).toThrow(/NOT NULL constraint failed: origins\.source_label/);
  });
});
