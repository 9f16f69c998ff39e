/**
 * Usage by User. agents_created counts agents whose created_by names the user (by user_id or email,
 * case-insensitive) and whose created_at falls in the timeframe; agents with no created_at are never counted.
 * The agent filters (type, agent id, created by) limit which agents count, as they limit the runs.
 * Users with runs or with agents created in the timeframe are listed; events without a user form one row.
 */
import type { SqlRunner, SqlValue } from '../sql';
import type { TimeRange } from '../timeframe';
import { addEvent, GroupTotals, totalsColumns } from './groupTotals';
import { money, text } from './numbers';
import { eventScope, foldSearch, orgScopeCte, type Cell, type ReportQuery } from './query';

export const noUserLabel = '(no user)';

interface UserTotals {
  runs: number;
  credits: number | null;
  input: number | null;
  output: number | null;
}

function agentsCreated(db: SqlRunner, query: ReportQuery, range: TimeRange): Map<string, number> {
  const filters = query.filters ?? {};
  const conditions = ['a.created_at >= ?', 'a.created_at < ?'];
  const params: SqlValue[] = [range.start, range.end];
  let withClause = '';
  if (filters.orgId) {
    const cte = orgScopeCte(filters.orgId, filters.includeSubOrgs ?? false);
    withClause = `WITH RECURSIVE ${cte.sql} `;
    params.unshift(...cte.params);
    conditions.push('COALESCE(a.org_key, u.org_key) IN (SELECT org_key FROM org_scope)');
  }
  if (filters.agentType) {
    conditions.push('a.type = ?');
    params.push(filters.agentType);
  }
  if (filters.agentId) {
    conditions.push('a.agent_id = ?');
    params.push(filters.agentId);
  }
  if (filters.createdBy) {
    conditions.push('a.created_by = ?');
    params.push(filters.createdBy);
  }
  if (filters.userId) {
    conditions.push('u.user_id = ?');
    params.push(filters.userId);
  }
  const rows = db.all(
    `${withClause}SELECT u.user_key, COUNT(DISTINCT a.agent_key) FROM agents a
     JOIN users u ON u.user_id = a.created_by OR lower(u.email) = lower(a.created_by)
     WHERE ${conditions.join(' AND ')} GROUP BY u.user_key`,
    params,
  );
  return new Map(rows.map(([userKey, count]) => [String(userKey), Number(count)]));
}

export function userReport(db: SqlRunner, query: ReportQuery, range: TimeRange): Cell[][] {
  const scope = eventScope(range, query.filters, { target: 'user', text: query.search });
  const groups = new Map<string, GroupTotals>();
  db.each(`${scope.with}SELECT ${totalsColumns} FROM events e WHERE ${scope.where}`, scope.params, (row) => {
    const key = String(row[3]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new GroupTotals()));
    addEvent(group, row, 0);
  });
  const totals = new Map<string, UserTotals>(
    [...groups].map(([key, group]) => [key, { runs: group.runs, credits: group.credits.value, input: group.input.value, output: group.output.value }]),
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
