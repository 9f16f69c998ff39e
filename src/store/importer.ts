/** Runs an import of one or more files as one transaction: every row of every file or none, streamed through one prepared statement. */
import { dirname } from 'node:path';
import type { Database } from 'sql.js';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import type { RecordKind } from '../core/ingest/mapping';
import type { Bucket } from '../core/ingest/formats/format';
import { formatRecord } from '../core/ingest/formats/toCanonical';
import { normaliseRecord, type EventRecord, type NormaliseOptions } from '../core/ingest/normalise';
import { isReject } from '../core/ingest/rawRecord';
import { openReader, type FileFormat } from '../core/ingest/reader';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { EventWriter } from './eventWriter';
import { inTransaction } from './transaction';
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
  const { format, reader } = await openReader(path, { format: options.format, kind: options.kind, displayName: file, sourceFormat: options.sourceFormat });
  const summary: ImportSummary = {
    file, format, kind: reader.kind, recognisedAs: null, rowsRead: 0, imported: 0, updated: 0, duplicates: 0, skipped: 0, rejected: 0,
    rejects: [], firstEventAt: null, lastEventAt: null, unknownColumns: [],
  };
  const origin = options.origin ?? { id: `file:${path}`, kind: 'file' as const };
  const sourceKey = ensureSource(db, { id: origin.id, kind: origin.kind, label: origin.label ?? 'file', location: [origin.kind === 'sample' ? dirname(path) : path] }, options.now ?? Date.now());
  const writer = new EventWriter(db, sourceKey, options.estimateCost ?? tableCostEstimate);
  const dimensions = writer.dimensions;
  const buckets = new Set<Bucket>();
  /** key of each aggregate row of this file → its line */
  const bucketLines = new Map<string, number>();
  const reject = (line: number, column: string | null, reason: string) => {
    if (!options.skipBadRows) throw new ImportError(file, line, column, reason);
    summary.rejected++;
    summary.rejects.push({ line, column, reason });
  };
  const addEvent = (record: EventRecord, format: string, replaceable: boolean) => {
    const outcome = writer.write(record, format, replaceable);
    if (outcome === 'duplicate') {
      summary.duplicates++;
      return;
    }
    if (outcome === 'updated') summary.updated++;
    else summary.imported++;
    if (summary.firstEventAt === null || record.ts < summary.firstEventAt) summary.firstEventAt = record.ts;
    if (summary.lastEventAt === null || record.ts > summary.lastEventAt) summary.lastEventAt = record.ts;
  };
  try {
    for await (const batch of reader.batches) {
      if (signal?.aborted) throw new ImportCancelled();
      for (const item of batch) {
        summary.rowsRead++;
        if (isReject(item)) {
          reject(item.line, item.column, item.reason);
          continue;
        }
        const sourceFormat = reader.sourceFormat;
        if (sourceFormat) {
          const rows = formatRecord(sourceFormat, item, options);
          if (rows === null) summary.skipped++;
          else if (!Array.isArray(rows)) reject(rows.line, rows.column, rows.reason);
          else {
            const clash = rows.find((row) => row.replaceable && bucketLines.has(row.event.eventKey));
            if (clash) {
              // two rows for one bucket: replacing one with the other would lose a row unnoticed
              reject(clash.event.line, null, `same bucket and dimensions (${sourceFormat.keyColumns!.join(', ')}) as line ${bucketLines.get(clash.event.eventKey)}; an export has one row per bucket`);
            } else {
              for (const row of rows) {
                if (row.replaceable) bucketLines.set(row.event.eventKey, row.event.line);
                buckets.add(row.bucket);
                addEvent(row.event, options.source ?? sourceFormat.id, row.replaceable);
              }
            }
          }
          continue;
        }
        const record = normaliseRecord(reader.kind, item, options);
        if ('reason' in record) {
          reject(record.line, record.column, record.reason);
          continue;
        }
        switch (record.kind) {
          case 'events':
            addEvent(record, options.source ?? format, false);
            break;
          case 'agents':
            dimensions.agent(record);
            summary.imported++;
            break;
          case 'users':
            dimensions.user(record);
            summary.imported++;
            break;
          case 'orgs':
            dimensions.orgRecord(record);
            summary.imported++;
            break;
        }
      }
    }
    if (signal?.aborted) throw new ImportCancelled();
    if (summary.rowsRead === 0) throw new ImportError(file, null, null, 'no data rows (nothing after the header)');
    summary.kind = reader.kind;
    summary.unknownColumns = [...reader.unknownColumns];
    const recognised = reader.sourceFormat;
    if (recognised) {
      const bucket = buckets.size === 0 ? null : buckets.size === 1 ? [...buckets][0]! : 'mixed';
      summary.recognisedAs = { id: recognised.id, label: recognised.label, bucket, notes: [...(recognised.notes ?? [])] };
    }
    if (!origin.label) setSourceLabel(db, sourceKey, recognitionLine(summary).split(' · ')[0]!);
    return summary;
  } finally {
    writer.free();
  }
}
