/**
 * A file's records turned into what an import writes, in file order: events (with whether a later export may
 * replace them), dimension records, rejects and rows the format leaves out. The same code runs in the store
 * worker and in a parse thread (`parseWorker.ts`), so an import gives the same rows on either path.
 */
import type { Bucket } from '../core/ingest/formats/format';
import { formatRecord } from '../core/ingest/formats/toCanonical';
import { normaliseRecord, type CanonicalRecord, type EventRecord, type NormaliseOptions } from '../core/ingest/normalise';
import type { RecordKind } from '../core/ingest/mapping';
import { isReject, type RecordReader } from '../core/ingest/rawRecord';
import type { FileFormat } from '../core/ingest/reader';

export type DimensionRecord = Exclude<CanonicalRecord, EventRecord>;

export interface RowSink {
  /** `source` is the format the row was read as (the events' `source` column) */
  event(record: EventRecord, source: string, replaceable: boolean): void;
  dimension(record: DimensionRecord): void;
  reject(line: number, column: string | null, reason: string): void;
}

export interface RowCounts {
  rowsRead: number;
  /** rows the format leaves out on purpose (a day without spend) */
  skipped: number;
  /** what the rows of a recognised export stand for */
  buckets: Set<Bucket>;
}

/**
 * Reads every record of the file into the sink. `between` runs before each batch of records and after the
 * last: it throws to stop (a cancelled import) or waits (a reader ahead of its writer).
 */
export async function readRows(
  reader: RecordReader, fileFormat: string, options: NormaliseOptions, sink: RowSink, between: () => void | Promise<void>,
): Promise<RowCounts> {
  const counts: RowCounts = { rowsRead: 0, skipped: 0, buckets: new Set() };
  /** key of each aggregate row of this file → its line */
  const bucketLines = new Map<string, number>();
  for await (const batch of reader.batches) {
    await between();
    for (const item of batch) {
      counts.rowsRead++;
      if (isReject(item)) {
        sink.reject(item.line, item.column, item.reason);
        continue;
      }
      const sourceFormat = reader.sourceFormat;
      if (sourceFormat) {
        const rows = formatRecord(sourceFormat, item, options);
        if (rows === null) counts.skipped++;
        else if (!Array.isArray(rows)) sink.reject(rows.line, rows.column, rows.reason);
        else {
          const clash = rows.find((row) => row.replaceable && bucketLines.has(row.event.eventKey));
          if (clash) {
            // two rows for one bucket: replacing one with the other would lose a row unnoticed
            sink.reject(clash.event.line, null, `same bucket and dimensions (${sourceFormat.keyColumns!.join(', ')}) as line ${bucketLines.get(clash.event.eventKey)}; an export has one row per bucket`);
          } else {
            for (const row of rows) {
              if (row.replaceable) bucketLines.set(row.event.eventKey, row.event.line);
              counts.buckets.add(row.bucket);
              sink.event(row.event, options.source ?? sourceFormat.id, row.replaceable);
            }
          }
        }
        continue;
      }
      const record = normaliseRecord(reader.kind, item, options);
      if ('reason' in record) sink.reject(record.line, record.column, record.reason);
      else if (record.kind === 'events') sink.event(record, options.source ?? fileFormat, false);
      else sink.dimension(record);
    }
  }
  await between();
  return counts;
}

/** What an import keeps of a file besides its rows (plain data: a parse thread sends it over). */
export interface ParsedFile {
  format: FileFormat;
  kind: RecordKind;
  recognised: { id: string; label: string; notes: string[] } | null;
  unknownColumns: string[];
  rowsRead: number;
  skipped: number;
  buckets: Bucket[];
}

/** Once `readRows` has read the file. */
export function parsedFile(format: FileFormat, reader: RecordReader, counts: RowCounts): ParsedFile {
  const recognised = reader.sourceFormat;
  return {
    format, kind: reader.kind, unknownColumns: [...reader.unknownColumns], rowsRead: counts.rowsRead, skipped: counts.skipped, buckets: [...counts.buckets],
    recognised: recognised && { id: recognised.id, label: recognised.label, notes: [...(recognised.notes ?? [])] },
  };
}
