/**
 * A scan of one local log source (Claude Code, Codex or OpenTelemetry files) in one transaction: every
 * file found is read from where the last scan stopped (`scanned_files`), its new usage written, its new
 * state kept; a failed or cancelled scan leaves the store as it was.
 */
import type { Database } from 'sql.js';
import { ImportCancelled } from '../core/ingest/errors';
import { ClaudeCodeMessages } from '../core/ingest/local/claudeCodeCopies';
import { logFiles } from '../core/ingest/local/discovery';
import { scanNewLines, type FileScanState } from '../core/ingest/local/lineScanner';
import type { RawReject } from '../core/ingest/rawRecord';
import { localLogLabels, type LocalLogKind } from '../shared/sources';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { EventWriter } from './eventWriter';
import { emptyCounts, fileReader, flushPendingCopies, storedClaudeCodeCopies, storedSeenKeys, type ScanCounts } from './localReaders';
import { ensureSource } from './sources';

export interface LocalScanJob {
  kind: LocalLogKind;
  /** folders or files; for Claude Code and Codex usually the default locations */
  roots: string[];
  /**
   * Files are complete (a one-shot CLI read): an OpenTelemetry trace whose root span never came is
   * decided now instead of waiting for the next scan.
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

interface StoredFileState {
  scan: FileScanState;
  reader: unknown;
}

const maxRejectsKept = 20;

export function localSourceId(kind: LocalLogKind, roots: readonly string[]): string {
  return kind === 'otel' ? `otel:${roots.join('|')}` : kind;
}

function loadStates(db: Database, sourceKey: number): Map<string, StoredFileState> {
  const states = new Map<string, StoredFileState>();
  for (const [path, state] of db.exec('SELECT path, state FROM scanned_files WHERE source_key = ?', [sourceKey])[0]?.values ?? []) {
    states.set(path as string, JSON.parse(state as string) as StoredFileState);
  }
  return states;
}

export async function scanLocalLogs(
  db: Database,
  job: LocalScanJob,
  options: { estimateCost?: RowCostEstimate; signal?: AbortSignal; onFile?: (index: number, count: number) => void } = {},
): Promise<LocalScanSummary> {
  const files = await logFiles(job.kind, job.roots);
  const sourceId = localSourceId(job.kind, job.roots);
  const summary: LocalScanSummary = {
    sourceId, label: localLogLabels[job.kind], files: files.length, filesUnchanged: 0, filesRestarted: 0, longLinesSkipped: 0, rejects: [],
    ...emptyCounts(),
  };
  db.exec('BEGIN');
  let writer: EventWriter | undefined;
  const lookups: { free(): void }[] = [];
  try {
    const sourceKey = ensureSource(db, { id: sourceId, kind: 'local-logs', label: summary.label, location: job.roots }, job.now ?? Date.now());
    // a source with no events yet cannot hold copies of what this scan reads: skip the lookups
    const hasEvents = db.exec('SELECT 1 FROM events WHERE source_key = ? LIMIT 1', [sourceKey]).length > 0;
    const states = loadStates(db, sourceKey);
    writer = new EventWriter(db, sourceKey, options.estimateCost ?? tableCostEstimate);
    let file = '';
    const stored = hasEvents ? storedClaudeCodeCopies(db) : undefined;
    const seen = storedSeenKeys(db, hasEvents);
    lookups.push(seen, ...(stored ? [stored] : []));
    const context = {
      db, writer, counts: summary as ScanCounts,
      onReject: (reject: RawReject) => {
        if (summary.rejects.length < maxRejectsKept) summary.rejects.push({ ...reject, file });
      },
      messages: new ClaudeCodeMessages(stored),
      seen,
      pendingCopies: new Map(),
    };
    const saveState = db.prepare('INSERT OR REPLACE INTO scanned_files (source_key, path, state) VALUES (?, ?, ?)');
    try {
      for (const [index, path] of files.entries()) {
        if (options.signal?.aborted) throw new ImportCancelled();
        options.onFile?.(index, files.length);
        file = path;
        const previous = states.get(path);
        let reader = fileReader(job.kind, path, previous?.reader ?? null, context);
        let restarted = false;
        const outcome = await scanNewLines(
          path,
          previous?.scan,
          (line, lineNo) => {
            if (lineNo === 1 && previous && !restarted) {
              // the scanner started over: the file was truncated or replaced, its carried state no longer applies
              restarted = true;
              reader = fileReader(job.kind, path, null, context);
            }
            reader.push(line, lineNo);
          },
          { signal: options.signal },
        );
        if (options.signal?.aborted) throw new ImportCancelled();
        summary.longLinesSkipped += outcome.longLinesSkipped;
        if (outcome.unchanged) {
          summary.filesUnchanged++;
          continue;
        }
        if (outcome.restarted) summary.filesRestarted++;
        reader.finish(job.endOfInput ?? false);
        saveState.run([sourceKey, path, JSON.stringify({ scan: outcome.state, reader: reader.exportState() } satisfies StoredFileState)]);
      }
      flushPendingCopies(context);
    } finally {
      saveState.free();
    }
    db.exec('COMMIT');
    return summary;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    writer?.free();
    for (const lookup of lookups) lookup.free();
  }
}
