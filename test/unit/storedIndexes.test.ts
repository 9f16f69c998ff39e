/**
 * The two partial indexes of event_rows serve the queries they are there for: rows without an estimate (pricing
 * coverage, reconciliation) and Claude Code's copies of a message (a range of keys). The view reads the stored
 * columns through expressions SQLite cannot match to an index, so these queries name the stored columns; a query
 * that does not reads every row, which at a million events is half a second a report.
 */
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeKeyRange } from '../../src/core/ingest/local/claudeCodeCopies';
import { noEstimateSql } from '../../src/core/reports/cost';
import { claudeCodeCopiesSql } from '../../src/store/localReaders';
import { openTestDb, rows } from './helpers/db';
import { exactKeySql, naturalKeys } from './helpers/eventKeys';

let db: Database;
beforeAll(async () => {
  db = await openTestDb();
  db.exec(`INSERT INTO events (event_key, source, ts, status, input_tokens, cost_estimated_usd) VALUES
    ('id:1', 'csv', 1, 'ok', 10, 0.5), ('id:2', 'csv', 2, 'ok', 10, NULL),
    ('claude-code:msg_1:req_1', 'claude-code', 3, 'ok', 5, 0.25), ('claude-code:msg_1:req_2:sidechain', 'claude-code', 4, 'ok', 6, NULL),
    ('claude-code:msg_10:req_3', 'claude-code', 5, 'ok', 7, 0.125)`);
});
afterAll(() => db.close());

const plan = (sql: string, params: (string | number)[] = []) => rows(db, `EXPLAIN QUERY PLAN ${sql}`, params).map((step) => String(step.detail)).join(' | ');

describe('the partial indexes of event_rows', () => {
  it('find the rows without an estimate', () => {
    const sql = `SELECT e.event_key FROM events e WHERE ${noEstimateSql} ORDER BY e.ts`;
    expect(plan(sql)).toMatch(/USING (COVERING )?INDEX events_unpriced/);
    const keys = ['id:1', 'id:2', 'claude-code:msg_1:req_1', 'claude-code:msg_1:req_2:sidechain', 'claude-code:msg_10:req_3'];
    expect(naturalKeys(db, sql.replace('SELECT e.event_key', `SELECT ${exactKeySql('e.event_key')}`), keys)).toEqual(['id:2', 'claude-code:msg_1:req_2:sidechain']);
  });

  it('find the stored copies of one Claude Code message, and only that message’s', () => {
    const { from, to } = claudeCodeKeyRange('msg_1');
    expect(plan(claudeCodeCopiesSql, [from, to])).toMatch(/USING INDEX claude_code_event_keys \(event_key>\? AND event_key<\?\)/);
    expect(rows(db, claudeCodeCopiesSql, [from, to]).map((row) => row.event_key)).toEqual(['claude-code:msg_1:req_1', 'claude-code:msg_1:req_2:sidechain']);
  });
});
