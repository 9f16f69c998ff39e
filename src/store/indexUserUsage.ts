/**
 * User Usage's per-user figures (`UserUsagePass`) on the columnar index: each figure in a pass of its own over
 * the selected rows, which come in time order, so each user's runs are swept into their union as they come
 * (`IntervalUnion`'s in-order steps) and the first and last event are the first and last row seen. On a large
 * pass the figure thread sweeps the runs' union (figureTask.ts) while this thread adds up the rest, and takes it
 * back if the thread has not begun. (The total tokens there too would need four more of the index's columns in
 * shared memory: 30–40 MB more at the peak of a million events' import, for ~15 ms of a report.)
 */
import type { Database } from 'sql.js';
import type { PassScope, UserUsageFigures, UserUsagePass } from '../core/sql';
import type { EventIndex } from './eventIndex';
import type { SentFigures } from './figureThread';
import type { FigureResults, ThreadFigure } from './figureTask';
import { runUnions, type GroupsSeen } from './groupFigurePasses';
import { sendToFigureThread, sharesWithFigureThread } from './indexFigureThread';
import { denseGroups, plainSums, selectedValues, valueOf, type Grouping } from './indexSums';

/** `figureThreadFromRows`: a pass over this many selected rows or more has the figure thread take a share; null: never. */
export function userUsagePassOn(index: EventIndex, db: Database, figureThreadFromRows: number | null = null): UserUsagePass {
  return (scope) => userUsageFigures(index, db, scope, figureThreadFromRows);
}

function userUsageFigures(index: EventIndex, db: Database, scope: PassScope, figureThreadFromRows: number | null): Map<number | null, UserUsageFigures> {
  const grouping = denseGroups(index.select(db, scope), index.keys.user_key, index.largestKey('user_key'));
  const column = (values: Float64Array) => selectedValues(values, grouping);
  const { numbers } = index;
  const sent = sharesWithFigureThread(grouping, figureThreadFromRows) ? sendToFigureThread(index, ['runUnions'], grouping) : null;
  const plainSumOf = (name: 'requests' | 'input_tokens' | 'output_tokens') => plainSums(column(numbers[name]), index.facts(name).complete, grouping);
  const ts = column(numbers.ts);
  const requests = plainSumOf('requests');
  const input = plainSumOf('input_tokens');
  const output = plainSumOf('output_tokens');
  const { first, last } = firstAndLast(ts, grouping);
  const tokens = totalTokens(column(numbers.input_tokens), column(numbers.output_tokens), column(numbers.cache_read_tokens), column(numbers.cache_write_tokens), grouping);
  const duration = fromThreadOr(sent, 'runUnions', (results) => results.runUnions, () => runUnions(ts, column(numbers.latency_ms), grouping));
  const result = new Map<number | null, UserUsageFigures>();
  grouping.keyOfGroup.forEach((key, group) => {
    result.set(key === -1 ? null : key, {
      requests: valueOf(requests, group),
      input: valueOf(input, group),
      output: valueOf(output, group),
      totalTokens: valueOf(tokens, group),
      first: first[group]!,
      last: last[group]!,
      duration: valueOf(duration, group),
    });
  });
  return result;
}

/** The figure as the thread added it up, when it was sent and not taken back (nor failed); else added up here. */
function fromThreadOr(sent: SentFigures | null, figure: ThreadFigure, read: (results: FigureResults) => GroupsSeen, addUp: () => GroupsSeen): GroupsSeen {
  if (sent === null || sent.takeBack(figure)) return addUp();
  const results = sent.results(figure);
  return results === null ? addUp() : read(results);
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

/** knownSum's rule: each event's known counts added in this order, then added to its user's total. */
function totalTokens(input: Float64Array, output: Float64Array, cacheRead: Float64Array, cacheWrite: Float64Array, { groupOfRow, keyOfGroup }: Grouping): GroupsSeen {
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
