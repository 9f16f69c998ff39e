/**
 * Cost modes (issue 8) over a fixture with reported and estimated costs: every cost figure is
 * chooseCost(mode, reported, estimated) per row, summed — Usage by Model (with both beside it), Usage by
 * Sub-Account, the KPIs and the time series — and the coverage line names what the estimate misses.
 * Estimates by hand from the per-MTok list prices in the bundled table:
 *   r1 claude-sonnet-4 (input 3, cache read 0.30, cache write 3.75, output 15):
 *      1000×3 + 2000×0.30 + 400×3.75 + 500×15 = 12600 per million → 0.0126; reported 0.02
 *   r2 gpt-4o (input 2.50, cache read 1.25, output 10): 800×2.50 + 200×1.25 + 100×10 = 3250 → 0.00325; nothing reported
 *   r3 acme-llm-9: in no table, nothing reported;  r4 acme-llm-9: no estimate, reported 0.5
 *   r5 gpt-4o with cache writes, which gpt-4o has no price for: no estimate, nothing reported
 */
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostMode } from '../../src/core/pricing';
import type { TimeContext } from '../../src/core/timeframe';
import { columnNames, type ReportId } from '../../src/shared/reports';
import type { ReportQuery } from '../../src/shared/results';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { tempDir, wasmPath } from './helpers/db';

const tmp = tempDir('aur-cost-modes-');
const orgsFile = tmp.file('orgs.csv', 'org_id,name,parent_org_id\no-root,Root,\no-child,Child,o-root\n');
const eventsFile = tmp.file(
  'events.csv',
  [
    'event_id,ts,org_id,model,provider,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd',
    'r1,2026-11-10T09:00:00Z,o-root,claude-sonnet-4,anthropic,1000,2000,400,500,100,0.02',
    'r2,2026-11-10T10:00:00Z,o-child,gpt-4o,openai,800,200,0,100,0,',
    'r3,2026-11-11T09:00:00Z,o-child,acme-llm-9,,1000,0,0,1000,0,',
    'r4,2026-11-11T10:00:00Z,o-root,acme-llm-9,,10,0,0,10,0,0.5',
    'r5,2026-11-11T11:00:00Z,o-child,gpt-4o,openai,100,0,50,10,0,',
  ].join('\n'),
);

const timeframe = { from: '2026-11-10', to: '2026-11-11' };
const ctx = (costMode?: CostMode): TimeContext => ({ now: Date.parse('2026-11-18T12:00:00Z'), timeZone: 'UTC', weekStartsOn: 1, ...(costMode ? { costMode } : {}) });
const floor = {
  unpricedModels: ['acme-llm-9'],
  unpricedTokenKinds: [{ kind: 'cache-write', models: ['gpt-4o'] }],
  sentence: '1 model has no price, 1 model has no cache-write price: totals are a floor',
};

let SQL: SqlJsStatic;
let store: UsageStore;
beforeAll(async () => {
  SQL = await loadEngine(wasmPath);
  store = UsageStore.open(SQL);
  await store.importFile(orgsFile, { kind: 'orgs' });
  expect((await store.importFile(eventsFile)).imported).toBe(5);
});
afterAll(() => {
  store.close();
  tmp.remove();
});

async function pick(report: ReportId, names: string[], costMode?: CostMode, query: Partial<ReportQuery> = {}) {
  const result = await store.report({ report, timeframe, ...query }, ctx(costMode));
  return { rows: result.rows.map((row) => names.map((name) => row[columnNames(report).indexOf(name)])), cost: result.cost };
}

describe('Usage by Model: cost_usd in the mode, reported and estimated beside it', () => {
  const names = ['model', 'cost_usd', 'cost_reported_usd', 'cost_estimated_usd'];

  it.each([
    // acme-llm-9 and gpt-4o have 2 runs each (ties keep name order), claude-sonnet-4 one
    ['reported', [['acme-llm-9', 0.5, 0.5, null], ['gpt-4o', null, null, 0.00325], ['claude-sonnet-4', 0.02, 0.02, 0.0126]], null],
    ['estimated', [['acme-llm-9', null, 0.5, null], ['gpt-4o', 0.00325, null, 0.00325], ['claude-sonnet-4', 0.0126, 0.02, 0.0126]], floor],
    ['auto', [['acme-llm-9', 0.5, 0.5, null], ['gpt-4o', 0.00325, null, 0.00325], ['claude-sonnet-4', 0.02, 0.02, 0.0126]], floor],
  ] as const)('%s', async (mode, rows, coverage) => {
    expect(await pick('models', names, mode)).toEqual({ rows, cost: { mode, coverage } });
  });

  it('without a mode in the context it is auto', async () => {
    expect((await pick('models', ['cost_usd'])).rows).toEqual([[0.5], [0.00325], [0.02]]);
  });

  it('the mode is part of the report cache: switching back and forth never returns the other mode’s figures', async () => {
    const costs = async (mode: CostMode) => (await pick('models', ['cost_usd'], mode)).rows.flat();
    expect([await costs('reported'), await costs('estimated'), await costs('reported'), await costs('auto')]).toEqual([
      [0.5, null, 0.02], [null, 0.00325, 0.0126], [0.5, null, 0.02], [0.5, 0.00325, 0.02],
    ]);
  });
});

describe('Usage by Sub-Account: own and incl. sub-organisations in the mode', () => {
  it.each([
    // Root own: r1 + r4; Child own: r2, r3, r5 (none reported → empty in reported mode)
    ['reported', [['o-root', 0.52, 0.52], ['o-child', null, null]]],
    ['estimated', [['o-root', 0.0126, 0.01585], ['o-child', 0.00325, 0.00325]]],
    ['auto', [['o-root', 0.52, 0.52325], ['o-child', 0.00325, 0.00325]]],
  ] as const)('%s', async (mode, rows) => {
    expect((await pick('orgs', ['org_id', 'cost_usd', 'cost_usd_incl_sub_orgs'], mode)).rows).toEqual(rows);
  });
});

describe('KPIs and coverage', () => {
  it.each([
    ['reported', 0.52, null],
    ['estimated', 0.01585, floor],
    ['auto', 0.52325, floor],
  ] as const)('%s: the cost KPI and what the estimate misses', async (mode, costUsd, coverage) => {
    const { kpis } = await store.overview({ report: 'models', timeframe }, ctx(mode), 'day');
    expect(kpis.current.costUsd).toBe(costUsd);
    // the two days before have no events: a sum over no rows is 0
    expect(kpis.previous?.costUsd).toBe(0);
    expect(kpis.cost).toEqual({ mode, coverage });
  });

  it('coverage follows the selection: Root alone has only r1 and r4', async () => {
    const root = { filters: { orgId: 'o-root' } };
    // estimated: r4's acme-llm-9 has no price; auto: r4 has its reported cost, so nothing is missing
    expect((await pick('agents', [], 'estimated', root)).cost.coverage).toEqual({ unpricedModels: ['acme-llm-9'], unpricedTokenKinds: [], sentence: '1 model has no price: totals are a floor' });
    expect((await pick('agents', [], 'auto', root)).cost.coverage).toEqual({ unpricedModels: [], unpricedTokenKinds: [], sentence: null });
    const { kpis } = await store.overview({ report: 'agents', timeframe, ...root }, ctx('auto'), 'day');
    expect([kpis.current.costUsd, kpis.cost.coverage?.sentence]).toEqual([0.52, null]);
  });

  it('every report carries it, whatever its columns', async () => {
    for (const report of ['agents', 'users', 'user-usage', 'models', 'orgs'] as const) {
      const result = await store.report({ report, timeframe: report === 'user-usage' ? { day: '2026-11-11' } : timeframe }, ctx('estimated'));
      expect(result.cost, report).toEqual({ mode: 'estimated', coverage: floor });
    }
  });
});

describe('time series detail: each token kind and the cost per bucket', () => {
  const detailOf = async (mode: CostMode) => (await store.detailedSeries({ report: 'models', timeframe }, ctx(mode), 'day')).series.series;

  it('daily, in each mode', async () => {
    // 10th: r1 + r2; 11th: r3 + r4 + r5
    const tokens = {
      inputTokens: [1800, 1110], outputTokens: [600, 1020], cacheReadTokens: [2200, 0], cacheWriteTokens: [400, 50], reasoningTokens: [100, 0],
    };
    const costs: Record<CostMode, (number | null)[]> = { reported: [0.02, 0.5], estimated: [0.01585, null], auto: [0.02325, 0.5] };
    for (const mode of ['reported', 'estimated', 'auto'] as const) {
      const [all] = await detailOf(mode);
      expect(all).toEqual({
        key: 'all', label: 'All', runs: [2, 3], tokens: [2400, 2130], credits: [null, null], detail: { ...tokens, costUsd: costs[mode] },
      });
    }
  });

  it('split by model: each series has its own detail', async () => {
    const { series } = await store.detailedSeries({ report: 'models', timeframe }, ctx('auto'), 'day', 'model');
    expect(series.series.map((line) => [line.label, line.detail?.costUsd, line.detail?.cacheWriteTokens])).toEqual([
      ['acme-llm-9', [0, 0.5], [0, 0]],
      ['gpt-4o', [0.00325, null], [0, 50]],
      ['claude-sonnet-4', [0.02, 0], [400, 0]],
    ]);
  });

  it('is left out of the panel’s overview (its chart does not need it)', async () => {
    const { series } = await store.overview({ report: 'models', timeframe }, ctx('auto'), 'day');
    expect(series.series[0]).not.toHaveProperty('detail');
  });

  it('comes with the cost mode and pricing coverage the KPIs name for the same query', async () => {
    for (const mode of ['reported', 'estimated', 'auto'] as const) {
      const detailed = await store.detailedSeries({ report: 'models', timeframe }, ctx(mode), 'day');
      const { kpis } = await store.overview({ report: 'models', timeframe }, ctx(mode), 'day');
      expect(detailed.cost, mode).toEqual(kpis.cost);
    }
    expect((await store.detailedSeries({ report: 'models', timeframe }, ctx('estimated'), 'day')).cost.coverage?.unpricedModels).toEqual(['acme-llm-9']);
  });
});
