import { column as c, costColumn, defineReport } from './spec';

export const orgsSpec = defineReport({
  id: 'orgs',
  title: 'Usage by Sub-Account',
  description: 'Usage of each organisation on its own and together with all of its sub-organisations.',
  rowNoun: 'organisations',
  columns: [
    c('org_name', 'Organisation', 'text'),
    c('org_id', 'Org ID', 'text'),
    c('parent_org_id', 'Parent', 'text'),
    c('depth', 'Level', 'count', 'level'),
    c('users', 'Users', 'count', 'users'),
    c('total_runs', 'Runs', 'count', 'runs'),
    c('credits_consumed', 'Credits', 'decimal', 'credits'),
    c('input_tokens_total', 'Input tokens', 'count', 'tokens'),
    c('output_tokens_total', 'Output tokens', 'count', 'tokens'),
    costColumn('cost_usd', 'Cost'),
    c('total_runs_incl_sub_orgs', 'Runs incl. sub-orgs', 'count', 'runs'),
    c('credits_consumed_incl_sub_orgs', 'Credits incl. sub-orgs', 'decimal', 'credits'),
    c('input_tokens_total_incl_sub_orgs', 'Input tokens incl. sub-orgs', 'count', 'tokens'),
    c('output_tokens_total_incl_sub_orgs', 'Output tokens incl. sub-orgs', 'count', 'tokens'),
    costColumn('cost_usd_incl_sub_orgs', 'Cost incl. sub-orgs'),
  ],
  defaultSort: null,
  search: { target: 'org', placeholder: 'Search organisations by name or id' },
  filters: ['orgId', 'includeSubOrgs'],
  export: { fileStem: 'usage-by-sub-account', command: 'agentUsage.exportOrgs' },
});
