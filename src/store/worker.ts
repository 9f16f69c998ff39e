/** Worker-thread entry: owns the sql.js database; the extension host and CLI never run SQLite themselves. */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from '../core/ingest/errors';
import { storeOperations, type SerializedError, type WorkerInit, type WorkerReply, type WorkerRequest } from './protocol';
import { startSpareScanThread } from './scanThreads';
import { loadEngine } from './sqlite';
import { UsageStore } from './usageStore';
import { trace } from './trace';

const port = parentPort;
if (!port) throw new Error('store worker must run in a worker thread');

trace('store', 'start');
const init = workerData as WorkerInit;
// before the engine loads: the thread's start-up then overlaps it
if (init.scanThreadAhead) startSpareScanThread();
const storeReady = loadEngine(init.wasmPath).then((SQL) => {
  trace('store', 'engine loaded');
  const store = UsageStore.open(SQL);
  store.indexAfterChanges = init.indexAfterChanges ?? false;
  if (init.parseThreadFromBytes !== undefined) store.parseThreadFromBytes = init.parseThreadFromBytes;
  if (init.figureThreadFromRows !== undefined) store.figureThreadFromRows = init.figureThreadFromRows;
  return store;
});
const running = new Map<number, AbortController>();

function serialize(error: unknown): SerializedError {
  if (error instanceof ImportError) {
    return { name: error.name, message: error.message, file: error.file, line: error.line, column: error.column, reason: error.reason };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function reply(message: Exclude<WorkerReply, { progress: number }>): void {
  const result = message.ok ? message.result : undefined;
  port!.postMessage(message, result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : []);
}

/** The wire arguments plus what does not cross the thread boundary: the signal and the per-file progress callback. */
function argumentsFor(request: Extract<WorkerRequest, { args: unknown[] }>, signal: AbortSignal): unknown[] {
  if (request.op === 'importFile') return [...request.args.slice(0, 2), signal];
  if (request.op === 'importFiles' || request.op === 'scanLocalLogs') {
    // a scan of thousands of small transcripts would send a message per file (an import's files are few,
    // and its progress bar counts each one)
    let last = -Infinity;
    const progress = (index: number, count?: number) => {
      const now = performance.now();
      // the first and last files always, the ones between at most every 50 ms
      if (request.op === 'scanLocalLogs' && index !== 0 && index !== (count ?? 0) - 1 && now - last < 50) return;
      last = now;
      port!.postMessage({ id: request.id, progress: index, count } satisfies WorkerReply);
    };
    return [request.args[0], signal, progress];
  }
  return request.args;
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.op === 'cancel') {
    running.get(request.target)?.abort();
    return;
  }
  if (!storeOperations.includes(request.op)) {
    reply({ id: request.id, ok: false, error: { name: 'Error', message: `unknown store operation ${String(request.op)}` } });
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const store = await storeReady;
    const args = argumentsFor(request, controller.signal);
    const method = store[request.op] as (...a: unknown[]) => Promise<unknown>;
    const result = await method.apply(store, args);
    reply({ id: request.id, ok: true, result });
  } catch (error) {
    reply({ id: request.id, ok: false, error: serialize(error) });
  } finally {
    running.delete(request.id);
  }
}

port.on('message', (request: WorkerRequest) => void handle(request));
