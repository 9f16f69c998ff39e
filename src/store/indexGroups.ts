/**
 * Per-group totals (`groupEvents`) added up on the columnar index in one pass over the selected rows in
 * time order: each group's figures sit side by side in flat arrays (a few thousand groups stay in the CPU's
 * cache while the columns stream by). Each group's rows are added in time order, as the row-by-row pass adds
 * them, with the same compensated summation, so the figures are the same. Distinct sessions, users and
 * agents are counted through the group that saw each first (a pair set only for those several groups share);
 * p95 by selection over each group's latencies, gathered in a second pass.
 */
import type { Database } from 'sql.js';
import { chooseCost } from '../core/pricing/costMode';
import type { EventTotals } from '../core/reports/groupTotals';
import { kthSmallest, ratio } from '../core/reports/numbers';
import type { GroupBy, GroupPass, PassScope } from '../core/sql';
import type { CostMode } from '../shared/results';
import type { EventIndex } from './eventIndex';

interface Figure {
  value: number | null;
}

class IndexedTotals implements EventTotals {
  rows = 0;
  errorRuns = 0;
  runs: Figure = { value: null };
  sessionRuns: Figure = { value: null };
  readonly sessions = { size: 0 };
  readonly users = { size: 0 };
  readonly agents = { size: 0 };
  credits: Figure = { value: null };
  cost: Figure = { value: null };
  costReported: Figure = { value: null };
  costEstimated: Figure = { value: null };
  input: Figure = { value: null };
  output: Figure = { value: null };
  cacheRead: Figure = { value: null };
  cacheWrite: Figure = { value: null };
  reasoning: Figure = { value: null };
  latencySum: Figure = { value: null };
  latencies = 0;
  p95Latency: number | null = null;
  readonly modelRuns = new Map<number | null, number>();

  get avgLatency(): number | null {
    const sum = this.latencySum.value;
    return sum === null ? null : sum / this.latencies;
  }

  get errorRate(): number | null {
    return ratio(this.errorRuns, this.runs.value);
  }
}

function largest(values: Int32Array): number {
  let max = -1;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/**
 * Counts distinct values (sessions, users, agents) per group as rows go by. While groups × values is small
 * (users or agents of a few thousand groups) a flat table marks each pair; else a value seen by one group
 * only is noted in `owner`, and once a second group sees it, its (group, value) pairs go to a set (sessions
 * mostly belong to one user or agent).
 */
export class DistinctPerGroup {
  private readonly table: Uint8Array | null;
  private readonly owner: Int32Array;
  private readonly shared = new Set<number>();
  readonly counts: Int32Array;

  constructor(
    private readonly values: number,
    groups: number,
    /** the largest table kept (bytes) */
    tableLimit = 1 << 24,
  ) {
    this.table = groups * values <= tableLimit ? new Uint8Array(groups * values) : null;
    this.owner = new Int32Array(this.table ? 0 : values);
    this.counts = new Int32Array(groups);
  }

  see(group: number, value: number): void {
    const pair = group * this.values + value;
    if (this.table) {
      if (this.table[pair] === 0) {
        this.table[pair] = 1;
        this.counts[group]!++;
      }
      return;
    }
    const owner = this.owner[value]!;
    if (owner === group + 1) return;
    if (owner === 0) {
      this.owner[value] = group + 1;
      this.counts[group]!++;
      return;
    }
    if (owner > 0) {
      this.shared.add((owner - 1) * this.values + value);
      this.owner[value] = -1;
    }
    if (!this.shared.has(pair)) {
      this.shared.add(pair);
      this.counts[group]!++;
    }
  }
}

/** Runs per group and model (a model key k at slot k + 1, none at 0), each group's models in order of first appearance. */
class ModelRuns {
  /** a flat group × slot table while it stays small; else a map by the same position */
  private readonly table: Float64Array | null;
  private readonly seen: Uint8Array | null;
  private readonly byPosition = new Map<number, number>();
  private readonly order: number[][];

  constructor(
    groups: number,
    private readonly slots: number,
  ) {
    const size = groups * slots;
    this.table = size <= 1 << 22 ? new Float64Array(size) : null;
    this.seen = this.table ? new Uint8Array(size) : null;
    this.order = Array.from({ length: groups }, () => []);
  }

  add(group: number, slot: number, runs: number): void {
    const at = group * this.slots + slot;
    if (this.table && this.seen) {
      if (this.seen[at] === 0) {
        this.seen[at] = 1;
        this.order[group]!.push(slot);
      }
      this.table[at]! += runs;
      return;
    }
    const total = this.byPosition.get(at);
    if (total === undefined) this.order[group]!.push(slot);
    this.byPosition.set(at, (total ?? 0) + runs);
  }

  *of(group: number): Generator<[slot: number, runs: number]> {
    for (const slot of this.order[group]!) {
      const at = group * this.slots + slot;
      yield [slot, this.table ? this.table[at]! : this.byPosition.get(at)!];
    }
  }
}

/** Figures summed per group: integer sums (runs, runs with a session, five token kinds), then compensated ones. */
const integerFigures = ['runs', 'sessionRuns', 'input', 'output', 'cacheRead', 'cacheWrite', 'reasoning'] as const;
const compensatedFigures = ['credits', 'costReported', 'costEstimated', 'cost', 'latencySum'] as const;

export function groupPassOn(index: EventIndex, db: Database): GroupPass {
  return (scope, groupBy, costMode) => groupTotals(index, db, scope, groupBy, costMode);
}

function groupTotals(index: EventIndex, db: Database, scope: PassScope, groupBy: GroupBy, costMode: CostMode): Map<number | null, EventTotals> {
  const selected = index.select(db, scope);
  const groupKeys = groupBy === 'org' ? index.effectiveOrgs(db) : index.keys[groupBy];
  const { requests, credits, cost_reported_usd: reportedCosts, cost_estimated_usd: estimatedCosts, input_tokens: inputs, output_tokens: outputs,
    cache_read_tokens: cacheReads, cache_write_tokens: cacheWrites, reasoning_tokens: reasonings, latency_ms: latencies } = index.numbers;
  const { user_key: users, agent_key: agents, model_key: models } = index.keys;
  const { status, session_id: sessions } = index.texts;
  const errorCode = status.values.indexOf('error');
  const tokenColumns = [inputs, outputs, cacheReads, cacheWrites, reasonings];

  // dense group ids in order of first appearance (key k at k + 1 of the lookup, NULL at 0)
  const denseOf = new Int32Array(largest(groupKeys) + 2).fill(-1);
  const keyOfGroup: number[] = [];
  const groupOfRow = new Int32Array(selected.length);
  for (let s = 0; s < selected.length; s++) {
    const slot = groupKeys[selected[s]!]! + 1;
    let group = denseOf[slot]!;
    if (group === -1) {
      group = denseOf[slot] = keyOfGroup.length;
      keyOfGroup.push(slot - 1);
    }
    groupOfRow[s] = group;
  }
  const groups = keyOfGroup.length;
  const rows = new Int32Array(groups);
  const errorRuns = new Float64Array(groups);
  const integers = new Float64Array(groups * integerFigures.length);
  const integerSeen = new Uint8Array(integers.length);
  const compensated = new Float64Array(groups * compensatedFigures.length);
  const compensations = new Float64Array(compensated.length);
  const compensatedSeen = new Uint8Array(compensated.length);
  const latencyCounts = new Int32Array(groups);
  const sessionsSeen = new DistinctPerGroup(sessions.values.length, groups);
  const usersSeen = new DistinctPerGroup(largest(users) + 1, groups);
  const agentsSeen = new DistinctPerGroup(largest(agents) + 1, groups);
  const modelSlots = largest(models) + 2;
  const modelRuns = new ModelRuns(groups, modelSlots);

  const addInteger = (at: number, value: number) => {
    integers[at]! += value;
    integerSeen[at] = 1;
  };
  // the compensated (Kahan–Babuška–Neumaier) step of CompensatedSum, on the arrays
  const addCompensated = (at: number, value: number) => {
    const sum = compensated[at]!;
    const next = sum + value;
    compensations[at]! += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    compensated[at] = next;
    compensatedSeen[at] = 1;
  };

  for (let s = 0; s < selected.length; s++) {
    const i = selected[s]!;
    const group = groupOfRow[s]!;
    const whole = group * integerFigures.length;
    const part = group * compensatedFigures.length;
    rows[group]!++;
    const runs = requests[i]!;
    const counted = !Number.isNaN(runs);
    if (counted) {
      addInteger(whole, runs);
      if (status.codes[i] === errorCode) errorRuns[group]! += runs;
    }
    const session = sessions.codes[i]!;
    if (session !== 0) {
      sessionsSeen.see(group, session);
      if (counted) addInteger(whole + 1, runs);
    }
    if (users[i] !== -1) usersSeen.see(group, users[i]!);
    if (agents[i] !== -1) agentsSeen.see(group, agents[i]!);
    modelRuns.add(group, models[i]! + 1, counted ? runs : 0);
    for (let kind = 0; kind < tokenColumns.length; kind++) {
      const count = tokenColumns[kind]![i]!;
      if (!Number.isNaN(count)) addInteger(whole + 2 + kind, count);
    }
    const credit = credits[i]!;
    if (!Number.isNaN(credit)) addCompensated(part, credit);
    const reported = reportedCosts[i]!;
    const estimated = estimatedCosts[i]!;
    if (!Number.isNaN(reported)) addCompensated(part + 1, reported);
    if (!Number.isNaN(estimated)) addCompensated(part + 2, estimated);
    const cost = chooseCost(costMode, Number.isNaN(reported) ? null : reported, Number.isNaN(estimated) ? null : estimated);
    if (cost !== null) addCompensated(part + 3, cost);
    const latency = latencies[i]!;
    if (!Number.isNaN(latency)) {
      addCompensated(part + 4, latency);
      latencyCounts[group]!++;
    }
  }

  // each group's latencies side by side, in time order, for its p95
  const latencyStarts = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) latencyStarts[group + 1] = latencyStarts[group]! + latencyCounts[group]!;
  const gathered = new Float64Array(latencyStarts[groups]!);
  const next = latencyStarts.slice(0, groups);
  for (let s = 0; s < selected.length; s++) {
    const latency = latencies[selected[s]!]!;
    if (!Number.isNaN(latency)) gathered[next[groupOfRow[s]!]!++] = latency;
  }

  const result = new Map<number | null, EventTotals>();
  for (let group = 0; group < groups; group++) {
    const totals = new IndexedTotals();
    totals.rows = rows[group]!;
    totals.errorRuns = errorRuns[group]!;
    integerFigures.forEach((figure, k) => {
      const at = group * integerFigures.length + k;
      totals[figure] = { value: integerSeen[at] === 1 ? integers[at]! : null };
    });
    compensatedFigures.forEach((figure, k) => {
      const at = group * compensatedFigures.length + k;
      totals[figure] = { value: compensatedSeen[at] === 1 ? compensated[at]! + compensations[at]! : null };
    });
    totals.sessions.size = sessionsSeen.counts[group]!;
    totals.users.size = usersSeen.counts[group]!;
    totals.agents.size = agentsSeen.counts[group]!;
    for (const [slot, runs] of modelRuns.of(group)) totals.modelRuns.set(slot === 0 ? null : slot - 1, runs);
    totals.latencies = latencyCounts[group]!;
    if (totals.latencies > 0) {
      const own = gathered.subarray(latencyStarts[group]!, latencyStarts[group + 1]!);
      totals.p95Latency = kthSmallest(own, Math.ceil(0.95 * own.length) - 1);
    }
    const key = keyOfGroup[group]!;
    result.set(key === -1 ? null : key, totals);
  }
  return result;
}
