/**
 * The figure thread: a second core adds up some figures of a large group pass (figureTask.ts) while the store's
 * thread adds up the others, and the store's thread waits for a figure only when it reads one not yet done.
 * Started around a change that leaves a large index (usageStore.ts); absent (tests running the sources, a thread
 * that failed), every figure is added up in the store's thread as before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { figureState, newFigureTask, threadFigures, type FigureColumns, type FigureTask, type FigureResults, type ThreadFigure } from './figureTask';
import type { Grouping } from './indexSums';
import { sharedInt32 } from './sharedArrays';
import { threadResourceLimits } from './threadLimits';

const bundledScript = join(__dirname, 'figureWorker.js');

/** Selections of fewer rows are added up in the store's thread: a message each way would cost more than it saves. */
export const figureThreadFromRows = 100_000;

/** see startFigureThreadAhead */
const earlyFromRows = 2_000_000;

/**
 * How long the store's thread waits for a figure before it adds it up itself: a thread that stopped answering (its
 * exit is a message the waiting thread cannot read). Ten million rows take the thread about a second.
 */
const longestWaitMs = 10_000;

let thread: Worker | undefined;
let failed = false;
let tasksSent = 0;
/** the index whose columns the thread holds, and their number */
let handed: { index: object; columnsId: number } | undefined;
let lastColumnsId = 0;
let figuresFromThread = 0;
/** set to 1 by the thread once it has started and compiled its passes */
let ready = sharedInt32(1);

/**
 * Starts the thread, if not yet started and the bundle has its script (`script`: tests running the sources name the
 * built one); it does not keep the process alive.
 */
export function startFigureThread(script = bundledScript): void {
  if (thread !== undefined || failed || !existsSync(script)) return;
  ready = sharedInt32(1);
  const started = new Worker(script, { resourceLimits: threadResourceLimits, workerData: { ready } });
  handed = undefined;
  started.unref();
  const lost = () => {
    failed = true;
    if (thread === started) thread = undefined;
  };
  started.once('error', lost);
  started.once('exit', lost);
  thread = started;
}

/**
 * A change will leave an index of about `rows` rows: when that is very large, the thread starts now, while the
 * change runs, not as it ends (its start and compiling its passes then took a core for a fifth of a second from
 * the panel's first paint: at ten million events 408 against 296 ms, and 376 against 370 started early). Below
 * that it starts as the change ends: started early, it is one more thread at the import's peak of memory (one 1M
 * run: 625 MB).
 */
export function startFigureThreadAhead(rows: number): void {
  if (rows >= earlyFromRows) startFigureThread();
}

/** A task sent to the thread: its figures, read once done. */
export class SentFigures {
  constructor(private readonly task: FigureTask) {}

  /** The figures sent, in the order the thread takes them. */
  get figures(): readonly ThreadFigure[] {
    return this.task.figures;
  }

  /** Takes `figure` back for the store's thread to add up, unless the figure thread has taken it already. */
  takeBack(figure: ThreadFigure): boolean {
    return Atomics.compareExchange(this.task.done, threadFigures.indexOf(figure), figureState.pending, figureState.takenBack) === figureState.pending;
  }

  /**
   * Takes back every figure the thread has not begun and waits for those it has: true when afterwards it no longer
   * reads the task's rows (a figure read later is added up by the caller if it was taken back here); false when the
   * thread is still at one after the longest wait.
   */
  settle(): boolean {
    let settled = true;
    for (const figure of this.task.figures) {
      if (this.takeBack(figure)) continue;
      const state = this.finalState(threadFigures.indexOf(figure));
      if (state === figureState.pending || state === figureState.working) settled = false;
    }
    return settled;
  }

  /** The results once the thread has written `figure`; null when it was not sent, was taken back or failed (the caller adds it up itself). */
  results(figure: ThreadFigure): FigureResults | null {
    if (!this.task.figures.includes(figure)) return null;
    if (this.finalState(threadFigures.indexOf(figure)) !== figureState.done) return null;
    figuresFromThread++;
    return this.task.results;
  }

  /** The figure's state once the thread is no longer adding it up (or after the longest wait). */
  private finalState(cell: number): number {
    const until = performance.now() + longestWaitMs;
    let state = Atomics.load(this.task.done, cell);
    while ((state === figureState.pending || state === figureState.working) && performance.now() < until) {
      Atomics.wait(this.task.done, cell, state, until - performance.now());
      state = Atomics.load(this.task.done, cell);
    }
    return state;
  }
}

/**
 * Hands the thread `index`'s columns, unless it holds them already (the thread keeps one index's); their number for
 * the tasks over them, null without a thread. The store hands each large index over as it is made, so that the
 * first report over it does not wait for them.
 */
export function handColumns(index: object, columns: () => FigureColumns): number | null {
  startFigureThread();
  if (thread === undefined) return null;
  if (handed?.index !== index) {
    handed = { index, columnsId: ++lastColumnsId };
    thread.postMessage({ columnsId: handed.columnsId, columns: columns() });
  }
  return handed.columnsId;
}

/**
 * Sends the thread `figures` of a pass over `grouping` (the thread started if need be); null when there is no thread
 * ready for them. The grouping's row arrays travel in two shared buffers used again by every task (a copy in each
 * message was 4 MB a task at a million rows, twice: the copy sent and the copy received, each garbage after); the task
 * before is settled first, so that the thread no longer reads them for it.
 */
export function sendFigures(figures: ThreadFigure[], grouping: Grouping, columnsId: number): SentFigures | null {
  startFigureThread();
  if (thread === undefined || !figureThreadReady()) return null;
  // a thread still at the task before after the longest wait keeps its rows: new buffers for this one
  const free = lastSent?.settle() ?? true;
  groupOfRowBuffer = fitted(free ? groupOfRowBuffer : sharedInt32(0), grouping.groupOfRow);
  if (grouping.selected !== null) selectedBuffer = fitted(free ? selectedBuffer : sharedInt32(0), grouping.selected);
  const shared = {
    ...grouping,
    groupOfRow: copyInto(groupOfRowBuffer, grouping.groupOfRow),
    selected: grouping.selected === null ? null : copyInto(selectedBuffer, grouping.selected),
  };
  const task = newFigureTask(figures, shared, columnsId);
  thread.postMessage(task);
  tasksSent++;
  return (lastSent = new SentFigures(task));
}

/** the rows of the last task sent, and the buffers they travel in */
let lastSent: SentFigures | null = null;
let groupOfRowBuffer = sharedInt32(0);
let selectedBuffer = sharedInt32(0);

/** `buffer`, or a longer one (a power of two) when `rows` do not fit. */
function fitted(buffer: Int32Array, rows: Int32Array): Int32Array {
  return buffer.length >= rows.length ? buffer : sharedInt32(2 ** Math.ceil(Math.log2(rows.length)));
}

function copyInto(buffer: Int32Array, rows: Int32Array): Int32Array {
  const copy = buffer.subarray(0, rows.length);
  copy.set(rows);
  return copy;
}

/** Whether the thread has started and compiled its passes. */
export function figureThreadReady(): boolean {
  return Atomics.load(ready, 0) === 1;
}

/** Tasks sent to the thread so far, and figures read as the thread added them up (not taken back). */
export function figureThreadCounts(): { tasksSent: number; figuresFromThread: number } {
  return { tasksSent, figuresFromThread };
}

/** Stops the thread; the next start starts a new one. */
export async function stopFigureThread(): Promise<void> {
  const stopped = thread;
  thread = undefined;
  handed = undefined;
  lastSent = null;
  ready = sharedInt32(1);
  if (stopped !== undefined) {
    stopped.removeAllListeners();
    await stopped.terminate();
  }
}
