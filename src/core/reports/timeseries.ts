/**
 * Runs, tokens (input + output) and credits per hour, day, week or month in the report's time zone,
 * optionally split by agent, user or model (the top 8 by runs, the rest summed as "Other"). Every
 * bucket of the window is there, empty ones as zeros; runs, tokens and credits of a bucket whose events all
 * lack them (bill lines have no request count) are empty (null). With `detail`, each token kind and the cost (in the cost mode) per bucket too.
 */
import { chooseCost } from '../pricing/costMode';
import type { EventColumn, PassScope, SqlRunner } from '../sql';
import { bucketStarts, type Granularity, type TimeContext, type TimeRange } from '../timeframe';
import { CompensatedSum, IntegerSum } from './groupTotals';
import { money, sumOverRows } from './numbers';
import { defaultCostMode, type CostMode, type SearchScope, type Series, type SeriesDetail, type SplitBy, type TimeSeries } from '../../shared/results';
import { eachEvent } from './eventPass';
import { eventSpan } from './eventSpan';
import type { ReportFilters } from './query';
import { knownTokens } from './tokens';

export type { Series, SplitBy, TimeSeries } from '../../shared/results';

export interface SeriesQuery {
  range: TimeRange;
  granularity: Granularity;
  filters?: ReportFilters;
  splitBy?: SplitBy;
  search?: SearchScope;
  /** which cost `detail.costUsd` holds; absent: auto */
  costMode?: CostMode;
  /** add each token kind and the cost per bucket */
  detail?: boolean;
}

export const maxSplitSeries = 8;

/** the event column that names a split's series, and where its id and label come from */
const splitSql: Record<SplitBy, { column: SeriesSplitColumn; labels: string }> = {
  agent: { column: 'agent_key', labels: 'SELECT agent_key, agent_id, COALESCE(name, agent_id) FROM agents' },
  user: { column: 'user_key', labels: 'SELECT user_key, user_id, COALESCE(email, user_id) FROM users' },
  model: { column: 'model_key', labels: 'SELECT model_key, name, name FROM models' },
};

/** What the pass reads: the bucket's time and sums, the token kinds and both costs for `detail`, then the split's key. */
const seriesColumns: readonly EventColumn[] = [
  'ts', 'requests', 'input_tokens', 'output_tokens', 'credits', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens',
  'cost_reported_usd', 'cost_estimated_usd',
];

/** index i of the bucket [starts[i], starts[i + 1]) holding ts, or -1 */
function bucketOf(starts: readonly number[], ts: number): number {
  let low = 0;
  let high = starts.length - 1;
  if (ts < starts[0]! || ts >= starts[high]!) return -1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! <= ts) low = middle;
    else high = middle;
  }
  return low;
}

/** From the first event in the range to just after the last. */
function dataBounds(db: SqlRunner, range: TimeRange): TimeRange | null {
  const { first, last } = eventSpan(db, range);
  return first === null || last === null ? null : { start: first, end: last + 1 };
}

/** One series' figures per bucket (null: the bucket's events all lack it) and its runs over the window (its rank). */
export interface SeriesSums {
  rows: number[];
  runs: (number | null)[];
  /** input + output, of the counts an event has */
  tokens: (number | null)[];
  credits: (number | null)[];
  total: number;
  /** input, output, cache read, cache write, reasoning tokens, and the cost in the mode; with `detail` only */
  detail: { tokens: (number | null)[][]; cost: (number | null)[] } | null;
}

/** The key column a split's series come from. */
export type SeriesSplitColumn = 'agent_key' | 'user_key' | 'model_key';

/**
 * Each series' figures per bucket, added up row by row over `eachEvent`: keyed by the split column's key (null:
 * unsplit, or no key), series in order of first appearance; events outside the buckets count nowhere.
 */
export function seriesOnRows(db: SqlRunner, scope: PassScope, starts: readonly number[], splitColumn: SeriesSplitColumn | null, costMode: CostMode, detailed: boolean) {
  const bucketCount = starts.length - 1;
  type Group = { runs: IntegerSum[]; tokens: IntegerSum[]; rows: number[]; credits: CompensatedSum[]; total: number; detail: DetailSums | null };
  const newGroup = (): Group => ({
    runs: Array.from({ length: bucketCount }, () => new IntegerSum()), tokens: Array.from({ length: bucketCount }, () => new IntegerSum()), rows: new Array<number>(bucketCount).fill(0),
    credits: Array.from({ length: bucketCount }, () => new CompensatedSum()), total: 0, detail: detailed ? newDetailSums(bucketCount) : null,
  });
  const groups = new Map<number | null, Group>();
  // One streamed pass with the bucket found in JS: a full scan beats one index range scan per bucket.
  const columns = splitColumn ? [...seriesColumns, splitColumn] : seriesColumns;
  eachEvent(db, scope, columns, (row) => {
    type Known = number | null;
    const [ts, runs, input, output, credits, cacheRead, cacheWrite, reasoning, reported, estimated] = row as [number, Known, Known, Known, Known, Known, Known, Known, Known, Known];
    const i = bucketOf(starts, ts);
    if (i === -1) return;
    const groupKey = splitColumn ? (row[seriesColumns.length] as number | null) : null;
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = newGroup()));
    group.runs[i]!.add(runs);
    group.tokens[i]!.add(knownTokens(input, output));
    group.rows[i]! += 1;
    group.credits[i]!.add(credits);
    group.total += runs ?? 0;
    if (group.detail) addDetail(group.detail, i, [input, output, cacheRead, cacheWrite, reasoning], chooseCost(costMode, reported, estimated));
  });
  const values = (sums: (IntegerSum | CompensatedSum)[]) => sums.map((sum) => sum.value);
  const series = new Map<number | null, SeriesSums>();
  for (const [key, group] of groups) {
    series.set(key, {
      rows: group.rows, runs: values(group.runs), tokens: values(group.tokens), credits: values(group.credits), total: group.total,
      detail: group.detail && { tokens: group.detail.tokens.map(values), cost: values(group.detail.cost) },
    });
  }
  return series;
}

export function timeSeries(db: SqlRunner, query: SeriesQuery, ctx: Pick<TimeContext, 'timeZone' | 'weekStartsOn'>): TimeSeries {
  const bounded = query.range.start === 0 ? dataBounds(db, query.range) : query.range;
  if (!bounded || bounded.end <= bounded.start) return { granularity: query.granularity, bucketStarts: [], series: [] };
  const starts = bucketStarts(bounded, query.granularity, ctx);
  const bucketCount = starts.length - 1;
  const split = query.splitBy ? splitSql[query.splitBy] : null;
  const detailed = query.detail === true;
  const costMode = query.costMode ?? defaultCostMode;
  const scope = { range: query.range, filters: query.filters, search: query.search };
  const splitColumn = split?.column ?? null;
  const groups = db.seriesPass ? db.seriesPass(scope, starts, splitColumn, costMode, detailed) : seriesOnRows(db, scope, starts, splitColumn, costMode, detailed);
  const empty = (): SeriesSums => {
    const nulls = () => new Array<number | null>(bucketCount).fill(null);
    return { rows: new Array<number>(bucketCount).fill(0), runs: nulls(), tokens: nulls(), credits: nulls(), total: 0, detail: detailed ? { tokens: [nulls(), nulls(), nulls(), nulls(), nulls()], cost: nulls() } : null };
  };
  // unsplit, the one series exists even for a window without events (all zeros)
  if (!split && !groups.has(null)) groups.set(null, empty());
  const labels = new Map<number, [string, string]>();
  if (split) for (const [key, id, label] of db.all(split.labels)) labels.set(Number(key), [String(id), String(label)]);
  const toSeries = (key: string, label: string, group: SeriesSums): Series => ({
    key, label,
    runs: group.runs.map((sum, i) => sumOverRows(sum, group.rows[i]!)),
    tokens: group.tokens.map((sum, i) => sumOverRows(sum, group.rows[i]!)),
    credits: group.credits.map((sum, i) => money(sumOverRows(sum, group.rows[i]!))),
    ...(group.detail ? { detail: seriesDetail(group.detail, group.rows) } : {}),
  });
  const named = [...groups].map(([groupKey, group]) => {
    const [id, label] = !split ? ['all', 'All'] : groupKey === null ? ['null', '(none)'] : (labels.get(groupKey) ?? [String(groupKey), '(none)']);
    return { id, label, group };
  });
  const ranked = named.sort((a, b) => b.group.total - a.group.total || a.label.localeCompare(b.label, 'en'));
  const kept = ranked.slice(0, maxSplitSeries).map(({ id, label, group }) => toSeries(id, label, group));
  const rest = ranked.slice(maxSplitSeries);
  if (rest.length > 0) kept.push(toSeries('other', `Other (${rest.length})`, otherSeries(rest.map(({ group }) => group), bucketCount, detailed)));
  return { granularity: query.granularity, bucketStarts: starts, series: kept };
}

/** The series past the first few summed bucket by bucket, in rank order. */
function otherSeries(rest: readonly SeriesSums[], bucketCount: number, detailed: boolean): SeriesSums {
  const integers = () => Array.from({ length: bucketCount }, () => new IntegerSum());
  const runs = integers();
  const tokens = integers();
  const credits = Array.from({ length: bucketCount }, () => new CompensatedSum());
  const rows = new Array<number>(bucketCount).fill(0);
  const detail = detailed ? newDetailSums(bucketCount) : null;
  for (const group of rest) {
    for (let i = 0; i < bucketCount; i++) {
      runs[i]!.add(group.runs[i]!);
      tokens[i]!.add(group.tokens[i]!);
      rows[i]! += group.rows[i]!;
      credits[i]!.add(group.credits[i]!);
      if (detail && group.detail) addDetail(detail, i, group.detail.tokens.map((kind) => kind[i]!), group.detail.cost[i]!);
    }
  }
  const values = (sums: (IntegerSum | CompensatedSum)[]) => sums.map((sum) => sum.value);
  return { rows, runs: values(runs), tokens: values(tokens), credits: values(credits), total: 0, detail: detail && { tokens: detail.tokens.map(values), cost: values(detail.cost) } };
}

/** Per bucket: input, output, cache read, cache write, reasoning tokens, then the cost in the mode. */
interface DetailSums {
  tokens: [IntegerSum[], IntegerSum[], IntegerSum[], IntegerSum[], IntegerSum[]];
  cost: CompensatedSum[];
}

function newDetailSums(buckets: number): DetailSums {
  const sums = () => Array.from({ length: buckets }, () => new IntegerSum());
  return { tokens: [sums(), sums(), sums(), sums(), sums()], cost: Array.from({ length: buckets }, () => new CompensatedSum()) };
}

/** adds an event's token kinds (input, output, cache read, cache write, reasoning) and its cost to bucket i */
function addDetail(sums: DetailSums, i: number, tokens: readonly (number | null)[], cost: number | null): void {
  for (let kind = 0; kind < sums.tokens.length; kind++) sums.tokens[kind]![i]!.add(tokens[kind]!);
  sums.cost[i]!.add(cost);
}

function seriesDetail(sums: NonNullable<SeriesSums['detail']>, rows: readonly number[]): SeriesDetail {
  const [input, output, cacheRead, cacheWrite, reasoning] = sums.tokens.map((kind) => kind.map((sum, i) => sumOverRows(sum, rows[i]!)));
  return {
    inputTokens: input!,
    outputTokens: output!,
    cacheReadTokens: cacheRead!,
    cacheWriteTokens: cacheWrite!,
    reasoningTokens: reasoning!,
    costUsd: sums.cost.map((sum, i) => money(sumOverRows(sum, rows[i]!))),
  };
}
