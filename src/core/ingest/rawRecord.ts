import type { SourceFormat } from './formats/format';
import type { RecordKind } from './mapping';

/** Longest single record (CSV record, JSON line or array element) a reader buffers before refusing. */
export const maxRecordChars = 16 * 1024 * 1024;

/**
 * One source record before typing: canonical field → raw cell (string from CSV, any JSON value). For a
 * recognised export format the fields are the source's own column names.
 */
export interface RawRecord {
  line: number;
  get(field: string): unknown;
  /** the column (CSV header or JSON key) that feeds a canonical field, for error messages */
  columnOf(field: string): string;
}

/** A record the reader could not even split into fields (bad quoting, invalid JSON line). */
export interface RawReject {
  line: number;
  column: string | null;
  reason: string;
}

export type RawItem = RawRecord | RawReject;

export function isReject(item: RawItem): item is RawReject {
  return 'reason' in item;
}

export interface RecordReader {
  kind: RecordKind;
  /** the export format the header was recognised as; null for our own column names */
  sourceFormat: SourceFormat | null;
  /** filled while reading; complete once `batches` is exhausted */
  unknownColumns: Set<string>;
  batches: AsyncIterable<RawItem[]>;
}
