/**
 * Scan thread: reads a local log source's files and hands the events to the store worker in batches, so
 * that on two cores parsing and inserting overlap. Used for a source's first scan (no stored copies to
 * look up); later, incremental scans run in the store worker itself.
 */
import { parentPort } from 'node:worker_threads';
import { ClaudeCodeMessages } from '../core/ingest/local/claudeCodeCopies';
import { seenInMemory } from '../core/ingest/local/lineReader';
import type { RawReject } from '../core/ingest/rawRecord';
import type { LocalLogKind } from '../shared/sources';
import type { EventSink } from './eventWriter';
import { EventBatchBuilder, type EventBatch } from './eventBatch';
import { emptyCounts, flushPendingCopies, type ScanContext, type ScanCounts } from './localReaders';
import { scanFiles, type FilesOutcome, type StoredFileState } from './scanFiles';
import { trace } from './trace';

export interface ScanThreadJob {
  kind: LocalLogKind;
  states: [string, StoredFileState][];
  endOfInput: boolean;
  maxRejects: number;
}

/**
 * First the job (a thread may be started before its scan is asked for); then the files to read, in order,
 * as the store worker's walk finds them, with the types of the Claude Code subagents among them (read by the
 * walk, which has time to spare); then the end of the list. Meanwhile, the buffers of the batches replayed
 * come back to be written again.
 */
export type ScanThreadInput =
  | { job: ScanThreadJob }
  | { files: string[]; subagentTypes: [path: string, type: string | null][] }
  | { end: true }
  | { spare: ArrayBuffer };

export type ScanThreadMessage =
  | { events: EventBatch }
  | { progress: number }
  | { done: { counts: ScanCounts; rejects: (RawReject & { file: string })[]; outcome: FilesOutcome } }
  | { error: string };

if (!parentPort) throw new Error('the scan thread must run in a worker thread');
const port = parentPort;
trace('scan', 'start');

const batch = new EventBatchBuilder(2000);
const post = () => {
  const events = batch.take();
  if (events !== null) port.postMessage({ events } satisfies ScanThreadMessage, [events.slots.buffer as ArrayBuffer]);
};
const sink: EventSink = {
  write(record, source) {
    batch.write(record, source);
    if (batch.full) post();
    return 'imported';
  },
  delete(eventKey) {
    batch.delete(eventKey);
    if (batch.full) post();
  },
};

const queued: string[] = [];
const subagentTypes = new Map<string, string | null>();
let allQueued = false;
let wake: (() => void) | null = null;
port.on('message', (input: ScanThreadInput) => {
  if ('job' in input) {
    scan(input.job);
    return;
  }
  if ('spare' in input) {
    batch.reuse(input.spare);
    return;
  }
  if ('files' in input) {
    queued.push(...input.files);
    for (const [path, type] of input.subagentTypes) subagentTypes.set(path, type);
  } else allQueued = true;
  wake?.();
  wake = null;
});

async function* incomingFiles(): AsyncGenerator<string> {
  for (let next = 0; ; ) {
    if (next < queued.length) yield queued[next++]!;
    else if (allQueued) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** Reads the files as they come, handing their events over in batches; the end goes to the store worker as `done`. */
function scan(job: ScanThreadJob): void {
  trace('scan', 'job');
  let file = '';
  const rejects: (RawReject & { file: string })[] = [];
  const context: ScanContext = {
    writer: sink,
    counts: emptyCounts(),
    onReject: (reject) => {
      if (rejects.length < job.maxRejects) rejects.push({ ...reject, file });
    },
    messages: new ClaudeCodeMessages(),
    seen: seenInMemory(),
    pendingCopies: new Map(),
    subagentTypes,
  };

  let lastProgress = -Infinity;
  scanFiles(job.kind, incomingFiles(), new Map(job.states), context, {
    endOfInput: job.endOfInput,
    onFileStart: (path) => {
      file = path;
    },
    onFile: (index) => {
      const now = performance.now();
      // the first file always, the ones after at most every 50 ms (the store worker reports the last one)
      if (index !== 0 && now - lastProgress < 50) return;
      lastProgress = now;
      port.postMessage({ progress: index } satisfies ScanThreadMessage);
    },
    // a message's streamed copies are all in its file: its survivors go into the next batch once it is read
    afterFile: () => flushPendingCopies(context),
  }).then(
    (outcome) => {
      trace('scan', 'files read');
      flushPendingCopies(context);
      post();
      port.postMessage({ done: { counts: context.counts, rejects, outcome } } satisfies ScanThreadMessage);
    },
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ScanThreadMessage),
  );
}
