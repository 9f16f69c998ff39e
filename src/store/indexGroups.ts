/**
 * Per-group totals (`groupEvents`) added up on the columnar index, each figure for every group at once, in a
 * pass of its own over the selected rows in time order, when a report first reads it. Each group's rows are
 * added in time order, as the row-by-row pass adds them, with the same compensated summation (plain addition
 * where it is exact), so the figures are the same. Distinct sessions, users and agents are counted through the
 * group that saw each first (a pair set only for those several groups share); p95 by selection over each
 * group's latencies, gathered side by side (groupFigurePasses.ts). A report that names the figures it reads has
 * them added up at once instead, a share of them in the figure thread on a large pass (figureThread.ts).
 */
import type { Database } from 'sql.js';
import type { EventTotals } from '../core/reports/groupTotals';
import { ratio } from '../core/reports/numbers';
import type { GroupBy, GroupFigure, GroupPass, PassScope } from '../core/sql';
import type { CostMode } from '../shared/results';
import type { EventIndex, NumberColumn } from './eventIndex';
import { summedThreadFigures, threadFigures, type SummedThreadFigure, type ThreadFigure } from './figureTask';
import { sendToFigureThread, sharesWithFigureThread } from './indexFigureThread';
import type { SentFigures } from './figureThread';
import { distinctPerGroup, p95PerGroup, presentCounts, runsWithSessionAndErrors } from './groupFigurePasses';
import { columnSums, compensatedSums, denseGroups, greatestRankPerGroup, oneGroup, plainSums, providerRanks, rowsPerTurn, selectedValues, valueOf, type Grouping, type PerGroup } from './indexSums';
import { overwrittenFloat64, zeroedFloat64, zeroedUint8 } from './scratch';

function largest(values: Int32Array): number {
  let max = -1;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
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
    this.table = size <= 1 << 22 ? zeroedFloat64(size) : null;
    this.seen = this.table ? zeroedUint8(size) : null;
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

  /** Adds each selected row's runs (none: 0) to its group and model (`models` at the selected rows), rowsPerTurn rows a turn. */
  addAll(requests: Float64Array, models: Int32Array, groupOfRow: Int32Array): void {
    const { table, seen, slots } = this;
    const runsAt = (s: number) => (requests[s] === requests[s] ? requests[s]! : 0);
    if (table === null || seen === null) {
      for (let s = 0; s < groupOfRow.length; s++) this.add(groupOfRow[s]!, models[s]! + 1, runsAt(s));
      return;
    }
    const addRow = (s: number) => {
      const group = groupOfRow[s]!;
      const slot = models[s]! + 1;
      const at = group * slots + slot;
      if (seen[at] === 0) {
        seen[at] = 1;
        this.order[group]!.push(slot);
      }
      table[at]! += runsAt(s);
    };
    const count = groupOfRow.length;
    const turnsEnd = count - (count % rowsPerTurn);
    let s = 0;
    for (; s < turnsEnd; s += rowsPerTurn) {
      addRow(s);
      addRow(s + 1);
      addRow(s + 2);
      addRow(s + 3);
    }
    for (; s < count; s++) addRow(s);
  }

  *of(group: number): Generator<[slot: number, runs: number]> {
    for (const slot of this.order[group]!) {
      const at = group * this.slots + slot;
      yield [slot, this.table ? this.table[at]! : this.byPosition.get(at)!];
    }
  }
}

/**
 * `figureThreadFromRows`: a pass over this many selected rows or more, whose report names the figures it reads,
 * has the figure thread add up some of them (figureThread.ts); null: never.
 */
export function groupPassOn(index: EventIndex, db: Database, figureThreadFromRows: number | null = null): GroupPass {
  return (scope, groupBy, costMode, wanted) => groupTotals(index, db, scope, groupBy, costMode, wanted !== undefined && figureThreadFromRows !== null ? { wanted, figureThreadFromRows } : null);
}

/** The figure thread's share of a report's figures, by the figure of the report that reads it. */
const threadFigureOf: Partial<Record<GroupFigure, ThreadFigure>> = {
  sessions: 'sessions', users: 'users', agents: 'agents', p95Latency: 'p95', sessionRuns: 'sessionAndErrorRuns', errorRuns: 'sessionAndErrorRuns',
  errorRate: 'sessionAndErrorRuns', credits: 'credits', costReported: 'costReported', costEstimated: 'costEstimated',
};
/** A figure of a group's totals whose reading adds up each thread figure. */
const readsThreadFigure: Partial<Record<ThreadFigure, GroupFigure>> = {
  sessions: 'sessions', users: 'users', agents: 'agents', p95: 'p95Latency', sessionAndErrorRuns: 'errorRuns', credits: 'credits', costReported: 'costReported',
  costEstimated: 'costEstimated',
};
const isSummedThreadFigure = (figure: string): figure is SummedThreadFigure => Object.hasOwn(summedThreadFigures, figure);
/** Grouped by user (or agent), each group has its one user (or agent): nothing to count. */
const ownDistinct: Partial<Record<GroupBy, ThreadFigure>> = { user_key: 'users', agent_key: 'agents' };

function groupTotals(index: EventIndex, db: Database, scope: PassScope, groupBy: GroupBy, costMode: CostMode,
  ahead: { wanted: readonly GroupFigure[]; figureThreadFromRows: number } | null): Map<number | null, EventTotals> {
  const selected = index.select(db, scope);
  const grouping =
    groupBy === 'all'
      ? oneGroup(selected)
      : groupBy === 'org'
        ? denseGroups(selected, index.effectiveOrgs(db), largest(index.effectiveOrgs(db)))
        : denseGroups(selected, index.keys[groupBy], index.largestKey(groupBy));
  const figures = new GroupFigures(index, grouping, groupBy, costMode);
  const result = new Map<number | null, EventTotals>();
  grouping.keyOfGroup.forEach((key, group) => result.set(key === -1 ? null : key, new IndexedTotals(figures, group)));
  if (ahead !== null && sharesWithFigureThread(grouping, ahead.figureThreadFromRows)) figures.addUpAhead(ahead.wanted);
  return result;
}

/**
 * Every group's figures, each added up when a report first reads it: a report pays only for what it shows
 * (Usage by User reads four figures, not the distinct sessions or the p95).
 */
class GroupFigures {
  private readonly found = new Map<string, unknown>();
  /** the figures the figure thread adds up for this pass */
  private sent: SentFigures | null = null;

  constructor(
    private readonly index: EventIndex,
    readonly grouping: Grouping,
    private readonly groupBy: GroupBy,
    private readonly costMode: CostMode,
  ) {}

  private once<T>(name: string, find: () => T): T {
    if (!this.found.has(name)) this.found.set(name, find());
    return this.found.get(name) as T;
  }

  /**
   * The figures a report will read, added up now: the figure thread's share sent to it first, then the others
   * added up here while it works (the report reads them in its own order, which would wait for the thread early).
   */
  addUpAhead(wanted: readonly GroupFigure[]): void {
    const { index } = this;
    const threadShare = threadFigures.filter((figure) => figure !== ownDistinct[this.groupBy] && wanted.some((wantedFigure) => threadFigureOf[wantedFigure] === figure));
    this.sent = sendToFigureThread(index, threadShare, this.grouping);
    const first = new IndexedTotals(this, 0);
    // not the cost: it is the reported or the estimated cost's sum where the cost mode always picks one, which the thread may be adding up
    for (const figure of wanted) if (threadFigureOf[figure] === undefined && figure !== 'cost') void first[figure];
    // then what the thread has not taken yet, from the end of its list
    for (const figure of [...(this.sent?.figures ?? [])].reverse()) {
      const reads = readsThreadFigure[figure];
      if (reads !== undefined && this.sent!.takeBack(figure)) void first[reads];
    }
  }

  /** The figure thread's results for `figure` when it was sent there and written; null: to be added up here. */
  private fromThread(figure: ThreadFigure) {
    return this.sent?.results(figure) ?? null;
  }

  /** a column's values at the selected rows, side by side: position s is selected row s */
  private column<Column extends Float64Array | Int32Array>(name: string, values: Column): Column {
    return this.once(`column ${name}`, () => selectedValues(values, this.grouping));
  }

  private numbers(name: NumberColumn): Float64Array {
    return this.column(name, this.index.numbers[name]);
  }

  /** one array the column sums gather their values into in turn, when the selection has gaps */
  private sumWork: Float64Array | null = null;

  /**
   * A column's values at the selected rows for its sum alone: gathered (when the selection has gaps) into the array
   * the sums share, not kept (a filtered report's sums each took a new array of the selected rows: with an
   * organisation's half of a million rows, 4 MB a column of memory the kernel handed over afresh, and garbage).
   */
  private valuesToSum(name: NumberColumn): Float64Array {
    const values = this.index.numbers[name];
    const kept = this.found.get(`column ${name}`) as Float64Array | undefined;
    if (kept !== undefined || this.grouping.contiguousFrom !== null) return kept ?? selectedValues(values, this.grouping);
    const { count, selected } = this.grouping;
    const work = (this.sumWork ??= overwrittenFloat64(count));
    for (let s = 0; s < count; s++) work[s] = values[selected![s]!]!;
    return work;
  }

  value(figure: SummedFigure, group: number): number | null {
    return valueOf(this.perGroup(figure), group);
  }

  private perGroup(figure: SummedFigure): PerGroup {
    if (isColumnFigure(figure)) {
      const [column, compensate] = columnFigures[figure];
      return this.once(`sum ${column}`, () => (isSummedThreadFigure(figure) ? this.fromThread(figure)?.sums[figure] : undefined) ?? columnSums(this.valuesToSum(column), this.index.facts(column), compensate, this.grouping));
    }
    switch (figure) {
      case 'sessionRuns':
        return this.runsWithSessionAndErrors().sessionRuns;
      case 'tokens':
        return this.once('tokens', () => plainSums(this.column('known tokens', this.index.knownTokens()), false, this.grouping));
      case 'cost':
        // chooseCost's rule: where it always picks the same column, the cost is that column's sum
        if (this.costMode === 'reported' || (this.costMode === 'auto' && this.index.facts('cost_reported_usd').complete)) return this.perGroup('costReported');
        if (this.costMode === 'estimated') return this.perGroup('costEstimated');
        return this.once('cost', () => reportedElseEstimated(this.numbers('cost_reported_usd'), this.numbers('cost_estimated_usd'), this.grouping));
    }
  }

  errorRuns(group: number): number {
    return this.runsWithSessionAndErrors().errorRuns[group]!;
  }

  private runsWithSessionAndErrors() {
    return this.once('runs with a session, error runs', () => {
      const sent = this.fromThread('sessionAndErrorRuns');
      if (sent !== null) return { sessionRuns: { sums: sent.sessionRuns, seen: sent.sessionSeen }, errorRuns: sent.errorRuns };
      const { session_id: sessions, status } = this.index.texts;
      return runsWithSessionAndErrors(this.numbers('requests'), this.column('session_id', sessions.codes), this.column('status', status.codes),
        status.values.indexOf('error'), this.grouping);
    });
  }

  latencyCount(group: number): number {
    return this.latencyCounts()[group]!;
  }

  private latencyCounts(): Int32Array {
    return this.once('latency counts', () => (this.index.facts('latency_ms').complete ? this.grouping.rows : presentCounts(this.numbers('latency_ms'), this.grouping)));
  }

  p95Latency(group: number): number | null {
    const p95s = this.once('p95 latencies', () => this.fromThread('p95')?.p95s ?? p95PerGroup(this.numbers('latency_ms'), this.grouping, this.latencyCounts()));
    const p95 = p95s[group]!;
    return p95 === p95 ? p95 : null;
  }

  /** Distinct sessions, users or agents of a group; a group of one user (or agent) has that one. */
  distinct(of: 'sessions' | 'users' | 'agents', group: number): number {
    const ownKey = { sessions: null, users: 'user_key', agents: 'agent_key' }[of];
    if (ownKey === this.groupBy) return this.grouping.keyOfGroup[group] === -1 ? 0 : 1;
    const counts = this.once(`distinct ${of}`, () => {
      const { index } = this;
      const sent = this.fromThread(of);
      if (sent !== null) return sent[of];
      if (of === 'sessions') return distinctPerGroup(this.column('session_id', index.texts.session_id.codes), 0, index.texts.session_id.values.length, this.grouping);
      const key = of === 'users' ? 'user_key' : 'agent_key';
      return distinctPerGroup(this.column(key, index.keys[key]), -1, index.largestKey(key) + 1, this.grouping);
    });
    return counts[group]!;
  }

  eventProvider(group: number): string | null {
    const { greatest, names } = this.once('event providers', () => {
      const { codes, values } = this.index.texts.provider;
      const { rankOf, names } = providerRanks(values);
      return { greatest: greatestRankPerGroup(this.column('provider', codes), rankOf, this.grouping.groupOfRow, this.grouping.rows.length), names };
    });
    const rank = greatest[group]!;
    return rank === -1 ? null : names[rank]!;
  }

  modelRuns(group: number): Map<number | null, number> {
    const modelRuns = this.once('model runs', () =>
      runsPerModel(this.numbers('requests'), this.column('model_key', this.index.keys.model_key), this.index.largestKey('model_key') + 2, this.grouping),
    );
    const runs = new Map<number | null, number>();
    for (const [slot, count] of modelRuns.of(group)) runs.set(slot === 0 ? null : slot - 1, count);
    return runs;
  }
}

/** The figures that are one column's sum, and whether that sum is compensated (money, latencies) or plain (counts). */
const columnFigures = {
  runs: ['requests', false], input: ['input_tokens', false], output: ['output_tokens', false], cacheRead: ['cache_read_tokens', false],
  cacheWrite: ['cache_write_tokens', false], reasoning: ['reasoning_tokens', false], credits: ['credits', true],
  costReported: ['cost_reported_usd', true], costEstimated: ['cost_estimated_usd', true], latencySum: ['latency_ms', true],
} as const satisfies Partial<Record<SummedFigure, readonly [NumberColumn, boolean]>>;
const isColumnFigure = (figure: SummedFigure): figure is keyof typeof columnFigures => figure in columnFigures;

type SummedFigure = 'runs' | 'sessionRuns' | 'tokens' | 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning' | 'credits' | 'costReported' | 'costEstimated' | 'cost' | 'latencySum';

/** One group's figures, read from the figures of every group. */
class IndexedTotals implements EventTotals {
  constructor(
    private readonly figures: GroupFigures,
    private readonly group: number,
  ) {}

  private figure(figure: SummedFigure) {
    return { value: this.figures.value(figure, this.group) };
  }

  get rows() { return this.figures.grouping.rows[this.group]!; }
  get runs() { return this.figure('runs'); }
  get errorRuns() { return this.figures.errorRuns(this.group); }
  get sessionRuns() { return this.figure('sessionRuns'); }
  get sessions() { return { size: this.figures.distinct('sessions', this.group) }; }
  get users() { return { size: this.figures.distinct('users', this.group) }; }
  get agents() { return { size: this.figures.distinct('agents', this.group) }; }
  get credits() { return this.figure('credits'); }
  get cost() { return this.figure('cost'); }
  get costReported() { return this.figure('costReported'); }
  get costEstimated() { return this.figure('costEstimated'); }
  get tokens() { return this.figure('tokens'); }
  get input() { return this.figure('input'); }
  get output() { return this.figure('output'); }
  get cacheRead() { return this.figure('cacheRead'); }
  get cacheWrite() { return this.figure('cacheWrite'); }
  get reasoning() { return this.figure('reasoning'); }
  get modelRuns() { return this.figures.modelRuns(this.group); }
  get p95Latency() { return this.figures.p95Latency(this.group); }
  get eventProvider() { return this.figures.eventProvider(this.group); }

  get avgLatency(): number | null {
    const sum = this.figures.value('latencySum', this.group);
    return sum === null ? null : sum / this.figures.latencyCount(this.group);
  }

  get errorRate(): number | null {
    return ratio(this.errorRuns, this.runs.value);
  }
}

/** The cost of `auto` where some rows have no reported cost: the reported one, else the estimate (compensated). */
function reportedElseEstimated(reported: Float64Array, estimated: Float64Array, grouping: Grouping): PerGroup {
  const chosen = overwrittenFloat64(grouping.groupOfRow.length);
  for (let s = 0; s < chosen.length; s++) {
    const value = reported[s]!;
    chosen[s] = value === value ? value : estimated[s]!;
  }
  return compensatedSums(chosen, false, grouping);
}

function runsPerModel(requests: Float64Array, models: Int32Array, slots: number, { groupOfRow, keyOfGroup }: Grouping): ModelRuns {
  const modelRuns = new ModelRuns(keyOfGroup.length, slots);
  modelRuns.addAll(requests, models, groupOfRow);
  return modelRuns;
}
