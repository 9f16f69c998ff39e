import { describe, expect, it } from 'vitest';
import { columnNames } from '../../../src/shared/reports';
import type { Cell } from '../../../src/core/reports/query';
import { agentTooltip, escapeMarkdown, metricDescription, topAgentItems } from '../../../src/extension/tree/topAgentsModel';

const columns = columnNames('agents');
// agent_name, agent_id, model_used, agent_type, total_runs, total_sessions, avg_runs_per_session, credits_consumed,
// input_tokens_total, output_tokens_total, avg_latency_ms, p95_latency_ms, error_rate
const rows: Cell[][] = [
  ['(no agent)', null, 'gpt-4.1', null, 50, 0, null, 9, 100, 10, 100, 200, 0],
  ['Beta', 'b', 'gpt-4.1', 'single_task', 10, 5, 2, 1.5, 1000, 500, 800.5, 1200, 0.1],
  ['Alpha', 'a', 'claude', 'multi_step', 10, 2, 5, 7.25, 300, 100, 1000, 3000, 0.3],
  ['Gamma', 'g', null, null, 3, 0, null, null, null, null, null, null, 0],
  ['<b>x</b>', 'x', 'm', 't', 20, 1, 20, 0.5, 20_000, 5_000, 10, 10, 0.05],
];
const result = { columns, rows };
const view = (metric: Parameters<typeof topAgentItems>[1], count = 10) => topAgentItems(result, metric, count).map((item) => [item.label, item.description]);

describe('top agents', () => {
  it('by runs: ties broken by name; rows without an agent left out', () => {
    expect(view('runs')).toEqual([
      ['<b>x</b>', '20 runs'],
      ['Alpha', '10 runs'],
      ['Beta', '10 runs'],
      ['Gamma', '3 runs'],
    ]);
  });

  it('by credits: empty figures last', () => {
    expect(view('credits')).toEqual([
      ['Alpha', '7.25 credits'],
      ['Beta', '1.5 credits'],
      ['<b>x</b>', '0.5 credits'],
      ['Gamma', 'no credits'],
    ]);
  });

  it('by tokens (input + output)', () => {
    expect(view('tokens')).toEqual([
      ['<b>x</b>', '25K tokens'],
      ['Beta', '1.5K tokens'],
      ['Alpha', '400 tokens'],
      ['Gamma', 'no tokens'],
    ]);
  });

  it('by error rate, then runs', () => {
    expect(view('errorRate')).toEqual([
      ['Alpha', '30% errors'],
      ['Beta', '10% errors'],
      ['<b>x</b>', '5% errors'],
      ['Gamma', '0% errors'],
    ]);
  });

  it('takes the first N', () => {
    expect(view('runs', 2)).toEqual([
      ['<b>x</b>', '20 runs'],
      ['Alpha', '10 runs'],
    ]);
    expect(topAgentItems(result, 'runs', 1)[0]!.agentId).toBe('x');
  });

  it('metric descriptions', () => {
    expect(metricDescription('runs', 1)).toBe('1 run');
    expect(metricDescription('runs', 1234)).toBe('1,234 runs');
    expect(metricDescription('errorRate', null)).toBe('no error rate');
    // empty runs mean the sources could not count them, not none
    expect(metricDescription('runs', null)).toBe('runs not counted');
  });
});

describe('tooltip markdown', () => {
  it('escapes every markdown and HTML character and flattens line breaks', () => {
    expect(escapeMarkdown('[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>\n# h|1 *b* `c` _i_')).toBe(
      '\\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\<img src\\=x onerror\\=alert\\(1\\)\\> \\# h\\|1 \\*b\\* \\`c\\` \\_i\\_',
    );
    expect(escapeMarkdown('=HYPERLINK("x")')).toBe('\\=HYPERLINK\\(\\"x\\"\\)');
  });

  it('shows the full report row', () => {
    const row = Object.fromEntries(columns.map((column, i) => [column, rows[1]![i]!]));
    expect(agentTooltip(row, 'Beta')).toBe(
      [
        '**Beta**',
        '',
        '| | |',
        '|---|---|',
        '| Agent | Beta |',
        '| Agent ID | b |',
        '| Model | gpt\\-4\\.1 |',
        '| Type | single\\_task |',
        '| Runs | 10 |',
        '| Sessions | 5 |',
        '| Runs / session | 2 |',
        '| Credits | 1.5 |',
        '| Input tokens | 1,000 |',
        '| Output tokens | 500 |',
        '| Avg latency | 800.5 ms |',
        '| p95 latency | 1,200 ms |',
        '| Error rate | 10% |',
      ].join('\n'),
    );
  });

  it('empty cells show a dash', () => {
    const row = Object.fromEntries(columns.map((column, i) => [column, rows[3]![i]!]));
    expect(agentTooltip(row, 'Gamma').split('\n').slice(6, 8)).toEqual(['| Model | — |', '| Type | — |']);
  });
});
