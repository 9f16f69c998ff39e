/**
 * The passes behind the figures that the figure thread can take (figureTask.ts): of a group pass, distinct values
 * per group, p95 latencies, runs with a session and error runs, and the latency counts they rest on; of User Usage,
 * the union of each user's runs. Each is a loop over the selected rows in time order, in the store's thread or the
 * figure thread alike.
 */
import { nearestRankP95 } from '../core/reports/numbers';
import { rowsPerTurn, type Grouping } from './indexSums';
import { overwrittenFloat64, zeroedInt32, zeroedUint8 } from './scratch';

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
    this.table = groups * values <= tableLimit ? zeroedUint8(groups * values) : null;
    this.owner = zeroedInt32(this.table ? 0 : values);
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

/** Each group's count of values (not NaN). */
export function presentCounts(values: Float64Array, { groupOfRow, keyOfGroup }: Grouping): Int32Array {
  const counts = new Int32Array(keyOfGroup.length);
  const count = groupOfRow.length;
  const turnsEnd = count - (count % rowsPerTurn);
  let s = 0;
  for (; s < turnsEnd; s += rowsPerTurn) {
    if (values[s] === values[s] && values[s + 1] === values[s + 1] && values[s + 2] === values[s + 2] && values[s + 3] === values[s + 3]) {
      counts[groupOfRow[s]!]!++;
      counts[groupOfRow[s + 1]!]!++;
      counts[groupOfRow[s + 2]!]!++;
      counts[groupOfRow[s + 3]!]!++;
    } else for (let row = s; row < s + rowsPerTurn; row++) if (values[row] === values[row]) counts[groupOfRow[row]!]!++;
  }
  for (; s < count; s++) if (values[s] === values[s]) counts[groupOfRow[s]!]!++;
  return counts;
}

/** Runs of rows with a session, and runs of rows with status error (runs unknown in a row add nothing). */
export function runsWithSessionAndErrors(requests: Float64Array, sessions: Int32Array, statuses: Int32Array, errorCode: number, { groupOfRow, keyOfGroup }: Grouping) {
  const sessionRuns = new Float64Array(keyOfGroup.length);
  const sessionSeen = new Uint8Array(keyOfGroup.length);
  const errorRuns = new Float64Array(keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) {
    const runs = requests[s]!;
    if (runs !== runs) continue;
    const group = groupOfRow[s]!;
    if (sessions[s] !== 0) {
      sessionRuns[group]! += runs;
      sessionSeen[group] = 1;
    }
    if (statuses[s] === errorCode) errorRuns[group]! += runs;
  }
  return { sessionRuns: { sums: sessionRuns, seen: sessionSeen }, errorRuns };
}

/** Distinct values per group; `none` (NULL) is not a value. */
export function distinctPerGroup(codes: Int32Array, none: number, values: number, { groupOfRow, keyOfGroup }: Grouping): Int32Array {
  const distinct = new DistinctPerGroup(values, keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) {
    const code = codes[s]!;
    if (code !== none) distinct.see(groupOfRow[s]!, code);
  }
  return distinct.counts;
}

/** Each group's latencies side by side, in time order, for its p95; group g's from `starts[g]` to `starts[g + 1]`. */
function latenciesPerGroup(latencies: Float64Array, { groupOfRow, keyOfGroup }: Grouping, counts: Int32Array) {
  const groups = keyOfGroup.length;
  const starts = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) starts[group + 1] = starts[group]! + counts[group]!;
  const gathered = overwrittenFloat64(starts[groups]!);
  const next = starts.slice(0, groups);
  for (let s = 0; s < groupOfRow.length; s++) {
    const latency = latencies[s]!;
    if (latency === latency) gathered[next[groupOfRow[s]!]!++] = latency;
  }
  return { starts, gathered };
}

/** Each group's p95 latency, nearest rank; NaN for a group without a latency. `counts`: each group's latencies. */
export function p95PerGroup(latencies: Float64Array, grouping: Grouping, counts: Int32Array): Float64Array {
  const { starts, gathered } = latenciesPerGroup(latencies, grouping, counts);
  const p95s = new Float64Array(counts.length);
  for (let group = 0; group < counts.length; group++) p95s[group] = nearestRankP95(gathered.subarray(starts[group]!, starts[group + 1]!)) ?? NaN;
  return p95s;
}

/** Per-group sums with whether each group had a value. */
export interface GroupsSeen {
  sums: Float64Array;
  seen: Uint8Array;
}

/** Per user, the length of the union of [ts, ts + latency) over the rows with a latency, swept in time order. */
export function runUnions(ts: Float64Array, latencies: Float64Array, { groupOfRow, keyOfGroup }: Grouping): GroupsSeen {
  const groups = keyOfGroup.length;
  const totals = new Float64Array(groups);
  const spanStarts = new Float64Array(groups).fill(NaN);
  const spanEnds = new Float64Array(groups);
  for (let s = 0; s < groupOfRow.length; s++) {
    const latency = latencies[s]!;
    if (latency !== latency) continue;
    const group = groupOfRow[s]!;
    const start = ts[s]!;
    const end = start + latency;
    if (spanStarts[group] !== spanStarts[group]) {
      spanStarts[group] = start;
      spanEnds[group] = end;
    } else if (start > spanEnds[group]!) {
      totals[group]! += spanEnds[group]! - spanStarts[group]!;
      spanStarts[group] = start;
      spanEnds[group] = end;
    } else if (end > spanEnds[group]!) spanEnds[group] = end;
  }
  const seen = new Uint8Array(groups);
  for (let group = 0; group < groups; group++) {
    if (spanStarts[group] !== spanStarts[group]) continue;
    totals[group] = totals[group]! + (spanEnds[group]! - spanStarts[group]!);
    seen[group] = 1;
  }
  return { sums: totals, seen };
}
