import { column as c, defineReport } from './spec';

export const userUsageSpec = defineReport({
  id: 'user-usage',
  title: 'User Usage',
  description: 'Requests, tokens and usage time per user for a day or a range of days (today by default) — for cost auditing and budget control.',
  rowNoun: 'users',
  columns: [
    c('user_name', 'Name', 'text'),
    c('user_email', 'Email', 'text'),
    c('user_id', 'User ID', 'text'),
    c('total_requests', 'Requests', 'count', 'requests'),
    c('input_tokens', 'Input tokens', 'count', 'tokens'),
    c('output_tokens', 'Output tokens', 'count', 'tokens'),
    c('total_tokens', 'Total tokens', 'count', 'tokens'),
    c('usage_duration_ms', 'Usage time', 'duration', 'ms'),
    c('first_request_at', 'First request', 'timestamp'),
    c('last_request_at', 'Last request', 'timestamp'),
  ],
  defaultSort: { column: 'total_tokens', direction: 'desc' },
  search: { target: 'user', placeholder: 'Search users by name or email' },
  filters: ['orgId'],
  export: { fileStem: 'user-usage', command: 'agentUsage.exportUserUsage' },
});
