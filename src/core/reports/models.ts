/** Usage by Model: tokens, spend, latency and errors per model; events without a model form one row. */
import type { SqlRunner } from '../sql';
import type { TimeRange } from '../timeframe';
import { avgMs, money, num, ratio, text } from './numbers';
import { p95ByGroup } from './p95';
import { eventScope, type Cell, type ReportQuery } from './query';

export const noModelLabel = '(no model)';

export function modelReport(db: SqlRunner, query: ReportQuery, range: TimeRange): Cell[][] {
  const scope = eventScope(range, query.filters, { target: 'model', text: query.search });
  const p95 = p95ByGroup(db, 'e.model_key', scope);
  const rows = db.all(
    `${scope.with}SELECT e.model_key, m.name, COALESCE(m.provider, MAX(e.provider)), SUM(e.requests),
       COUNT(DISTINCT e.user_key), COUNT(DISTINCT e.agent_key),
       SUM(e.input_tokens), SUM(e.output_tokens), SUM(e.cache_read_tokens), SUM(e.cache_write_tokens), SUM(e.reasoning_tokens),
       SUM(e.credits), SUM(e.cost_usd), AVG(e.latency_ms), SUM(CASE WHEN e.status = 'error' THEN e.requests ELSE 0 END)
     FROM events e LEFT JOIN models m ON m.model_key = e.model_key
     WHERE ${scope.where} GROUP BY e.model_key ORDER BY m.name`,
    scope.params,
  );
  return rows.map(([modelKey, name, provider, runs, users, agents, input, output, cacheRead, cacheWrite, reasoning, credits, cost, avgLatency, errors]) => [
    text(name) ?? noModelLabel,
    text(provider),
    Number(runs),
    Number(users),
    Number(agents),
    num(input),
    num(output),
    num(cacheRead),
    num(cacheWrite),
    num(reasoning),
    money(num(credits)),
    money(num(cost)),
    avgMs(num(avgLatency)),
    p95.get(String(modelKey)) ?? null,
    ratio(Number(errors), Number(runs)),
  ]);
}
