/** Runs one import as one transaction: every row or none, streamed through one prepared statement. */
import type { Database } from 'sql.js';
import { ImportCancelled, ImportError } from '../core/ingest/errors';
import type { RecordKind } from '../core/ingest/mapping';
import { normaliseRecord, type EventRecord, type NormaliseOptions } from '../core/ingest/normalise';
import { isReject } from '../core/ingest/rawRecord';
import { openReader, type FileFormat } from '../core/ingest/reader';
import { eventColumns } from '../core/schema';
import { DimensionResolver } from './dimensions';

export interface ImportOptions extends NormaliseOptions {
  format?: FileFormat;
  kind?: RecordKind;
  /** name shown in messages (defaults to the path) */
  displayName?: string;
  /** import good rows and return every bad one instead of stopping at the first */
  skipBadRows?: boolean;
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

function eventValues(record: EventRecord, keys: ReturnType<DimensionResolver['event']>, source: string): (string | number | null)[] {
  return [
    record.eventKey, source, record.ts, keys.orgKey, keys.userKey, keys.agentKey, keys.modelKey, record.sessionId,
    record.provider, record.project, record.requests, record.inputTokens, record.outputTokens, record.cacheReadTokens,
    record.cacheWriteTokens, record.reasoningTokens, record.credits, record.costUsd, record.latencyMs, record.status,
    record.errorType,
  ];
}

export async function importFile(db: Database, path: string, options: ImportOptions, signal?: AbortSignal): Promise<ImportSummary> {
  const file = options.displayName ?? path;
  const { format, reader } = await openReader(path, { format: options.format, kind: options.kind, displayName: file });
  const summary: ImportSummary = {
    file, format, kind: reader.kind, rowsRead: 0, imported: 0, duplicates: 0, rejected: 0, rejects: [],
    firstEventAt: null, lastEventAt: null, unknownColumns: [],
  };
  const source = options.source ?? format;
  db.exec('BEGIN');
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
            insertEvent.run(eventValues(record, dimensions.event(record), source));
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
    insertEvent.free();
    dimensions.free();
    db.exec('COMMIT');
    return summary;
  } catch (error) {
    insertEvent.free();
    dimensions.free();
    db.exec('ROLLBACK');
    throw error;
  }
}
