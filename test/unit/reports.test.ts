/**
 * The five reports, KPIs, timeframes and filter options over the hand-written fixture in
 * test/fixtures/reports/. Every expected figure below is a literal printed by the independent
 * Python hand-check test/fixtures/reports/expected.py (stdlib only, exact fractions, round half up),
 * never produced by the code under test.
 *
 * Fixture in one paragraph: 53 events (44 in November 2026 UTC, 8 in October incl. the Berlin DST
 * day 2026-10-25, 1 at 2026-12-01T00:00Z just outside November); agents ag-1 Support Bot
 * (single_task), ag-2 Résumé Writer (multi_step, created by "Carla@Example.com" on Nov 1),
 * ag-3 Data Cruncher (single_task, 3 gemini + 3 claude runs in November: a tie), ag-4 Nightly Sync
 * (workflow, no created_at, no org, only model-less runs incl. a bucket row of requests=5 with no
 * latency), ag-5 Übersetzer (no runs, created by u-juergen on Nov 28); one event without an agent
 * (e44), one without a user (e42); orgs Acme Group > Acme EMEA > Acme Germany plus Indie Labs;
 * e39 carries its own org (org-root) although its user belongs to Indie Labs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../src/core/ingest/mapping';
import { columnNames, reportSpec, type ReportId, type SortSpec } from '../../src/shared/reports';
import type { Cell, ReportFilters, ReportQuery } from '../../src/core/reports/query';
import type { TimeContext, TimeframeSpec } from '../../src/core/timeframe';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const WASM = fileURLToPath(new URL('../../node_modules/sql.js/dist/sql-wasm.wasm', import.meta.url));

const NOW = Date.parse('2026-11-18T15:00:00Z'); // a Wednesday
const UTC: TimeContext = { now: NOW, timeZone: 'UTC', weekStartsOn: 1 };
const BERLIN: TimeContext = { now: NOW, timeZone: 'Europe/Berlin', weekStartsOn: 1 };
const NOV: TimeframeSpec = { from: '2026-11-01', to: '2026-11-30' };

let store: UsageStore;

beforeAll(async () => {
  store = UsageStore.open(await loadEngine(WASM));
  const files: [string, RecordKind, number][] = [
    ['orgs.csv', 'orgs', 4],
    ['users.csv', 'users', 6],
    ['agents.csv', 'agents', 5],
    ['events.csv', 'events', 53],
  ];
  for (const [name, kind, count] of files) {
    const summary = await store.importFile(join(FIXTURES, name), { kind });
    expect(summary.rejected, name).toBe(0);
    expect(summary.imported, name).toBe(count);
  }
});

afterAll(() => store.close());

async function report(report: ReportId, timeframe: TimeframeSpec, options: { ctx?: TimeContext; filters?: ReportFilters; search?: string; sort?: SortSpec } = {}) {
  const query: ReportQuery = { report, timeframe, filters: options.filters, search: options.search, sort: options.sort };
  const result = await store.report(query, options.ctx ?? UTC);
  expect(result.columns).toEqual(columnNames(report));
  for (const row of result.rows) expect(row).toHaveLength(result.columns.length);
  return result;
}

const rowsOf = async (...args: Parameters<typeof report>): Promise<Cell[][]> => (await report(...args)).rows;
const column = (rows: Cell[][], id: ReportId, name: string) => rows.map((row) => row[columnNames(id).indexOf(name)]);

describe('fixture and columns', () => {
  it('imports every fixture row', async () => {
    const stats = await store.stats();
    expect([stats.events, stats.agents, stats.users, stats.orgs, stats.models]).toEqual([53, 5, 6, 4, 3]);
  });

  it('exports the contract columns in order (README, "Reports")', () => {
    expect(columnNames('agents')).toEqual([
      'agent_name', 'agent_id', 'model_used', 'agent_type', 'total_runs', 'total_sessions', 'avg_runs_per_session',
      'credits_consumed', 'input_tokens_total', 'output_tokens_total', 'avg_latency_ms', 'p95_latency_ms', 'error_rate',
    ]);
    expect(columnNames('users')).toEqual([
      'user_email', 'role', 'user_id', 'total_runs', 'agents_created', 'credits_consumed', 'input_tokens_total', 'output_tokens_total',
    ]);
    expect(columnNames('models')).toEqual([
      'model', 'provider', 'total_runs', 'users', 'agents', 'input_tokens_total', 'output_tokens_total', 'cache_read_tokens_total',
      'cache_write_tokens_total', 'reasoning_tokens_total', 'credits_consumed', 'cost_usd', 'cost_reported_usd', 'cost_estimated_usd',
      'avg_latency_ms', 'p95_latency_ms', 'error_rate',
    ]);
    expect(reportSpec('orgs').columns).toHaveLength(15);
  });
});

describe('Usage by Agent', () => {
  it('November (UTC): every row and column, default sort by runs desc', async () => {
    const result = await report('agents', NOV);
    expect(result.range).toEqual({ start: 1793491200000, end: 1796083200000 });
    expect(result.rows).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 26, 10, 2.1, 1.726, 16560, 3935, 8752.0, 60000, 0.0769],
      ['Résumé Writer', 'ag-2', 'claude-sonnet-4', 'multi_step', 8, 4, 1.75, 1.47, 10800, 3450, 16285.7, 45000, 0.25],
      ['Nightly Sync', 'ag-4', 'gpt-4o', 'workflow', 7, null, null, 2.69, 6900, 1880, null, null, 0.1429],
      ['Data Cruncher', 'ag-3', 'claude-sonnet-4', 'single_task', 6, 3, 1.67, 2.09, 15200, 4220, 7100.0, 8000, 0.1667],
      ['(no agent)', null, 'gpt-4o', null, 1, null, null, 0.035, 350, 90, 700.0, 700, 0],
    ]);
  });

  it('p95 is nearest rank, not the maximum, once there are 20+ latencies (25 → rank 24)', async () => {
    const [supportBot] = await rowsOf('agents', NOV, { search: 'ag-1' });
    // Support Bot's largest latency is 75000; the 24th of its 25 latencies is 60000.
    expect(supportBot?.[11]).toBe(60000);
  });

  it('model_used: a tie goes to the alphabetically first model; no model in the timeframe → the configured one', async () => {
    const rows = await rowsOf('agents', NOV, { sort: { column: 'agent_id', direction: 'asc' } });
    // ag-3 is configured for gemini-2.5-pro but ran 3× gemini and 3× claude; ag-4's runs carry no model.
    expect(rows.map((row) => [row[1], row[2]])).toEqual([
      ['ag-1', 'gpt-4o'], ['ag-2', 'claude-sonnet-4'], ['ag-3', 'claude-sonnet-4'], ['ag-4', 'gpt-4o'], [null, 'gpt-4o'],
    ]);
  });

  it('the aggregate bucket row counts 5 runs and adds no latency, session or p95 (2026-11-10, UTC)', async () => {
    expect(await rowsOf('agents', { day: '2026-11-10' })).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 5, 1, 4.0, 0.32, 3200, 780, 42500.0, 75000, 0],
      ['Nightly Sync', 'ag-4', 'gpt-4o', 'workflow', 5, null, null, 2.5, 5000, 1500, null, null, 0],
      ['Résumé Writer', 'ag-2', 'claude-sonnet-4', 'multi_step', 3, 2, 1.5, 0.56, 3900, 1200, 11000.0, 20000, 0.3333],
    ]);
  });

  it('filter agent type', async () => {
    expect(await rowsOf('agents', NOV, { filters: { agentType: 'single_task' } })).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 26, 10, 2.1, 1.726, 16560, 3935, 8752.0, 60000, 0.0769],
      ['Data Cruncher', 'ag-3', 'claude-sonnet-4', 'single_task', 6, 3, 1.67, 2.09, 15200, 4220, 7100.0, 8000, 0.1667],
    ]);
    expect(await rowsOf('agents', NOV, { filters: { agentType: 'workflow' } })).toEqual([
      ['Nightly Sync', 'ag-4', 'gpt-4o', 'workflow', 7, null, null, 2.69, 6900, 1880, null, null, 0.1429],
    ]);
    expect(await rowsOf('agents', NOV, { filters: { agentType: 'no-such-type' } })).toEqual([]);
  });

  it('filter model: only that model’s runs count (ag-4 has none, ag-2 one)', async () => {
    expect(await rowsOf('agents', NOV, { filters: { model: 'gpt-4o' } })).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 24, 10, 1.9, 1.426, 14260, 3385, 9208.7, 60000, 0.0833],
      ['(no agent)', null, 'gpt-4o', null, 1, null, null, 0.035, 350, 90, 700.0, 700, 0],
      ['Résumé Writer', 'ag-2', 'gpt-4o', 'multi_step', 1, 1, 1.0, 0.07, 700, 200, null, null, 0],
    ]);
  });

  it('filter created by (a user id, and an email as written in agents.csv)', async () => {
    expect(await rowsOf('agents', NOV, { filters: { createdBy: 'u-alice' } })).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 26, 10, 2.1, 1.726, 16560, 3935, 8752.0, 60000, 0.0769],
      ['Nightly Sync', 'ag-4', 'gpt-4o', 'workflow', 7, null, null, 2.69, 6900, 1880, null, null, 0.1429],
    ]);
    expect(await rowsOf('agents', NOV, { filters: { createdBy: 'Carla@Example.com' } })).toEqual([
      ['Résumé Writer', 'ag-2', 'claude-sonnet-4', 'multi_step', 8, 4, 1.75, 1.47, 10800, 3450, 16285.7, 45000, 0.25],
    ]);
  });

  it.each([
    ['RESUME', ['Résumé Writer']],
    ['résumé', ['Résumé Writer']],
    ['  wRiTeR ', ['Résumé Writer']],
    ['support', ['Support Bot']],
    ['AG-3', ['Data Cruncher']],
    ['zzz', []],
  ])('search %j (name part or id, case- and accent-insensitive)', async (search, names) => {
    expect(column(await rowsOf('agents', NOV, { search }), 'agents', 'agent_name')).toEqual(names);
  });

  const sortCases: [string, 'asc' | 'desc', string[]][] = [
    ['agent_name', 'asc', ['(no agent)', 'Data Cruncher', 'Nightly Sync', 'Résumé Writer', 'Support Bot']],
    ['agent_name', 'desc', ['Support Bot', 'Résumé Writer', 'Nightly Sync', 'Data Cruncher', '(no agent)']],
    ['agent_id', 'asc', ['Support Bot', 'Résumé Writer', 'Data Cruncher', 'Nightly Sync', '(no agent)']],
    ['agent_id', 'desc', ['Nightly Sync', 'Data Cruncher', 'Résumé Writer', 'Support Bot', '(no agent)']],
    ['model_used', 'asc', ['Résumé Writer', 'Data Cruncher', 'Support Bot', 'Nightly Sync', '(no agent)']],
    ['model_used', 'desc', ['Support Bot', 'Nightly Sync', '(no agent)', 'Résumé Writer', 'Data Cruncher']],
    ['agent_type', 'asc', ['Résumé Writer', 'Support Bot', 'Data Cruncher', 'Nightly Sync', '(no agent)']],
    ['agent_type', 'desc', ['Nightly Sync', 'Support Bot', 'Data Cruncher', 'Résumé Writer', '(no agent)']],
    ['total_runs', 'asc', ['(no agent)', 'Data Cruncher', 'Nightly Sync', 'Résumé Writer', 'Support Bot']],
    ['total_runs', 'desc', ['Support Bot', 'Résumé Writer', 'Nightly Sync', 'Data Cruncher', '(no agent)']],
    ['total_sessions', 'asc', ['Data Cruncher', 'Résumé Writer', 'Support Bot', 'Nightly Sync', '(no agent)']],
    ['total_sessions', 'desc', ['Support Bot', 'Résumé Writer', 'Data Cruncher', 'Nightly Sync', '(no agent)']],
    ['avg_runs_per_session', 'asc', ['Data Cruncher', 'Résumé Writer', 'Support Bot', 'Nightly Sync', '(no agent)']],
    ['avg_runs_per_session', 'desc', ['Support Bot', 'Résumé Writer', 'Data Cruncher', 'Nightly Sync', '(no agent)']],
    ['credits_consumed', 'asc', ['(no agent)', 'Résumé Writer', 'Support Bot', 'Data Cruncher', 'Nightly Sync']],
    ['credits_consumed', 'desc', ['Nightly Sync', 'Data Cruncher', 'Support Bot', 'Résumé Writer', '(no agent)']],
    ['input_tokens_total', 'asc', ['(no agent)', 'Nightly Sync', 'Résumé Writer', 'Data Cruncher', 'Support Bot']],
    ['input_tokens_total', 'desc', ['Support Bot', 'Data Cruncher', 'Résumé Writer', 'Nightly Sync', '(no agent)']],
    ['output_tokens_total', 'asc', ['(no agent)', 'Nightly Sync', 'Résumé Writer', 'Support Bot', 'Data Cruncher']],
    ['output_tokens_total', 'desc', ['Data Cruncher', 'Support Bot', 'Résumé Writer', 'Nightly Sync', '(no agent)']],
    ['avg_latency_ms', 'asc', ['(no agent)', 'Data Cruncher', 'Support Bot', 'Résumé Writer', 'Nightly Sync']],
    ['avg_latency_ms', 'desc', ['Résumé Writer', 'Support Bot', 'Data Cruncher', '(no agent)', 'Nightly Sync']],
    ['p95_latency_ms', 'asc', ['(no agent)', 'Data Cruncher', 'Résumé Writer', 'Support Bot', 'Nightly Sync']],
    ['p95_latency_ms', 'desc', ['Support Bot', 'Résumé Writer', 'Data Cruncher', '(no agent)', 'Nightly Sync']],
    ['error_rate', 'asc', ['(no agent)', 'Support Bot', 'Nightly Sync', 'Data Cruncher', 'Résumé Writer']],
    ['error_rate', 'desc', ['Résumé Writer', 'Data Cruncher', 'Nightly Sync', 'Support Bot', '(no agent)']],
  ];
  // ties (equal cells) keep the default order, runs desc: the store re-sorts its default-sorted result
  it.each(sortCases)('sort by %s %s (empty cells last, ties keep the default order)', async (name, direction, names) => {
    const rows = await rowsOf('agents', NOV, { sort: { column: name, direction } });
    expect(column(rows, 'agents', 'agent_name')).toEqual(names);
  });

  it('refuses to sort by an unknown column', async () => {
    await expect(store.report({ report: 'agents', timeframe: NOV, sort: { column: 'nope', direction: 'asc' } }, UTC)).rejects.toThrow(/unknown sort column/);
  });

  it('November in Europe/Berlin: 2026-10-31T23:30Z is in, 2026-11-30T23:30Z is out (Data Cruncher)', async () => {
    const result = await report('agents', NOV, { ctx: BERLIN });
    expect(result.range).toEqual({ start: 1793487600000, end: 1796079600000 });
    expect(result.rows).toEqual([
      ['Support Bot', 'ag-1', 'gpt-4o', 'single_task', 26, 10, 2.1, 1.726, 16560, 3935, 8752.0, 60000, 0.0769],
      ['Résumé Writer', 'ag-2', 'claude-sonnet-4', 'multi_step', 8, 4, 1.75, 1.47, 10800, 3450, 16285.7, 45000, 0.25],
      ['Nightly Sync', 'ag-4', 'gpt-4o', 'workflow', 7, null, null, 2.69, 6900, 1880, null, null, 0.1429],
      ['Data Cruncher', 'ag-3', 'gemini-2.5-pro', 'single_task', 6, 2, 2.0, 2.05, 15100, 4120, 6940.0, 8000, 0.1667],
      ['(no agent)', null, 'gpt-4o', null, 1, null, null, 0.035, 350, 90, 700.0, 700, 0],
    ]);
  });
});

describe('Usage by User', () => {
  it('November (UTC): all columns; agents_created by id or by email (case-insensitive) and only inside the timeframe; "(no user)"', async () => {
    // alice created ag-1 in October and ag-4 with no created_at → 0; carla ag-2 (created_by "Carla@Example.com");
    // juergen ag-5 on Nov 28 and is listed without runs; bob's ag-3 is from September.
    expect(await rowsOf('users', NOV)).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 14, 0, 3.421, 13010, 3460],
      ['bob@example.com', 'member', 'u-bob', 12, 0, 1.34, 11400, 2900],
      ['alice@example.com', 'admin', 'u-alice', 11, 0, 0.94, 7900, 2065],
      ['carla@example.com', 'member', 'u-carla', 6, 1, 0.87, 6800, 2230],
      ['erin@example.com', 'member', 'u-erin', 4, 0, 1.34, 9700, 2720],
      ['(no user)', null, null, 1, 0, 0.1, 1000, 200],
      ['juergen@example.com', 'admin', 'u-juergen', 0, 1, 0, 0, 0],
    ]);
  });

  it('October (UTC): alice’s ag-1 now counts as created in the timeframe', async () => {
    expect(await rowsOf('users', { from: '2026-10-01', to: '2026-10-31' })).toEqual([
      ['carla@example.com', 'member', 'u-carla', 4, 0, 0.445, 3650, 1010],
      ['juergen@example.com', 'admin', 'u-juergen', 2, 0, 0.27, 2300, 540],
      ['alice@example.com', 'admin', 'u-alice', 1, 1, 0.1, 1000, 250],
      ['bob@example.com', 'member', 'u-bob', 1, 0, 0.25, 2000, 500],
    ]);
  });

  it('org filter: one organisation alone', async () => {
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-emea' } })).toEqual([
      ['bob@example.com', 'member', 'u-bob', 12, 0, 1.34, 11400, 2900],
    ]);
    // erin (Indie Labs) appears under Acme Group with the one run that carries org-root itself
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-root' } })).toEqual([
      ['alice@example.com', 'admin', 'u-alice', 11, 0, 0.94, 7900, 2065],
      ['erin@example.com', 'member', 'u-erin', 1, 0, 0.31, 2200, 650],
    ]);
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-indie' } })).toEqual([
      ['erin@example.com', 'member', 'u-erin', 3, 0, 1.03, 7500, 2070],
    ]);
  });

  it('org filter with include sub-organisations (two and three levels)', async () => {
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-emea', includeSubOrgs: true } })).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 14, 0, 3.421, 13010, 3460],
      ['bob@example.com', 'member', 'u-bob', 12, 0, 1.34, 11400, 2900],
      ['carla@example.com', 'member', 'u-carla', 6, 1, 0.87, 6800, 2230],
      ['juergen@example.com', 'admin', 'u-juergen', 0, 1, 0, 0, 0],
    ]);
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-root', includeSubOrgs: true } })).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 14, 0, 3.421, 13010, 3460],
      ['bob@example.com', 'member', 'u-bob', 12, 0, 1.34, 11400, 2900],
      ['alice@example.com', 'admin', 'u-alice', 11, 0, 0.94, 7900, 2065],
      ['carla@example.com', 'member', 'u-carla', 6, 1, 0.87, 6800, 2230],
      ['erin@example.com', 'member', 'u-erin', 1, 0, 0.31, 2200, 650],
      ['juergen@example.com', 'admin', 'u-juergen', 0, 1, 0, 0, 0],
    ]);
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-de', includeSubOrgs: true } })).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 14, 0, 3.421, 13010, 3460],
      ['carla@example.com', 'member', 'u-carla', 6, 1, 0.87, 6800, 2230],
      ['juergen@example.com', 'admin', 'u-juergen', 0, 1, 0, 0, 0],
    ]);
    expect(await rowsOf('users', NOV, { filters: { orgId: 'org-indie', includeSubOrgs: true } })).toEqual([
      ['erin@example.com', 'member', 'u-erin', 3, 0, 1.03, 7500, 2070],
    ]);
  });

  it.each([
    ['CARLA@EXAMPLE', ['u-carla']],
    ['diaz', ['u-carla']],
    ['MULLER', ['u-juergen']],
    ['u-bob', ['u-bob']],
    ['example.com', ['u-dave', 'u-bob', 'u-alice', 'u-carla', 'u-erin', 'u-juergen']],
  ])('search %j by email, name (accent-insensitive) or id', async (search, ids) => {
    expect(column(await rowsOf('users', NOV, { search }), 'users', 'user_id')).toEqual(ids);
  });

  it('agent filters limit the runs and the agents counted as created', async () => {
    // created by u-alice: only runs of ag-1/ag-4; carla's ag-2 and juergen's ag-5 do not count
    expect(await rowsOf('users', NOV, { filters: { createdBy: 'u-alice' } })).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 13, 0, 3.241, 11710, 3060],
      ['alice@example.com', 'admin', 'u-alice', 9, 0, 0.49, 4900, 1165],
      ['bob@example.com', 'member', 'u-bob', 9, 0, 0.555, 5550, 1310],
      ['carla@example.com', 'member', 'u-carla', 1, 0, 0.03, 300, 80],
      ['(no user)', null, null, 1, 0, 0.1, 1000, 200],
    ]);
    expect(await rowsOf('users', NOV, { filters: { agentType: 'multi_step' } })).toEqual([
      ['carla@example.com', 'member', 'u-carla', 5, 1, 0.84, 6500, 2150],
      ['alice@example.com', 'admin', 'u-alice', 2, 0, 0.45, 3000, 900],
      ['dave@example.com', 'viewer', 'u-dave', 1, 0, 0.18, 1300, 400],
      ['juergen@example.com', 'admin', 'u-juergen', 0, 1, 0, 0, 0],
    ]);
  });

  it('agent filter (as the agent detail uses it): only users of that agent, agents created limited to it', async () => {
    expect(await rowsOf('users', NOV, { filters: { agentId: 'ag-1' } })).toEqual([
      ['alice@example.com', 'admin', 'u-alice', 9, 0, 0.49, 4900, 1165],
      ['bob@example.com', 'member', 'u-bob', 9, 0, 0.555, 5550, 1310],
      ['dave@example.com', 'viewer', 'u-dave', 7, 0, 0.651, 5810, 1380],
      ['carla@example.com', 'member', 'u-carla', 1, 0, 0.03, 300, 80],
    ]);
  });
});

describe('User Usage', () => {
  it('one day (2026-11-10, UTC): tokens incl. cache, usage time = union of overlapping runs, ISO times', async () => {
    // alice: [10:00:00,+60s) ∪ [10:00:30,+75s) ∪ [10:01:30,+30s) = 120 s, a run without latency adds 0,
    // [10:10:00,+10s) contains [10:10:02,+3s) → 130 000 ms. dave: only the bucket row (no latency) → empty.
    const result = await report('user-usage', { day: '2026-11-10' });
    expect(result.range).toEqual({ start: 1794268800000, end: 1794355200000 });
    expect(result.rows).toEqual([
      ['Alice Adams', 'alice@example.com', 'u-alice', 6, 5900, 1600, 8250, 130000, '2026-11-10T10:00:00.000+00:00', '2026-11-10T10:10:02.000+00:00'],
      ['Dave Dunn', 'dave@example.com', 'u-dave', 5, 5000, 1500, 6500, null, '2026-11-10T14:00:00.000+00:00', '2026-11-10T14:00:00.000+00:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 2, 1200, 380, 1580, 25000, '2026-11-10T22:45:00.000+00:00', '2026-11-10T23:15:00.000+00:00'],
    ]);
  });

  it('one day in Europe/Berlin: includes 23:30Z of the previous UTC day, drops 23:15Z; times carry +01:00', async () => {
    const result = await report('user-usage', { day: '2026-11-10' }, { ctx: BERLIN });
    expect(result.range).toEqual({ start: 1794265200000, end: 1794351600000 });
    expect(result.rows).toEqual([
      ['Alice Adams', 'alice@example.com', 'u-alice', 6, 5900, 1600, 8250, 130000, '2026-11-10T11:00:00.000+01:00', '2026-11-10T11:10:02.000+01:00'],
      ['Dave Dunn', 'dave@example.com', 'u-dave', 5, 5000, 1500, 6500, null, '2026-11-10T15:00:00.000+01:00', '2026-11-10T15:00:00.000+01:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 2, 2400, 800, 3200, 65000, '2026-11-10T00:30:00.000+01:00', '2026-11-10T23:45:00.000+01:00'],
    ]);
  });

  it('a range of days, UTC and Berlin', async () => {
    const range = { from: '2026-11-09', to: '2026-11-11' };
    expect(await rowsOf('user-usage', range)).toEqual([
      ['Alice Adams', 'alice@example.com', 'u-alice', 6, 5900, 1600, 8250, 130000, '2026-11-10T10:00:00.000+00:00', '2026-11-10T10:10:02.000+00:00'],
      ['Dave Dunn', 'dave@example.com', 'u-dave', 6, 5640, 1650, 7290, 2400, '2026-11-10T14:00:00.000+00:00', '2026-11-11T23:30:00.000+00:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 3, 2700, 880, 3580, 70000, '2026-11-09T23:30:00.000+00:00', '2026-11-10T23:15:00.000+00:00'],
    ]);
    expect(await rowsOf('user-usage', range, { ctx: BERLIN })).toEqual([
      ['Alice Adams', 'alice@example.com', 'u-alice', 6, 5900, 1600, 8250, 130000, '2026-11-10T11:00:00.000+01:00', '2026-11-10T11:10:02.000+01:00'],
      ['Dave Dunn', 'dave@example.com', 'u-dave', 5, 5000, 1500, 6500, null, '2026-11-10T15:00:00.000+01:00', '2026-11-10T15:00:00.000+01:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 3, 2700, 880, 3580, 70000, '2026-11-10T00:30:00.000+01:00', '2026-11-11T00:15:00.000+01:00'],
    ]);
  });

  it('search by name', async () => {
    expect(await rowsOf('user-usage', { day: '2026-11-10' }, { search: 'ALICE' })).toEqual([
      ['Alice Adams', 'alice@example.com', 'u-alice', 6, 5900, 1600, 8250, 130000, '2026-11-10T10:00:00.000+00:00', '2026-11-10T10:10:02.000+00:00'],
    ]);
  });

  it('"(no user)" row for events without a user', async () => {
    const rows = await rowsOf('user-usage', { day: '2026-11-15' });
    expect(rows).toEqual([
      ['(no user)', null, null, 1, 1000, 200, 1200, null, '2026-11-15T02:00:00.000+00:00', '2026-11-15T02:00:00.000+00:00'],
      ['Dave Dunn', 'dave@example.com', 'u-dave', 1, 900, 180, 1080, null, '2026-11-15T02:30:00.000+00:00', '2026-11-15T02:30:00.000+00:00'],
    ]);
  });
});

describe('sorting timestamps across the DST change (dst-overlap.csv)', () => {
  // Inside the repeated hour of 2026-10-25 in Berlin, local ISO strings do not sort like instants:
  // 02:45+02:00 (00:45Z) is earlier than 02:10+01:00 (01:10Z).
  let dstStore: UsageStore;
  beforeAll(async () => {
    dstStore = UsageStore.open(await loadEngine(WASM));
    expect((await dstStore.importFile(join(FIXTURES, 'dst-overlap.csv'), { kind: 'events' })).imported).toBe(4);
  });
  afterAll(() => dstStore.close());
  const ids = async (sort: SortSpec) =>
    column((await dstStore.report({ report: 'user-usage', timeframe: { day: '2026-10-25' }, sort }, BERLIN)).rows, 'user-usage', 'user_id');

  it('shows the local times with their offsets', async () => {
    const rows = (await dstStore.report({ report: 'user-usage', timeframe: { day: '2026-10-25' }, sort: { column: 'user_id', direction: 'asc' } }, BERLIN)).rows;
    expect(rows.map((row) => [row[2], row[8], row[9]])).toEqual([
      ['u-a', '2026-10-25T02:45:00.000+02:00', '2026-10-25T02:45:00.000+02:00'],
      ['u-b', '2026-10-25T02:10:00.000+01:00', '2026-10-25T02:10:00.000+01:00'],
      ['u-c', '2026-10-25T02:20:00.000+02:00', '2026-10-25T02:50:00.000+01:00'],
    ]);
  });

  it('sorts first/last request by instant, not by text', async () => {
    expect(await ids({ column: 'first_request_at', direction: 'asc' })).toEqual(['u-c', 'u-a', 'u-b']);
    expect(await ids({ column: 'last_request_at', direction: 'desc' })).toEqual(['u-c', 'u-b', 'u-a']);
  });
});

describe('Usage by Model', () => {
  it('November (UTC): all 17 columns incl. cache/reasoning sums, cost (auto = reported here) beside reported and estimated, distinct users/agents; "(no model)"', async () => {
    // estimated: expected.py prices each row from the per-MTok list prices; gpt-4o has no cache-write price, so e01 (50
    // cache writes) is left out of its estimate; claude-sonnet-4's exact sum 0.1462725 is a decimal tie at 6 places
    expect(await rowsOf('models', NOV)).toEqual([
      ['gpt-4o', 'openai', 26, 4, 2, 15310, 3675, 120, 50, 0, 1.531, 0.1879, 0.1879, 0.06905, 8854.2, 60000, 0.0769],
      ['claude-sonnet-4', 'anthropic', 12, 5, 3, 19200, 5750, 1200, 550, 450, 2.65, 0.3715, 0.3715, expect.toBeOneOf([0.146272, 0.146273]), 12345.5, 45000, 0.25],
      ['(no model)', null, 7, 1, 1, 6900, 1880, 0, 0, 0, 2.69, 0.638, 0.638, null, null, null, 0.1429],
      ['gemini-2.5-pro', 'google', 3, 2, 1, 8400, 2270, 600, 0, 530, 1.14, 0.143, 0.143, 0.033275, 6900.0, 7200, 0],
    ]);
  });

  it('with an agent type filter', async () => {
    expect(await rowsOf('models', NOV, { filters: { agentType: 'single_task' } })).toEqual([
      ['gpt-4o', 'openai', 24, 4, 1, 14260, 3385, 120, 50, 0, 1.426, 0.175, 0.175, 0.063525, 9208.7, 60000, 0.0833],
      ['claude-sonnet-4', 'anthropic', 5, 3, 2, 9100, 2500, 300, 100, 100, 1.25, 0.166, 0.166, 0.065265, 5450.0, 8000, 0.2],
      ['gemini-2.5-pro', 'google', 3, 2, 1, 8400, 2270, 600, 0, 530, 1.14, 0.143, 0.143, 0.033275, 6900.0, 7200, 0],
    ]);
  });

  it('search by model name', async () => {
    expect(column(await rowsOf('models', NOV, { search: 'GEMINI' }), 'models', 'model')).toEqual(['gemini-2.5-pro']);
  });
});

describe('Usage by Sub-Account', () => {
  it('November (UTC): tree order, depth, own vs incl. sub-org figures, "(no organisation)" last', async () => {
    expect(await rowsOf('orgs', NOV)).toEqual([
      ['Acme Group', 'org-root', null, 0, 2, 12, 1.25, 10100, 2715, 0.1635, 44, 6.881, 41310, 11305, 1.1904],
      ['Acme EMEA', 'org-emea', 'org-root', 1, 1, 12, 1.34, 11400, 2900, 0.1669, 32, 5.631, 31210, 8590, 1.0269],
      ['Acme Germany', 'org-de', 'org-emea', 2, 2, 20, 4.291, 19810, 5690, 0.86, 20, 4.291, 19810, 5690, 0.86],
      ['Indie Labs', 'org-indie', null, 0, 1, 3, 1.03, 7500, 2070, 0.13, 3, 1.03, 7500, 2070, 0.13],
      ['(no organisation)', null, null, 0, 0, 1, 0.1, 1000, 200, 0.02, 1, 0.1, 1000, 200, 0.02],
    ]);
  });

  it.each([
    [{ orgId: 'org-emea' }, ['org-emea']],
    [{ orgId: 'org-emea', includeSubOrgs: true }, ['org-emea', 'org-de']],
    [{ orgId: 'org-root', includeSubOrgs: true }, ['org-root', 'org-emea', 'org-de']],
  ])('org filter %j selects rows, figures unchanged', async (filters, ids) => {
    const rows = await rowsOf('orgs', NOV, { filters });
    expect(column(rows, 'orgs', 'org_id')).toEqual(ids);
    const emea = rows.find((row) => row[1] === 'org-emea');
    expect(emea).toEqual(['Acme EMEA', 'org-emea', 'org-root', 1, 1, 12, 1.34, 11400, 2900, 0.1669, 32, 5.631, 31210, 8590, 1.0269]);
  });

  it('search by organisation name', async () => {
    expect(column(await rowsOf('orgs', NOV, { search: 'germany' }), 'orgs', 'org_id')).toEqual(['org-de']);
  });
});

describe('Timeframes in reports', () => {
  it('a Berlin {day} includes the event at 23:30Z of the previous UTC day', async () => {
    const utcDay = await rowsOf('user-usage', { day: '2026-11-10' }, { search: 'carla' });
    const berlinDay = await rowsOf('user-usage', { day: '2026-11-10' }, { ctx: BERLIN, search: 'carla' });
    expect(utcDay[0]?.[8]).toBe('2026-11-10T22:45:00.000+00:00');
    expect(berlinDay[0]?.[8]).toBe('2026-11-10T00:30:00.000+01:00'); // = 2026-11-09T23:30Z
  });

  it('the DST day 2026-10-25 in Berlin lasts 25 h and includes 22:30Z on the 25th', async () => {
    const result = await report('user-usage', { day: '2026-10-25' }, { ctx: BERLIN });
    expect(result.range).toEqual({ start: 1792879200000, end: 1792969200000 });
    expect(result.range.end - result.range.start).toBe(25 * 3_600_000);
    expect(result.rows).toEqual([
      ['Jürgen Müller', 'juergen@example.com', 'u-juergen', 2, 2300, 540, 2840, 3500, '2026-10-25T02:30:00.000+02:00', '2026-10-25T02:30:00.000+01:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 2, 1900, 520, 2420, 8000, '2026-10-25T00:30:00.000+02:00', '2026-10-25T23:30:00.000+01:00'],
    ]);
    expect((await rowsOf('agents', { day: '2026-10-25' }, { ctx: BERLIN })).map((row) => [row[0], row[4]])).toEqual([
      ['Support Bot', 3], ['Data Cruncher', 1],
    ]);
  });

  it('the same calendar day in UTC is 24 h and holds other events', async () => {
    const result = await report('user-usage', { day: '2026-10-25' });
    expect(result.range).toEqual({ start: 1792886400000, end: 1792972800000 });
    expect(result.rows).toEqual([
      ['Jürgen Müller', 'juergen@example.com', 'u-juergen', 2, 2300, 540, 2840, 3500, '2026-10-25T00:30:00.000+00:00', '2026-10-25T01:30:00.000+00:00'],
      ['Carla Díaz', 'carla@example.com', 'u-carla', 2, 1950, 590, 2540, 10500, '2026-10-25T22:30:00.000+00:00', '2026-10-25T23:30:00.000+00:00'],
    ]);
    expect((await rowsOf('agents', { day: '2026-10-25' })).map((row) => [row[0], row[4]])).toEqual([
      ['Support Bot', 2], ['Data Cruncher', 2],
    ]);
  });

  it('last-7-days with now pinned to 2026-11-18T15:00Z, UTC', async () => {
    const result = await report('users', 'last-7-days');
    expect(result.range).toEqual({ start: 1794441600000, end: 1795046400000 });
    expect(result.rows).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 3, 0, 0.33, 2900, 690],
      ['alice@example.com', 'admin', 'u-alice', 2, 0, 0.092, 920, 210],
      ['bob@example.com', 'member', 'u-bob', 2, 0, 0.11, 1100, 260],
      ['carla@example.com', 'member', 'u-carla', 2, 0, 0.32, 2500, 900],
      ['(no user)', null, null, 1, 0, 0.1, 1000, 200],
    ]);
  });

  it('last-7-days with now pinned, Berlin (gains 2026-11-11T23:30Z, loses 2026-11-18T23:30Z)', async () => {
    const result = await report('users', 'last-7-days', { ctx: BERLIN });
    expect(result.range).toEqual({ start: 1794438000000, end: 1795042800000 });
    expect(result.rows).toEqual([
      ['dave@example.com', 'viewer', 'u-dave', 4, 0, 0.394, 3540, 840],
      ['alice@example.com', 'admin', 'u-alice', 2, 0, 0.092, 920, 210],
      ['carla@example.com', 'member', 'u-carla', 2, 0, 0.32, 2500, 900],
      ['bob@example.com', 'member', 'u-bob', 1, 0, 0.052, 520, 125],
      ['(no user)', null, null, 1, 0, 0.1, 1000, 200],
    ]);
  });
});

describe('KPIs (overview)', () => {
  // every fixture row reports a cost, so auto mode uses no estimate and nothing is missing
  const fullyCovered = { mode: 'auto', coverage: { unpricedModels: [], unpricedTokenKinds: [], sentence: null } };

  it('November (UTC) against the 30 days before', async () => {
    const { kpis } = await store.overview({ report: 'agents', timeframe: NOV }, UTC, 'day');
    expect(kpis).toEqual({
      current: { runs: 48, tokens: 63385, credits: 8.011, costUsd: 1.3404, errorRate: 0.125 },
      previous: { runs: 8, tokens: 11250, credits: 1.065, costUsd: 0.1515, errorRate: 0.125 },
      cost: fullyCovered,
    });
  });

  it('with a filter (3 errors of 32 runs rounds half up to 0.0938)', async () => {
    const { kpis } = await store.overview({ report: 'agents', timeframe: NOV, filters: { agentType: 'single_task' } }, UTC, 'day');
    expect(kpis).toEqual({
      current: { runs: 32, tokens: 39915, credits: 3.816, costUsd: 0.484, errorRate: 0.0938 },
      previous: { runs: 8, tokens: 11250, credits: 1.065, costUsd: 0.1515, errorRate: 0.125 },
      cost: fullyCovered,
    });
  });

  it('a Berlin day against the Berlin day before (no events → sums 0, the error rate empty)', async () => {
    const { kpis } = await store.overview({ report: 'user-usage', timeframe: { day: '2026-11-10' } }, BERLIN, 'day');
    expect(kpis).toEqual({
      current: { runs: 13, tokens: 17200, credits: 3.55, costUsd: 0.7455, errorRate: 0.0769 },
      previous: { runs: 0, tokens: 0, credits: 0, costUsd: 0, errorRate: null },
      cost: fullyCovered,
    });
  });

  it('with an org filter including sub-organisations', async () => {
    const { kpis } = await store.overview({ report: 'users', timeframe: NOV, filters: { orgId: 'org-emea', includeSubOrgs: true } }, UTC, 'week');
    expect(kpis).toEqual({
      current: { runs: 32, tokens: 39800, credits: 5.631, costUsd: 1.0269, errorRate: 0.0625 },
      previous: { runs: 7, tokens: 10000, credits: 0.965, costUsd: 0.139, errorRate: 0.1429 },
      cost: fullyCovered,
    });
  });

  it('the search applies to the report’s dimension (user for user reports, agent for agents)', async () => {
    const byUser = await store.overview({ report: 'user-usage', timeframe: NOV, search: 'carla' }, UTC, 'day');
    expect([byUser.kpis.current.runs, byUser.kpis.current.tokens]).toEqual([6, 9030]);
    const byAgent = await store.overview({ report: 'agents', timeframe: NOV, search: 'resume' }, UTC, 'day');
    expect([byAgent.kpis.current.runs, byAgent.kpis.current.tokens]).toEqual([8, 14250]);
  });

  it('all time has no previous period', async () => {
    const { kpis } = await store.overview({ report: 'agents', timeframe: 'all-time' }, UTC, 'month');
    expect(kpis).toEqual({ current: { runs: 57, tokens: 74755, credits: 9.086, costUsd: 1.4931, errorRate: 0.1228 }, previous: null, cost: fullyCovered });
  });
});

describe('Agent detail', () => {
  it('models and users of one agent', async () => {
    const detail = await store.agentDetail('ag-1', NOV, UTC, 'week');
    expect(detail.models.rows).toEqual([
      ['gpt-4o', 'openai', 24, 4, 1, 14260, 3385, 120, 50, 0, 1.426, 0.175, 0.175, 0.063525, 9208.7, 60000, 0.0833],
      ['claude-sonnet-4', 'anthropic', 2, 1, 1, 2300, 550, 300, 100, 100, 0.3, 0.044, 0.044, 0.015615, 3500.0, 4500, 0],
    ]);
    expect(detail.users.rows).toEqual([
      ['alice@example.com', 'admin', 'u-alice', 9, 0, 0.49, 4900, 1165],
      ['bob@example.com', 'member', 'u-bob', 9, 0, 0.555, 5550, 1310],
      ['dave@example.com', 'viewer', 'u-dave', 7, 0, 0.651, 5810, 1380],
      ['carla@example.com', 'member', 'u-carla', 1, 0, 0.03, 300, 80],
    ]);
  });
});

describe('filterOptions', () => {
  it('agent types, models, creators (value + label), agents, orgs with parents, event extent', async () => {
    expect(await store.filterOptions()).toEqual({
      agentTypes: ['multi_step', 'single_task', 'workflow'],
      models: ['claude-sonnet-4', 'gemini-2.5-pro', 'gpt-4o'],
      creators: [
        { value: 'u-alice', label: 'alice@example.com' },
        { value: 'u-bob', label: 'bob@example.com' },
        { value: 'Carla@Example.com', label: 'carla@example.com' },
        { value: 'u-juergen', label: 'juergen@example.com' },
      ],
      agents: [
        { value: 'ag-3', label: 'Data Cruncher' },
        { value: 'ag-4', label: 'Nightly Sync' },
        { value: 'ag-2', label: 'Résumé Writer' },
        { value: 'ag-1', label: 'Support Bot' },
        { value: 'ag-5', label: 'Übersetzer' },
      ],
      orgs: [
        { value: 'org-emea', label: 'Acme EMEA', parent: 'org-root' },
        { value: 'org-de', label: 'Acme Germany', parent: 'org-emea' },
        { value: 'org-root', label: 'Acme Group', parent: null },
        { value: 'org-indie', label: 'Indie Labs', parent: null },
      ],
      firstEventAt: 1792065600000,
      lastEventAt: 1796083200000,
      eventCount: 53,
    });
  });
});

describe('empty vs zero, and who created an agent (a small store of its own; figures worked out by hand)', () => {
  let small: UsageStore;
  let dir: string;
  const files: [string, RecordKind, string[]][] = [
    ['orgs.csv', 'orgs', ['org_id,name,parent_org_id', 'o-root,Alpha,', 'o-child,Alpha Child,o-root', 'o-blind,Blind,', 'o-idle,Idle,']],
    ['users.csv', 'users', ['user_id,email,name,role,org_id', 'u-1,,One,member,o-child', 'u-2,,Two,member,o-blind',
      'u-ann,ann@example.com,Ann,member,', 'u-ulf,ÜLF@Example.com,Ulf,member,']],
    ['agents.csv', 'agents', ['agent_id,name,type,model,created_by,created_at,org_id',
      'a1,One,single_task,,U-ANN,2026-11-05T10:00:00Z,', 'a2,Two,single_task,,ANN@EXAMPLE.COM,2026-11-05T10:00:00Z,',
      'a3,Three,single_task,,u-ann,2026-11-05T10:00:00Z,', 'a4,Four,single_task,,ülf@EXAMPLE.com,2026-11-05T10:00:00Z,',
      'a5,Five,single_task,,u-ulf,2026-10-05T10:00:00Z,']],
    // u-1's run reports no credits, cost or tokens at all; u-2's reports them all
    ['events.csv', 'events', ['event_id,ts,user_id,requests,input_tokens,output_tokens,credits,cost_usd,status',
      'x1,2026-11-02T10:00:00Z,u-1,1,,,,,ok', 'x2,2026-11-02T11:00:00Z,u-2,1,100,10,0.5,0.1,ok']],
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aur-reports-'));
    small = UsageStore.open(await loadEngine(WASM));
    for (const [name, kind, lines] of files) {
      writeFileSync(join(dir, name), lines.join('\n') + '\n');
      expect((await small.importFile(join(dir, name), { kind })).rejected, name).toBe(0);
    }
  });

  afterAll(() => {
    small.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Usage by Sub-Account: no runs → 0; runs whose values are all unknown → empty; the same for the sums incl. sub-orgs', async () => {
    const { rows } = await small.report({ report: 'orgs', timeframe: NOV }, UTC);
    expect(rows).toEqual([
      ['Alpha', 'o-root', null, 0, 0, 0, 0, 0, 0, 0, 1, null, null, null, null],
      ['Alpha Child', 'o-child', 'o-root', 1, 1, 1, null, null, null, null, 1, null, null, null, null],
      ['Blind', 'o-blind', null, 0, 1, 1, 0.5, 100, 10, 0.1, 1, 0.5, 100, 10, 0.1],
      ['Idle', 'o-idle', null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('Usage by User: unknown values stay empty, users listed only for agents created show 0', async () => {
    const { rows } = await small.report({ report: 'users', timeframe: NOV, sort: { column: 'user_id', direction: 'asc' } }, UTC);
    expect(rows).toEqual([
      [null, 'member', 'u-1', 1, 0, null, null, null],
      [null, 'member', 'u-2', 1, 0, 0.5, 100, 10],
      ['ann@example.com', 'member', 'u-ann', 0, 2, 0, 0, 0],
      ['ÜLF@Example.com', 'member', 'u-ulf', 0, 1, 0, 0, 0],
    ]);
  });

  it('agents_created: the user id must match exactly (U-ANN is nobody), the e-mail in any case, also beyond ASCII', async () => {
    const { rows } = await small.report({ report: 'users', timeframe: NOV, search: 'ann' }, UTC);
    expect(rows).toEqual([['ann@example.com', 'member', 'u-ann', 0, 2, 0, 0, 0]]);
    const { rows: ulf } = await small.report({ report: 'users', timeframe: NOV, search: 'ulf' }, UTC);
    expect(ulf).toEqual([['ÜLF@Example.com', 'member', 'u-ulf', 0, 1, 0, 0, 0]]);
  });

  it('User Usage: tokens and duration of runs that report none are empty', async () => {
    const { rows } = await small.report({ report: 'user-usage', timeframe: NOV, search: 'u-1' }, UTC);
    expect(rows).toEqual([['One', null, 'u-1', 1, null, null, null, null, '2026-11-02T10:00:00.000+00:00', '2026-11-02T10:00:00.000+00:00']]);
  });

  it('KPIs: credits and cost over runs without any are empty, over no runs 0', async () => {
    const unknown = await small.overview({ report: 'users', timeframe: NOV, search: 'u-1' }, UTC, 'day');
    const { runs, credits, costUsd, errorRate } = unknown.kpis.current;
    expect({ runs, credits, costUsd, errorRate }).toEqual({ runs: 1, credits: null, costUsd: null, errorRate: 0 });
    expect(unknown.kpis.previous).toEqual({ runs: 0, tokens: 0, credits: 0, costUsd: 0, errorRate: null });
  });

  it('KPIs: tokens over runs that report none are empty, over no runs 0, unknown ones left out of a sum', async () => {
    const unknown = await small.overview({ report: 'users', timeframe: NOV, search: 'u-1' }, UTC, 'day');
    expect([unknown.kpis.current.tokens, unknown.kpis.previous?.tokens]).toEqual([null, 0]);
    // u-1's run (no tokens) and u-2's (100 + 10)
    expect((await small.overview({ report: 'users', timeframe: NOV }, UTC, 'day')).kpis.current.tokens).toBe(110);
  });
});
