import { column as c, defineReport } from './spec';

export const usersSpec = defineReport({
  id: 'users',
  title: 'Usage by User',
  description: 'Runs, agents created, credits and tokens per user — how usage and spend are distributed across the team.',
  rowNoun: 'users',
  columns: [
    c('user_email', 'Email', 'text'),
    c('role', 'Role', 'text'),
    c('user_id', 'User ID', 'text'),
    c('total_runs', 'Runs', 'count', 'runs'),
    c('agents_created', 'Agents created', 'count', 'agents'),
    c('credits_consumed', 'Credits', 'decimal', 'credits'),
    c('input_tokens_total', 'Input tokens', 'count', 'tokens'),
    c('output_tokens_total', 'Output tokens', 'count', 'tokens'),
  ],
  defaultSort: { column: 'total_runs', direction: 'desc' },
  search: { target: 'user', placeholder: 'Search users by name or email' },
  filters: ['orgId', 'includeSubOrgs'],
  export: { fileStem: 'usage-by-user', command: 'agentUsage.exportUsers' },
});
