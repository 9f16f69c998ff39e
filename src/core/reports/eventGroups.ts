/**
 * The events a scope selects, added up per group (agent, user, model or organisation): the totals Usage by
 * Agent, User, Model and Sub-Account are made of. Served by the store's columnar index when the runner has
 * one, else added up row by row from one pass.
 */
import type { CostMode } from '../../shared/results';
import type { GroupBy, GroupFigure, PassScope, SqlRunner } from '../sql';
import { eachEvent } from './eventPass';
import { addEvent, GroupTotals, totalsColumnCount, totalsColumns, type EventTotals } from './groupTotals';

/** `wanted`: the figures the caller reads (see GroupPass). */
export function groupEvents(db: SqlRunner, scope: PassScope, groupBy: GroupBy, costMode: CostMode, wanted?: readonly GroupFigure[]): Map<number | null, EventTotals> {
  if (db.groupPass) return db.groupPass(scope, groupBy, costMode, wanted);
  const groups = new Map<number | null, GroupTotals>();
  const add = (key: number | null, row: readonly unknown[]) => {
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = new GroupTotals(costMode)));
    addEvent(totals, row, 0);
  };
  if (groupBy === 'all') {
    eachEvent(db, scope, totalsColumns, (row) => add(null, row));
    return groups;
  }
  if (groupBy !== 'org') {
    const at = totalsColumns.indexOf(groupBy);
    eachEvent(db, scope, totalsColumns, (row) => add(row[at] as number | null, row));
    return groups;
  }
  const organisationOf = organisationResolver(db);
  eachEvent(db, scope, [...totalsColumns, 'org_key'], (row) => {
    add(organisationOf(row[totalsColumnCount] as number | null, row[3] as number | null, row[4] as number | null), row);
  });
  return groups;
}

/** An event's organisation: its own, else its user's, else its agent's; null when none of them has one. */
export function organisationResolver(db: SqlRunner): (own: number | null, userKey: number | null, agentKey: number | null) => number | null {
  const userOrg = new Map(db.all('SELECT user_key, org_key FROM users WHERE org_key IS NOT NULL').map(([user, org]) => [Number(user), Number(org)]));
  const agentOrg = new Map(db.all('SELECT agent_key, org_key FROM agents WHERE org_key IS NOT NULL').map(([agent, org]) => [Number(agent), Number(org)]));
  return (own, userKey, agentKey) =>
    own ?? (userKey !== null ? userOrg.get(userKey) : undefined) ?? (agentKey !== null ? agentOrg.get(agentKey) : undefined) ?? null;
}
