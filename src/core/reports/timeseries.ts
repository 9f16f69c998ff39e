/**
 * Runs, tokens (input + output) and credits per day, week or month in the report's time zone,
 * optionally split by agent, user or model (the top 8 by runs, the rest summed as "Other").
 */
import type { SqlRunner, SqlValue } from '../sql';
import { bucketStarts, type Granularity, type TimeContext, type TimeRange } from '../timeframe';
import { money, num } from './numbers';
import { eventScope, type ReportFilters, type SearchTarget } from './query';

export type SplitBy = 'agent' | 'user' | 'model';

export interface SeriesQuery {
  range: TimeRange;
  granularity: Granularity;
  filters?: ReportFilters;
  splitBy?: SplitBy;
  search?: { target: SearchTarget; text?: string };
}

export interface Series {
  key: string;
  label: string;
  runs: number[];
  tokens: number[];
  credits: (number | null)[];
}

export interface TimeSeries {
  granularity: Granularity;
  /** bucket i is [bucketStarts[i], bucketStarts[i + 1]) */
  bucketStarts: number[];
  series: Series[];
}

export const maxSplitSeries = 8;

const splitSql: Record<SplitBy, { key: string; label: string; join: string }> = {
  agent: { key: 'd.agent_id', label: 'COALESCE(d.name, d.agent_id)', join: 'LEFT JOIN agents d ON d.agent_key = e.agent_key' },
  user: { key: 'd.user_id', label: 'COALESCE(d.email, d.user_id)', join: 'LEFT JOIN users d ON d.user_key = e.user_key' },
  model: { key: 'd.name', label: 'd.name', join: 'LEFT JOIN models d ON d.model_key = e.model_key' },
};

function dataBounds(db: SqlRunner, range: TimeRange): TimeRange | null {
  const [[first, last] = []] = db.all('SELECT MIN(ts), MAX(ts) FROM events WHERE ts >= ? AND ts < ?', [range.start, range.end]);
  if (first === null || first === undefined) return null;
  return { start: Number(first), end: Number(last) + 1 };
}

export function timeSeries(db: SqlRunner, query: SeriesQuery, ctx: Pick<TimeContext, 'timeZone' | 'weekStartsOn'>): TimeSeries {
  const bounded = query.range.start === 0 ? dataBounds(db, query.range) : query.range;
  if (!bounded || bounded.end <= bounded.start) return { granularity: query.granularity, bucketStarts: [], series: [] };
  const starts = bucketStarts(bounded, query.granularity, ctx);
  const scope = eventScope(query.range, query.filters, query.search);
  const bucketCount = starts.length - 1;
  const values = starts.slice(0, -1).map((start, i) => `(${i}, ${start}, ${starts[i + 1]})`).join(', ');
  const split = query.splitBy ? splitSql[query.splitBy] : null;
  const sql = `${scope.with ? `${scope.with.slice(0, -1)}, ` : 'WITH '}b(i, s, t) AS (VALUES ${values})
    SELECT b.i, ${split ? `${split.key}, ${split.label}` : "'all', 'All'"},
      SUM(e.requests), SUM(COALESCE(e.input_tokens, 0) + COALESCE(e.output_tokens, 0)), SUM(e.credits)
    FROM b JOIN events e ON e.ts >= b.s AND e.ts < b.t ${split ? split.join : ''}
    WHERE ${scope.where} GROUP BY b.i${split ? `, ${split.key}` : ''}`;
  const byKey = new Map<string, Series & { total: number }>();
  const newSeries = (key: string, label: string) => ({
    key, label, total: 0,
    runs: new Array<number>(bucketCount).fill(0), tokens: new Array<number>(bucketCount).fill(0),
    credits: new Array<number | null>(bucketCount).fill(null),
  });
  db.each(sql, scope.params as SqlValue[], ([bucket, key, label, runs, tokens, credits]) => {
    const id = String(key);
    let series = byKey.get(id);
    if (!series) byKey.set(id, (series = newSeries(id, label === null ? `(none)` : String(label))));
    const i = Number(bucket);
    series.runs[i] = Number(runs);
    series.tokens[i] = Number(tokens);
    series.credits[i] = money(num(credits));
    series.total += Number(runs);
  });
  const ranked = [...byKey.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'en'));
  const kept = ranked.slice(0, maxSplitSeries);
  const rest = ranked.slice(maxSplitSeries);
  if (rest.length > 0) {
    const other = newSeries('other', `Other (${rest.length})`);
    for (const series of rest) {
      for (let i = 0; i < bucketCount; i++) {
        other.runs[i]! += series.runs[i]!;
        other.tokens[i]! += series.tokens[i]!;
        const credit = series.credits[i] ?? null;
        if (credit !== null) other.credits[i] = money((other.credits[i] ?? 0) + credit);
      }
    }
    kept.push(other);
  }
  return { granularity: query.granularity, bucketStarts: starts, series: kept.map(({ total: _total, ...series }) => series) };
}
