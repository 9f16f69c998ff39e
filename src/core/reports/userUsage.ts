/**
 * User Usage (per user over a day or range). total_tokens = input + output + cache read + cache write
 * (reasoning tokens are part of output, as providers report them), empty when no run reports any of them. usage_duration_ms is the length of
 * the union of the user's run intervals [ts, ts + latency): parallel runs are not counted twice and
 * runs without a latency add nothing; empty when none of the user's runs has a latency.
 */
import type { SqlRunner } from '../sql';
import { isoWithOffset, type TimeRange } from '../timeframe';
import { IntegerSum } from './groupTotals';
import { text } from './numbers';
import { eachEvent } from './eventPass';
import type { Cell, ReportQuery } from './query';
import { noUserLabel } from './users';

class UserTotals {
  /** empty when none of the user's events has a request count */
  readonly requests = new IntegerSum();
  readonly totalTokens = new IntegerSum();
  first = Infinity;
  last = -Infinity;
  readonly input = new IntegerSum();
  readonly output = new IntegerSum();
  /** run intervals [start, end) of the runs that have a latency */
  readonly intervals: [number, number][] = [];
}

function unionLength(intervals: [number, number][]): number | null {
  if (intervals.length === 0) return null;
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [spanStart, spanEnd] = intervals[0]!;
  for (const [start, end] of intervals) {
    if (start > spanEnd) {
      total += spanEnd - spanStart;
      spanStart = start;
      spanEnd = end;
    } else if (end > spanEnd) spanEnd = end;
  }
  return total + (spanEnd - spanStart);
}

export function userUsageReport(db: SqlRunner, query: ReportQuery, range: TimeRange, timeZone: string): Cell[][] {
  const groups = new Map<number | null, UserTotals>();
  eachEvent(
    db,
    { range, filters: query.filters, search: { target: 'user', text: query.search } },
    ['user_key', 'ts', 'latency_ms', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens'],
    ([userKey, ts, latency, requests, input, output, cacheRead, cacheWrite]) => {
      const key = userKey as number | null;
      let totals = groups.get(key);
      if (!totals) groups.set(key, (totals = new UserTotals()));
      const start = ts as number;
      totals.requests.add(requests as number | null);
      totals.input.add(input as number | null);
      totals.output.add(output as number | null);
      const tokenCounts = [input, output, cacheRead, cacheWrite].filter((count) => count !== null) as number[];
      totals.totalTokens.add(tokenCounts.length === 0 ? null : tokenCounts.reduce((sum, count) => sum + count, 0));
      if (start < totals.first) totals.first = start;
      if (start > totals.last) totals.last = start;
      if (latency !== null) totals.intervals.push([start, start + (latency as number)]);
    },
  );
  const users = new Map(db.all('SELECT user_key, name, email, user_id FROM users').map((row) => [Number(row[0]), row]));
  const ordered = [...groups.keys()].sort((a, b) => {
    const idA = a === null ? null : String(users.get(a)?.[3]);
    const idB = b === null ? null : String(users.get(b)?.[3]);
    return idA === idB ? 0 : idA === null ? -1 : idB === null ? 1 : idA < idB ? -1 : 1;
  });
  return ordered.map((userKey) => {
    const totals = groups.get(userKey)!;
    const [, name, email, userId] = userKey === null ? [] : (users.get(userKey) ?? []);
    const duration = unionLength(totals.intervals);
    return [
      text(name) ?? (userKey === null ? noUserLabel : null),
      text(email),
      text(userId),
      totals.requests.value,
      totals.input.value,
      totals.output.value,
      totals.totalTokens.value,
      duration === null ? null : Math.round(duration),
      isoWithOffset(totals.first, timeZone),
      isoWithOffset(totals.last, timeZone),
    ];
  });
}
