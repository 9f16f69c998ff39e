/**
 * The figure thread's entry (see figureThread.ts): keeps the columns of the index it was last handed, and runs each
 * task it is sent over them, in the order sent. Before the first, it runs the tasks' passes on a few thousand
 * made-up rows, so that V8 has compiled their loops by the first report (the store's thread warms its own passes
 * the same way, indexWarmUp.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { offsetAt } from '../core/zoneClock';
import { newFigureTask, runFigureTask, threadFigures, type FigureTask, type SharedIndexColumns } from './figureTask';
import { denseGroups } from './indexSums';
import { runOfRows, type Selection } from './eventIndex';
import { nextScratchCall, reserveScratch } from './scratch';

const port = parentPort;
if (!port) throw new Error('the figure thread must run in a worker thread');

function warmUp(): void {
  const rows = 4096;
  const column = (value: (row: number) => number) => Float64Array.from({ length: rows }, (_, row) => value(row));
  const codes = (value: (row: number) => number) => Int32Array.from({ length: rows }, (_, row) => value(row));
  const columns = {
    ts: column((row) => 1_700_000_000_000 + row * 1000),
    latencies: column((row) => (row % 17 === 0 ? NaN : (row * 7919) % 3000)),
    latenciesComplete: false,
    requests: column((row) => (row % 13 === 0 ? NaN : 1)),
    sessions: codes((row) => (row % 11 === 0 ? 0 : 1 + (row % 300))),
    sessionValues: 301,
    users: codes((row) => (row % 23 === 0 ? -1 : row % 90)),
    largestUser: 89,
    agents: codes((row) => (row % 19 === 0 ? -1 : row % 60)),
    largestAgent: 59,
    statuses: codes((row) => 1 + (row % 5 === 0 ? 1 : 0)),
    errorCode: 2,
    money: {
      credits: { values: column((row) => (row % 7 === 0 ? NaN : row * 0.37)), facts: { complete: false, wholeNumbers: false } },
      costReported: { values: column((row) => row * 0.0013), facts: { complete: true, wholeNumbers: false } },
      costEstimated: { values: column((row) => (row % 3 === 0 ? NaN : row * 0.0011)), facts: { complete: false, wholeNumbers: false } },
    },
  };
  // every other row: a filter's selection, whose rows the figures read by number (other loops than a run's)
  const gapped: Selection = { count: rows / 2, contiguousFrom: null, selected: Int32Array.from({ length: rows / 2 }, (_, i) => 2 * i) };
  for (let round = 0; round < 20; round++) {
    nextScratchCall();
    // groups of about a hundred rows, and of about two thousand: a p95 past 600 values selects in a sample first
    const groups = round % 2 === 0 ? 40 : 2;
    const grouping = denseGroups(round % 4 < 2 ? runOfRows(0, rows) : gapped, codes((row) => row % groups), groups - 1);
    // through a message's copy: its objects have the maps the real messages' will have (passes compiled for object
    // literals' maps were thrown away on the first real task, which then ran unoptimised)
    runFigureTask(structuredClone(newFigureTask([...threadFigures], grouping, 0)), structuredClone({ columnsId: 0, columns }));
  }
}

warmUp();
// the time-zone data: loaded once for the whole process, here rather than in the store's first report (15–30 ms),
// and after an import's peak of memory, not in it (the thread starts as the import ends; 10 MB resident)
offsetAt(Date.now(), 'UTC');
// a task sent before this would wait for the warm-up: until then the store's thread adds up every figure itself
const ready = (workerData as { ready: Int32Array }).ready;
Atomics.store(ready, 0, 1);
/** the columns of the store's latest index */
let columns: SharedIndexColumns | undefined;
port.on('message', (message: FigureTask | SharedIndexColumns) => {
  if (!('figures' in message)) {
    columns = message;
    return;
  }
  const task = message;
  // the arrays of the task before are done with; the pool keeps one of a latency per row (p95's gathered
  // latencies) for the next, rather than a new one each task until the garbage collector comes
  nextScratchCall();
  reserveScratch([task.grouping.count * Float64Array.BYTES_PER_ELEMENT]);
  runFigureTask(task, columns);
});
