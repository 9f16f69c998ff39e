/**
 * A recognised export's row as our canonical event: the format fills what its source gives, the rest
 * stays empty; the key is the format's id plus the row's own id, or a hash of the cells that identify it.
 */
import { createHash } from 'node:crypto';
import { blankEvent } from '../blankEvent';
import type { EventRecord, NormaliseOptions } from '../normalise';
import type { RawRecord, RawReject } from '../rawRecord';
import { TokenError } from '../tokenSemantics';
import { CellError, type Bucket, type FormatEvent, type SourceFormat } from './format';

export interface FormatRecord {
  event: EventRecord;
  bucket: Bucket;
  /** keyed by its bucket and dimensions: a later export of the same bucket replaces it */
  replaceable: boolean;
}

function rowKey(format: SourceFormat, raw: RawRecord, id: string | null | undefined, part: string | undefined): string {
  const base = baseKey(format, raw, id);
  return part === undefined ? base : `${base}:${part}`;
}

function baseKey(format: SourceFormat, raw: RawRecord, id: string | null | undefined): string {
  if (id) return `${format.id}:id:${id}`;
  const hash = createHash('sha1');
  for (const column of format.keyColumns ?? [...format.required, ...(format.optional ?? [])]) {
    const value = raw.get(column);
    hash.update(`${column}\u0001${value === undefined || value === null ? '' : String(value).trim()}\u0002`);
  }
  return `${format.id}:${hash.digest('base64url').slice(0, 22)}`;
}

/** The row's events (usually one), a reject naming the column at fault, or null when the format skips the row. */
export function formatRecord(format: SourceFormat, raw: RawRecord, options: NormaliseOptions): FormatRecord[] | RawReject | null {
  try {
    const result = format.toEvent(raw);
    if (result === null) return null;
    const rows: readonly FormatEvent[] = Array.isArray(result) ? result : [result as FormatEvent];
    return rows.map((row) => {
      const { bucket, id, part, ts, ...fields } = row;
      const event: EventRecord = { ...blankEvent(raw.line, rowKey(format, raw, id, part), ts + (options.shiftMs ?? 0)), ...fields };
      return { event, bucket, replaceable: !id && format.keyColumns !== undefined };
    });
  } catch (error) {
    if (error instanceof CellError) return { line: raw.line, column: error.column, reason: error.message };
    if (error instanceof TokenError) return { line: raw.line, column: error.columns[0] ?? null, reason: error.message };
    throw error;
  }
}
