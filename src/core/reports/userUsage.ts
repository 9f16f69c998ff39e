/**
 * User Usage (per user over a day or range). total_tokens = input + output + cache read + cache write
 * (reasoning tokens are part of output, as providers report them). usage_duration_ms is the length of
 * the union of the user's run intervals [ts, ts + latency): parallel runs are not counted twice and
 * runs without a latency add nothing; empty when none of the user's runs has a latency.
 */
import type { SqlRunner } from '../sql';
import { isoWithOffset, type TimeRange } from '../timeframe';
import { num, text } from './numbers';
import { eventScope, type Cell, type ReportQuery } from './query';
import { noUserLabel } from './users';

function usageDurations(db: SqlRunner, scope: ReturnType<typeof eventScope>): Map<string, number> {
  const timed = new Set<string>();
  const durations = new Map<string, number>();
  let currentUser: string | undefined;
  let spanStart = 0;
  let spanEnd = 0;
  let total = 0;
  const flush = () => {
    if (currentUser !== undefined) durations.set(currentUser, total + (spanEnd - spanStart));
  };
  db.each(
    `${scope.with}SELECT e.user_key, e.ts, e.latency_ms FROM events e WHERE ${scope.where} ORDER BY e.user_key, e.ts`,
    scope.params,
    ([userKey, ts, latency]) => {
      const user = String(userKey);
      if (latency !== null) timed.add(user);
      const start = Number(ts);
      const end = start + Number(latency);
      if (user !== currentUser) {
        flush();
        currentUser = user;
        total = 0;
        spanStart = start;
        spanEnd = end;
      } else if (start > spanEnd) {
        total += spanEnd - spanStart;
        spanStart = start;
        spanEnd = end;
      } else if (end > spanEnd) {
        spanEnd = end;
      }
    },
  );
  flush();
  for (const user of durations.keys()) if (!timed.has(user)) durations.delete(user);
  return durations;
}

export function userUsageReport(db: SqlRunner, query: ReportQuery, range: TimeRange, timeZone: string): Cell[][] {
  const scope = eventScope(range, query.filters, { target: 'user', text: query.search });
  const durations = usageDurations(db, scope);
  const rows = db.all(
    `${scope.with}SELECT e.user_key, u.name, u.email, u.user_id, SUM(e.requests), SUM(e.input_tokens), SUM(e.output_tokens),
       SUM(COALESCE(e.input_tokens, 0) + COALESCE(e.output_tokens, 0) + COALESCE(e.cache_read_tokens, 0) + COALESCE(e.cache_write_tokens, 0)),
       MIN(e.ts), MAX(e.ts)
     FROM events e LEFT JOIN users u ON u.user_key = e.user_key
     WHERE ${scope.where} GROUP BY e.user_key ORDER BY u.user_id`,
    scope.params,
  );
  return rows.map(([userKey, name, email, userId, requests, input, output, totalTokens, first, last]) => [
    text(name) ?? (userKey === null ? noUserLabel : null),
    text(email),
    text(userId),
    Number(requests),
    num(input),
    num(output),
    Number(totalTokens),
    durations.has(String(userKey)) ? Math.round(durations.get(String(userKey))!) : null,
    isoWithOffset(Number(first), timeZone),
    isoWithOffset(Number(last), timeZone),
  ]);
}
