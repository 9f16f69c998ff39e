/** Runs an import of one or more files as one transaction: every row of every file or none, streamed through one prepared statement. */
import type { Database } from 'sql.js';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import type { RecordKind } from '../core/ingest/mapping';
import { normaliseRecord, type EventRecord, type NormaliseOptions } from '../core/ingest/normalise';
import { isReject } from '../core/ingest/rawRecord';
import { openReader, type FileFormat } from '../core/ingest/reader';
import { eventColumns } from '../core/schema';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { DimensionResolver } from './dimensions';

export interface ImportOptions extends NormaliseOptions {
  format?: FileFormat;
  kind?: RecordKind;
  /** name shown in messages (defaults to the path) */
  displayName?: string;
  /** import good rows and return every bad one instead of stopping at the first */
  skipBadRows?: boolean;
  /** prices each event (the store passes one with the user's overrides; never sent over the wire) */
  estimateCost?: RowCostEstimate;
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
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejects: RejectedRow[];
  /** event time range of the imported rows, epoch ms (null when none) */
  firstEventAt: number | null;
  lastEventAt: number | null;
  unknownColumns: string[];
}

const insertEventSql = `INSERT OR IGNORE INTO events (${eventColumns.join(', ')}) VALUES (${eventColumns.map(() => '?').join(', ')})`;

function eventValues(record: EventRecord, keys: ReturnType<DimensionResolver['event']>, source: string, estimateCost: RowCostEstimate): (string | number | null)[] {
  return [
    record.eventKey, source, record.ts, keys.orgKey, keys.userKey, keys.agentKey, keys.modelKey, record.sessionId,
    record.provider, record.project, record.requests, record.inputTokens, record.outputTokens, record.cacheReadTokens,
    record.cacheWriteTokens, record.reasoningTokens, record.credits, record.costReportedUsd, record.latencyMs, record.status,
    record.errorType, record.cacheWrite5mTokens, record.cacheWrite1hTokens,
    estimateCost(record),
  ];
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
export async function importFiles(db: Database, jobs: readonly ImportJob[], signal?: AbortSignal, onFile?: (index: number) => void): Promise<ImportSummary[]> {
  db.exec('BEGIN');
  try {
    const summaries: ImportSummary[] = [];
    for (const [index, job] of jobs.entries()) {
      if (signal?.aborted) throw new ImportCancelled();
      onFile?.(index);
      summaries.push(await importInTransaction(db, job.path, job.options, signal));
    }
    db.exec('COMMIT');
    return summaries;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

async function importInTransaction(db: Database, path: string, options: ImportOptions, signal?: AbortSignal): Promise<ImportSummary> {
  const file = options.displayName ?? path;
  const { format, reader } = await openReader(path, { format: options.format, kind: options.kind, displayName: file });
  const summary: ImportSummary = {
    file, format, kind: reader.kind, rowsRead: 0, imported: 0, duplicates: 0, rejected: 0, rejects: [],
    firstEventAt: null, lastEventAt: null, unknownColumns: [],
  };
  const source = options.source ?? format;
  const dimensions = new DimensionResolver(db);
  const insertEvent = db.prepare(insertEventSql);
  const reject = (line: number, column: string | null, reason: string) => {
    if (!options.skipBadRows) throw new ImportError(file, line, column, reason);
    summary.rejected++;
    summary.rejects.push({ line, column, reason });
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
        const record = normaliseRecord(reader.kind, item, options);
        if ('reason' in record) {
          reject(record.line, record.column, record.reason);
          continue;
        }
        switch (record.kind) {
          case 'events': {
            insertEvent.run(eventValues(record, dimensions.event(record), source, options.estimateCost ?? tableCostEstimate));
            if (db.getRowsModified() === 0) {
              summary.duplicates++;
              break;
            }
            summary.imported++;
            if (summary.firstEventAt === null || record.ts < summary.firstEventAt) summary.firstEventAt = record.ts;
            if (summary.lastEventAt === null || record.ts > summary.lastEventAt) summary.lastEventAt = record.ts;
            break;
          }
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
    return summary;
  } finally {
    insertEvent.free();
    dimensions.free();
  }
}
