/**
 * User Usage (per user over a day or range). total_tokens = input + output + cache read + cache write
 * (reasoning tokens are part of output, as providers report them), empty when no run reports any of them. usage_duration_ms is the length of
 * the union of the user's run intervals [ts, ts + latency): parallel runs are not counted twice and
 * runs without a latency add nothing; empty when none of the user's runs has a latency.
 */
import type { PassScope, SqlRunner, UserUsageFigures } from '../sql';
import { isoWithOffset, type TimeRange } from '../timeframe';
import { IntegerSum } from './groupTotals';
import { text } from './numbers';
import { eachEvent } from './eventPass';
import type { Cell, ReportQuery } from './query';
import { noUserLabel } from './users';

/**
 * The length of the union of intervals [start, end). Runs usually come in time order: then the union is
 * swept as they arrive and nothing is sorted; the first interval that starts earlier than the one before
 * makes it sort them all once at the end (their starts and ends are kept as numbers, not as pairs).
 */
export class IntervalUnion {
  private total = 0;
  private spanStart = NaN;
  private spanEnd = NaN;
  private lastStart = -Infinity;
  private outOfOrder = false;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
    if (this.outOfOrder) return;
    if (start < this.lastStart) {
      this.outOfOrder = true;
      return;
    }
    this.lastStart = start;
    if (Number.isNaN(this.spanStart)) [this.spanStart, this.spanEnd] = [start, end];
    else if (start > this.spanEnd) {
      this.total += this.spanEnd - this.spanStart;
      [this.spanStart, this.spanEnd] = [start, end];
    } else if (end > this.spanEnd) this.spanEnd = end;
  }

  /** null when no interval was added */
  get length(): number | null {
    if (this.starts.length === 0) return null;
    if (!this.outOfOrder) return this.total + (this.spanEnd - this.spanStart);
    // swept again in start order
    const { starts, ends } = this;
    const sorted = new IntervalUnion();
    for (const i of Array.from(starts.keys()).sort((a, b) => starts[a]! - starts[b]! || a - b)) sorted.add(starts[i]!, ends[i]!);
    return sorted.length;
  }
}

/** The sum of the counts that are known, in this order; null when none is. */
function knownSum(...counts: (number | null)[]): number | null {
  let sum: number | null = null;
  for (const count of counts) if (count !== null) sum = (sum ?? 0) + count;
  return sum;
}

class UserTotals {
  /** empty when none of the user's events has a request count */
  readonly requests = new IntegerSum();
  readonly totalTokens = new IntegerSum();
  first = Infinity;
  last = -Infinity;
  readonly input = new IntegerSum();
  readonly output = new IntegerSum();
  /** run intervals [start, end) of the runs that have a latency */
  readonly runs = new IntervalUnion();
}

/** The columns User Usage reads, in the order `userUsageOnRows` takes them. */
const userUsageColumns = ['user_key', 'ts', 'latency_ms', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens'] as const;

/** Per-user figures, added up row by row over `eachEvent`. */
export function userUsageOnRows(db: SqlRunner, scope: PassScope): Map<number | null, UserUsageFigures> {
  const groups = new Map<number | null, UserTotals>();
  eachEvent(db, scope, userUsageColumns, ([userKey, ts, latency, requests, input, output, cacheRead, cacheWrite]) => {
    const key = userKey as number | null;
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = new UserTotals()));
    const start = ts as number;
    totals.requests.add(requests as number | null);
    totals.input.add(input as number | null);
    totals.output.add(output as number | null);
    totals.totalTokens.add(knownSum(input as number | null, output as number | null, cacheRead as number | null, cacheWrite as number | null));
    if (start < totals.first) totals.first = start;
    if (start > totals.last) totals.last = start;
    if (latency !== null) totals.runs.add(start, start + (latency as number));
  });
  const figures = new Map<number | null, UserUsageFigures>();
  for (const [key, totals] of groups) {
    figures.set(key, {
      requests: totals.requests.value,
      input: totals.input.value,
      output: totals.output.value,
      totalTokens: totals.totalTokens.value,
      first: totals.first,
      last: totals.last,
      duration: totals.runs.length,
    });
  }
  return figures;
}

export function userUsageReport(db: SqlRunner, query: ReportQuery, range: TimeRange, timeZone: string): Cell[][] {
  const scope: PassScope = { range, filters: query.filters, search: { target: 'user', text: query.search } };
  const groups = db.userUsagePass ? db.userUsagePass(scope) : userUsageOnRows(db, scope);
  const users = new Map(db.all('SELECT user_key, name, email, user_id FROM users').map((row) => [Number(row[0]), row]));
  const ordered = [...groups.keys()].sort((a, b) => {
    const idA = a === null ? null : String(users.get(a)?.[3]);
    const idB = b === null ? null : String(users.get(b)?.[3]);
    return idA === idB ? 0 : idA === null ? -1 : idB === null ? 1 : idA < idB ? -1 : 1;
  });
  return ordered.map((userKey) => {
    const totals = groups.get(userKey)!;
    const [, name, email, userId] = userKey === null ? [] : (users.get(userKey) ?? []);
    const duration = totals.duration;
    return [
      text(name) ?? (userKey === null ? noUserLabel : null),
      text(email),
      text(userId),
      totals.requests,
      totals.input,
      totals.output,
      totals.totalTokens,
      duration === null ? null : Math.round(duration),
      isoWithOffset(totals.first, timeZone),
      isoWithOffset(totals.last, timeZone),
    ];
  });
}
