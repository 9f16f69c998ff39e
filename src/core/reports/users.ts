/**
 * Usage by User. agents_created counts agents whose created_by names the user — exactly its user_id, or
 * its email in any case — and whose created_at falls in the timeframe; agents with no created_at are never counted.
 * The agent filters (type, agent id, created by) limit which agents count, as they limit the runs.
 * Users with runs or with agents created in the timeframe are listed; events without a user form one row.
 */
import type { GroupFigure, SqlRunner, SqlValue } from '../sql';
import type { TimeRange } from '../timeframe';
import { defaultCostMode } from '../../shared/results';
import { groupEvents } from './eventGroups';
import { money, text } from './numbers';
import { foldSearch, orgScopeCte, type Cell, type ReportQuery } from './query';

export const noUserLabel = '(no user)';

interface UserTotals {
  /** empty when no event of the user has a request count */
  runs: number | null;
  credits: number | null;
  input: number | null;
  output: number | null;
}

/** created_by names the user: its id exactly, or its email in any case (JS case folding: SQLite's lower() is ASCII-only). */
function createdByMatcher(db: SqlRunner): (createdBy: string) => string[] {
  const byId = new Map<string, string>();
  const byEmail = new Map<string, string[]>();
  for (const [userKey, userId, email] of db.all('SELECT user_key, user_id, email FROM users')) {
    byId.set(String(userId), String(userKey));
    if (email === null) continue;
    const folded = String(email).toLowerCase();
    byEmail.set(folded, [...(byEmail.get(folded) ?? []), String(userKey)]);
  }
  return (createdBy) => {
    const keys = new Set(byEmail.get(createdBy.toLowerCase()) ?? []);
    const exact = byId.get(createdBy);
    if (exact !== undefined) keys.add(exact);
    return [...keys];
  };
}

function agentsCreated(db: SqlRunner, query: ReportQuery, range: TimeRange): Map<string, number> {
  const filters = query.filters ?? {};
  const conditions = ['created_at >= ?', 'created_at < ?', 'created_by IS NOT NULL'];
  const params: SqlValue[] = [range.start, range.end];
  if (filters.agentType) {
    conditions.push('type = ?');
    params.push(filters.agentType);
  }
  if (filters.agentId) {
    conditions.push('agent_id = ?');
    params.push(filters.agentId);
  }
  if (filters.createdBy) {
    conditions.push('created_by = ?');
    params.push(filters.createdBy);
  }
  const agents = db.all(`SELECT agent_key, created_by, org_key FROM agents WHERE ${conditions.join(' AND ')}`, params);
  const users = new Map(db.all('SELECT user_key, user_id, org_key FROM users').map(([key, id, org]) => [String(key), { id: String(id), org }]));
  let orgScope: Set<string> | null = null;
  if (filters.orgId) {
    const cte = orgScopeCte(filters.orgId, filters.includeSubOrgs ?? false);
    orgScope = new Set(db.all(`WITH RECURSIVE ${cte.sql} SELECT org_key FROM org_scope`, cte.params).map(([key]) => String(key)));
  }
  const creators = createdByMatcher(db);
  const counts = new Map<string, number>();
  for (const [, createdBy, agentOrg] of agents) {
    for (const userKey of creators(String(createdBy))) {
      const user = users.get(userKey)!;
      if (filters.userId && user.id !== filters.userId) continue;
      // the agent's organisation, else its creator's
      const org = agentOrg ?? user.org;
      if (orgScope && (org === null || !orgScope.has(String(org)))) continue;
      counts.set(userKey, (counts.get(userKey) ?? 0) + 1);
    }
  }
  return counts;
}

/** The figures userReport reads of each user's totals. */
export const userFigures = ['runs', 'credits', 'input', 'output'] as const satisfies readonly GroupFigure[];

export function userReport(db: SqlRunner, query: ReportQuery, range: TimeRange): Cell[][] {
  const groups = groupEvents(db, { range, filters: query.filters, search: { target: 'user', text: query.search } }, 'user_key', defaultCostMode, userFigures);
  // keyed as the users table's keys are read below ('null': events without a user)
  const totals = new Map<string, UserTotals>(
    [...groups].map(([key, group]) => [String(key), { runs: group.runs.value, credits: group.credits.value, input: group.input.value, output: group.output.value }]),
  );
  const created = agentsCreated(db, query, range);
  const users = new Map<string, SqlValue[]>();
  for (const row of db.all('SELECT user_key, email, role, user_id, name FROM users ORDER BY user_id')) users.set(String(row[0]), row);
  const folded = query.search ? foldSearch(query.search) : '';
  const matches = (user: SqlValue[]) =>
    !folded || [user[3], user[1], user[4]].some((value) => value !== null && foldSearch(String(value)).includes(folded));

  const rows: Cell[][] = [];
  for (const [key, user] of users) {
    const total = totals.get(key);
    const agentCount = created.get(key) ?? 0;
    if (!total && agentCount === 0) continue;
    if (!total && !matches(user)) continue;
    const figures = total ?? { runs: 0, credits: 0, input: 0, output: 0 };
    rows.push([text(user[1]), text(user[2]), text(user[3]), figures.runs, agentCount, money(figures.credits), figures.input, figures.output]);
  }
  const anonymous = totals.get('null');
  if (anonymous) rows.push([noUserLabel, null, null, anonymous.runs, 0, money(anonymous.credits), anonymous.input, anonymous.output]);
  return rows;
}
