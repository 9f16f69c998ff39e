/**
 * Usage by Agent. model_used is the model with the most runs in the timeframe (ties: alphabetical),
 * falling back to the agent's configured model; events without an agent form one "(no agent)" row.
 */
import type { SqlRunner } from '../sql';
import type { TimeRange } from '../timeframe';
import { avgMs, money, num, ratio, roundTo, text } from './numbers';
import { p95ByGroup } from './p95';
import { eventScope, type Cell, type ReportQuery } from './query';

export const noAgentLabel = '(no agent)';

function modelsUsed(db: SqlRunner, scope: ReturnType<typeof eventScope>): Map<string, string> {
  const best = new Map<string, { model: string; runs: number }>();
  const rows = db.all(
    `${scope.with}SELECT e.agent_key, m.name, SUM(e.requests) FROM events e JOIN models m ON m.model_key = e.model_key
     WHERE ${scope.where} GROUP BY e.agent_key, m.name`,
    scope.params,
  );
  for (const [agentKey, model, runs] of rows) {
    const key = String(agentKey);
    const current = best.get(key);
    const candidate = { model: String(model), runs: Number(runs) };
    if (!current || candidate.runs > current.runs || (candidate.runs === current.runs && candidate.model < current.model)) {
      best.set(key, candidate);
    }
  }
  return new Map([...best].map(([key, value]) => [key, value.model]));
}

export function agentReport(db: SqlRunner, query: ReportQuery, range: TimeRange): Cell[][] {
  const scope = eventScope(range, query.filters, { target: 'agent', text: query.search });
  const p95 = p95ByGroup(db, 'e.agent_key', scope);
  const models = modelsUsed(db, scope);
  const rows = db.all(
    `${scope.with}SELECT e.agent_key, a.name, a.agent_id, a.type, a.model,
       SUM(e.requests), COUNT(DISTINCT e.session_id), SUM(CASE WHEN e.session_id IS NOT NULL THEN e.requests END),
       SUM(e.credits), SUM(e.input_tokens), SUM(e.output_tokens), AVG(e.latency_ms),
       SUM(CASE WHEN e.status = 'error' THEN e.requests ELSE 0 END)
     FROM events e LEFT JOIN agents a ON a.agent_key = e.agent_key
     WHERE ${scope.where} GROUP BY e.agent_key ORDER BY a.agent_id`,
    scope.params,
  );
  return rows.map(([agentKey, name, agentId, type, configuredModel, runs, sessions, sessionRuns, credits, input, output, avgLatency, errors]) => {
    const key = String(agentKey);
    const sessionCount = Number(sessions);
    return [
      text(name) ?? text(agentId) ?? noAgentLabel,
      text(agentId),
      models.get(key) ?? text(configuredModel),
      text(type),
      Number(runs),
      sessionCount,
      sessionCount > 0 ? roundTo(Number(sessionRuns) / sessionCount, 2) : null,
      money(num(credits)),
      num(input),
      num(output),
      avgMs(num(avgLatency)),
      p95.get(key) ?? null,
      ratio(Number(errors), Number(runs)),
    ];
  });
}
