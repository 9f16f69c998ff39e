/**
 * Time series (runs, tokens = input + output, credits per bucket) over the fixture in
 * test/fixtures/reports/. Bucket starts are literal epoch ms and every figure is a literal printed
 * by the independent hand-check test/fixtures/reports/expected.py.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../src/core/ingest/mapping';
import { maxSplitSeries, timeSeries, type SplitBy, type TimeSeries } from '../../src/core/reports/timeseries';
import type { Granularity, TimeContext, TimeframeSpec, WeekStart } from '../../src/core/timeframe';
import { loadEngine, openDatabase, runnerFor } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const WASM = fileURLToPath(new URL('../../node_modules/sql.js/dist/sql-wasm.wasm', import.meta.url));
const NOW = Date.parse('2026-11-18T15:00:00Z');
const ctx = (timeZone: string, weekStartsOn: WeekStart = 1): TimeContext => ({ now: NOW, timeZone, weekStartsOn });
const UTC = ctx('UTC');
const BERLIN = ctx('Europe/Berlin');
const NOV: TimeframeSpec = { from: '2026-11-01', to: '2026-11-30' };

let SQL: SqlJsStatic;
let store: UsageStore;
let tempDir: string;

beforeAll(async () => {
  SQL = await loadEngine(WASM);
  store = UsageStore.open(SQL);
  const files: [string, RecordKind][] = [['orgs.csv', 'orgs'], ['users.csv', 'users'], ['agents.csv', 'agents'], ['events.csv', 'events']];
  for (const [name, kind] of files) expect((await store.importFile(join(FIXTURES, name), { kind })).rejected).toBe(0);
  tempDir = mkdtempSync(join(tmpdir(), 'aur-timeseries-'));
});

afterAll(() => {
  store.close();
  rmSync(tempDir, { recursive: true, force: true });
});

async function series(timeframe: TimeframeSpec, context: TimeContext, granularity: Granularity, splitBy?: SplitBy, on = store): Promise<TimeSeries> {
  return (await on.overview({ report: 'agents', timeframe }, context, granularity, splitBy)).series;
}

const all = (runs: number[], tokens: (number | null)[], credits: (number | null)[]) => [{ key: 'all', label: 'All', runs, tokens, credits }];

describe('daily buckets', () => {
  it('UTC: 2026-11-09 … 11', async () => {
    expect(await series({ from: '2026-11-09', to: '2026-11-11' }, UTC, 'day')).toEqual({
      granularity: 'day',
      bucketStarts: [1794182400000, 1794268800000, 1794355200000, 1794441600000],
      series: all([1, 13, 1], [2000, 15580, 790], [0.2, 3.38, 0.064]),
    });
  });

  it('Europe/Berlin: same days start an hour earlier and regroup the late-evening events', async () => {
    expect(await series({ from: '2026-11-09', to: '2026-11-11' }, BERLIN, 'day')).toEqual({
      granularity: 'day',
      bucketStarts: [1794178800000, 1794265200000, 1794351600000, 1794438000000],
      series: all([0, 13, 1], [0, 17200, 380], [0, 3.55, 0.03]),
    });
  });

  it('Europe/Berlin across the DST change: the bucket of 2026-10-25 is 25 h long', async () => {
    const result = await series({ from: '2026-10-24', to: '2026-10-26' }, BERLIN, 'day');
    expect(result).toEqual({
      granularity: 'day',
      bucketStarts: [1792792800000, 1792879200000, 1792969200000, 1793055600000],
      series: all([1, 4, 1], [1000, 5260, 1240], [0.1, 0.5, 0.115]),
    });
    expect(result.bucketStarts[2]! - result.bucketStarts[1]!).toBe(25 * 3_600_000);
  });
});

describe('weekly and monthly buckets', () => {
  it('weeks starting Monday (November 1st 2026 is a Sunday)', async () => {
    expect(await series(NOV, UTC, 'week')).toEqual({
      granularity: 'week',
      bucketStarts: [1792972800000, 1793577600000, 1794182400000, 1794787200000, 1795392000000, 1795996800000, 1796601600000],
      series: all([1, 12, 21, 8, 4, 2], [370, 20040, 24290, 9745, 4190, 4750], [0.03, 2.01, 4.166, 0.924, 0.381, 0.5]),
    });
  });

  it('weeks starting Sunday', async () => {
    expect(await series(NOV, ctx('UTC', 0), 'week')).toEqual({
      granularity: 'week',
      bucketStarts: [1793491200000, 1794096000000, 1794700800000, 1795305600000, 1795910400000, 1796515200000],
      series: all([11, 21, 9, 5, 2], [14010, 28410, 11550, 4665, 4750], [1.35, 4.666, 1.076, 0.419, 0.5]),
    });
  });

  it('months, UTC and Berlin', async () => {
    const range = { from: '2026-10-01', to: '2026-11-30' };
    expect(await series(range, UTC, 'month')).toEqual({
      granularity: 'month',
      bucketStarts: [1790812800000, 1793491200000, 1796083200000],
      series: all([8, 48], [11250, 63385], [1.065, 8.011]),
    });
    expect(await series(range, BERLIN, 'month')).toEqual({
      granularity: 'month',
      bucketStarts: [1790805600000, 1793487600000, 1796079600000],
      series: all([7, 48], [8750, 63185], [0.815, 7.971]),
    });
  });
});

describe('filters', () => {
  it('an org filter with sub-organisations (a recursive WITH before the bucket table)', async () => {
    const result = (await store.overview({ report: 'users', timeframe: NOV, filters: { orgId: 'org-emea', includeSubOrgs: true } }, UTC, 'week')).series;
    expect(result).toEqual({
      granularity: 'week',
      bucketStarts: [1792972800000, 1793577600000, 1794182400000, 1794787200000, 1795392000000, 1795996800000, 1796601600000],
      series: all([0, 9, 12, 6, 4, 1], [0, 13150, 14460, 5950, 4190, 2050], [0, 1.28, 3.234, 0.526, 0.381, 0.21]),
    });
  });
});

describe('split by agent or model', () => {
  it('by agent: one series per agent, most runs first, events without an agent as "(none)"', async () => {
    const result = await series(NOV, UTC, 'week', 'agent');
    expect(result.bucketStarts).toEqual([1792972800000, 1793577600000, 1794182400000, 1794787200000, 1795392000000, 1795996800000, 1796601600000]);
    expect(result.series.map(({ label, runs, tokens, credits }) => ({ label, runs, tokens, credits }))).toEqual([
      { label: 'Support Bot', runs: [1, 8, 10, 4, 3, 0], tokens: [370, 6640, 8410, 2585, 2490, 0], credits: [0.03, 0.57, 0.716, 0.209, 0.201, 0] },
      { label: 'Résumé Writer', runs: [0, 0, 4, 2, 1, 1], tokens: [0, 0, 7100, 3400, 1700, 2050], credits: [0, 0, 0.76, 0.32, 0.18, 0.21] },
      { label: 'Nightly Sync', runs: [0, 0, 7, 0, 0, 0], tokens: [0, 0, 8780, 0, 0, 0], credits: [0, 0, 2.69, 0, 0, 0] },
      { label: 'Data Cruncher', runs: [0, 4, 0, 1, 0, 1], tokens: [0, 13400, 0, 3320, 0, 2700], credits: [0, 1.44, 0, 0.36, 0, 0.29] },
      { label: '(none)', runs: [0, 0, 0, 1, 0, 0], tokens: [0, 0, 0, 440, 0, 0], credits: [0, 0, 0, 0.035, 0, 0] },
    ]);
    expect(new Set(result.series.map((s) => s.key)).size).toBe(5);
  });

  it(`by model with 11 models: the top ${maxSplitSeries} by runs (ties by name), the rest summed as "Other (3)"`, async () => {
    // the same rows as SPLIT_ROWS in expected.py: totals a 11, b 10, c 9, d 8, e 7, f 6, g 5, h 4, i 4, j 3, k 1
    const rows: [string, string, number, number, number, string][] = [
      ['2026-11-02T10:00:00Z', 'model-a', 6, 600, 60, '0.6'],
      ['2026-11-03T10:00:00Z', 'model-a', 5, 500, 50, '0.5'],
      ['2026-11-02T11:00:00Z', 'model-b', 10, 1000, 100, '1'],
      ['2026-11-03T11:00:00Z', 'model-c', 9, 900, 90, '0.9'],
      ['2026-11-02T12:00:00Z', 'model-d', 8, 800, 80, '0.8'],
      ['2026-11-03T12:00:00Z', 'model-e', 7, 700, 70, '0.7'],
      ['2026-11-02T13:00:00Z', 'model-f', 6, 600, 60, '0.6'],
      ['2026-11-03T13:00:00Z', 'model-g', 5, 500, 50, '0.5'],
      ['2026-11-02T14:00:00Z', 'model-i', 4, 400, 40, '0.4'],
      ['2026-11-03T14:00:00Z', 'model-h', 4, 400, 40, '0.4'],
      ['2026-11-02T15:00:00Z', 'model-j', 2, 200, 20, '0.2'],
      ['2026-11-03T15:00:00Z', 'model-k', 1, 100, 10, ''],
      ['2026-11-03T16:00:00Z', 'model-j', 1, 100, 10, '0.1'],
    ];
    const path = join(tempDir, 'split.csv');
    writeFileSync(path, ['event_id,ts,model,requests,input_tokens,output_tokens,credits,status',
      ...rows.map((row, i) => [`x${i}`, ...row, 'ok'].join(','))].join('\n') + '\n');
    const splitStore = UsageStore.open(SQL);
    try {
      expect((await splitStore.importFile(path, { kind: 'events' })).imported).toBe(rows.length);
      const result = await series({ from: '2026-11-02', to: '2026-11-03' }, UTC, 'day', 'model', splitStore);
      expect(result.bucketStarts).toEqual([1793577600000, 1793664000000, 1793750400000]);
      expect(result.series.map(({ label, runs, tokens, credits }) => ({ label, runs, tokens, credits }))).toEqual([
        { label: 'model-a', runs: [6, 5], tokens: [660, 550], credits: [0.6, 0.5] },
        { label: 'model-b', runs: [10, 0], tokens: [1100, 0], credits: [1.0, 0] },
        { label: 'model-c', runs: [0, 9], tokens: [0, 990], credits: [0, 0.9] },
        { label: 'model-d', runs: [8, 0], tokens: [880, 0], credits: [0.8, 0] },
        { label: 'model-e', runs: [0, 7], tokens: [0, 770], credits: [0, 0.7] },
        { label: 'model-f', runs: [6, 0], tokens: [660, 0], credits: [0.6, 0] },
        { label: 'model-g', runs: [0, 5], tokens: [0, 550], credits: [0, 0.5] },
        { label: 'model-h', runs: [0, 4], tokens: [0, 440], credits: [0, 0.4] },
        { label: 'Other (3)', runs: [6, 2], tokens: [660, 220], credits: [0.6, 0.1] },
      ]);
      expect(result.series.at(-1)?.key).toBe('other');
    } finally {
      splitStore.close();
    }
  });
});

describe('empty buckets are 0, buckets whose events all lack credits are empty', () => {
  // worked out by hand: 2026-11-02 m1…m8 (10 runs, 1 + 1 tokens, 1 credit each) and m10 (2 runs, 1 + 1 tokens, no credits);
  // 11-03 m10 (1 run, 1 + 1 tokens, 0.25 credits); 11-04 m9 (1 run, 1 + 1 tokens, no credits); 11-05 nothing
  const rows = [
    ...Array.from({ length: 8 }, (_, i) => ['2026-11-02T10:00:00Z', `m${i + 1}`, 10, '1']),
    ['2026-11-02T11:00:00Z', 'm10', 2, ''],
    ['2026-11-03T11:00:00Z', 'm10', 1, '0.25'],
    ['2026-11-04T11:00:00Z', 'm9', 1, ''],
  ];
  let mixed: UsageStore;

  beforeAll(async () => {
    const path = join(tempDir, 'mixed.csv');
    writeFileSync(path, ['event_id,ts,model,requests,input_tokens,output_tokens,credits,status',
      ...rows.map(([ts, model, requests, credits], i) => `m-${i},${ts},${model},${requests},1,1,${credits},ok`)].join('\n') + '\n');
    mixed = UsageStore.open(SQL);
    expect((await mixed.importFile(path, { kind: 'events' })).imported).toBe(rows.length);
  });

  afterAll(() => mixed.close());

  it('unsplit', async () => {
    expect((await series({ from: '2026-11-02', to: '2026-11-05' }, UTC, 'day', undefined, mixed)).series).toEqual(
      all([82, 1, 1, 0], [18, 2, 2, 0], [8, 0.25, null, 0]),
    );
  });

  it('split by model: the rule holds per series and for "Other"', async () => {
    const result = await series({ from: '2026-11-02', to: '2026-11-05' }, UTC, 'day', 'model', mixed);
    expect(result.series.map(({ label, runs, tokens, credits }) => ({ label, runs, tokens, credits }))).toEqual([
      ...Array.from({ length: 8 }, (_, i) => ({ label: `m${i + 1}`, runs: [10, 0, 0, 0], tokens: [2, 0, 0, 0], credits: [1, 0, 0, 0] })),
      { label: 'Other (2)', runs: [2, 1, 1, 0], tokens: [2, 2, 2, 0], credits: [null, 0.25, null, 0] },
    ]);
  });
});

describe('tokens: a bucket whose events all lack input and output tokens is empty, a bucket without events 0', () => {
  // worked out by hand: 2026-11-02 m1…m8 (10 runs, 1 + 1 tokens each) and x (1 run, no tokens); 11-03 x (1 run, no tokens);
  // 11-04 y (1 run, 5 input, no output) and x (1 run, no input, 7 output); 11-05 nothing.
  // Unsplit per day: 8 · 2 = 16, unknown, 5 + 7 = 12, 0. "Other (2)" = x + y: unknown, unknown, 12, 0.
  const rows = [
    ...Array.from({ length: 8 }, (_, i) => ['2026-11-02T10:00:00Z', `m${i + 1}`, 10, '1', '1']),
    ['2026-11-02T11:00:00Z', 'x', 1, '', ''],
    ['2026-11-03T11:00:00Z', 'x', 1, '', ''],
    ['2026-11-04T11:00:00Z', 'y', 1, '5', ''],
    ['2026-11-04T12:00:00Z', 'x', 1, '', '7'],
  ];
  const days: TimeframeSpec = { from: '2026-11-02', to: '2026-11-05' };
  let unknownTokens: UsageStore;

  beforeAll(async () => {
    const path = join(tempDir, 'unknown-tokens.csv');
    writeFileSync(path, ['event_id,ts,model,requests,input_tokens,output_tokens,credits,status',
      ...rows.map(([ts, model, requests, input, output], i) => `t-${i},${ts},${model},${requests},${input},${output},1,ok`)].join('\n') + '\n');
    unknownTokens = UsageStore.open(SQL);
    expect((await unknownTokens.importFile(path, { kind: 'events' })).imported).toBe(rows.length);
  });

  afterAll(() => unknownTokens.close());

  it('unsplit: unknown tokens are left out of a bucket\'s sum, a bucket of only unknowns is empty', async () => {
    expect((await series(days, UTC, 'day', undefined, unknownTokens)).series).toEqual(all([81, 1, 2, 0], [16, null, 12, 0], [9, 1, 2, 0]));
  });

  it('split by model: the rule holds per series and for "Other"', async () => {
    const result = await series(days, UTC, 'day', 'model', unknownTokens);
    expect(result.series.map(({ label, runs, tokens }) => ({ label, runs, tokens }))).toEqual([
      ...Array.from({ length: 8 }, (_, i) => ({ label: `m${i + 1}`, runs: [10, 0, 0, 0], tokens: [2, 0, 0, 0] })),
      { label: 'Other (2)', runs: [1, 1, 2, 0], tokens: [null, null, 12, 0] },
    ]);
  });

  it('the KPIs: known values summed, a selection whose runs report no tokens is empty, no runs 0', async () => {
    const overview = (timeframe: TimeframeSpec, search?: string) => unknownTokens.overview({ report: 'models', timeframe, search }, UTC, 'day');
    expect((await overview(days)).kpis.current.tokens).toBe(28);
    // 11-03 only x without tokens; the previous day has 16
    expect([(await overview({ day: '2026-11-03' })).kpis.current.tokens, (await overview({ day: '2026-11-03' })).kpis.previous?.tokens]).toEqual([null, 16]);
    // x alone: unknown, unknown, then 7 output tokens
    expect((await overview(days, 'x')).kpis.current.tokens).toBe(7);
    expect((await overview({ from: '2026-11-02', to: '2026-11-03' }, 'x')).kpis.current.tokens).toBe(null);
    expect((await overview({ day: '2026-11-05' })).kpis.current.tokens).toBe(0);
  });
});

describe('range edges', () => {
  it('all time is clamped to the data (first event 2026-10-15T12:00Z, last 2026-12-01T00:00Z)', async () => {
    expect(await series('all-time', UTC, 'month')).toEqual({
      granularity: 'month',
      bucketStarts: [1790812800000, 1793491200000, 1796083200000, 1798761600000],
      series: all([8, 48, 1], [11250, 63385, 120], [1.065, 8.011, 0.01]),
    });
    const daily = await series('all-time', UTC, 'day');
    expect([daily.bucketStarts.length, daily.bucketStarts[0], daily.bucketStarts.at(-1)]).toEqual([49, 1792022400000, 1796169600000]);
    expect(daily.series[0]!.runs.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(57);
  });

  it('all time over an empty store has no buckets', async () => {
    const empty = UsageStore.open(SQL);
    try {
      expect(await series('all-time', UTC, 'day', undefined, empty)).toEqual({ granularity: 'day', bucketStarts: [], series: [] });
      expect((await empty.overview({ report: 'agents', timeframe: 'all-time' }, UTC, 'day')).kpis).toEqual({
        current: { runs: 0, tokens: 0, credits: 0, costUsd: 0, errorRate: null },
        previous: null,
        cost: { mode: 'auto', coverage: { unpricedModels: [], unpricedTokenKinds: [], sentence: null } },
      });
    } finally {
      empty.close();
    }
  });

  it('a timeframe without events keeps its buckets, as zeros', async () => {
    expect(await series({ day: '2026-11-13' }, UTC, 'day')).toEqual({ granularity: 'day', bucketStarts: [1794528000000, 1794614400000], series: all([0], [0], [0]) });
  });

  it('a window without events still has every hour of the day, as zeros (split: no series to split into)', async () => {
    const hours = await series({ day: '2026-11-13' }, UTC, 'hour');
    expect(hours.bucketStarts).toEqual(Array.from({ length: 25 }, (_, i) => 1794528000000 + i * 3_600_000));
    expect(hours.series).toEqual(all(new Array(24).fill(0), new Array(24).fill(0), new Array(24).fill(0)));
    expect((await series({ day: '2026-11-13' }, UTC, 'hour', 'agent')).series).toEqual([]);
  });

  it('an empty range [t, t) has no buckets (at a bucket boundary this used to be an SQL syntax error)', () => {
    const db = openDatabase(SQL);
    try {
      const midnight = Date.parse('2026-11-10T00:00:00Z');
      expect(timeSeries(runnerFor(db), { range: { start: midnight, end: midnight }, granularity: 'day' }, UTC)).toEqual({ granularity: 'day', bucketStarts: [], series: [] });
      const noon = Date.parse('2026-11-10T12:00:00Z');
      expect(timeSeries(runnerFor(db), { range: { start: noon, end: noon }, granularity: 'week' }, UTC)).toEqual({ granularity: 'week', bucketStarts: [], series: [] });
    } finally {
      db.close();
    }
  });
});
