/**
 * The store worker's side of a parse thread (`parseWorker.ts`): starts it on a file, writes the events and
 * meets the rejects it hands over, batch by batch and in file order, and tells it how far the writing got.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import { replayEventBatch } from './eventBatch';
import { oneMessagePerTurn } from './oneMessagePerTurn';
import type { ParsedFile, RowSink } from './fileRows';
import type { ParseJob, ParseThreadInput, ParseThreadMessage } from './parseWorker';
import { threadResourceLimits } from './threadLimits';

const script = join(__dirname, 'parseWorker.js');

/**
 * Below this size a file is read where it is written: a thread takes tens of milliseconds to start, about
 * what reading a few megabytes costs.
 */
export const parseThreadFromBytes = 4 * 1024 * 1024;

/** Whether files can be parsed in a thread (the bundle has the thread's script; tests running the sources do not). */
export function parseThreadsAvailable(): boolean {
  return existsSync(script);
}

/**
 * Reads the file in a parse thread into the sink. Resolves with what the thread learnt of the file, or with
 * 'dimensions' when the file holds users, agents or organisations (no event has reached the sink then: the
 * caller reads the file itself); rejects with the thread's ImportError, ImportCancelled, or what the sink threw.
 */
export function parseInThread(job: ParseJob, sink: RowSink, signal?: AbortSignal): Promise<ParsedFile | 'dimensions'> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ImportCancelled());
      return;
    }
    const thread = new Worker(script, { resourceLimits: threadResourceLimits });
    let settled = false;
    const finish = (work: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      void thread.terminate();
      work();
    };
    const cancel = () => finish(() => reject(new ImportCancelled()));
    signal?.addEventListener('abort', cancel, { once: true });
    let batches = 0;
    let events = 0;
    const handler = {
      write: (record: Parameters<RowSink['event']>[0], source: string, replaceable: boolean) => {
        events++;
        sink.event(record, source, replaceable);
      },
      delete: () => {
        throw new Error('a parse thread does not delete events');
      },
      reject: sink.reject,
    };
    thread.on('message', oneMessagePerTurn((message: ParseThreadMessage) => {
      if (settled) return;
      try {
        if ('rows' in message) {
          replayEventBatch(message.rows, handler);
          const spare = message.rows.slots.buffer as ArrayBuffer;
          thread.postMessage({ done: ++batches, spare } satisfies ParseThreadInput, [spare]);
        } else if ('done' in message) {
          finish(() => resolve(message.done));
        } else if ('dimensions' in message) {
          if (events > 0) throw new Error('the parse thread found dimension records after events');
          finish(() => resolve('dimensions'));
        } else {
          const failure = message.failed;
          const error = 'reason' in failure ? new ImportError(failure.file, failure.line, failure.column, failure.reason) : new Error(failure.message);
          finish(() => reject(error));
        }
      } catch (error) {
        finish(() => reject(error));
      }
    }));
    thread.on('error', (error) => finish(() => reject(error)));
    thread.on('exit', (code) => finish(() => reject(new Error(`the parse thread stopped (exit code ${code})`))));
    thread.postMessage({ job } satisfies ParseThreadInput);
  });
}
