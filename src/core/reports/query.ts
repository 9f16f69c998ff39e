/** What every report takes (timeframe, filters, search, sort) and the SQL scope those select. */
import type { SqlValue } from '../sql';
import type { ReportFilters, SearchTarget } from '../../shared/reports';
import type { SearchScope, TimeRange } from '../../shared/results';

export type { ReportFilters, SearchTarget } from '../../shared/reports';
export type { Cell, ReportQuery, ReportResult, SearchScope } from '../../shared/results';

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

const searchKeys: Record<SearchTarget, { column: KeyCondition['column']; keys: string }> = {
  agent: { column: 'agent_key', keys: "SELECT agent_key FROM agents WHERE instr(fold(agent_id || ' ' || COALESCE(name, '')), ?) > 0" },
  user: { column: 'user_key', keys: "SELECT user_key FROM users WHERE instr(fold(user_id || ' ' || COALESCE(email, '') || ' ' || COALESCE(name, '')), ?) > 0" },
  model: { column: 'model_key', keys: 'SELECT model_key FROM models WHERE instr(fold(name), ?) > 0' },
  org: { column: 'org', keys: "SELECT org_key FROM orgs WHERE instr(fold(org_id || ' ' || COALESCE(name, '')), ?) > 0" },
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

/**
 * A filter or search as the set of dimension keys it lets through: `keys` selects them (after `with`,
 * when it needs a CTE). `org` is an event's effective organisation (its own, else its user's, else its
 * agent's). An event whose key is NULL is not let through.
 */
export interface KeyCondition {
  column: 'agent_key' | 'user_key' | 'model_key' | 'org';
  with: string;
  keys: string;
  params: SqlValue[];
}

export function keyConditions(filters: ReportFilters = {}, search?: SearchScope): KeyCondition[] {
  const conditions: KeyCondition[] = [];
  const add = (column: KeyCondition['column'], keys: string, value: SqlValue) => conditions.push({ column, with: '', keys, params: [value] });
  if (filters.agentType) add('agent_key', 'SELECT agent_key FROM agents WHERE type = ?', filters.agentType);
  if (filters.createdBy) add('agent_key', 'SELECT agent_key FROM agents WHERE created_by = ?', filters.createdBy);
  if (filters.agentId) add('agent_key', 'SELECT agent_key FROM agents WHERE agent_id = ?', filters.agentId);
  if (filters.userId) add('user_key', 'SELECT user_key FROM users WHERE user_id = ?', filters.userId);
  if (filters.model) add('model_key', 'SELECT model_key FROM models WHERE name = ?', filters.model);
  if (filters.orgId) {
    const cte = orgScopeCte(filters.orgId, filters.includeSubOrgs ?? false);
    conditions.push({ column: 'org', with: `WITH RECURSIVE ${cte.sql} `, keys: 'SELECT org_key FROM org_scope', params: cte.params });
  }
  const folded = search?.text ? foldSearch(search.text) : '';
  if (search && folded) {
    const { column, keys } = searchKeys[search.target];
    add(column, keys, folded);
  }
  return conditions;
}

export function eventScope(range: TimeRange, filters: ReportFilters = {}, search?: SearchScope): Scope {
  const conditions = ['e.ts >= ?', 'e.ts < ?'];
  const params: SqlValue[] = [range.start, range.end];
  let withClause = '';
  const withParams: SqlValue[] = [];
  for (const condition of keyConditions(filters, search)) {
    if (condition.with === '') {
      conditions.push(`${condition.column === 'org' ? effectiveOrgKey : `e.${condition.column}`} IN (${condition.keys})`);
      params.push(...condition.params);
    } else {
      // the organisation filter's CTE leads the statement
      withClause = condition.with;
      withParams.push(...condition.params);
      conditions.push(`${effectiveOrgKey} IN (${condition.keys})`);
    }
  }
  return { with: withClause, where: conditions.join(' AND '), params: [...withParams, ...params] };
}
