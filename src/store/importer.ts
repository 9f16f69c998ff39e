/** Runs an import of one or more files as one transaction: every row of every file or none, streamed through one prepared statement. */
import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database } from 'sql.js';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import type { RecordKind } from '../core/ingest/mapping';
import type { Bucket } from '../core/ingest/formats/format';
import type { NormaliseOptions } from '../core/ingest/normalise';
import { openReader, type FileFormat } from '../core/ingest/reader';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { EventWriter, type WriteObserver } from './eventWriter';
import { parsedFile, readRows, type ParsedFile, type RowSink } from './fileRows';
import { parseInThread, parseThreadFromBytes, parseThreadsAvailable } from './parseThread';
import { inTransaction, whileWritingInIdleTime } from './transaction';
import { ensureSource, setSourceLabel } from './sources';
import { recognitionLine } from '../core/ingest/recognitionLine';

export interface ImportOptions extends NormaliseOptions {
  format?: FileFormat;
  kind?: RecordKind;
  /** name shown in messages (defaults to the path) */
  displayName?: string;
  /** import good rows and return every bad one instead of stopping at the first */
  skipBadRows?: boolean;
  /** read the file as this export format (its id) instead of recognising it by its header */
  sourceFormat?: string;
  /** prices each event (the store passes one with the user's overrides; never sent over the wire) */
  estimateCost?: RowCostEstimate;
  /** a file this large or larger is parsed in a thread of its own, where the bundle has one (set by the store) */
  parseThreadFromBytes?: number;
  /** hears that a file's dimension records changed events (a user merged into another; set by the store) */
  onEventsRewritten?: () => void;
  /** hears every row written (set by the store, whose columnar index takes in the new rows) */
  writeObserver?: WriteObserver;
  /** hears about how many rows a file holds, before they are read (set by the store) */
  onRowsExpected?: (rows: number) => void;
  /** the source the rows belong to (default: the file itself, `file:<path>`) */
  origin?: { id: string; kind: 'file' | 'sample'; label?: string };
  /** epoch ms recorded as the source's last refresh (default: now) */
  now?: number;
}

/** The export format a file was recognised as. */
export interface RecognisedFormat {
  id: string;
  label: string;
  /** what one row stands for; 'mixed' when rows differ */
  bucket: Bucket | 'mixed' | null;
  notes: string[];
}

export interface RejectedRow {
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportSummary {
  file: string;
  format: FileFormat;
  kind: RecordKind;
  /** null: our own column names */
  recognisedAs: RecognisedFormat | null;
  rowsRead: number;
  imported: number;
  /** rows of an earlier export of the same bucket that this file's rows replaced */
  updated: number;
  duplicates: number;
  /** rows the format leaves out on purpose (a day without spend) */
  skipped: number;
  rejected: number;
  rejects: RejectedRow[];
  /** event time range of the imported rows, epoch ms (null when none) */
  firstEventAt: number | null;
  lastEventAt: number | null;
  unknownColumns: string[];
}

export interface ImportJob {
  path: string;
  options: ImportOptions;
}

export async function importFile(db: Database, path: string, options: ImportOptions, signal?: AbortSignal): Promise<ImportSummary> {
  const [summary] = await importFiles(db, [{ path, options }], signal);
  return summary!;
}

/** All files or nothing: a failure or cancellation in any file rolls back every file. `onFile` hears each file's index as it starts. */
export function importFiles(db: Database, jobs: readonly ImportJob[], signal?: AbortSignal, onFile?: (index: number) => void): Promise<ImportSummary[]> {
  return inTransaction(db, async () => {
    const summaries: ImportSummary[] = [];
    for (const [index, job] of jobs.entries()) {
      if (signal?.aborted) throw new ImportCancelled();
      onFile?.(index);
      summaries.push(await importInTransaction(db, job.path, job.options, signal));
    }
    return summaries;
  });
}

async function importInTransaction(db: Database, path: string, options: ImportOptions, signal?: AbortSignal): Promise<ImportSummary> {
  const file = options.displayName ?? path;
  const summary: ImportSummary = {
    file, format: 'csv', kind: 'events', recognisedAs: null, rowsRead: 0, imported: 0, updated: 0, duplicates: 0, skipped: 0, rejected: 0,
    rejects: [], firstEventAt: null, lastEventAt: null, unknownColumns: [],
  };
  const origin = options.origin ?? { id: `file:${path}`, kind: 'file' as const };
  const sourceKey = ensureSource(db, { id: origin.id, kind: origin.kind, label: origin.label ?? 'file', location: [origin.kind === 'sample' ? dirname(path) : path] }, options.now ?? Date.now());
  const writer = new EventWriter(db, sourceKey, options.estimateCost ?? tableCostEstimate, options.writeObserver);
  const dimensions = writer.dimensions;
  const sink: RowSink = {
    event(record, source, replaceable) {
      const outcome = writer.write(record, source, replaceable);
      if (outcome === 'duplicate') {
        summary.duplicates++;
        return;
      }
      if (outcome === 'updated') summary.updated++;
      else summary.imported++;
      if (summary.firstEventAt === null || record.ts < summary.firstEventAt) summary.firstEventAt = record.ts;
      if (summary.lastEventAt === null || record.ts > summary.lastEventAt) summary.lastEventAt = record.ts;
    },
    dimension(record) {
      if (record.kind === 'agents') dimensions.agent(record);
      else if (record.kind === 'users') dimensions.user(record);
      else dimensions.orgRecord(record);
      summary.imported++;
    },
    reject(line, column, reason) {
      if (!options.skipBadRows) throw new ImportError(file, line, column, reason);
      summary.rejected++;
      summary.rejects.push({ line, column, reason });
    },
  };
  try {
    const read = await readFile(db, path, file, options, sink, summary, signal);
    if (signal?.aborted) throw new ImportCancelled();
    if (read.rowsRead === 0) throw new ImportError(file, null, null, 'no data rows (nothing after the header)');
    Object.assign(summary, { format: read.format, kind: read.kind, rowsRead: read.rowsRead, skipped: read.skipped, unknownColumns: read.unknownColumns });
    if (read.recognised) {
      const buckets = read.buckets;
      const bucket = buckets.length === 0 ? null : buckets.length === 1 ? buckets[0]! : 'mixed';
      summary.recognisedAs = { ...read.recognised, bucket };
    }
    if (!origin.label) setSourceLabel(db, sourceKey, recognitionLine(summary).split(' · ')[0]!);
    return summary;
  } finally {
    if (dimensions.eventsRewritten) options.onEventsRewritten?.();
    writer.free();
  }
}

/**
 * The file's rows into the sink: a large file is parsed in a thread of its own while this one writes (on two
 * cores an import then costs about the slower of the two); a small one, or one of dimension records, here.
 */
async function readFile(db: Database, path: string, file: string, options: ImportOptions, sink: RowSink, summary: ImportSummary, signal?: AbortSignal): Promise<ParsedFile> {
  const normalise = { timeZone: options.timeZone, shiftMs: options.shiftMs, source: options.source };
  const size = await fileSize(path);
  if (options.writeObserver?.expect || options.onRowsExpected) {
    const rows = await roughRecordCount(path, size);
    options.writeObserver?.expect?.(rows);
    options.onRowsExpected?.(rows);
  }
  if (parseThreadsAvailable() && size >= (options.parseThreadFromBytes ?? parseThreadFromBytes)) {
    const job = { path, displayName: file, format: options.format, kind: options.kind, sourceFormat: options.sourceFormat, normalise };
    const parsed = await whileWritingInIdleTime(db, () => parseInThread(job, sink, signal));
    if (parsed !== 'dimensions') return parsed;
    // the rejects the thread met before the first record told the file's kind are met again here
    Object.assign(summary, { rejected: 0, rejects: [] });
  }
  const { format, reader } = await openReader(path, { format: options.format, kind: options.kind, displayName: file, sourceFormat: options.sourceFormat });
  const counts = await readRows(reader, format, normalise, sink, () => {
    if (signal?.aborted) throw new ImportCancelled();
  });
  return parsedFile(format, reader, counts);
}

/**
 * About how many records a CSV file holds: its size over the length of the lines in its first 64 KiB. JSON is
 * left out (0): a pretty-printed record spans many lines.
 */
async function roughRecordCount(path: string, size: number): Promise<number> {
  if (size === 0) return 0;
  let file;
  try {
    file = await open(path);
    const sample = new Uint8Array(Math.min(size, 64 * 1024));
    const { bytesRead } = await file.read(sample, 0, sample.length, 0);
    const first = new TextDecoder().decode(sample.subarray(0, Math.min(bytesRead, 1024))).trimStart()[0];
    if (first === '{' || first === '[') return 0;
    let lines = 0;
    for (let at = sample.indexOf(0x0a); at !== -1 && at < bytesRead; at = sample.indexOf(0x0a, at + 1)) lines++;
    return bytesRead === 0 ? 0 : Math.ceil((size * Math.max(lines, 1)) / bytesRead);
  } catch {
    // openReader names the file and what is wrong with it
    return 0;
  } finally {
    await file?.close();
  }
}

/** The size of a regular file; 0 for anything else (a named pipe must not be opened before openReader refuses it: it would block). */
async function fileSize(path: string): Promise<number> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    // openReader names the file and what is wrong with it
    return 0;
  }
}
