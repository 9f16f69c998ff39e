/**
 * The figures of a pass that the figure thread adds up while the store's own thread adds up the others: of a group
 * pass, distinct sessions, users and agents, p95 latencies, runs with a session and error runs (together about half
 * of Usage by Agent's time, and of Usage by Model's) and the money sums; of User Usage's, the union of each user's
 * runs. The thread is handed each index's columns once (shared memory: at ten million rows the first message that
 * carries them takes a fifth of a second to send and half a second to arrive); a task names them and carries the
 * pass's grouping (its rows in shared buffers, figureThread.ts). The thread writes each figure into shared arrays
 * and marks it done. It runs the very functions the store's thread would (each figure whole in one thread, rows in
 * the same order), so the figures are the same.
 */
import type { ColumnFacts } from './eventIndex';
import { distinctPerGroup, p95PerGroup, presentCounts, runsWithSessionAndErrors, runUnions, type GroupsSeen } from './groupFigurePasses';
import { columnSums, selectedValues, type Grouping } from './indexSums';
import { sharedFloat64, sharedInt32, sharedUint8 } from './sharedArrays';

/** in the order the figure thread takes them: the longest first (the store's thread takes back from the end) */
export const threadFigures = ['p95', 'runUnions', 'sessions', 'users', 'agents', 'sessionAndErrorRuns', 'credits', 'costReported', 'costEstimated'] as const;
export type ThreadFigure = (typeof threadFigures)[number];
/** The thread figures that are a money column's compensated sum, and their column. */
export const summedThreadFigures = { credits: 'credits', costReported: 'cost_reported_usd', costEstimated: 'cost_estimated_usd' } as const;
export type SummedThreadFigure = keyof typeof summedThreadFigures;

/**
 * A figure's state in `FigureTask.done`. Either thread takes a pending figure (compare-and-exchange): the figure
 * thread in the task's order, the store's thread from the end once its own figures are added up, so neither waits
 * long for the other.
 */
export const figureState = { pending: 0, done: 1, failed: 2, working: 3, takenBack: 4 } as const;

export interface FigureResults {
  /** NaN for a group without a latency */
  p95s: Float64Array;
  sessions: Int32Array;
  users: Int32Array;
  agents: Int32Array;
  sessionRuns: Float64Array;
  sessionSeen: Uint8Array;
  errorRuns: Float64Array;
  /** each money sum per group, with whether the group had a value (every group, when the column has no NULL) */
  sums: Record<SummedThreadFigure, GroupsSeen>;
  /** User Usage's: the length of each group's runs' union, with whether it had one */
  runUnions: GroupsSeen;
}

/** The index's columns the figures read, whole (the grouping's selection picks the rows), and what it knows of them. */
export interface FigureColumns {
  ts: Float64Array;
  latencies: Float64Array;
  latenciesComplete: boolean;
  requests: Float64Array;
  sessions: Int32Array;
  /** the session dictionary's size */
  sessionValues: number;
  users: Int32Array;
  largestUser: number;
  agents: Int32Array;
  largestAgent: number;
  statuses: Int32Array;
  /** the status code of 'error' (-1: none) */
  errorCode: number;
  /** the money columns, with what the index knows of them (see columnSums) */
  money: Record<SummedThreadFigure, { values: Float64Array; facts: ColumnFacts }>;
}

/** An index's columns as handed to the thread, under a number the tasks over them name. */
export interface SharedIndexColumns {
  columnsId: number;
  columns: FigureColumns;
}

export interface FigureTask {
  figures: ThreadFigure[];
  grouping: Grouping;
  /** the SharedIndexColumns the figures read */
  columnsId: number;
  /** one cell a figure, in the order of `threadFigures` (figureState) */
  done: Int32Array;
  results: FigureResults;
}

const sharedGroupsSeen = (groups: number): GroupsSeen => ({ sums: sharedFloat64(groups), seen: sharedUint8(groups) });

/**
 * A task's shared state and results for `groups` groups. `grouping` goes into the message as it is: its row arrays
 * should be in shared memory (figureThread.ts's `sendFigures` puts them there), else the message copies their buffers.
 */
export function newFigureTask(figures: ThreadFigure[], grouping: Grouping, columnsId: number): FigureTask {
  const groups = grouping.keyOfGroup.length;
  return {
    figures,
    grouping,
    columnsId,
    done: sharedInt32(threadFigures.length),
    results: {
      p95s: sharedFloat64(groups),
      sessions: sharedInt32(groups),
      users: sharedInt32(groups),
      agents: sharedInt32(groups),
      sessionRuns: sharedFloat64(groups),
      sessionSeen: sharedUint8(groups),
      errorRuns: sharedFloat64(groups),
      sums: {
        credits: sharedGroupsSeen(groups),
        costReported: sharedGroupsSeen(groups),
        costEstimated: sharedGroupsSeen(groups),
      },
      runUnions: sharedGroupsSeen(groups),
    },
  };
}

function computeFigure(figure: ThreadFigure, { grouping, results }: FigureTask, columns: FigureColumns): void {
  const column = <Column extends Float64Array | Int32Array>(values: Column) => selectedValues(values, grouping);
  switch (figure) {
    case 'sessions':
      results.sessions.set(distinctPerGroup(column(columns.sessions), 0, columns.sessionValues, grouping));
      return;
    case 'users':
      results.users.set(distinctPerGroup(column(columns.users), -1, columns.largestUser + 1, grouping));
      return;
    case 'agents':
      results.agents.set(distinctPerGroup(column(columns.agents), -1, columns.largestAgent + 1, grouping));
      return;
    case 'p95': {
      const latencies = column(columns.latencies);
      const counts = columns.latenciesComplete ? grouping.rows : presentCounts(latencies, grouping);
      results.p95s.set(p95PerGroup(latencies, grouping, counts));
      return;
    }
    case 'credits':
    case 'costReported':
    case 'costEstimated': {
      const { values, facts } = columns.money[figure];
      const { sums, seen } = columnSums(column(values), facts, true, grouping);
      results.sums[figure].sums.set(sums);
      if (seen === null) results.sums[figure].seen.fill(1);
      else results.sums[figure].seen.set(seen);
      return;
    }
    case 'runUnions': {
      const { sums, seen } = runUnions(column(columns.ts), column(columns.latencies), grouping);
      results.runUnions.sums.set(sums);
      results.runUnions.seen.set(seen);
      return;
    }
    case 'sessionAndErrorRuns': {
      const runs = runsWithSessionAndErrors(column(columns.requests), column(columns.sessions), column(columns.statuses), columns.errorCode, grouping);
      results.sessionRuns.set(runs.sessionRuns.sums);
      results.sessionSeen.set(runs.sessionRuns.seen);
      results.errorRuns.set(runs.errorRuns);
    }
  }
}

/**
 * Computes the task's figures in order, but those the store's thread took back, marking each done (or failed) as it
 * is written; over `columns`, which must be the ones the task names (else every figure fails).
 */
export function runFigureTask(task: FigureTask, columns: SharedIndexColumns | undefined): void {
  for (const figure of task.figures) {
    const cell = threadFigures.indexOf(figure);
    if (Atomics.compareExchange(task.done, cell, figureState.pending, figureState.working) !== figureState.pending) continue;
    let state: number = figureState.done;
    try {
      if (columns?.columnsId !== task.columnsId) throw new Error(`the figure thread has not the columns ${task.columnsId}`);
      computeFigure(figure, task, columns.columns);
    } catch {
      state = figureState.failed;
    }
    Atomics.store(task.done, cell, state);
    Atomics.notify(task.done, cell);
  }
}
