import { column as c, defineReport } from './spec';

export const modelsSpec = defineReport({
  id: 'models',
  title: 'Usage by Model',
  description: 'Tokens, cost, latency and errors per model — compare spend across models and providers.',
  rowNoun: 'models',
  columns: [
    c('model', 'Model', 'text'),
    c('provider', 'Provider', 'text'),
    c('total_runs', 'Runs', 'count', 'runs'),
    c('users', 'Users', 'count', 'users'),
    c('agents', 'Agents', 'count', 'agents'),
    c('input_tokens_total', 'Input tokens', 'count', 'tokens'),
    c('output_tokens_total', 'Output tokens', 'count', 'tokens'),
    c('cache_read_tokens_total', 'Cache read', 'count', 'tokens'),
    c('cache_write_tokens_total', 'Cache write', 'count', 'tokens'),
    c('reasoning_tokens_total', 'Reasoning', 'count', 'tokens'),
    c('credits_consumed', 'Credits', 'decimal', 'credits'),
    c('cost_usd', 'Cost (USD)', 'decimal', 'usd'),
    c('avg_latency_ms', 'Avg latency', 'ms', 'ms'),
    c('p95_latency_ms', 'p95 latency', 'ms', 'ms'),
    c('error_rate', 'Error rate', 'ratio'),
  ],
  defaultSort: { column: 'total_runs', direction: 'desc' },
  search: { target: 'model', placeholder: 'Search models by name' },
  filters: ['orgId'],
  export: { fileStem: 'usage-by-model', command: 'agentUsage.exportModels' },
});
