/** Hand-written host replies for the browser tests (shapes from src/protocol.ts). */
import type { AgentDetailResult, FilterOptions, HostState, OverviewResult, ReportId, ReportResult, TimeSeries } from '../../src/protocol';
import { reportSpec } from '../../src/shared/reports';

export const today = '2026-11-05';
const day = 86_400_000;
const start = Date.UTC(2026, 9, 7); // 2026-10-07

export const filterOptions: FilterOptions = {
  agentTypes: ['single_task', 'multi_step'],
  models: ['gpt-4o', 'claude-sonnet-4'],
  creators: [
    { value: 'user-1', label: 'ana@example.com' },
    { value: 'user-2', label: 'ben@example.com' },
  ],
  agents: [
    { value: 'agent-1', label: 'Support Bot' },
    { value: 'agent-2', label: 'Code Reviewer' },
  ],
  orgs: [
    { value: 'org-root', label: 'Acme', parent: null },
    { value: 'org-eu', label: 'Acme EU', parent: 'org-root' },
  ],
  firstEventAt: start,
  lastEventAt: start + 29 * day,
  eventCount: 123_456,
};

export function hostState(overrides: Partial<HostState> = {}): HostState {
  return {
    hasData: true,
    eventCount: 123_456,
    timeZone: 'UTC',
    weekStartsOn: 1,
    defaultTimeframe: 'last-30-days',
    today,
    filterOptions,
    dataVersion: 1,
    dataSpan: { first: '2026-10-07', last: '2026-11-05' },
    ...overrides,
  };
}

/** Hand-written rows for the reports whose formatting the browser tests check cell by cell. */
const rows: Partial<Record<ReportId, (string | number | null)[][]>> = {
  agents: [
    ['Support Bot', 'agent-1', 'gpt-4o', 'single_task', 1234567, 321, 3.8456, 1234.56789, 9876543, 123456, 1234.4, 2345.6, 0.0345],
    ['Code Reviewer', 'agent-2', 'claude-sonnet-4', 'multi_step', 4321, 12, 360.0833, 98.5, 120000, 34000, 812, null, 0],
  ],
  users: [
    ['ana@example.com', 'admin', 'user-1', 1234567, 3, 1234.5, 1000000, 200000],
    ['ben@example.com', 'member', 'user-2', 42, 0, 0.25, 900, 80],
  ],
  'user-usage': [
    ['Ana Lima', 'ana@example.com', 'user-1', 1234567, 1000, 2000, 3000, 3723000, '2026-11-05T08:01:02.000+01:00', '2026-11-05T17:45:00.000+01:00'],
    ['Ben Ng', 'ben@example.com', 'user-2', 7, 10, 20, 30, 59000, '2026-11-05T09:00:00.000+01:00', '2026-11-05T09:00:59.000+01:00'],
  ],
  models: [
    ['gpt-4o', 'openai', 1234567, 12, 3, 9876543, 123456, 5000, 0, 0, 1234.5, 56.789, 56.789, 50.12345, 950.2, 2100, 0.0345],
    ['claude-sonnet-4', 'anthropic', 4321, 2, 1, 120000, 34000, 900, 100, 2500, 98.5, 1.5, null, 1.5, 700, null, 0.1],
  ],
  orgs: [
    ['Acme', 'org-root', null, 0, 12, 1234567, 1234.5, 9876543, 123456, 56.789, 1238888, 1333, 9996543, 157456, 58.289],
    ['Acme EU', 'org-eu', 'org-root', 1, 3, 4321, 98.5, 120000, 34000, 1.5, 4321, 98.5, 120000, 34000, 1.5],
  ],
  reconciliation: [
    ['2026-11-10', 'claude-sonnet-4', 'anthropic', 1.2, 0.93, 1.35, -0.27, 0.15, 77.5, 112.5, null],
    ['Total', null, null, 1.65, null, 1.35, null, -0.3, null, 81.82, 'mystery-llm-9: no price'],
  ],
};

/** What the host says about a report's days, as runReport puts it in the result. */
export const reconciliationNote = 'Days are UTC days (provider bills are bucketed by UTC day): 2026-10-27 to 2026-11-25 UTC.';

/** Two rows for a report without hand-written ones: text cells name the column, numbers are 1 and 2. */
function placeholderRows(id: ReportId): (string | number | null)[][] {
  return [1, 2].map((n) => reportSpec(id).columns.map((column) => (column.kind === 'text' || column.kind === 'timestamp' ? `${column.name} ${n}` : n)));
}

export function report(id: ReportId, override?: (string | number | null)[][]): ReportResult {
  return {
    report: id,
    columns: reportSpec(id).columns.map((column) => column.name),
    rows: override ?? rows[id] ?? placeholderRows(id),
    range: { start, end: start + 30 * day },
    cost: { mode: 'auto', coverage: null },
    ...(id === 'reconciliation' ? { notes: [reconciliationNote] } : {}),
  };
}

export function series(buckets = 30, labels = ['All']): TimeSeries {
  const bucketStarts = Array.from({ length: buckets + 1 }, (_, i) => start + i * day);
  return {
    granularity: 'day',
    bucketStarts,
    series: labels.map((label, s) => ({
      key: label === 'All' ? 'all' : `k${s}`,
      label,
      runs: bucketStarts.slice(0, -1).map((_, i) => Math.round(400 + 300 * Math.sin(i / 3 + s) + 40 * s)),
      tokens: bucketStarts.slice(0, -1).map((_, i) => 100000 + i * 1000 + s * 5000),
      credits: bucketStarts.slice(0, -1).map((_, i) => (i % 7 === 6 ? null : 10 + i / 2 + s)),
    })),
  };
}

export function overview(previous = true, cost: OverviewResult['kpis']['cost'] = { mode: 'auto', coverage: null }): OverviewResult {
  return {
    kpis: {
      current: { runs: 1238888, tokens: 10_154_000, credits: 1333.06789, costUsd: 58.289, errorRate: 0.0345 },
      previous: previous ? { runs: 1100000, tokens: 11_000_000, credits: 1333.06789, costUsd: 50, errorRate: 0.02 } : null,
      cost,
    },
    series: series(),
  };
}

export function agentDetail(agentId: string): AgentDetailResult {
  return {
    agentId,
    series: series(30),
    models: report('models', [['gpt-4o', 'openai', 1200, 3, 1, 90000, 12000, 0, 0, 0, 12.5, 0.8, 0.8, 0.35, 900, 1800, 0.01]]),
    users: report('users', [
      ['ana@example.com', 'admin', 'user-1', 1000, 1, 10.5, 80000, 9000],
      ['ben@example.com', 'member', 'user-2', 200, 0, 2, 10000, 3000],
    ]),
  };
}

/** `count` agent rows, row i named "Agent i". */
export function manyAgents(count: number): ReportResult {
  const list: (string | number | null)[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    list[i] = [`Agent ${i}`, `agent-${i}`, i % 2 ? 'gpt-4o' : 'claude-sonnet-4', 'single_task', count - i, 10, 1.5, 2.25, 1000 + i, 500, 800, 1600, 0.01];
  }
  return report('agents', list);
}

export const xssPayloads = [
  '<img src=x onerror=window.__xss=1>',
  '"><script>window.__xss=2</script>',
  'javascript:alert(1)',
  '\u202Eevil',
  "{{constructor.constructor('window.__xss=3')()}}",
  `<b>big</b>${'x'.repeat(100_000 - 13)}`,
];
