/**
 * Reconciliation over a store built here: bill lines and provider token counts stored as fetched sources,
 * local rows from a canonical CSV, prices from overrides so every figure is computed by hand below.
 */
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import type { EventRecord } from '../../src/core/ingest/normalise';
import { parsePriceOverrides } from '../../src/core/pricing';
import type { TimeContext } from '../../src/core/timeframe';
import { columnNames } from '../../src/shared/reports';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { tempDir, wasmPath } from './helpers/db';

// USD per million tokens; acme-mini has no cache-write price, mystery-llm-9 no price at all
const { overrides, problems } = parsePriceOverrides({
  'acme-sonnet': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'acme-mini': { inputPerMTok: 1, outputPerMTok: 4 },
});

const tmp = tempDir('aur-reconciliation-');
const localFile = tmp.file(
  'local.csv',
  [
    'event_id,ts,model,provider,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,cost_usd',
    // before the window (UTC day 2026-11-09): never shown
    'l0,2026-11-09T23:00:00Z,acme-sonnet,anthropic,100000,0,0,20000,',
    // 2026-11-10 at 02:00 UTC (still 2026-11-09 in New York): 100k × 3 + 20k × 15 = 0.30 + 0.30 = 0.60
    'l1,2026-11-10T02:00:00Z,acme-sonnet,anthropic,100000,0,0,20000,',
    // 50k × 3 + 100k × 0.3 + 10k × 15 = 0.15 + 0.03 + 0.15 = 0.33; its own reported cost is not the bill
    'l2,2026-11-10T15:00:00Z,acme-sonnet,anthropic,50000,100000,0,10000,9.99',
    'l3,2026-11-10T16:00:00Z,mystery-llm-9,,1000,0,0,1000,',
    // 500k × 1 + 100k × 4 = 0.50 + 0.40 = 0.90
    'l4,2026-11-12T10:00:00Z,acme-mini,anthropic,500000,0,0,100000,',
    // cache writes without a price: the row has no estimate
    'l5,2026-11-12T11:00:00Z,acme-mini,anthropic,1000000,0,10000,250000,',
  ].join('\n'),
);

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const window = { from: day('2026-11-01'), to: day('2026-11-20') };

function bill(key: string, iso: string, model: string | null, provider: string, usd: number): EventRecord {
  return { ...blankEvent(0, key, day(iso)), model, provider, requests: 0, costReportedUsd: usd };
}

let SQL: SqlJsStatic;
let store: UsageStore;
beforeAll(async () => {
  expect(problems).toEqual([]);
  SQL = await loadEngine(wasmPath);
  store = UsageStore.open(SQL, undefined, overrides);
  expect((await store.importFile(localFile)).imported).toBe(6);
  await store.importFetched({
    sourceId: 'fetch:anthropic-cost', label: 'Anthropic Admin API cost report', location: 'http://127.0.0.1', format: 'anthropic-cost', window,
    events: [
      bill('anthropic-cost:a', '2026-11-10', 'acme-sonnet', 'anthropic', 1.2),
      bill('anthropic-cost:b', '2026-11-11', 'acme-mini', 'anthropic', 0.4),
    ],
  });
  await store.importFetched({
    sourceId: 'fetch:openai-cost', label: 'OpenAI Admin API costs', location: 'http://127.0.0.1', format: 'openai-cost', window,
    // a costs line item that names no model
    events: [bill('openai-cost:a', '2026-11-10', null, 'openai', 0.05)],
  });
  // 100k × 3 + 40k × 15 + 500k × 0.3 + 80k × 3.75 = 0.30 + 0.60 + 0.15 + 0.30 = 1.35
  const usage: EventRecord = {
    ...blankEvent(0, 'anthropic-usage:a', day('2026-11-10')), model: 'acme-sonnet', provider: 'anthropic', requests: 0,
    inputTokens: 100_000, outputTokens: 40_000, cacheReadTokens: 500_000, cacheWriteTokens: 80_000,
  };
  await store.importFetched({ sourceId: 'fetch:anthropic', label: 'Anthropic Admin API usage', location: 'http://127.0.0.1', format: 'anthropic-usage', window, events: [usage] });
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const utc: TimeContext = { now: Date.parse('2026-11-18T12:00:00Z'), timeZone: 'UTC', weekStartsOn: 1 };
const newYork: TimeContext = { ...utc, timeZone: 'America/New_York' };
const timeframe = { from: '2026-11-10', to: '2026-11-12' };

const expectedRows = [
  // billed 1.20; local 0.60 + 0.33 = 0.93 (−0.27, 77.5 %); provider 1.35 (+0.15, 112.5 %)
  ['2026-11-10', 'acme-sonnet', 'anthropic', 1.2, 0.93, 1.35, -0.27, 0.15, 77.5, 112.5, null],
  ['2026-11-10', 'mystery-llm-9', null, null, null, null, null, null, null, null, 'no price'],
  ['2026-11-10', '(not by model)', 'openai', 0.05, null, null, null, null, null, null, null],
  // a day with only the bill
  ['2026-11-11', 'acme-mini', 'anthropic', 0.4, null, null, null, null, null, null, null],
  // a day with only local rows; one of them unpriced, so 0.90 is a floor
  ['2026-11-12', 'acme-mini', 'anthropic', null, 0.9, null, null, null, null, null, 'no cache-write price'],
  // billed 1.20 + 0.05 + 0.40 = 1.65; local 0.93 + 0.90 = 1.83 (+0.18, 110.91 %); provider 1.35 (−0.30, 81.82 %)
  ['Total', null, null, 1.65, 1.83, 1.35, 0.18, -0.3, 110.91, 81.82, 'acme-mini: no cache-write price; mystery-llm-9: no price'],
];

describe('Reconciliation: billed against estimated per UTC day and model', () => {
  it('has the columns of its spec', () => {
    expect(columnNames('reconciliation')).toEqual([
      'day_utc', 'model', 'provider', 'billed_usd', 'estimated_local_usd', 'estimated_provider_usd', 'local_minus_billed_usd',
      'provider_minus_billed_usd', 'local_coverage_pct', 'provider_coverage_pct', 'unpriced',
    ]);
  });

  it('one row per day and model, both sides, the differences, coverage, what has no price, and a total', async () => {
    const result = await store.report({ report: 'reconciliation', timeframe }, utc);
    expect(result.rows).toEqual(expectedRows);
    expect(result.notes).toEqual(['Days are UTC days (provider bills are bucketed by UTC day): 2026-11-10 to 2026-11-12 UTC.']);
  });

  it('in another zone the days stay whole UTC days, and the note names them', async () => {
    // New York's 2026-11-10..12 is 05:00Z on the 10th to 05:00Z on the 13th: UTC days 10 to 13
    const result = await store.report({ report: 'reconciliation', timeframe }, newYork);
    expect(result.rows).toEqual(expectedRows);
    expect(result.notes).toEqual(['Days are UTC days (provider bills are bucketed by UTC day): 2026-11-10 to 2026-11-13 UTC.']);
  });

  it('the search narrows it to matching models (and the total to them)', async () => {
    const result = await store.report({ report: 'reconciliation', timeframe, search: 'mini' }, utc);
    expect(result.rows).toEqual([
      ['2026-11-11', 'acme-mini', 'anthropic', 0.4, null, null, null, null, null, null, null],
      ['2026-11-12', 'acme-mini', 'anthropic', null, 0.9, null, null, null, null, null, 'no cache-write price'],
      // 0.90 / 0.40 = 225 %
      ['Total', null, null, 0.4, 0.9, null, 0.5, null, 225, null, 'acme-mini: no cache-write price'],
    ]);
  });

  it('a sort orders the day × model rows; the total stays last', async () => {
    const result = await store.report({ report: 'reconciliation', timeframe, sort: { column: 'billed_usd', direction: 'desc' } }, utc);
    // billed 1.20, 0.40, 0.05, then the rows without a bill in their order (empty cells last)
    expect(result.rows.map((row) => [row[0], row[1]])).toEqual([
      ['2026-11-10', 'acme-sonnet'], ['2026-11-11', 'acme-mini'], ['2026-11-10', '(not by model)'],
      ['2026-11-10', 'mystery-llm-9'], ['2026-11-12', 'acme-mini'], ['Total', null],
    ]);
  });

  it('all time: every row, and a note that names no dates', async () => {
    const result = await store.report({ report: 'reconciliation', timeframe: 'all-time' }, utc);
    expect(result.rows.map((row) => row[0])).toEqual(['2026-11-09', '2026-11-10', '2026-11-10', '2026-11-10', '2026-11-11', '2026-11-12', 'Total']);
    expect(result.notes).toEqual(['Days are UTC days (provider bills are bucketed by UTC day).']);
  });

  it('no rows in the window: no total either', async () => {
    const result = await store.report({ report: 'reconciliation', timeframe: { from: '2026-10-01', to: '2026-10-02' } }, utc);
    expect(result.rows).toEqual([]);
  });
});

describe('UTC-day data: a note when the zone is not UTC and daily UTC buckets are selected', () => {
  const note = (sources: string) =>
    `UTC-day data: ${sources} daily totals by UTC day; in America/New_York each shows on the day its UTC midnight falls on (not re-split).`;

  it('zone UTC: no note', async () => {
    expect((await store.report({ report: 'models', timeframe }, utc)).notes).toEqual([]);
  });

  it('zone America/New_York with fetched daily buckets: the note, naming those sources', async () => {
    // the fetched days are UTC midnights 2026-11-10 and -11, i.e. 19:00 on the 9th and 10th in New York
    const wide = { from: '2026-11-09', to: '2026-11-12' };
    expect((await store.report({ report: 'models', timeframe: wide }, newYork)).notes).toEqual([
      note('Anthropic Admin API cost report, Anthropic Admin API usage, OpenAI Admin API costs give'),
    ]);
    expect((await store.report({ report: 'agents', timeframe: wide, search: '' }, newYork)).notes).toHaveLength(1);
    expect((await store.report({ report: 'models', timeframe: wide, search: 'mini' }, newYork)).notes).toEqual([note('Anthropic Admin API cost report gives')]);
  });

  it('only local rows selected (per-event, not daily): no note', async () => {
    const result = await store.report({ report: 'models', timeframe, search: 'mystery' }, newYork);
    expect(result.rows.map((row) => row[0])).toEqual(['mystery-llm-9']);
    expect(result.notes).toEqual([]);
  });
});
