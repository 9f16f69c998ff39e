/**
 * Usage by Agent. model_used is the model with the most runs in the timeframe (ties: alphabetical),
 * falling back to the agent's configured model; events without an agent form one "(no agent)" row.
 * total_sessions is empty when none of the agent's runs names a session (daily buckets have none).
 */
import type { GroupFigure, SqlRunner } from '../sql';
import type { TimeRange } from '../timeframe';
import { defaultCostMode } from '../../shared/results';
import { groupEvents } from './eventGroups';
import type { EventTotals } from './groupTotals';
import { avgMs, money, roundTo, text } from './numbers';
import { type Cell, type ReportQuery } from './query';

export const noAgentLabel = '(no agent)';

function modelUsed(totals: EventTotals, modelNames: Map<number, string>): string | null {
  let best: { name: string; runs: number } | null = null;
  for (const [key, runs] of totals.modelRuns) {
    const name = key === null ? undefined : modelNames.get(key);
    if (name === undefined) continue;
    if (!best || runs > best.runs || (runs === best.runs && name < best.name)) best = { name, runs };
  }
  return best?.name ?? null;
}

/** The figures agentReport reads of each agent's totals. */
export const agentFigures = ['modelRuns', 'runs', 'sessions', 'sessionRuns', 'credits', 'input', 'output', 'avgLatency', 'p95Latency', 'errorRate'] as const satisfies readonly GroupFigure[];

export function agentReport(db: SqlRunner, query: ReportQuery, range: TimeRange): Cell[][] {
  const groups = groupEvents(db, { range, filters: query.filters, search: { target: 'agent', text: query.search } }, 'agent_key', defaultCostMode, agentFigures);
  const modelNames = new Map(db.all('SELECT model_key, name FROM models').map(([key, name]) => [Number(key), String(name)]));
  const agents = new Map(db.all('SELECT agent_key, name, agent_id, type, model FROM agents').map((row) => [Number(row[0]), row]));
  const ordered = [...groups.keys()].sort((a, b) => {
    const idA = a === null ? null : String(agents.get(a)?.[2]);
    const idB = b === null ? null : String(agents.get(b)?.[2]);
    return idA === idB ? 0 : idA === null ? -1 : idB === null ? 1 : idA < idB ? -1 : 1;
  });
  return ordered.map((agentKey) => {
    const totals = groups.get(agentKey)!;
    const [, name, agentId, type, configuredModel] = agentKey === null ? [] : (agents.get(agentKey) ?? []);
    const sessionCount = totals.sessions.size;
    return [
      text(name) ?? text(agentId) ?? noAgentLabel,
      text(agentId),
      modelUsed(totals, modelNames) ?? text(configuredModel),
      text(type),
      totals.runs.value,
      // no run names a session (aggregate rows, sources without session ids): unknown, not 0
      sessionCount > 0 ? sessionCount : null,
      sessionCount > 0 && totals.sessionRuns.value !== null ? roundTo(totals.sessionRuns.value / sessionCount, 2) : null,
      money(totals.credits.value),
      totals.input.value,
      totals.output.value,
      avgMs(totals.avgLatency),
      totals.p95Latency,
      totals.errorRate,
    ];
  });
}
