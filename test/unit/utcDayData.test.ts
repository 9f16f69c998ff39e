/**
 * "UTC-day data" for imported exports: a daily export bucketed by UTC day is named in a report of another
 * zone; per-event rows are not, even when they happen to fall on UTC midnights.
 */
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeContext } from '../../src/core/timeframe';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { openaiCostHeader } from './formats/consoleExportHeaders';
import { tempDir, wasmPath } from './helpers/db';

const tmp = tempDir('aur-utc-day-data-');
const nov10 = Date.UTC(2026, 10, 10) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');
const costFile = tmp.file(
  'cost.csv',
  [
    openaiCostHeader.join(','),
    [nov10, nov10 + 86_400, iso(nov10), iso(nov10 + 86_400), '0.5', 'usd', '"gpt-4o, input"', 'proj-1', 'org-1', 'Personal'].join(','),
  ].join('\n'),
);
// our own columns, two runs that start exactly at UTC midnight: not a daily bucket
const eventsFile = tmp.file('events.csv', ['event_id,ts,model,input_tokens,output_tokens', 'e1,2026-11-10T00:00:00Z,gpt-4o,10,5', 'e2,2026-11-11T00:00:00Z,gpt-4o,10,5'].join('\n'));

const ctx = (timeZone: string): TimeContext => ({ now: Date.parse('2026-11-18T12:00:00Z'), timeZone, weekStartsOn: 1 });
const timeframe = { from: '2026-11-08', to: '2026-11-12' };

let SQL: SqlJsStatic;
let withExport: UsageStore;
let eventsOnly: UsageStore;
beforeAll(async () => {
  SQL = await loadEngine(wasmPath);
  withExport = UsageStore.open(SQL);
  expect((await withExport.importFile(costFile)).imported).toBe(1);
  expect((await withExport.importFile(eventsFile)).imported).toBe(2);
  eventsOnly = UsageStore.open(SQL);
  expect((await eventsOnly.importFile(eventsFile)).imported).toBe(2);
});
afterAll(() => {
  withExport.close();
  eventsOnly.close();
  tmp.remove();
});

describe('UTC-day data from imported exports', () => {
  it('a daily cost export in Asia/Kolkata: the note names the export', async () => {
    const result = await withExport.report({ report: 'models', timeframe }, ctx('Asia/Kolkata'));
    expect(result.notes).toEqual([
      'UTC-day data: OpenAI cost export gives daily totals by UTC day; in Asia/Kolkata each shows on the day its UTC midnight falls on (not re-split).',
    ]);
  });

  it('the same store in UTC (or Etc/UTC): no note', async () => {
    expect((await withExport.report({ report: 'models', timeframe }, ctx('UTC'))).notes).toEqual([]);
    expect((await withExport.report({ report: 'agents', timeframe }, ctx('Etc/UTC'))).notes).toEqual([]);
  });

  it('per-event rows on UTC midnights only: no note', async () => {
    const result = await eventsOnly.report({ report: 'models', timeframe }, ctx('America/New_York'));
    expect(result.rows.map((row) => [row[0], row[2]])).toEqual([['gpt-4o', 2]]);
    expect(result.notes).toEqual([]);
  });
});
