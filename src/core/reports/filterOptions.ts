/** The values a filter can take, for pickers: agent types, models, creators, agents and the org tree. */
import type { SqlRunner } from '../sql';
import type { FilterOptions } from '../../shared/results';
import { eventSpan } from './eventSpan';
import { text } from './numbers';

export type { FilterOptions, Option, OrgOption } from '../../shared/results';

export function filterOptions(db: SqlRunner): FilterOptions {
  const column = (sql: string) => db.all(sql).map(([value]) => String(value));
  const { count, first, last } = eventSpan(db);
  return {
    agentTypes: column('SELECT DISTINCT type FROM agents WHERE type IS NOT NULL ORDER BY type'),
    models: column('SELECT name FROM models ORDER BY name'),
    creators: db
      .all(
        `SELECT DISTINCT a.created_by, COALESCE(u.email, u.name, a.created_by) FROM agents a
         LEFT JOIN users u ON u.user_id = a.created_by OR lower(u.email) = lower(a.created_by)
         WHERE a.created_by IS NOT NULL ORDER BY 2`,
      )
      .map(([value, label]) => ({ value: String(value), label: String(label) })),
    agents: db
      .all('SELECT agent_id, COALESCE(name, agent_id) FROM agents ORDER BY 2')
      .map(([value, label]) => ({ value: String(value), label: String(label) })),
    orgs: db
      .all('SELECT o.org_id, COALESCE(o.name, o.org_id), p.org_id FROM orgs o LEFT JOIN orgs p ON p.org_key = o.parent_org_key ORDER BY 2')
      .map(([value, label, parent]) => ({ value: String(value), label: String(label), parent: text(parent) })),
    firstEventAt: first,
    lastEventAt: last,
    eventCount: count,
  };
}
