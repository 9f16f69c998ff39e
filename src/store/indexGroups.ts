/**
 * Per-group totals (`groupEvents`) added up on the columnar index in one pass over the selected rows in
 * time order: each group's figures sit side by side in flat arrays (a few thousand groups stay in the CPU's
 * cache while the columns stream by). Each group's rows are added in time order, as the row-by-row pass adds
 * them, with the same compensated summation, so the figures are the same. Distinct sessions, users and
 * agents are counted through the group that saw each first (a pair set only for those several groups share);
 * p95 by selection over each group's latencies, gathered in a second pass.
 */
import type { Database } from 'sql.js';
import type { EventTotals } from '../core/reports/groupTotals';
import { kthSmallest, ratio } from '../core/reports/numbers';
import type { GroupBy, GroupPass, PassScope } from '../core/sql';
import type { CostMode } from '../shared/results';
import type { EventIndex, NumberColumn } from './eventIndex';

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

export function groupPassOn(index: EventIndex, db: Database): GroupPass {
  return (scope, groupBy, costMode) => groupTotals(index, db, scope, groupBy, costMode);
}

// Each figure is added up in a pass of its own over the selected rows, in a function of its own: V8 then
// optimises each small loop on its own, and a column whose values need no check (no NULL, whole numbers) gets
// the plain loop. Each group's rows are still added in time order, so every sum is what the row-by-row pass gives.

interface Grouping {
  selected: Int32Array;
  /** each selected row's dense group id */
  groupOfRow: Int32Array;
  /** each group's key (-1 for NULL), groups in order of first appearance */
  keyOfGroup: number[];
  rows: Int32Array;
}

/** A figure per group; `seen` null when every group has a value (the column has no NULL). */
interface PerGroup {
  sums: Float64Array;
  seen: Uint8Array | null;
}

function groupTotals(index: EventIndex, db: Database, scope: PassScope, groupBy: GroupBy, costMode: CostMode): Map<number | null, EventTotals> {
  const selected = index.select(db, scope);
  const groupKeys = groupBy === 'org' ? index.effectiveOrgs(db) : index.keys[groupBy];
  const grouping = denseGroups(selected, groupKeys, groupBy === 'org' ? largest(groupKeys) : index.largestKey(groupBy));
  const { numbers, keys, texts } = index;
  const sumOf = (column: NumberColumn) => (index.facts(column).wholeNumbers ? plainSums : compensatedSums)(numbers[column], index.facts(column).complete, grouping);
  const reported = sumOf('cost_reported_usd');
  const estimated = sumOf('cost_estimated_usd');
  const latencyCounts = index.facts('latency_ms').complete ? grouping.rows : presentCounts(numbers.latency_ms, grouping);
  const totals = {
    runs: plainSums(numbers.requests, index.facts('requests').complete, grouping),
    ...runsWithSessionAndErrors(numbers.requests, texts.session_id.codes, texts.status, grouping),
    input: plainSums(numbers.input_tokens, index.facts('input_tokens').complete, grouping),
    output: plainSums(numbers.output_tokens, index.facts('output_tokens').complete, grouping),
    cacheRead: plainSums(numbers.cache_read_tokens, index.facts('cache_read_tokens').complete, grouping),
    cacheWrite: plainSums(numbers.cache_write_tokens, index.facts('cache_write_tokens').complete, grouping),
    reasoning: plainSums(numbers.reasoning_tokens, index.facts('reasoning_tokens').complete, grouping),
    credits: sumOf('credits'),
    costReported: reported,
    costEstimated: estimated,
    // chooseCost's rule: where it always picks the same column, the cost is that column's sum
    cost:
      costMode === 'reported' || (costMode === 'auto' && index.facts('cost_reported_usd').complete)
        ? reported
        : costMode === 'estimated'
          ? estimated
          : reportedElseEstimated(numbers.cost_reported_usd, numbers.cost_estimated_usd, grouping),
    latencySum: sumOf('latency_ms'),
    latencyCounts,
    sessions: distinctPerGroup(texts.session_id.codes, 0, texts.session_id.values.length, grouping),
    users: distinctPerGroup(keys.user_key, -1, index.largestKey('user_key') + 1, grouping),
    agents: distinctPerGroup(keys.agent_key, -1, index.largestKey('agent_key') + 1, grouping),
    modelRuns: runsPerModel(numbers.requests, keys.model_key, index.largestKey('model_key') + 2, grouping),
    latencies: latenciesPerGroup(numbers.latency_ms, grouping, latencyCounts),
  };
  return totalsPerGroup(grouping, totals);
}

function denseGroups(selected: Int32Array, groupKeys: Int32Array, largestKey: number): Grouping {
  // key k at k + 1 of the lookup, NULL at 0
  const denseOf = new Int32Array(largestKey + 2).fill(-1);
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
  const rows = new Int32Array(keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) rows[groupOfRow[s]!]!++;
  return { selected, groupOfRow, keyOfGroup, rows };
}

/** Plain sums: integer figures, and any column of whole numbers (exact, so equal to the compensated sum). */
function plainSums(values: Float64Array, complete: boolean, { selected, groupOfRow, keyOfGroup }: Grouping): PerGroup {
  const sums = new Float64Array(keyOfGroup.length);
  if (complete) {
    for (let s = 0; s < selected.length; s++) sums[groupOfRow[s]!]! += values[selected[s]!]!;
    return { sums, seen: null };
  }
  const seen = new Uint8Array(keyOfGroup.length);
  for (let s = 0; s < selected.length; s++) {
    const value = values[selected[s]!]!;
    if (value === value) {
      const group = groupOfRow[s]!;
      sums[group]! += value;
      seen[group] = 1;
    }
  }
  return { sums, seen };
}

/** Compensated (Kahan–Babuška–Neumaier) sums, CompensatedSum's steps on arrays. */
function compensatedSums(values: Float64Array, complete: boolean, { selected, groupOfRow, keyOfGroup }: Grouping): PerGroup {
  const sums = new Float64Array(keyOfGroup.length);
  const compensations = new Float64Array(keyOfGroup.length);
  const seen = complete ? null : new Uint8Array(keyOfGroup.length);
  for (let s = 0; s < selected.length; s++) {
    const value = values[selected[s]!]!;
    if (value !== value) continue;
    const group = groupOfRow[s]!;
    const sum = sums[group]!;
    const next = sum + value;
    compensations[group]! += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sums[group] = next;
    if (seen !== null) seen[group] = 1;
  }
  for (let group = 0; group < sums.length; group++) sums[group]! += compensations[group]!;
  return { sums, seen };
}

/** The cost of `auto` where some rows have no reported cost: the reported one, else the estimate (compensated). */
function reportedElseEstimated(reported: Float64Array, estimated: Float64Array, grouping: Grouping): PerGroup {
  const chosen = new Float64Array(grouping.selected.length);
  const inOrder = new Int32Array(chosen.length);
  for (let s = 0; s < chosen.length; s++) {
    const i = grouping.selected[s]!;
    const value = reported[i]!;
    chosen[s] = value === value ? value : estimated[i]!;
    inOrder[s] = s;
  }
  return compensatedSums(chosen, false, { ...grouping, selected: inOrder });
}

function presentCounts(values: Float64Array, { selected, groupOfRow, keyOfGroup }: Grouping): Int32Array {
  const counts = new Int32Array(keyOfGroup.length);
  for (let s = 0; s < selected.length; s++) if (values[selected[s]!]! === values[selected[s]!]!) counts[groupOfRow[s]!]!++;
  return counts;
}

/** Runs of rows with a session, and runs of rows with status error (runs unknown in a row add nothing). */
function runsWithSessionAndErrors(requests: Float64Array, sessions: Int32Array, status: { codes: Int32Array; values: (string | null)[] }, grouping: Grouping) {
  const { selected, groupOfRow, keyOfGroup } = grouping;
  const errorCode = status.values.indexOf('error');
  const sessionRuns = new Float64Array(keyOfGroup.length);
  const sessionSeen = new Uint8Array(keyOfGroup.length);
  const errorRuns = new Float64Array(keyOfGroup.length);
  for (let s = 0; s < selected.length; s++) {
    const i = selected[s]!;
    const runs = requests[i]!;
    if (runs !== runs) continue;
    const group = groupOfRow[s]!;
    if (sessions[i] !== 0) {
      sessionRuns[group]! += runs;
      sessionSeen[group] = 1;
    }
    if (status.codes[i] === errorCode) errorRuns[group]! += runs;
  }
  return { sessionRuns: { sums: sessionRuns, seen: sessionSeen }, errorRuns };
}

/** Distinct values per group; `none` (NULL) is not a value. */
function distinctPerGroup(codes: Int32Array, none: number, values: number, { selected, groupOfRow, keyOfGroup }: Grouping): Int32Array {
  const distinct = new DistinctPerGroup(values, keyOfGroup.length);
  for (let s = 0; s < selected.length; s++) {
    const code = codes[selected[s]!]!;
    if (code !== none) distinct.see(groupOfRow[s]!, code);
  }
  return distinct.counts;
}

function runsPerModel(requests: Float64Array, models: Int32Array, slots: number, { selected, groupOfRow, keyOfGroup }: Grouping): ModelRuns {
  const modelRuns = new ModelRuns(keyOfGroup.length, slots);
  for (let s = 0; s < selected.length; s++) {
    const i = selected[s]!;
    const runs = requests[i]!;
    modelRuns.add(groupOfRow[s]!, models[i]! + 1, runs === runs ? runs : 0);
  }
  return modelRuns;
}

/** Each group's latencies side by side, in time order, for its p95; group g's from `starts[g]` to `starts[g + 1]`. */
function latenciesPerGroup(latencies: Float64Array, { selected, groupOfRow, keyOfGroup }: Grouping, counts: Int32Array) {
  const groups = keyOfGroup.length;
  const starts = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) starts[group + 1] = starts[group]! + counts[group]!;
  const gathered = new Float64Array(starts[groups]!);
  const next = starts.slice(0, groups);
  for (let s = 0; s < selected.length; s++) {
    const latency = latencies[selected[s]!]!;
    if (latency === latency) gathered[next[groupOfRow[s]!]!++] = latency;
  }
  return { starts, gathered };
}

const perGroupFigures = ['runs', 'sessionRuns', 'input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'credits', 'costReported', 'costEstimated', 'cost', 'latencySum'] as const;

interface Totals extends Record<(typeof perGroupFigures)[number], PerGroup> {
  errorRuns: Float64Array;
  latencyCounts: Int32Array;
  sessions: Int32Array;
  users: Int32Array;
  agents: Int32Array;
  modelRuns: ModelRuns;
  latencies: { starts: Int32Array; gathered: Float64Array };
}

function totalsPerGroup({ keyOfGroup, rows }: Grouping, figures: Totals): Map<number | null, EventTotals> {
  const result = new Map<number | null, EventTotals>();
  for (let group = 0; group < keyOfGroup.length; group++) {
    const totals = new IndexedTotals();
    totals.rows = rows[group]!;
    totals.errorRuns = figures.errorRuns[group]!;
    for (const figure of perGroupFigures) {
      const { sums, seen } = figures[figure];
      totals[figure] = { value: seen === null || seen[group] === 1 ? sums[group]! : null };
    }
    totals.sessions.size = figures.sessions[group]!;
    totals.users.size = figures.users[group]!;
    totals.agents.size = figures.agents[group]!;
    for (const [slot, runs] of figures.modelRuns.of(group)) totals.modelRuns.set(slot === 0 ? null : slot - 1, runs);
    totals.latencies = figures.latencyCounts[group]!;
    if (totals.latencies > 0) {
      const { starts, gathered } = figures.latencies;
      const own = gathered.subarray(starts[group]!, starts[group + 1]!);
      totals.p95Latency = kthSmallest(own, Math.ceil(0.95 * own.length) - 1);
    }
    const key = keyOfGroup[group]!;
    result.set(key === -1 ? null : key, totals);
  }
  return result;
}
