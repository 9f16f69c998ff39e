/**
 * A usage export from somewhere else (a provider console, a proxy, an observability tool), recognised by
 * its exact header and turned row by row into our canonical event. Each format module declares its
 * columns, its token semantics and how it reads money, and converts with the helpers below so that a bad
 * cell becomes a row error naming the source column.
 */
import { parseUsd, type UsdFormat } from '../../money';
import { parseAmount, parseCount, parseText, parseTimestamp, ValueError } from '../../values';
import { JsonNumber } from '../jsonValue';
import type { EventRecord } from '../normalise';
import type { TokenColumns, TokenSemantics } from '../tokenSemantics';

export type Container = 'csv' | 'json' | 'jsonl';

/**
 * What one row stands for: a single request, an aggregate over a minute, an hour, a day or a month, or
 * all of one session's requests (Langfuse's sessions export).
 */
export type Bucket = 'event' | 'minute' | 'hour' | 'day' | 'month' | 'session';

/** One source row: cells by their exact source column (CSV header or flattened JSON key). */
export interface SourceRow {
  readonly line: number;
  get(column: string): unknown;
}

/** A cell that cannot be read; the importer reports it with the file, line and this column. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

/** The canonical event a row becomes; fields left out are empty (null), `requests` defaults to 1. */
export type FormatEvent = Partial<Omit<EventRecord, 'kind' | 'line' | 'eventKey' | 'ts'>> & {
  ts: number;
  bucket: Bucket;
  /** the source's own id for the row, when it has one (a generation or response id) */
  id?: string | null;
  /** when a row becomes several events (a day's successes and its failures), what tells them apart in their keys */
  part?: string;
};

export interface SourceFormat {
  /** stable id: the CLI's `--source-format`, the events' `source` and the prefix of their keys */
  id: string;
  /** what the import summary says the file was recognised as */
  label: string;
  containers: readonly Container[];
  /** columns every file of this format has */
  required: readonly string[];
  /** columns some files (generations, plans) add; any other column means another format */
  optional?: readonly string[];
  /** JSON exports carry whatever keys their rows have: extra keys do not make it another format */
  extraColumnsAllowed?: boolean;
  /** how the token columns count cache; null for a format without tokens */
  semantics: TokenSemantics | null;
  /** short notes for the import summary, e.g. "input included cache: converted" */
  notes?: readonly string[];
  /**
   * Columns that identify an aggregate row across exports (the bucket and its group-by dimensions): a
   * later export of the same bucket replaces the row instead of adding to it. Without them (and without
   * an `id`) the row is identified by all of its cells.
   */
  keyColumns?: readonly string[];
  /** the row as an event (or several, each with its own `part`); null skips it (a day without spend), counted in the summary */
  toEvent(row: SourceRow): FormatEvent | readonly FormatEvent[] | null;
}

/** Reads a cell with a value parser; a ValueError becomes a CellError naming the column. */
export function cell<T>(row: SourceRow, column: string, parse: (raw: unknown) => T): T {
  try {
    return parse(row.get(column));
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(column, error.message);
    throw error;
  }
}

export function requiredCell<T>(row: SourceRow, column: string, parse: (raw: unknown) => T | null): T {
  const value = cell(row, column, parse);
  if (value === null) throw new CellError(column, 'required value is empty');
  return value;
}

export const text = (row: SourceRow, column: string): string | null => cell(row, column, parseText);

export const count = (row: SourceRow, column: string): number | null => cell(row, column, parseCount);

export const amount = (row: SourceRow, column: string): number | null => cell(row, column, parseAmount);

export const usd = (row: SourceRow, column: string, format: UsdFormat): number | null => cell(row, column, (raw) => parseUsd(raw, format));

/** A timestamp written without an offset is UTC: consoles and proxies export UTC. */
export const utcTime = (row: SourceRow, column: string): number =>
  requiredCell(row, column, (raw) => parseTimestamp(raw instanceof JsonNumber ? raw.value : raw, 'UTC'));

const wholeFloatPattern = /^\+?(\d+)\.0*$/;

/**
 * A token or request count that an export writes as a float (`10.0`, OpenAI's usage CSV); a real
 * fraction is still an error.
 */
export function wholeCount(row: SourceRow, column: string): number | null {
  return cell(row, column, (raw) => {
    const match = typeof raw === 'string' ? wholeFloatPattern.exec(raw.trim()) : null;
    return parseCount(match ? match[1] : raw);
  });
}

/** Source token-column names for TokenError messages; a kind the source lacks is named by our field. */
export function tokenColumns(columns: Partial<TokenColumns>): TokenColumns {
  return {
    input: columns.input ?? 'input_tokens',
    cacheRead: columns.cacheRead ?? 'cache_read_tokens',
    cacheWrite: columns.cacheWrite ?? 'cache_write_tokens',
    output: columns.output ?? 'output_tokens',
    total: columns.total ?? 'total_tokens',
  };
}
