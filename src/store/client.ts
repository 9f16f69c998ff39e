/** Typed async client of the store worker: every call is a request with an id; errors come back as rejections. */
import { Worker } from 'node:worker_threads';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import type { StoreOperation, WireArgs, WireResult, WorkerInit, WorkerReply, WorkerRequest } from './protocol';
import { threadResourceLimits } from './threadLimits';

export class StoreError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function revive(error: Extract<WorkerReply, { ok: false }>['error']): Error {
  if (error.name === 'ImportError' && error.file !== undefined) {
    return new ImportError(error.file, error.line ?? null, error.column ?? null, error.reason ?? error.message);
  }
  if (error.name === 'ImportCancelled') return new ImportCancelled();
  return new StoreError(error.name, error.message);
}

export class StoreClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; progress?: (index: number, count?: number) => void }>();
  private failure: Error | undefined;

  /** @param workerPath the built store worker (dist/storeWorker.js) */
  constructor(workerPath: string, init: WorkerInit) {
    this.worker = new Worker(workerPath, { workerData: init, resourceLimits: threadResourceLimits });
    this.worker.on('message', (message: WorkerReply) => this.settle(message));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new StoreError('StoreExited', `store worker exited with code ${code}`)));
  }

  private settle(message: WorkerReply): void {
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    if ('progress' in message) {
      waiter.progress?.(message.progress, message.count);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(revive(message.error));
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  call<K extends StoreOperation>(op: K, ...args: WireArgs<K>): Promise<WireResult<K>> {
    return this.request(op, args as unknown[]) as Promise<WireResult<K>>;
  }

  /** Imports a file; aborting the signal rolls the import back and rejects with ImportCancelled. */
  importFile(path: string, options: WireArgs<'importFile'>[1] = {}, signal?: AbortSignal): Promise<WireResult<'importFile'>> {
    return this.cancellable('importFile', [path, options], signal) as Promise<WireResult<'importFile'>>;
  }

  /**
   * Imports several files in one transaction in the worker: a failure or cancellation in any file
   * leaves the database as it was. `onFile` hears the index of each file as its import starts.
   */
  importFiles(jobs: WireArgs<'importFiles'>[0], signal?: AbortSignal, onFile?: (index: number) => void): Promise<WireResult<'importFiles'>> {
    return this.cancellable('importFiles', [jobs], signal, onFile) as Promise<WireResult<'importFiles'>>;
  }

  /**
   * Scans a local log source; aborting the signal rolls the scan back and rejects with ImportCancelled.
   * `onFile` hears each file's index as its scan starts, and how many files the scan reads.
   */
  scanLocalLogs(job: WireArgs<'scanLocalLogs'>[0], signal?: AbortSignal, onFile?: (index: number, count: number) => void): Promise<WireResult<'scanLocalLogs'>> {
    const progress = onFile && ((index: number, count?: number) => onFile(index, count ?? 0));
    return this.cancellable('scanLocalLogs', [job], signal, progress) as Promise<WireResult<'scanLocalLogs'>>;
  }

  private cancellable(op: 'importFile' | 'importFiles' | 'scanLocalLogs', args: unknown[], signal: AbortSignal | undefined, progress?: (index: number, count?: number) => void): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new ImportCancelled());
    const id = this.nextId;
    const done = this.request(op, args, [], progress);
    const cancel = () => this.worker.postMessage({ id: this.nextId++, op: 'cancel', target: id } satisfies WorkerRequest);
    signal?.addEventListener('abort', cancel, { once: true });
    return done.finally(() => signal?.removeEventListener('abort', cancel));
  }

  /**
   * Sends the database bytes to the worker. An array that owns its whole buffer is transferred (not
   * copied, and unusable afterwards); a view into a larger buffer is copied so the rest stays intact.
   */
  restore(bytes: Uint8Array): Promise<void> {
    const ownsBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const sent = ownsBuffer ? bytes : bytes.slice();
    return this.request('restore', [sent], [sent.buffer as ArrayBuffer]) as Promise<void>;
  }

  private request(op: StoreOperation, args: unknown[], transfer: ArrayBuffer[] = [], progress?: (index: number, count?: number) => void): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      this.worker.postMessage({ id, op, args } satisfies WorkerRequest, transfer);
    });
  }

  async dispose(): Promise<void> {
    this.failure ??= new StoreError('StoreClosed', 'store is closed');
    await this.worker.terminate();
  }
}
