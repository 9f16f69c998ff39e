/**
 * Per-group totals gathered in one streamed pass over the selected events — several times faster in
 * sql.js than separate GROUP BY queries for sums, distinct sessions, models and latencies. Sums follow
 * SQLite: empty when every value is NULL; REAL sums are compensated (Kahan–Babuška–Neumaier) like SQLite's.
 */
import { chooseCost, defaultCostMode, type CostMode } from '../pricing/costMode';
import type { EventColumn } from '../sql';
import { nearestRankP95, ratio } from './numbers';
import { knownTokens } from './tokens';

export class CompensatedSum {
  private sum = 0;
  private compensation = 0;
  private seen = false;

  add(value: number | null): void {
    if (value === null) return;
    this.seen = true;
    const next = this.sum + value;
    this.compensation += Math.abs(this.sum) >= Math.abs(value) ? this.sum - next + value : value - next + this.sum;
    this.sum = next;
  }

  get value(): number | null {
    return this.seen ? this.sum + this.compensation : null;
  }
}

export class IntegerSum {
  value: number | null = null;

  add(value: number | null): void {
    if (value !== null) this.value = (this.value ?? 0) + value;
  }
}

interface Figure {
  readonly value: number | null;
}

interface Count {
  readonly size: number;
}

/** A group's totals as the reports read them, however they were added up. */
export interface EventTotals {
  readonly rows: number;
  readonly runs: Figure;
  readonly errorRuns: number;
  readonly sessionRuns: Figure;
  readonly sessions: Count;
  readonly users: Count;
  readonly agents: Count;
  readonly credits: Figure;
  readonly cost: Figure;
  readonly costReported: Figure;
  readonly costEstimated: Figure;
  /** per event input + output, of the counts it has (knownTokens) */
  readonly tokens: Figure;
  readonly input: Figure;
  readonly output: Figure;
  readonly cacheRead: Figure;
  readonly cacheWrite: Figure;
  readonly reasoning: Figure;
  readonly modelRuns: ReadonlyMap<number | null, number>;
  readonly avgLatency: number | null;
  readonly p95Latency: number | null;
  readonly errorRate: number | null;
  /** the greatest provider named on the group's events (as JavaScript compares strings); null when none names one (an empty name is none) */
  readonly eventProvider: string | null;
}

export class GroupTotals implements EventTotals {
  /** events added (aggregate rows count once) */
  rows = 0;
  /** SUM(requests) over the rows that have a count: empty when none has one (a source that cannot count runs), never 0 */
  readonly runs = new IntegerSum();
  /** the counts of error rows that have one: an error row of unknown count adds to neither this nor runs */
  errorRuns = 0;
  readonly sessionRuns = new IntegerSum();
  readonly sessions = new Set<string>();
  readonly users = new Set<number>();
  readonly agents = new Set<number>();
  readonly credits = new CompensatedSum();
  /** in the cost mode the totals were made for */
  readonly cost = new CompensatedSum();
  readonly costReported = new CompensatedSum();
  readonly costEstimated = new CompensatedSum();
  readonly tokens = new IntegerSum();
  readonly input = new IntegerSum();
  readonly output = new IntegerSum();
  readonly cacheRead = new IntegerSum();
  readonly cacheWrite = new IntegerSum();
  readonly reasoning = new IntegerSum();
  readonly latencySum = new CompensatedSum();
  readonly latencies: number[] = [];
  /** model key → runs (known counts only) */
  readonly modelRuns = new Map<number | null, number>();
  eventProvider: string | null = null;

  constructor(readonly costMode: CostMode = defaultCostMode) {}

  get avgLatency(): number | null {
    const sum = this.latencySum.value;
    return sum === null ? null : sum / this.latencies.length;
  }

  get p95Latency(): number | null {
    return nearestRankP95(Float64Array.from(this.latencies));
  }

  /** errors / runs; empty when runs are 0 or unknown */
  get errorRate(): number | null {
    return ratio(this.errorRuns, this.runs.value);
  }
}

/** The event columns a pass reads, in this order. */
export const totalsColumns: readonly EventColumn[] = [
  'requests', 'status', 'session_id', 'user_key', 'agent_key', 'model_key', 'credits', 'cost_reported_usd', 'input_tokens', 'output_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'latency_ms', 'cost_estimated_usd', 'provider',
];

/** How many columns totalsColumns selects: a report's own extra columns follow at this index. */
export const totalsColumnCount = totalsColumns.length;

export function addEvent(totals: GroupTotals, row: readonly unknown[], offset: number): void {
  // read into locals once: this runs for every event of a report
  const requests = row[offset] as number | null;
  const session = row[offset + 2] as string | null;
  const userKey = row[offset + 3] as number | null;
  const agentKey = row[offset + 4] as number | null;
  const model = row[offset + 5] as number | null;
  const reported = row[offset + 7] as number | null;
  const estimated = row[offset + 14] as number | null;
  const latency = row[offset + 13] as number | null;
  const provider = row[offset + 15] as string | null;
  totals.rows += 1;
  if (provider !== null && provider > (totals.eventProvider ?? '')) totals.eventProvider = provider;
  totals.runs.add(requests);
  if (row[offset + 1] === 'error' && requests !== null) totals.errorRuns += requests;
  if (session !== null) {
    totals.sessions.add(session);
    totals.sessionRuns.add(requests);
  }
  if (userKey !== null) totals.users.add(userKey);
  if (agentKey !== null) totals.agents.add(agentKey);
  totals.modelRuns.set(model, (totals.modelRuns.get(model) ?? 0) + (requests ?? 0));
  totals.credits.add(row[offset + 6] as number | null);
  totals.costReported.add(reported);
  totals.costEstimated.add(estimated);
  totals.cost.add(chooseCost(totals.costMode, reported, estimated));
  const input = row[offset + 8] as number | null;
  const output = row[offset + 9] as number | null;
  totals.tokens.add(knownTokens(input, output));
  totals.input.add(input);
  totals.output.add(output);
  totals.cacheRead.add(row[offset + 10] as number | null);
  totals.cacheWrite.add(row[offset + 11] as number | null);
  totals.reasoning.add(row[offset + 12] as number | null);
  if (latency !== null) {
    totals.latencySum.add(latency);
    totals.latencies.push(latency);
  }
}
