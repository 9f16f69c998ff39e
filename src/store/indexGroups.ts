/**
 * Per-group totals (`groupEvents`) added up on the columnar index: the selected rows are put in group order
 * by a counting sort that keeps each group's rows in time order, so every sum adds up in the order the
 * row-by-row pass adds it (and gives the same figures); distinct sessions, users and agents are counted by
 * marking, and p95 is found by selection.
 */
import type { Database } from 'sql.js';
import { chooseCost } from '../core/pricing/costMode';
import { CompensatedSum, IntegerSum, type EventTotals } from '../core/reports/groupTotals';
import { kthSmallest, ratio } from '../core/reports/numbers';
import type { GroupBy, GroupPass, PassScope } from '../core/sql';
import type { CostMode } from '../shared/results';
import type { EventIndex } from './eventIndex';

class IndexedTotals implements EventTotals {
  rows = 0;
  errorRuns = 0;
  readonly runs = new IntegerSum();
  readonly sessionRuns = new IntegerSum();
  readonly sessions = { size: 0 };
  readonly users = { size: 0 };
  readonly agents = { size: 0 };
  readonly credits = new CompensatedSum();
  readonly cost = new CompensatedSum();
  readonly costReported = new CompensatedSum();
  readonly costEstimated = new CompensatedSum();
  readonly input = new IntegerSum();
  readonly output = new IntegerSum();
  readonly cacheRead = new IntegerSum();
  readonly cacheWrite = new IntegerSum();
  readonly reasoning = new IntegerSum();
  readonly latencySum = new CompensatedSum();
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

const known = (value: number) => (Number.isNaN(value) ? null : value);

/** Where a group's integer sums sit in its sums array: runs, runs of events with a session, then input … reasoning tokens. */
const [runsSum, sessionRunsSum, firstTokenSum] = [0, 1, 2];
const sumCount = firstTokenSum + 5;

function largest(values: Int32Array): number {
  let max = -1;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

export function groupPassOn(index: EventIndex, db: Database): GroupPass {
  return (scope, groupBy, costMode) => groupTotals(index, db, scope, groupBy, costMode);
}

function groupTotals(index: EventIndex, db: Database, scope: PassScope, groupBy: GroupBy, costMode: CostMode): Map<number | null, EventTotals> {
  const selected = index.select(db, scope);
  const groupKeys = groupBy === 'org' ? index.effectiveOrgs(db) : index.keys[groupBy];

  // dense group ids in order of first appearance (a key k is at k + 1 of the lookup, NULL at 0)
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
  // counting sort: each group's rows together, in time order
  const starts = new Int32Array(keyOfGroup.length + 1);
  for (let s = 0; s < selected.length; s++) starts[groupOfRow[s]! + 1]!++;
  for (let group = 0; group < keyOfGroup.length; group++) starts[group + 1]! += starts[group]!;
  const next = starts.slice(0, keyOfGroup.length);
  const ordered = new Int32Array(selected.length);
  for (let s = 0; s < selected.length; s++) ordered[next[groupOfRow[s]!]!++] = selected[s]!;

  const { requests, credits, cost_reported_usd: reportedCosts, cost_estimated_usd: estimatedCosts, input_tokens: inputs, output_tokens: outputs,
    cache_read_tokens: cacheReads, cache_write_tokens: cacheWrites, reasoning_tokens: reasonings, latency_ms: latencies } = index.numbers;
  const { user_key: users, agent_key: agents, model_key: models } = index.keys;
  const { status, session_id: sessions } = index.texts;
  const errorCode = status.values.indexOf('error');
  // a session, user or agent is counted once per group: marked with the group's stamp when first seen
  const sessionMarks = new Int32Array(sessions.values.length);
  const userMarks = new Int32Array(largest(users) + 1);
  const agentMarks = new Int32Array(largest(agents) + 1);
  const latencyScratch = new Float64Array(selected.length);
  const tokenColumns = [inputs, outputs, cacheReads, cacheWrites, reasonings];

  const modelRuns = new Float64Array(largest(models) + 2);
  const modelSeen = new Int32Array(modelRuns.length);
  const result = new Map<number | null, EventTotals>();
  for (let group = 0; group < keyOfGroup.length; group++) {
    const totals = new IndexedTotals();
    const stamp = group + 1;
    // sums kept in locals (a number field that may be null would box every value), handed over at the end
    const sums = new Float64Array(sumCount);
    const seen = new Uint8Array(sumCount);
    let [rows, errorRuns, sessionCount, userCount, agentCount, latencyCount] = [0, 0, 0, 0, 0, 0];
    const modelsInOrder: number[] = [];
    for (let at = starts[group]!; at < starts[group + 1]!; at++) {
      const i = ordered[at]!;
      rows++;
      const runs = requests[i]!;
      const counted = !Number.isNaN(runs);
      if (counted) {
        sums[runsSum]! += runs;
        seen[runsSum] = 1;
        if (status.codes[i] === errorCode) errorRuns += runs;
      }
      const session = sessions.codes[i]!;
      if (session !== 0) {
        if (sessionMarks[session] !== stamp) {
          sessionMarks[session] = stamp;
          sessionCount++;
        }
        if (counted) {
          sums[sessionRunsSum]! += runs;
          seen[sessionRunsSum] = 1;
        }
      }
      const user = users[i]!;
      if (user !== -1 && userMarks[user] !== stamp) {
        userMarks[user] = stamp;
        userCount++;
      }
      const agent = agents[i]!;
      if (agent !== -1 && agentMarks[agent] !== stamp) {
        agentMarks[agent] = stamp;
        agentCount++;
      }
      const modelSlot = models[i]! + 1;
      if (modelSeen[modelSlot] !== stamp) {
        modelSeen[modelSlot] = stamp;
        modelRuns[modelSlot] = 0;
        modelsInOrder.push(modelSlot);
      }
      if (counted) modelRuns[modelSlot]! += runs;
      for (let kind = 0; kind < tokenColumns.length; kind++) {
        const count = tokenColumns[kind]![i]!;
        if (!Number.isNaN(count)) {
          sums[firstTokenSum + kind]! += count;
          seen[firstTokenSum + kind] = 1;
        }
      }
      totals.credits.add(known(credits[i]!));
      const reported = known(reportedCosts[i]!);
      const estimated = known(estimatedCosts[i]!);
      totals.costReported.add(reported);
      totals.costEstimated.add(estimated);
      totals.cost.add(chooseCost(costMode, reported, estimated));
      const latency = latencies[i]!;
      if (!Number.isNaN(latency)) {
        totals.latencySum.add(latency);
        latencyScratch[latencyCount++] = latency;
      }
    }
    const figure = (sum: number) => (seen[sum] === 1 ? sums[sum]! : null);
    Object.assign(totals, { rows, errorRuns, latencies: latencyCount });
    totals.runs.value = figure(runsSum);
    totals.sessionRuns.value = figure(sessionRunsSum);
    [totals.input, totals.output, totals.cacheRead, totals.cacheWrite, totals.reasoning].forEach((sum, kind) => (sum.value = figure(firstTokenSum + kind)));
    totals.sessions.size = sessionCount;
    totals.users.size = userCount;
    totals.agents.size = agentCount;
    for (const slot of modelsInOrder) totals.modelRuns.set(slot === 0 ? null : slot - 1, modelRuns[slot]!);
    if (latencyCount > 0) totals.p95Latency = kthSmallest(latencyScratch.subarray(0, latencyCount), Math.ceil(0.95 * latencyCount) - 1);
    const key = keyOfGroup[group]!;
    result.set(key === -1 ? null : key, totals);
  }
  return result;
}
