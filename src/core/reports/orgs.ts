/**
 * Usage by Sub-Account: every organisation's own usage and its usage together with all of its
 * descendants, in tree order (parents before children, siblings by name). Events whose organisation
 * is unknown (not on the event, its user or its agent) form one "(no organisation)" row.
 */
import type { GroupFigure, SqlRunner, SqlValue } from '../sql';
import type { TimeContext, TimeRange } from '../timeframe';
import { costModeOf } from './cost';
import { groupEvents } from './eventGroups';
import { money, sumOverRows, text } from './numbers';
import { foldSearch, orgScopeCte, type Cell, type ReportQuery } from './query';

export const noOrgLabel = '(no organisation)';

interface Org {
  key: string;
  id: string;
  name: string | null;
  parentKey: string | null;
}

interface Totals {
  /** events counted, so that a sum over none is 0 and a sum over unknown values stays empty */
  rows: number;
  users: number;
  runs: number | null;
  credits: number | null;
  input: number | null;
  output: number | null;
  cost: number | null;
}

const noRows: Totals = { rows: 0, users: 0, runs: null, credits: null, input: null, output: null, cost: null };

/** users, runs, credits, input, output, cost as the report shows them */
function figures(totals: Totals): Cell[] {
  const sum = (value: number | null) => sumOverRows(value, totals.rows);
  return [totals.users, sum(totals.runs), money(sum(totals.credits)), sum(totals.input), sum(totals.output), money(sum(totals.cost))];
}

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

function treeOrder(orgs: Map<string, Org>): { org: Org; depth: number }[] {
  const children = new Map<string | null, Org[]>();
  for (const org of orgs.values()) {
    const parent = org.parentKey !== null && orgs.has(org.parentKey) ? org.parentKey : null;
    const list = children.get(parent) ?? [];
    list.push(org);
    children.set(parent, list);
  }
  const byName = (a: Org, b: Org) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'en') || a.id.localeCompare(b.id, 'en');
  const ordered: { org: Org; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const org of (children.get(parent) ?? []).sort(byName)) {
      if (seen.has(org.key)) continue;
      seen.add(org.key);
      ordered.push({ org, depth });
      visit(org.key, depth + 1);
    }
  };
  visit(null, 0);
  for (const org of orgs.values()) if (!seen.has(org.key)) ordered.push({ org, depth: 0 });
  return ordered;
}

/** The figures orgReport reads of each organisation's totals (and their rows). */
export const orgFigures = ['users', 'runs', 'credits', 'input', 'output', 'cost'] as const satisfies readonly GroupFigure[];

/** cost_usd and cost_usd_incl_sub_orgs are in the context's cost mode. */
export function orgReport(db: SqlRunner, query: ReportQuery, range: TimeRange, ctx: Pick<TimeContext, 'costMode'> = {}): Cell[][] {
  const costMode = costModeOf(ctx);
  const { orgId, includeSubOrgs, ...otherFilters } = query.filters ?? {};
  // an event's organisation is its own, else its user's, else its agent's ('null': none of them has one)
  const groups = groupEvents(db, { range, filters: otherFilters }, 'org', costMode, orgFigures);
  const own = new Map<string, Totals>(
    [...groups].map(([key, group]) => [
      String(key),
      { rows: group.rows, users: group.users.size, runs: group.runs.value, credits: group.credits.value, input: group.input.value, output: group.output.value, cost: group.cost.value },
    ]),
  );
  const orgs = new Map<string, Org>();
  for (const [key, id, name, parentKey] of db.all('SELECT org_key, org_id, name, parent_org_key FROM orgs')) {
    orgs.set(String(key), { key: String(key), id: String(id), name: text(name), parentKey: parentKey === null ? null : String(parentKey) });
  }
  let selected: Set<string> | null = null;
  if (orgId) {
    const cte = orgScopeCte(orgId, includeSubOrgs ?? false);
    selected = new Set(db.all(`WITH RECURSIVE ${cte.sql} SELECT org_key FROM org_scope`, cte.params as SqlValue[]).map(([key]) => String(key)));
  }
  const ordered = treeOrder(orgs);
  const rolled = new Map<string, Totals>();
  for (const { org } of [...ordered].reverse()) {
    const mine = own.get(org.key);
    const sum: Totals = { rows: mine?.rows ?? 0, users: mine?.users ?? 0, runs: mine?.runs ?? null, credits: mine?.credits ?? null, input: mine?.input ?? null, output: mine?.output ?? null, cost: mine?.cost ?? null };
    for (const child of orgs.values()) {
      if (child.parentKey !== org.key || child.key === org.key) continue;
      const c = rolled.get(child.key);
      if (!c) continue;
      sum.rows += c.rows;
      sum.runs = addNullable(sum.runs, c.runs);
      sum.credits = addNullable(sum.credits, c.credits);
      sum.input = addNullable(sum.input, c.input);
      sum.output = addNullable(sum.output, c.output);
      sum.cost = addNullable(sum.cost, c.cost);
    }
    rolled.set(org.key, sum);
  }
  const folded = query.search ? foldSearch(query.search) : '';
  const rows: Cell[][] = [];
  for (const { org, depth } of ordered) {
    if (selected && !selected.has(org.key)) continue;
    if (folded && !foldSearch(`${org.id} ${org.name ?? ''}`).includes(folded)) continue;
    const mine = own.get(org.key) ?? noRows;
    const all = rolled.get(org.key)!;
    const parent = org.parentKey === null ? null : (orgs.get(org.parentKey)?.id ?? null);
    rows.push([org.name ?? org.id, org.id, parent, depth, ...figures(mine), ...figures(all).slice(1)]);
  }
  const orphan = own.get('null');
  if (orphan && !selected && !folded) rows.push([noOrgLabel, null, null, 0, ...figures(orphan), ...figures(orphan).slice(1)]);
  return rows;
}
