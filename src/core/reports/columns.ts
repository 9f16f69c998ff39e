/** Report ids and their exported columns (exact names and order are contracts, DESIGN §4). */

export const reportIds = ['agents', 'users', 'user-usage', 'models', 'orgs'] as const;
export type ReportId = (typeof reportIds)[number];

/** How a cell is shown: numbers right-aligned and formatted by kind; timestamps are ISO strings with offset. */
export type ColumnKind = 'text' | 'count' | 'decimal' | 'ratio' | 'ms' | 'duration' | 'timestamp';

export interface ColumnSpec {
  name: string;
  label: string;
  kind: ColumnKind;
}

const c = (name: string, label: string, kind: ColumnKind): ColumnSpec => ({ name, label, kind });

export const reportColumns: Record<ReportId, readonly ColumnSpec[]> = {
  agents: [
    c('agent_name', 'Agent', 'text'),
    c('agent_id', 'Agent ID', 'text'),
    c('model_used', 'Model', 'text'),
    c('agent_type', 'Type', 'text'),
    c('total_runs', 'Runs', 'count'),
    c('total_sessions', 'Sessions', 'count'),
    c('avg_runs_per_session', 'Runs / session', 'decimal'),
    c('credits_consumed', 'Credits', 'decimal'),
    c('input_tokens_total', 'Input tokens', 'count'),
    c('output_tokens_total', 'Output tokens', 'count'),
    c('avg_latency_ms', 'Avg latency', 'ms'),
    c('p95_latency_ms', 'p95 latency', 'ms'),
    c('error_rate', 'Error rate', 'ratio'),
  ],
  users: [
    c('user_email', 'Email', 'text'),
    c('role', 'Role', 'text'),
    c('user_id', 'User ID', 'text'),
    c('total_runs', 'Runs', 'count'),
    c('agents_created', 'Agents created', 'count'),
    c('credits_consumed', 'Credits', 'decimal'),
    c('input_tokens_total', 'Input tokens', 'count'),
    c('output_tokens_total', 'Output tokens', 'count'),
  ],
  'user-usage': [
    c('user_name', 'Name', 'text'),
    c('user_email', 'Email', 'text'),
    c('user_id', 'User ID', 'text'),
    c('total_requests', 'Requests', 'count'),
    c('input_tokens', 'Input tokens', 'count'),
    c('output_tokens', 'Output tokens', 'count'),
    c('total_tokens', 'Total tokens', 'count'),
    c('usage_duration_ms', 'Usage time', 'duration'),
    c('first_request_at', 'First request', 'timestamp'),
    c('last_request_at', 'Last request', 'timestamp'),
  ],
  models: [
    c('model', 'Model', 'text'),
    c('provider', 'Provider', 'text'),
    c('total_runs', 'Runs', 'count'),
    c('users', 'Users', 'count'),
    c('agents', 'Agents', 'count'),
    c('input_tokens_total', 'Input tokens', 'count'),
    c('output_tokens_total', 'Output tokens', 'count'),
    c('cache_read_tokens_total', 'Cache read', 'count'),
    c('cache_write_tokens_total', 'Cache write', 'count'),
    c('reasoning_tokens_total', 'Reasoning', 'count'),
    c('credits_consumed', 'Credits', 'decimal'),
    c('cost_usd', 'Cost (USD)', 'decimal'),
    c('avg_latency_ms', 'Avg latency', 'ms'),
    c('p95_latency_ms', 'p95 latency', 'ms'),
    c('error_rate', 'Error rate', 'ratio'),
  ],
  orgs: [
    c('org_name', 'Organisation', 'text'),
    c('org_id', 'Org ID', 'text'),
    c('parent_org_id', 'Parent', 'text'),
    c('depth', 'Level', 'count'),
    c('users', 'Users', 'count'),
    c('total_runs', 'Runs', 'count'),
    c('credits_consumed', 'Credits', 'decimal'),
    c('input_tokens_total', 'Input tokens', 'count'),
    c('output_tokens_total', 'Output tokens', 'count'),
    c('cost_usd', 'Cost (USD)', 'decimal'),
    c('total_runs_incl_sub_orgs', 'Runs incl. sub-orgs', 'count'),
    c('credits_consumed_incl_sub_orgs', 'Credits incl. sub-orgs', 'decimal'),
    c('input_tokens_total_incl_sub_orgs', 'Input tokens incl. sub-orgs', 'count'),
    c('output_tokens_total_incl_sub_orgs', 'Output tokens incl. sub-orgs', 'count'),
    c('cost_usd_incl_sub_orgs', 'Cost incl. sub-orgs', 'decimal'),
  ],
};

export const reportTitles: Record<ReportId, string> = {
  agents: 'Usage by Agent',
  users: 'Usage by User',
  'user-usage': 'User Usage',
  models: 'Usage by Model',
  orgs: 'Usage by Sub-Account',
};

export const reportDescriptions: Record<ReportId, string> = {
  agents: 'Runs, sessions, credits, tokens, latency and error rate per agent — spot high-traffic agents, latency outliers and failing agents.',
  users: 'Runs, agents created, credits and tokens per user — how usage and spend are distributed across the team.',
  'user-usage': 'Requests, tokens and usage time per user for a day or a range of days (today by default) — for cost auditing and budget control.',
  models: 'Tokens, cost, latency and errors per model — compare spend across models and providers.',
  orgs: 'Usage of each organisation on its own and together with all of its sub-organisations.',
};

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

/** null keeps the report's natural order (the organisation tree for Sub-Accounts). */
export const defaultSort: Record<ReportId, SortSpec | null> = {
  agents: { column: 'total_runs', direction: 'desc' },
  users: { column: 'total_runs', direction: 'desc' },
  'user-usage': { column: 'total_tokens', direction: 'desc' },
  models: { column: 'total_runs', direction: 'desc' },
  orgs: null,
};

export function columnNames(report: ReportId): string[] {
  return reportColumns[report].map((column) => column.name);
}
