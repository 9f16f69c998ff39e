/** CSV column order of the four sample files; the generators emit rows in exactly this order. */

export const eventHeader: readonly string[] = Object.freeze([
  'event_id',
  'timestamp',
  'org_id',
  'user_id',
  'user_email',
  'user_name',
  'role',
  'agent_id',
  'agent_name',
  'agent_type',
  'session_id',
  'model',
  'provider',
  'project',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'credits',
  'cost_usd',
  'latency_ms',
  'status',
  'error_type',
]);

export const agentHeader: readonly string[] = Object.freeze([
  'agent_id',
  'name',
  'type',
  'model',
  'created_by',
  'created_at',
  'org_id',
]);

export const userHeader: readonly string[] = Object.freeze(['user_id', 'email', 'name', 'role', 'org_id']);

export const orgHeader: readonly string[] = Object.freeze(['org_id', 'name', 'parent_org_id']);
