/** The values a filter can take, for pickers: agent types, models, creators, agents and the org tree. */
import type { SqlRunner } from '../sql';
import type { FilterOptions } from '../../shared/results';
import { eventSpan } from './eventSpan';
import { text } from './numbers';

export type { FilterOptions, Option, OrgOption } from '../../shared/results';

/**
 * Each agent creator with the label of the user it names (by user id, or by email in any ASCII case; several users:
 * a row each), else itself. Each side is folded once and each match is a join of its own, which SQLite can index:
 * one join on either match read every user for every agent, lowering both (0.26–0.36 s for 200 agents and 2,000
 * users, against 0.01 s).
 */
const creatorsSql = `WITH creators AS (SELECT DISTINCT created_by, lower(created_by) AS folded FROM agents WHERE created_by IS NOT NULL),
  people AS (SELECT user_id, lower(email) AS folded, COALESCE(email, name) AS label FROM users),
  matches AS (
    SELECT c.created_by, p.label FROM creators c JOIN people p ON p.user_id = c.created_by
    UNION SELECT c.created_by, p.label FROM creators c JOIN people p ON p.folded = c.folded)
  SELECT created_by, COALESCE(label, created_by) FROM matches
  UNION SELECT created_by, created_by FROM creators c WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE m.created_by = c.created_by)
  ORDER BY 2, 1`;

export function filterOptions(db: SqlRunner): FilterOptions {
  const column = (sql: string) => db.all(sql).map(([value]) => String(value));
  const { count, first, last } = eventSpan(db);
  return {
    agentTypes: column('SELECT DISTINCT type FROM agents WHERE type IS NOT NULL ORDER BY type'),
    models: column('SELECT name FROM models ORDER BY name'),
    creators: db.all(creatorsSql).map(([value, label]) => ({ value: String(value), label: String(label) })),
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
