/**
 * Top Agents tree content (pure): picks the top N rows of the Usage by Agent report by a metric and
 * builds each item's label, description and Markdown tooltip. Rows without an agent ("(no agent)")
 * are not agents and are left out. Order: metric descending, empty figures last, then runs
 * descending, then name, then id.
 */
import { reportSpec, type ColumnSpec } from '../../shared/reports';
import type { Cell } from '../../shared/results';
import type { TopAgentMetric } from '../settings/settingsModel';
import { formatCompact, formatCount, formatDecimal, formatPercent, formatPrecise } from '../statusBar/statusText';

export interface TopAgentItem {
  agentId: string;
  label: string;
  /** the metric's figure, e.g. "1,234 runs" */
  description: string;
  /** Markdown (every data value escaped) */
  tooltip: string;
  value: number | null;
}

export const metricLabels: Readonly<Record<TopAgentMetric, string>> = {
  runs: 'runs',
  credits: 'credits',
  tokens: 'tokens',
  errorRate: 'error rate',
};

type Row = Record<string, Cell>;

function rowObject(columns: readonly string[], cells: readonly Cell[]): Row {
  const row: Row = {};
  columns.forEach((column, i) => (row[column] = cells[i] ?? null));
  return row;
}

const numberOrNull = (cell: Cell | undefined): number | null => (typeof cell === 'number' ? cell : null);

export function metricValue(row: Row, metric: TopAgentMetric): number | null {
  switch (metric) {
    case 'runs':
      return numberOrNull(row.total_runs);
    case 'credits':
      return numberOrNull(row.credits_consumed);
    case 'tokens': {
      const input = numberOrNull(row.input_tokens_total);
      const output = numberOrNull(row.output_tokens_total);
      return input === null && output === null ? null : (input ?? 0) + (output ?? 0);
    }
    case 'errorRate':
      return numberOrNull(row.error_rate);
  }
}

export function metricDescription(metric: TopAgentMetric, value: number | null): string {
  // runs are empty only when the agent's sources give no request count: "no runs" would read as 0
  if (value === null) return metric === 'runs' ? 'runs not counted' : `no ${metricLabels[metric]}`;
  switch (metric) {
    case 'runs':
      return `${formatCount(value)} ${value === 1 ? 'run' : 'runs'}`;
    case 'credits':
      return `${formatDecimal(value)} credits`;
    case 'tokens':
      return `${formatCompact(value)} tokens`;
    case 'errorRate':
      return `${formatPercent(value)} errors`;
  }
}

/** Backslash-escapes every character with a meaning in Markdown (and HTML's < >); line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&"':=]/g, '\\$&');
}

function formatCell(cell: Cell, column: ColumnSpec): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return escapeMarkdown(cell);
  switch (column.kind) {
    case 'count':
      return formatCount(cell);
    case 'ratio':
      return formatPercent(cell);
    case 'ms':
      return `${formatDecimal(cell)} ms`;
    case 'duration':
      return `${formatCount(cell)} ms`;
    default:
      return formatPrecise(cell);
  }
}

/** The full report row as a two-column Markdown table under the agent's name. */
export function agentTooltip(row: Row, title: string): string {
  const lines = [`**${escapeMarkdown(title)}**`, '', '| | |', '|---|---|'];
  for (const column of reportSpec('agents').columns) {
    lines.push(`| ${escapeMarkdown(column.label)} | ${formatCell(row[column.name] ?? null, column)} |`);
  }
  return lines.join('\n');
}

export function topAgentItems(result: { columns: readonly string[]; rows: readonly (readonly Cell[])[] }, metric: TopAgentMetric, count: number): TopAgentItem[] {
  const candidates = result.rows
    .map((cells) => rowObject(result.columns, cells))
    .filter((row) => typeof row.agent_id === 'string' && row.agent_id !== '')
    .map((row) => ({ row, value: metricValue(row, metric), runs: numberOrNull(row.total_runs) ?? 0, label: String(row.agent_name ?? row.agent_id) }));
  candidates.sort((a, b) => {
    if (a.value !== b.value) {
      if (a.value === null) return 1;
      if (b.value === null) return -1;
      return b.value - a.value;
    }
    return b.runs - a.runs || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (String(a.row.agent_id) < String(b.row.agent_id) ? -1 : 1);
  });
  return candidates.slice(0, Math.max(0, count)).map(({ row, value, label }) => ({
    agentId: String(row.agent_id),
    label,
    description: metricDescription(metric, value),
    tooltip: agentTooltip(row, label),
    value,
  }));
}
