/**
 * Header aliases: which source column feeds which canonical field, per kind of file.
 * Headers are compared after normalising case, spaces, dashes and dots to `_`.
 */

export type RecordKind = 'events' | 'agents' | 'users' | 'orgs';

const eventAliases = {
  event_key: ['event_key', 'event_id', 'id', 'run_id', 'request_id', 'requestid', 'uuid'],
  ts: ['ts', 'timestamp', 'time', 'created_at', 'date', 'datetime', 'start_time', 'started_at', 'event_time', 'created'],
  org_id: ['org_id', 'organization_id', 'organisation_id', 'org', 'tenant_id', 'account_id', 'sub_account_id'],
  org_name: ['org_name', 'organization_name', 'organisation_name', 'account_name'],
  parent_org_id: ['parent_org_id', 'parent_organization_id', 'parent_organisation_id'],
  user_id: ['user_id', 'userid', 'uid', 'actor_id'],
  user_email: ['user_email', 'email', 'user_mail', 'email_address', 'actor_email'],
  user: ['user'],
  user_name: ['user_name', 'username', 'display_name', 'full_name'],
  role: ['role', 'user_role'],
  agent_id: ['agent_id', 'agent', 'agentid', 'assistant_id', 'bot_id'],
  agent_name: ['agent_name', 'agent_display_name', 'assistant_name'],
  agent_type: ['agent_type'],
  agent_created_by: ['agent_created_by', 'created_by'],
  session_id: ['session_id', 'session', 'sessionid', 'conversation_id', 'thread_id'],
  model: ['model', 'model_used', 'model_name', 'model_id', 'llm'],
  provider: ['provider', 'vendor', 'model_provider'],
  project: ['project', 'project_id', 'project_name', 'repo', 'workspace'],
  requests: ['requests', 'request_count', 'num_requests', 'num_model_requests', 'runs', 'total_runs'],
  input_tokens: ['input_tokens', 'tokens_in', 'prompt_tokens', 'input_tokens_total', 'uncached_input_tokens', 'in_tokens'],
  output_tokens: ['output_tokens', 'tokens_out', 'completion_tokens', 'output_tokens_total', 'out_tokens'],
  cache_read_tokens: ['cache_read_tokens', 'cache_read_input_tokens', 'cached_input_tokens', 'cache_read'],
  cache_write_tokens: ['cache_write_tokens', 'cache_creation_input_tokens', 'cache_creation_tokens', 'cache_write'],
  cache_write_5m_tokens: ['cache_write_5m_tokens', 'ephemeral_5m_input_tokens', 'cache_creation_5m_input_tokens', 'cache_write_5m'],
  cache_write_1h_tokens: ['cache_write_1h_tokens', 'ephemeral_1h_input_tokens', 'cache_creation_1h_input_tokens', 'cache_write_1h'],
  reasoning_tokens: ['reasoning_tokens', 'reasoning_output_tokens', 'thinking_tokens'],
  total_tokens: ['total_tokens'],
  credits: ['credits', 'credits_consumed', 'credits_used', 'credit'],
  cost_reported_usd: ['cost_reported_usd', 'reported_cost_usd', 'cost_usd', 'cost', 'usd', 'total_cost', 'spend', 'cost_in_usd', 'costusd'],
  latency_ms: ['latency_ms', 'latency', 'duration_ms', 'response_time_ms', 'elapsed_ms', 'request_duration_ms', 'run_duration_ms'],
  status: ['status', 'state', 'outcome', 'result'],
  is_error: ['is_error', 'iserror', 'failed', 'error'],
  error_type: ['error_type', 'error_code', 'error_message', 'error_kind', 'error_class'],
} as const;

const agentAliases = {
  agent_id: ['agent_id', 'id', 'agent'],
  name: ['name', 'agent_name', 'display_name'],
  type: ['type', 'agent_type', 'kind'],
  model: ['model', 'model_used', 'default_model', 'model_name'],
  created_by: ['created_by', 'creator', 'owner', 'created_by_email', 'created_by_user_id'],
  created_at: ['created_at', 'created', 'creation_date', 'created_on'],
  org_id: ['org_id', 'organization_id', 'organisation_id', 'org'],
} as const;

const userAliases = {
  user_id: ['user_id', 'id', 'uid', 'userid'],
  email: ['email', 'user_email', 'email_address', 'mail'],
  name: ['name', 'user_name', 'display_name', 'full_name', 'username'],
  role: ['role', 'user_role'],
  org_id: ['org_id', 'organization_id', 'organisation_id', 'org'],
} as const;

const orgAliases = {
  org_id: ['org_id', 'id', 'organization_id', 'organisation_id'],
  name: ['name', 'org_name', 'organization_name', 'organisation_name'],
  parent_org_id: ['parent_org_id', 'parent_id', 'parent', 'parent_org', 'parent_organization_id'],
} as const;

export type EventField = keyof typeof eventAliases;
export type AgentField = keyof typeof agentAliases;
export type UserField = keyof typeof userAliases;
export type OrgField = keyof typeof orgAliases;

const aliasesByKind: Record<RecordKind, Record<string, readonly string[]>> = {
  events: eventAliases,
  agents: agentAliases,
  users: userAliases,
  orgs: orgAliases,
};

export const requiredFields: Record<RecordKind, readonly string[]> = {
  events: ['ts'],
  agents: ['agent_id'],
  users: [],
  orgs: ['org_id'],
};

export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s.\-/]+/g, '_');
}

function lookupTable(kind: RecordKind): Map<string, string> {
  const table = new Map<string, string>();
  for (const [field, aliases] of Object.entries(aliasesByKind[kind])) {
    for (const alias of aliases) table.set(alias, field);
  }
  return table;
}

const lookups: Record<RecordKind, Map<string, string>> = {
  events: lookupTable('events'),
  agents: lookupTable('agents'),
  users: lookupTable('users'),
  orgs: lookupTable('orgs'),
};

export class MappingError extends Error {}

export interface ColumnMapping {
  kind: RecordKind;
  /** canonical field → source header */
  fieldToHeader: Map<string, string>;
  unknownColumns: string[];
}

const nestedFields = new Set([
  'model', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens',
  'reasoning_tokens', 'credits', 'cost_reported_usd', 'latency_ms',
]);

/**
 * Nested JSON keys such as `usage.input_tokens`, `message.model` or
 * `usage.cache_creation.ephemeral_5m_input_tokens` (Claude Code transcripts) map by their last segment,
 * for the model and metric fields only and only when no column already feeds them.
 */
function mapNestedMetrics(unknownColumns: string[], lookup: Map<string, string>, fieldToHeader: Map<string, string>): void {
  for (const header of [...unknownColumns]) {
    if (!header.includes('.')) continue;
    const field = lookup.get(normaliseHeader(header.slice(header.lastIndexOf('.') + 1)));
    if (!field || !nestedFields.has(field) || fieldToHeader.has(field)) continue;
    fieldToHeader.set(field, header);
    unknownColumns.splice(unknownColumns.indexOf(header), 1);
  }
}

export function mapHeaders(headers: readonly string[], kind: RecordKind): ColumnMapping {
  const lookup = lookups[kind];
  const fieldToHeader = new Map<string, string>();
  const unknownColumns: string[] = [];
  for (const header of headers) {
    const field = lookup.get(normaliseHeader(header));
    if (!field) {
      if (header.trim() !== '') unknownColumns.push(header);
      continue;
    }
    const previous = fieldToHeader.get(field);
    if (previous !== undefined) {
      throw new MappingError(`columns "${previous}" and "${header}" both map to ${field}; keep one of them`);
    }
    fieldToHeader.set(field, header);
  }
  mapNestedMetrics(unknownColumns, lookup, fieldToHeader);
  const missing = requiredFields[kind].filter((field) => !fieldToHeader.has(field));
  if (missing.length > 0) {
    const wanted = missing.map((field) => `${field} (${(aliasesByKind[kind][field] ?? []).join('|')})`).join(', ');
    throw new MappingError(`missing required column ${wanted} for a file of ${kind}`);
  }
  if (kind === 'users' && !fieldToHeader.has('user_id') && !fieldToHeader.has('email')) {
    throw new MappingError('missing required column user_id or email for a file of users');
  }
  return { kind, fieldToHeader, unknownColumns };
}

const strongTimeHeaders = new Set(['ts', 'timestamp', 'time', 'date', 'datetime', 'start_time', 'started_at', 'event_time']);
const eventEvidence = new Set<string>(
  ['requests', 'input_tokens', 'output_tokens', 'credits', 'cost_reported_usd', 'latency_ms', 'status', 'session_id', 'is_error']
    .flatMap((field) => [...(eventAliases[field as EventField] ?? [])]),
);

/**
 * Per-event usage columns: a file with one of them and no timestamp is a broken events file, not a
 * dimension file. Totals (`input_tokens_total`, `credits_consumed`, `total_runs`) are left out: report
 * exports carry those and import as agents or users.
 */
const totalsPattern = /^total_|_total$|_consumed$|_used$|^num_|_count$|^runs$|^requests$/;
const metricFields: readonly EventField[] = [
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'reasoning_tokens',
  'credits', 'cost_reported_usd', 'latency_ms',
];
const metricHeaders = new Set<string>(metricFields.flatMap((field) => eventAliases[field].filter((alias) => !totalsPattern.test(alias))));

/** Guesses what a file holds from its headers (an explicit kind always wins). */
export function detectKind(headers: readonly string[]): RecordKind {
  const names = new Set(headers.map(normaliseHeader));
  const has = (...candidates: string[]) => candidates.some((name) => names.has(name));
  const evidence = [...names].some((name) => eventEvidence.has(name));
  if ([...names].some((name) => strongTimeHeaders.has(name)) || (evidence && has('created_at', 'created'))) return 'events';
  const metric = headers.find((header) => metricHeaders.has(normaliseHeader(header)));
  if (metric !== undefined) {
    // else `event_id,agent_id,input_tokens` would import as agents with its tokens silently dropped
    throw new MappingError(
      `missing required column ts (${eventAliases.ts.join('|')}): column "${metric}" holds usage, which only a file of events with a timestamp can import`,
    );
  }
  if (has('parent_org_id', 'parent_id', 'parent_org', 'parent_organization_id')) return 'orgs';
  if (has('agent_id', 'agent_type', 'agent_name') || (has('id') && has('type', 'created_by', 'creator'))) return 'agents';
  if (has('user_id', 'email', 'user_email', 'role')) return 'users';
  if (has('org_id', 'org_name', 'organization_id')) return 'orgs';
  throw new MappingError(
    'cannot tell what this file holds from its columns; events need a timestamp column',
  );
}
