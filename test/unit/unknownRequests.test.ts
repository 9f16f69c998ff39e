/**
 * A request count a source cannot give is empty, never 0: bill lines (Anthropic's cost export here) store
 * requests NULL; runs sum only known counts, a group where no row has a count shows runs empty, and what
 * derives from runs (error rate, runs per session) is empty with it. An error row of unknown count adds
 * to neither runs nor errors. Every expected figure below is worked out by hand from the rows written here.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankEvent } from '../../src/core/ingest/blankEvent';
import type { EventRecord } from '../../src/core/ingest/normalise';
import type { TimeContext } from '../../src/core/timeframe';
import { toCsv } from '../../src/core/csv';
import type { ReportResult } from '../../src/shared/results';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';
import { tempDir, wasmPath, type TempDir } from './helpers/db';

// one run-level row of our own columns: 3 requests of Claude Sonnet 4 by agent ag-1
const eventsCsv = [
  'ts,agent_id,user_id,model,requests,input_tokens,output_tokens,status,cost_usd',
  '2026-11-10T09:00:00Z,ag-1,u-1,claude-sonnet-4,3,300,60,ok,0.5',
].join('\n');

// Anthropic Console cost export: bill lines, no request count. Sonnet on the 10th next to the run above;
// Opus only as bill lines, on the 11th
const costCsv = [
  'usage_date_utc,model,workspace,api_key,usage_type,context_window,token_type,cost_usd,list_price_usd,cost_type,inference_geo,speed,api_key_id,api_key_status',
  '2026-11-10,Claude Sonnet 4,Default,k,message,≤ 200k,output,1.5,1.5,token,not_available,,apikey_01k,active',
  '2026-11-11,Claude Opus 4,Default,k,message,≤ 200k,input_no_cache,0.25,0.25,token,not_available,,apikey_01k,active',
  '2026-11-11,Claude Opus 4,Default,k,message,≤ 200k,output,1.0,1.0,token,not_available,,apikey_01k,active',
].join('\n');

const nov = (day: number, hour = 0) => Date.UTC(2026, 10, day, hour);

/** gpt-4o on the 10th by agent ag-2 / user u-2: 4 ok requests, an error row of unknown count, an error row of 1 request */
function gpt4oEvents(): EventRecord[] {
  const base = (key: string, hour: number): EventRecord => ({
    ...blankEvent(0, `test:${key}`, nov(10, hour)), model: 'gpt-4o', provider: 'openai', agentId: 'ag-2', userId: 'u-2',
  });
  return [
    { ...base('ok', 10), requests: 4 },
    { ...base('failed-unknown', 11), requests: null, status: 'error', errorType: 'failed' },
    { ...base('failed-one', 12), requests: 1, status: 'error', errorType: 'failed' },
  ];
}

const UTC: TimeContext = { now: nov(18, 15), timeZone: 'UTC', weekStartsOn: 1 };
const window = { from: '2026-11-10', to: '2026-11-11' } as const;

let tmp: TempDir;
let store: UsageStore;
let files: { events: string; cost: string };

beforeAll(async () => {
  tmp = tempDir('aur-unknown-requests-');
  files = { events: tmp.file('events.csv', eventsCsv), cost: tmp.file('anthropic-cost.csv', costCsv) };
  store = UsageStore.open(await loadEngine(wasmPath));
  expect((await store.importFile(files.events)).imported).toBe(1);
  expect((await store.importFile(files.cost)).imported).toBe(3);
  const fetched = await store.importFetched({
    sourceId: 'fetch:test', label: 'test', location: 'http://127.0.0.1', format: 'test', window: { from: nov(10), to: nov(11) }, events: gpt4oEvents(),
  });
  expect(fetched.imported).toBe(3);
});

afterAll(() => {
  store.close();
  tmp.remove();
});

function byFirstColumn(result: ReportResult, ...columns: string[]): Record<string, unknown[]> {
  const at = columns.map((column) => result.columns.indexOf(column));
  expect(at).not.toContain(-1);
  return Object.fromEntries(result.rows.map((row) => [String(row[0]), at.map((i) => row[i])]));
}

describe('runs a source cannot count', () => {
  it('the cost export stores its bill lines with requests empty, not 0', async () => {
    const db = await store.snapshot();
    const engine = await loadEngine(wasmPath);
    const copy = new engine.Database(db);
    const stored = copy.exec("SELECT requests, cost_reported_usd FROM events WHERE source = 'anthropic-cost' ORDER BY cost_reported_usd")[0]!.values;
    copy.close();
    expect(stored).toEqual([[null, 0.25], [null, 1], [null, 1.5]]);
  });

  it('Usage by Model: a mixed group counts only the known 3; a group of bill lines only has runs and error rate empty; an error row of unknown count adds to neither', async () => {
    const models = byFirstColumn(await store.report({ report: 'models', timeframe: window }, UTC), 'total_runs', 'error_rate', 'cost_reported_usd');
    expect(models).toEqual({
      // runs 3 (the bill line adds none); 0 errors of 3; billed 0.5 + 1.5
      'claude-sonnet-4': [3, 0, 2],
      // two bill lines: no count at all; the money is there: 0.25 + 1.0
      'claude-opus-4': [null, null, 1.25],
      // 4 + 1 known; errors 1 (the error row of unknown count is in neither) → 1 / 5
      'gpt-4o': [5, 0.2, null],
    });
  });

  it('the KPIs: runs and error rate empty for bill lines only, known counts summed otherwise, 0 for a period without rows', async () => {
    const opus = await store.overview({ report: 'models', timeframe: window, filters: { model: 'claude-opus-4' } }, UTC, 'day');
    expect(opus.kpis.current).toEqual({ runs: null, tokens: null, credits: null, costUsd: 1.25, errorRate: null });
    // the previous period (Nov 8–9) has no rows at all: a sum over no rows is 0
    expect(opus.kpis.previous).toMatchObject({ runs: 0, errorRate: null });
    const all = await store.overview({ report: 'models', timeframe: window }, UTC, 'day');
    // runs 3 + 4 + 1 = 8; errors 1 → 1 / 8
    expect(all.kpis.current).toMatchObject({ runs: 8, errorRate: 0.125 });
  });

  it('the chart: a bucket of bill lines only has runs empty; a bucket without rows stays 0', async () => {
    const unsplit = await store.overview({ report: 'models', timeframe: window }, UTC, 'day');
    expect(unsplit.series.series.map((series) => series.runs)).toEqual([[8, null]]);
    const split = await store.overview({ report: 'models', timeframe: window }, UTC, 'day', 'model');
    expect(Object.fromEntries(split.series.series.map((series) => [series.label, series.runs]))).toEqual({
      'gpt-4o': [5, 0],
      'claude-sonnet-4': [3, 0],
      'claude-opus-4': [0, null],
    });
  });

  it('Usage by Agent, by User and User Usage: the group made of bill lines only shows runs (and runs per session, error rate) empty', async () => {
    const agents = byFirstColumn(await store.report({ report: 'agents', timeframe: window }, UTC), 'total_runs', 'avg_runs_per_session', 'error_rate');
    expect(agents).toEqual({ 'ag-1': [3, null, 0], 'ag-2': [5, null, 0.2], '(no agent)': [null, null, null] });
    const users = await store.report({ report: 'users', timeframe: window }, UTC);
    const runs = users.columns.indexOf('total_runs');
    expect(Object.fromEntries(users.rows.map((row) => [String(row[2] ?? row[0]), row[runs]]))).toEqual({ 'u-1': 3, 'u-2': 5, '(no user)': null });
    const day = await store.report({ report: 'user-usage', timeframe: { day: '2026-11-11' } }, UTC);
    expect(byFirstColumn(day, 'total_requests')).toEqual({ '(no user)': [null] });
  });

  it('CSV export writes an empty cell for empty runs and error rate; JSON has null', async () => {
    const models = await store.report({ report: 'models', timeframe: window, filters: { model: 'claude-opus-4' } }, UTC);
    expect(models.columns.slice(0, 3)).toEqual(['model', 'provider', 'total_runs']);
    expect(models.columns.at(-1)).toBe('error_rate');
    const lines = toCsv(models.columns, models.rows).split('\r\n');
    // model, provider, runs (empty), users 0, agents 0, five token columns and credits empty, cost 1.25, reported 1.25,
    // estimated (a bill line has no tokens to price) empty, latencies empty, error rate empty
    expect(lines[1]).toBe('claude-opus-4,anthropic,,0,0,,,,,,,1.25,1.25,,,,');
  });
});

describe('agent-usage report models on bill lines', () => {
  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
  const args = () => ['report', 'models', '--input', files.events, '--input', files.cost, '--from', '2026-11-10', '--to', '2026-11-11', '--tz', 'UTC', '--sort', 'model:asc'];

  it('--format csv leaves runs and error rate empty for the model with bill lines only', async () => {
    const run = await cli(...args(), '--format', 'csv');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[1]).toBe('claude-opus-4,anthropic,,0,0,,,,,,,1.25,1.25,,,,');
    // Sonnet: 3 runs of 300 input and 60 output tokens, no latency; 0 errors of 3. Its estimate is the run's
    // price, so only the run-level figures are checked here
    expect(lines[2]!.split(',').slice(0, 7)).toEqual(['claude-sonnet-4', 'anthropic', '3', '1', '1', '300', '60']);
    expect(lines[2]!.split(',').at(-1)).toBe('0');
  });

  it('--format json has null runs and error rate', async () => {
    const run = await cli(...args(), '--format', 'json');
    expect(run.code).toBe(0);
    const [opus] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    expect(opus).toMatchObject({ model: 'claude-opus-4', total_runs: null, error_rate: null, cost_reported_usd: 1.25 });
  });
});
