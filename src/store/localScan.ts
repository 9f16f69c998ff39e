/**
 * A scan of one local log source (Claude Code, Codex or OpenTelemetry files) in one transaction: every
 * file found is read from where the last scan stopped (`scanned_files`), its new usage written, its new
 * state kept; a failed or cancelled scan leaves the store as it was.
 */
import type { Database } from 'sql.js';
import { fromSourceSql } from './combinations';
import { ImportCancelled } from '../core/ingest/errors';
import { ClaudeCodeMessages } from '../core/ingest/local/claudeCodeCopies';
import { forEachLogFile, logFiles } from '../core/ingest/local/discovery';
import type { RawReject } from '../core/ingest/rawRecord';
import { localLogLabels, type LocalLogKind } from '../shared/sources';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { EventWriter, type WriteObserver } from './eventWriter';
import { replayEventBatch } from './eventBatch';
import { emptyCounts, flushPendingCopies, readSubagentType, storedClaudeCodeCopies, storedSeenKeys, type ScanContext, type ScanCounts } from './localReaders';
import { scanFiles, type FilesOutcome, type StoredFileState } from './scanFiles';
import { scanThreadsAvailable, takeScanThread } from './scanThreads';
import type { ScanThreadInput, ScanThreadJob, ScanThreadMessage } from './scanWorker';
import { ensureSource } from './sources';
import { inTransaction, whileWritingInIdleTime } from './transaction';
import { trace } from './trace';
import { oneMessagePerTurn } from './oneMessagePerTurn';

export interface LocalScanJob {
  kind: LocalLogKind;
  /** folders or files; for Claude Code and Codex usually the default locations */
  roots: string[];
  /**
   * Files are complete (a one-shot CLI read): an OpenTelemetry trace whose root span never came is
   * decided now instead of waiting for the next scan, and no file's state is kept (no scan resumes from this one).
   */
  endOfInput?: boolean;
  /** epoch ms recorded as the source's last refresh */
  now?: number;
}

export interface LocalScanSummary extends ScanCounts {
  sourceId: string;
  label: string;
  files: number;
  /** files not opened: unchanged since the last scan */
  filesUnchanged: number;
  /** files truncated or replaced since the last scan, read again from the start */
  filesRestarted: number;
  /** lines longer than the limit, skipped without being read */
  longLinesSkipped: number;
  /** the first rejected or corrupt lines (at most 20), with their file */
  rejects: (RawReject & { file: string })[];
}

const maxRejectsKept = 20;

export function localSourceId(kind: LocalLogKind, roots: readonly string[]): string {
  return kind === 'otel' ? `otel:${roots.join('|')}` : kind;
}

function saveStates(db: Database, sourceKey: number, states: readonly [string, StoredFileState][]): void {
  const save = db.prepare('INSERT OR REPLACE INTO scanned_files (source_key, path, state) VALUES (?, ?, ?)');
  try {
    for (const [path, state] of states) save.run([sourceKey, path, JSON.stringify(state)]);
  } finally {
    save.free();
  }
}

function loadStates(db: Database, sourceKey: number): Map<string, StoredFileState> {
  const states = new Map<string, StoredFileState>();
  for (const [path, state] of db.exec('SELECT path, state FROM scanned_files WHERE source_key = ?', [sourceKey])[0]?.values ?? []) {
    states.set(path as string, JSON.parse(state as string) as StoredFileState);
  }
  return states;
}

type ScanOptions = { estimateCost?: RowCostEstimate; signal?: AbortSignal; onFile?: (index: number, count: number) => void; writeObserver?: WriteObserver };

/** The files read in the store worker, copies of earlier scans found in the store. */
async function scanHere(
  db: Database, job: LocalScanJob, files: readonly string[], states: ReadonlyMap<string, StoredFileState>, writer: EventWriter,
  summary: LocalScanSummary, hasEvents: boolean, lookups: { free(): void }[], options: ScanOptions,
): Promise<FilesOutcome> {
  let file = '';
  const stored = hasEvents ? storedClaudeCodeCopies(db) : undefined;
  const seen = storedSeenKeys(hasEvents ? writer : null);
  if (stored) lookups.push(stored);
  const context: ScanContext = {
    writer, counts: summary,
    onReject: (reject: RawReject) => {
      if (summary.rejects.length < maxRejectsKept) summary.rejects.push({ ...reject, file });
    },
    messages: new ClaudeCodeMessages(stored),
    seen,
    pendingCopies: new Map(),
  };
  const outcome = await scanFiles(job.kind, files, states, context, {
    endOfInput: job.endOfInput ?? false, signal: options.signal, onFile: (index) => options.onFile?.(index, files.length),
    onFileStart: (path) => {
      file = path;
    },
  });
  flushPendingCopies(context);
  return outcome;
}

/** Files handed to a scan thread in lists of this many: few messages, and the thread starts on the first list early. */
const filesPerMessage = 64;

/**
 * The files read in a scan thread while this worker writes the events it hands over, batch by batch: on
 * two cores the scan costs about the slower of parsing and inserting, not their sum. The thread starts
 * first and gets the files while this worker's walk finds them, so the walk costs no time of its own.
 */
function scanInThread(
  job: LocalScanJob, threadJob: ScanThreadJob, writer: EventWriter, summary: LocalScanSummary, options: ScanOptions,
): Promise<FilesOutcome> {
  return new Promise<FilesOutcome>((resolve, reject) => {
    const thread = takeScanThread();
    thread.postMessage({ job: threadJob } satisfies ScanThreadInput);
    trace('store', 'scan thread has its job');
    let settled = false;
    const finish = (work: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', cancel);
      work();
    };
    const cancel = () => finish(() => {
      void thread.terminate();
      reject(new ImportCancelled());
    });
    options.signal?.addEventListener('abort', cancel, { once: true });
    /** events the store already held (another source wrote the same key) */
    let storeDuplicates = 0;
    thread.on('message', oneMessagePerTurn((message: ScanThreadMessage) => {
      if (settled) return;
      try {
        if ('events' in message) {
          if (summary.firstEventAt === null) trace('store', 'first events');
          replayEventBatch(message.events, {
            write(event, source) {
              if (writer.write(event, source, false) === 'duplicate') storeDuplicates++;
              else {
                if (summary.firstEventAt === null || event.ts < summary.firstEventAt) summary.firstEventAt = event.ts;
                if (summary.lastEventAt === null || event.ts > summary.lastEventAt) summary.lastEventAt = event.ts;
              }
            },
            delete: (eventKey) => writer.delete(eventKey),
            reject: () => {
              throw new Error('a local log scan reports its rejects when it ends, not in its batches');
            },
          });
          const spare = message.events.slots.buffer as ArrayBuffer;
          thread.postMessage({ spare } satisfies ScanThreadInput, [spare]);
        } else if ('progress' in message) {
          options.onFile?.(message.progress, summary.files);
        } else if ('done' in message) {
          const { counts, rejects, outcome } = message.done;
          Object.assign(summary, {
            lines: counts.lines, imported: counts.imported - storeDuplicates, replaced: counts.replaced, duplicates: counts.duplicates + storeDuplicates,
            skipped: counts.skipped, corrupt: counts.corrupt, rejected: counts.rejected,
          });
          summary.rejects.push(...rejects);
          if (summary.files > 0) options.onFile?.(summary.files - 1, summary.files);
          finish(() => {
            void thread.terminate();
            resolve(outcome);
          });
        } else {
          finish(() => reject(new Error(`local log scan failed: ${message.error}`)));
        }
      } catch (error) {
        finish(() => {
          void thread.terminate();
          reject(error);
        });
      }
    }));
    thread.on('error', (error) => finish(() => reject(error)));
    thread.on('exit', (code) => finish(() => reject(new Error(`the scan thread stopped (exit code ${code})`))));
    try {
      let list: Extract<ScanThreadInput, { files: string[] }> = { files: [], subagentTypes: [] };
      const send = (input: ScanThreadInput) => thread.postMessage(input);
      forEachLogFile(job.kind, job.roots, (path) => {
        summary.files++;
        list.files.push(path);
        if (job.kind === 'claude-code') list.subagentTypes.push([path, readSubagentType(path)]);
        if (list.files.length < filesPerMessage) return;
        send(list);
        list = { files: [], subagentTypes: [] };
      });
      if (list.files.length > 0) send(list);
      send({ end: true });
      trace('store', 'walk done');
    } catch (error) {
      finish(() => {
        void thread.terminate();
        reject(error);
      });
    }
  });
}

export async function scanLocalLogs(
  db: Database,
  job: LocalScanJob,
  options: ScanOptions = {},
): Promise<LocalScanSummary> {
  const sourceId = localSourceId(job.kind, job.roots);
  const summary: LocalScanSummary = {
    sourceId, label: localLogLabels[job.kind], files: 0, filesUnchanged: 0, filesRestarted: 0, longLinesSkipped: 0, rejects: [],
    ...emptyCounts(),
  };
  let writer: EventWriter | undefined;
  const lookups: { free(): void }[] = [];
  try {
    return await inTransaction(db, async () => {
      const sourceKey = ensureSource(db, { id: sourceId, kind: 'local-logs', label: summary.label, location: job.roots }, job.now ?? Date.now());
      // a source with no events yet cannot hold copies of what this scan reads: skip the lookups
      const hasEvents = db.exec(`SELECT 1 FROM event_rows WHERE ${fromSourceSql('= ?')} LIMIT 1`, [sourceKey]).length > 0;
      const states = loadStates(db, sourceKey);
      const eventWriter = new EventWriter(db, sourceKey, options.estimateCost ?? tableCostEstimate, options.writeObserver);
      writer = eventWriter;
      // a first scan has nothing to look up in the store: it can parse in a thread of its own
      let outcome: FilesOutcome;
      if (!hasEvents && scanThreadsAvailable()) {
        const threadJob: ScanThreadJob = { kind: job.kind, states: [...states], endOfInput: job.endOfInput ?? false, maxRejects: maxRejectsKept };
        outcome = await whileWritingInIdleTime(db, () => scanInThread(job, threadJob, eventWriter, summary, options));
      } else {
        const files = logFiles(job.kind, job.roots);
        summary.files = files.length;
        outcome = await scanHere(db, job, files, states, eventWriter, summary, hasEvents, lookups, options);
      }
      trace('store', 'events written');
      if (!job.endOfInput) saveStates(db, sourceKey, outcome.states);
      Object.assign(summary, { filesUnchanged: outcome.filesUnchanged, filesRestarted: outcome.filesRestarted, longLinesSkipped: outcome.longLinesSkipped });
      return summary;
    });
  } finally {
    trace('store', 'scan ended (committed or rolled back)');
    writer?.free();
    for (const lookup of lookups) lookup.free();
  }
}
