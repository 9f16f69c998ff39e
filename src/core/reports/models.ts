/** Usage by Model: tokens, spend, latency and errors per model; events without a model form one row. */
import type { GroupFigure, SqlRunner } from '../sql';
import type { TimeContext, TimeRange } from '../timeframe';
import { costModeOf } from './cost';
import { groupEvents } from './eventGroups';
import { avgMs, money, text } from './numbers';
import { type Cell, type ReportQuery } from './query';

export const noModelLabel = '(no model)';

/** The figures modelReport reads of each model's totals (and the events' provider where a model names none). */
export const modelFigures = [
  'runs', 'users', 'agents', 'input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'credits', 'cost', 'costReported', 'costEstimated', 'avgLatency',
  'p95Latency', 'errorRate',
] as const satisfies readonly GroupFigure[];

/** cost_usd is in the context's cost mode; cost_reported_usd and cost_estimated_usd beside it are the two it chooses from. */
export function modelReport(db: SqlRunner, query: ReportQuery, range: TimeRange, ctx: Pick<TimeContext, 'costMode'> = {}): Cell[][] {
  const costMode = costModeOf(ctx);
  const scope = { range, filters: query.filters, search: { target: 'model' as const, text: query.search } };
  const groups = groupEvents(db, scope, 'model_key', costMode, modelFigures);
  const models = new Map(db.all('SELECT model_key, name, provider FROM models').map((row) => [Number(row[0]), row]));
  const ordered = [...groups.keys()].sort((a, b) => {
    const nameA = a === null ? null : String(models.get(a)?.[1]);
    const nameB = b === null ? null : String(models.get(b)?.[1]);
    return nameA === nameB ? 0 : nameA === null ? -1 : nameB === null ? 1 : nameA < nameB ? -1 : 1;
  });
  return ordered.map((modelKey) => {
    const totals = groups.get(modelKey)!;
    const [, name, provider] = modelKey === null ? [] : (models.get(modelKey) ?? []);
    return [
      text(name) ?? noModelLabel,
      // the provider named on the events when the model has none
      text(provider) ?? totals.eventProvider,
      totals.runs.value,
      totals.users.size,
      totals.agents.size,
      totals.input.value,
      totals.output.value,
      totals.cacheRead.value,
      totals.cacheWrite.value,
      totals.reasoning.value,
      money(totals.credits.value),
      money(totals.cost.value),
      money(totals.costReported.value),
      money(totals.costEstimated.value),
      avgMs(totals.avgLatency),
      totals.p95Latency,
      totals.errorRate,
    ];
  });
}
