/**
 * Every task's rows travel in the same shared buffers, so before the next task's rows are written there the task
 * before is settled: what the figure thread has not begun is taken back (the store adds it up from its own rows),
 * and what it is adding up is waited for.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runOfRows } from '../../src/store/eventIndex';
import { SentFigures } from '../../src/store/figureThread';
import { figureState, newFigureTask, threadFigures } from '../../src/store/figureTask';
import { denseGroups } from '../../src/store/indexSums';

const cell = (figure: (typeof threadFigures)[number]) => threadFigures.indexOf(figure);

describe('settling a task sent to the figure thread', () => {
  it('takes back the figures not begun and waits for the one being added up', async () => {
    const grouping = denseGroups(runOfRows(0, 4), Int32Array.from([0, 1, 0, 1]), 1);
    const task = newFigureTask(['p95', 'sessions', 'credits'], grouping, 1);
    task.done[cell('p95')] = figureState.working;
    task.done[cell('credits')] = figureState.done;
    // a stand-in for the figure thread: finishes the p95 a moment later
    const thread = new Worker(
      `const { workerData } = require('node:worker_threads');
       setTimeout(() => { Atomics.store(workerData.done, workerData.cell, ${figureState.done}); Atomics.notify(workerData.done, workerData.cell); }, 150);`,
      { eval: true, workerData: { done: task.done, cell: cell('p95') } },
    );
    await new Promise((resolve) => thread.once('online', resolve));
    const sent = new SentFigures(task);
    const started = performance.now();
    expect(sent.settle()).toBe(true);
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(Array.from(task.done.subarray(0, threadFigures.length))).toEqual(
      threadFigures.map((figure) => (figure === 'p95' || figure === 'credits' ? figureState.done : figure === 'sessions' ? figureState.takenBack : figureState.pending)),
    );
    // taken back: the store adds it up itself; done: read from the thread
    expect(sent.results('sessions')).toBeNull();
    expect(sent.results('p95')).toBe(task.results);
    await thread.terminate();
  });
});
