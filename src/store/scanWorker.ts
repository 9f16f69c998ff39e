/**
 * Scan thread: reads a local log source's files and hands the events to the store worker in batches, so
 * that on two cores parsing and inserting overlap. Used for a source's first scan (no stored copies to
 * look up); later, incremental scans run in the store worker itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ClaudeCodeMessages } from '../core/ingest/local/claudeCodeCopies';
import { seenInMemory } from '../core/ingest/local/lineReader';
import type { EventRecord } from '../core/ingest/normalise';
import type { RawReject } from '../core/ingest/rawRecord';
import type { LocalLogKind } from '../shared/sources';
import type { EventSink } from './eventWriter';
import { emptyCounts, flushPendingCopies, type ScanContext, type ScanCounts } from './localReaders';
import { scanFiles, type FilesOutcome, type StoredFileState } from './scanFiles';

export interface ScanThreadJob {
  kind: LocalLogKind;
  states: [string, StoredFileState][];
  endOfInput: boolean;
  maxRejects: number;
}

/** In order: write an event (with its `source` column), or delete one a better copy superseded. */
export type ScanOp = ['write', EventRecord, string] | ['delete', string];

/**
 * The files to read, in order, as the store worker's walk finds them, with the types of the Claude Code
 * subagents among them (read by the walk, which has time to spare); then the end of the list.
 */
export type ScanThreadInput = { files: string[]; subagentTypes: [path: string, type: string | null][] } | { end: true };

export type ScanThreadMessage =
  | { ops: ScanOp[] }
  | { progress: number }
  | { done: { counts: ScanCounts; rejects: (RawReject & { file: string })[]; outcome: FilesOutcome } }
  | { error: string };

const port = parentPort;
if (!port) throw new Error('the scan thread must run in a worker thread');
const job = workerData as ScanThreadJob;

const batchSize = 2000;
let ops: ScanOp[] = [];
const post = () => {
  if (ops.length === 0) return;
  port.postMessage({ ops } satisfies ScanThreadMessage);
  ops = [];
};
const sink: EventSink = {
  write(record, source) {
    ops.push(['write', record, source]);
    if (ops.length >= batchSize) post();
    return 'imported';
  },
  delete(eventKey) {
    ops.push(['delete', eventKey]);
  },
};

const queued: string[] = [];
const subagentTypes = new Map<string, string | null>();
let allQueued = false;
let wake: (() => void) | null = null;
port.on('message', (input: ScanThreadInput) => {
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
    flushPendingCopies(context);
    post();
    port.postMessage({ done: { counts: context.counts, rejects, outcome } } satisfies ScanThreadMessage);
  },
  (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ScanThreadMessage),
);
