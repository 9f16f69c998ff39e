import { column as c, defineReport } from './spec';

export const agentsSpec = defineReport({
  id: 'agents',
  title: 'Usage by Agent',
  description: 'Runs, sessions, credits, tokens, latency and error rate per agent — spot high-traffic agents, latency outliers and failing agents.',
  rowNoun: 'agents',
  columns: [
    c('agent_name', 'Agent', 'text'),
    c('agent_id', 'Agent ID', 'text'),
    c('model_used', 'Model', 'text'),
    c('agent_type', 'Type', 'text'),
    c('total_runs', 'Runs', 'count', 'runs'),
    c('total_sessions', 'Sessions', 'count', 'sessions'),
    c('avg_runs_per_session', 'Runs / session', 'decimal', 'runs'),
    c('credits_consumed', 'Credits', 'decimal', 'credits'),
    c('input_tokens_total', 'Input tokens', 'count', 'tokens'),
    c('output_tokens_total', 'Output tokens', 'count', 'tokens'),
    c('avg_latency_ms', 'Avg latency', 'ms', 'ms'),
    c('p95_latency_ms', 'p95 latency', 'ms', 'ms'),
    c('error_rate', 'Error rate', 'ratio'),
  ],
  defaultSort: { column: 'total_runs', direction: 'desc' },
  search: { target: 'agent', placeholder: 'Search agents by name or id' },
  filters: ['agentType', 'model', 'createdBy', 'orgId'],
  export: { fileStem: 'usage-by-agent', command: 'agentUsage.exportAgents' },
});
