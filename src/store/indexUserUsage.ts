/**
 * User Usage's per-user figures (`UserUsagePass`) on the columnar index: each figure in a pass of its own over
 * the selected rows, which come in time order, so each user's runs are swept into their union as they come
 * (`IntervalUnion`'s in-order steps) and the first and last event are the first and last row seen.
 */
import type { Database } from 'sql.js';
import type { PassScope, UserUsageFigures, UserUsagePass } from '../core/sql';
import type { EventIndex } from './eventIndex';
import { denseGroups, plainSums, selectedValues, valueOf, type Grouping, type PerGroup } from './indexSums';

export function userUsagePassOn(index: EventIndex, db: Database): UserUsagePass {
  return (scope) => userUsageFigures(index, db, scope);
}

function userUsageFigures(index: EventIndex, db: Database, scope: PassScope): Map<number | null, UserUsageFigures> {
  const grouping = denseGroups(index.select(db, scope), index.keys.user_key, index.largestKey('user_key'));
  const column = (values: Float64Array) => selectedValues(values, grouping);
  const plainSumOf = (name: 'requests' | 'input_tokens' | 'output_tokens') => plainSums(column(index.numbers[name]), index.facts(name).complete, grouping);
  const { numbers } = index;
  const ts = column(numbers.ts);
  const input = column(numbers.input_tokens);
  const output = column(numbers.output_tokens);
  const figures = {
    requests: plainSumOf('requests'),
    input: plainSumOf('input_tokens'),
    output: plainSumOf('output_tokens'),
    totalTokens: totalTokens(input, output, column(numbers.cache_read_tokens), column(numbers.cache_write_tokens), grouping),
    ...firstAndLast(ts, grouping),
    duration: runUnions(ts, column(numbers.latency_ms), grouping),
  };
  const result = new Map<number | null, UserUsageFigures>();
  grouping.keyOfGroup.forEach((key, group) => {
    result.set(key === -1 ? null : key, {
      requests: valueOf(figures.requests, group),
      input: valueOf(figures.input, group),
      output: valueOf(figures.output, group),
      totalTokens: valueOf(figures.totalTokens, group),
      first: figures.first[group]!,
      last: figures.last[group]!,
      duration: valueOf(figures.duration, group),
    });
  });
  return result;
}

/** knownSum's rule: each event's known counts added in this order, then added to its user's total. */
function totalTokens(input: Float64Array, output: Float64Array, cacheRead: Float64Array, cacheWrite: Float64Array, { groupOfRow, keyOfGroup }: Grouping): PerGroup {
  const sums = new Float64Array(keyOfGroup.length);
  const seen = new Uint8Array(keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) {
    // written out, not a helper closing over `event`: that closure was a heap object per row (a fifth of the report's time went to it and its garbage)
    const a = input[s]!;
    const b = output[s]!;
    const c = cacheRead[s]!;
    const d = cacheWrite[s]!;
    let event = NaN;
    if (a === a) event = (event === event ? event : 0) + a;
    if (b === b) event = (event === event ? event : 0) + b;
    if (c === c) event = (event === event ? event : 0) + c;
    if (d === d) event = (event === event ? event : 0) + d;
    if (event === event) {
      const group = groupOfRow[s]!;
      sums[group]! += event;
      seen[group] = 1;
    }
  }
  return { sums, seen };
}

function firstAndLast(ts: Float64Array, { groupOfRow, keyOfGroup }: Grouping): { first: Float64Array; last: Float64Array } {
  const first = new Float64Array(keyOfGroup.length).fill(NaN);
  const last = new Float64Array(keyOfGroup.length);
  for (let s = 0; s < groupOfRow.length; s++) {
    const group = groupOfRow[s]!;
    if (first[group] !== first[group]) first[group] = ts[s]!;
    last[group] = ts[s]!;
  }
  return { first, last };
}

/** Per user, the length of the union of [ts, ts + latency) over the rows with a latency, swept in time order. */
function runUnions(ts: Float64Array, latencies: Float64Array, { groupOfRow, keyOfGroup }: Grouping): PerGroup {
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
