/** What every report takes (timeframe, filters, search, sort) and the SQL scope those select. */
import type { SqlValue } from '../sql';
import type { TimeframeSpec, TimeRange } from '../timeframe';
import type { ReportId, SortSpec } from './columns';

export type { ReportFilters, SearchTarget } from '../../shared/reports';
import type { ReportFilters, SearchTarget } from '../../shared/reports';

export interface ReportQuery {
  report: ReportId;
  timeframe: TimeframeSpec;
  filters?: ReportFilters;
  /** name or email (or id), case- and accent-insensitive substring */
  search?: string;
  sort?: SortSpec;
}

export type Cell = string | number | null;

export interface ReportResult {
  report: ReportId;
  columns: string[];
  rows: Cell[][];
  range: TimeRange;
}


export interface Scope {
  /** a WITH clause prefix ('' when none) */
  with: string;
  /** conditions over `events e`, joined with AND */
  where: string;
  params: SqlValue[];
}

/** An event's organisation: its own, else its user's, else its agent's (orgs.ts applies the same rule in JS). */
const effectiveOrgKey =
  'COALESCE(e.org_key, (SELECT org_key FROM users WHERE user_key = e.user_key), (SELECT org_key FROM agents WHERE agent_key = e.agent_key))';

const searchSql: Record<SearchTarget, string> = {
  agent: "e.agent_key IN (SELECT agent_key FROM agents WHERE instr(fold(agent_id || ' ' || COALESCE(name, '')), ?) > 0)",
  user: "e.user_key IN (SELECT user_key FROM users WHERE instr(fold(user_id || ' ' || COALESCE(email, '') || ' ' || COALESCE(name, '')), ?) > 0)",
  model: 'e.model_key IN (SELECT model_key FROM models WHERE instr(fold(name), ?) > 0)',
  org: `${effectiveOrgKey} IN (SELECT org_key FROM orgs WHERE instr(fold(org_id || ' ' || COALESCE(name, '')), ?) > 0)`,
};

/** The organisation keys a filter selects, as a recursive CTE named org_scope. */
export function orgScopeCte(orgId: string, includeSubOrgs: boolean): { sql: string; params: SqlValue[] } {
  const recursive = includeSubOrgs
    ? ' UNION SELECT o.org_key FROM orgs o JOIN org_scope s ON o.parent_org_key = s.org_key'
    : '';
  return { sql: `org_scope(org_key) AS (SELECT org_key FROM orgs WHERE org_id = ?${recursive})`, params: [orgId] };
}

export function foldSearch(search: string): string {
  return search.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();
}

export function eventScope(range: TimeRange, filters: ReportFilters = {}, search?: { target: SearchTarget; text?: string }): Scope {
  const conditions = ['e.ts >= ?', 'e.ts < ?'];
  const params: SqlValue[] = [range.start, range.end];
  let withClause = '';
  const withParams: SqlValue[] = [];
  const add = (condition: string, value: SqlValue) => {
    conditions.push(condition);
    params.push(value);
  };
  if (filters.agentType) add('e.agent_key IN (SELECT agent_key FROM agents WHERE type = ?)', filters.agentType);
  if (filters.createdBy) add('e.agent_key IN (SELECT agent_key FROM agents WHERE created_by = ?)', filters.createdBy);
  if (filters.agentId) add('e.agent_key IN (SELECT agent_key FROM agents WHERE agent_id = ?)', filters.agentId);
  if (filters.userId) add('e.user_key IN (SELECT user_key FROM users WHERE user_id = ?)', filters.userId);
  if (filters.model) add('e.model_key IN (SELECT model_key FROM models WHERE name = ?)', filters.model);
  if (filters.orgId) {
    const cte = orgScopeCte(filters.orgId, filters.includeSubOrgs ?? false);
    withClause = `WITH RECURSIVE ${cte.sql} `;
    withParams.push(...cte.params);
    conditions.push(`${effectiveOrgKey} IN (SELECT org_key FROM org_scope)`);
  }
  const folded = search?.text ? foldSearch(search.text) : '';
  if (search && folded) add(searchSql[search.target], folded);
  return { with: withClause, where: conditions.join(' AND '), params: [...withParams, ...params] };
}
