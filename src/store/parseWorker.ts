/**
 * Parse thread: reads one file to import, parses and checks its records (`readRows`) and hands the store
 * worker the events and rejects in batches, so that on two cores reading and inserting overlap. A file of
 * users, agents or organisations (few rows, each written at once) is left to the store worker.
 */
import { parentPort } from 'node:worker_threads';
import { ImportError } from '../core/ingest/errors';
import type { RecordKind } from '../core/ingest/mapping';
import type { NormaliseOptions } from '../core/ingest/normalise';
import { openReader, type FileFormat } from '../core/ingest/reader';
import { EventBatchBuilder, type EventBatch } from './eventBatch';
import { parsedFile, readRows, type ParsedFile } from './fileRows';

export interface ParseJob {
  path: string;
  displayName: string;
  format?: FileFormat;
  kind?: RecordKind;
  sourceFormat?: string;
  normalise: NormaliseOptions;
}

/** `done`: batches written so far; `spare`: the buffer of one of them, to write a later batch into */
export type ParseThreadInput = { job: ParseJob } | { done: number; spare?: ArrayBuffer };

export type ParseThreadMessage =
  | { rows: EventBatch }
  | { done: ParsedFile }
  /** the file holds dimension records: the store worker reads it itself */
  | { dimensions: true }
  | { failed: { file: string; line: number | null; column: string | null; reason: string } | { message: string } };

/**
 * Batches handed over and not yet written: the thread waits rather than queue the whole file in memory. Two keep the
 * store worker busy; a batch waiting longer outlived the store worker's young generation, its texts promoted and
 * left to the old generation's collector (peak RSS of a million-event import 524–541 MB against 525–564 with four).
 */
const maxBatchesAhead = 2;
const rowsPerBatch = 2000;

class DimensionFile extends Error {}

if (!parentPort) throw new Error('the parse thread must run in a worker thread');
const port = parentPort;

let written = 0;
let sent = 0;
let wake: (() => void) | null = null;
const batch = new EventBatchBuilder(rowsPerBatch);
port.on('message', (input: ParseThreadInput) => {
  if ('job' in input) void parse(input.job);
  else {
    written = input.done;
    if (input.spare) batch.reuse(input.spare);
    wake?.();
    wake = null;
  }
});

async function parse(job: ParseJob): Promise<void> {
  try {
    const { format, reader } = await openReader(job.path, { format: job.format, kind: job.kind, displayName: job.displayName, sourceFormat: job.sourceFormat });
    const post = () => {
      const rows = batch.take();
      if (rows === null) return;
      sent++;
      port.postMessage({ rows } satisfies ParseThreadMessage, [rows.slots.buffer as ArrayBuffer]);
    };
    const counts = await readRows(
      reader,
      format,
      job.normalise,
      {
        event(record, source, replaceable) {
          batch.write(record, source, replaceable);
          if (batch.full) post();
        },
        dimension() {
          throw new DimensionFile();
        },
        reject(line, column, reason) {
          batch.reject(line, column, reason);
          if (batch.full) post();
        },
      },
      async () => {
        while (sent - written >= maxBatchesAhead) await new Promise<void>((resolve) => (wake = resolve));
      },
    );
    post();
    const done = parsedFile(format, reader, counts);
    port.postMessage({ done } satisfies ParseThreadMessage);
  } catch (error) {
    if (error instanceof DimensionFile) port.postMessage({ dimensions: true } satisfies ParseThreadMessage);
    else if (error instanceof ImportError) {
      port.postMessage({ failed: { file: error.file, line: error.line, column: error.column, reason: error.reason } } satisfies ParseThreadMessage);
    } else port.postMessage({ failed: { message: error instanceof Error ? error.message : String(error) } } satisfies ParseThreadMessage);
  }
}
