/**
 * Streaming CSV reader (RFC 4180 via papaparse's parser; delimiter sniffed among , ; tab | or given
 * by an Excel `sep=` first line; records may end in CRLF, LF or a bare CR, mixed within a file).
 * Tracks the physical line of every record, counting line breaks inside quoted fields, and caps a
 * single record at maxRecordChars so memory stays bounded.
 */
import Papa from 'papaparse';
import { decodeUtf8File } from './decode';
import { ImportError } from './errors';
import type { SourceFormat } from './formats/format';
import { chooseFormat, unrecognisedMessage } from './formats/choose';
import { detectKind, mapHeaders, MappingError, type RecordKind } from './mapping';
import { maxRecordChars, type RawItem, type RawRecord, type RecordReader } from './rawRecord';
import { RecordSeparators } from './recordSeparators';

const delimitersToGuess = [',', ';', '\t', '|'];
/**
 * Characters parsed at a time. A 1 MiB read's rows all alive at once (a few thousand arrays of strings) made the
 * garbage collector copy them again and again while they became events; a piece's rows are few.
 */
const parseWindow = 64 * 1024;

export type CsvRow = { line: number; cells: string[] } | { line: number; error: string };

function lineBreaksIn(field: string): number {
  if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) return 0;
  let count = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (field.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/**
 * Whether every record a chunk's parse took is one well-formed line: no error, no line break inside a field
 * (its text up to the cursor has one LF per record and, separators being LFs by now, no CR left) and no record
 * that could pass maxRecordChars. Then a record's line is the one after the last, with no look at its cells.
 */
function oneLineEach(text: string, result: Papa.ParseResult<string[]>): boolean {
  const end = result.meta.cursor;
  if (result.errors.length > 0 || end > maxRecordChars) return false;
  const cr = text.indexOf('\r');
  if (cr !== -1 && cr < end) return false;
  let lineFeeds = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) lineFeeds++;
  return lineFeeds === result.data.length;
}

interface Dialect {
  delimiter: string;
  /** characters of an Excel "sep=" line to drop from the start */
  skip: number;
}

function sniffDialect(sample: string): Dialect {
  const excel = /^sep=(.)(\r\n|\n|\r)/i.exec(sample);
  const body = (excel ? sample.slice(excel[0].length) : sample).replace(/\r\n?/g, '\n');
  const probe = Papa.parse<string[]>(body, { preview: 20, delimitersToGuess, newline: '\n', delimiter: excel ? excel[1] : undefined });
  return { delimiter: excel?.[1] ?? (probe.meta.delimiter || ','), skip: excel ? excel[0].length : 0 };
}

function parse(text: string, dialect: Dialect, last: boolean): Papa.ParseResult<string[]> {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: '\n' });
  return parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
}

/** Every record of a CSV file as strings with its physical line; malformed records come as errors. */
export async function* readCsvRows(path: string, displayName = path): AsyncGenerator<CsvRow[]> {
  let pending = '';
  let dialect: Dialect | undefined;
  let separators: RecordSeparators | undefined;
  let line = 1;
  const tooLong = `a record is longer than ${maxRecordChars / 1024 / 1024} MiB characters`;
  const toRows = (result: Papa.ParseResult<string[]>, oneLineEach: boolean): CsvRow[] => {
    if (oneLineEach) {
      const rows = new Array<CsvRow>(result.data.length);
      for (let index = 0; index < rows.length; index++) rows[index] = { line: line++, cells: result.data[index]! };
      return rows;
    }
    const errors = new Map<number, string>();
    for (const error of result.errors) if (error.row !== undefined && !errors.has(error.row)) errors.set(error.row, error.message);
    return result.data.map((cells, index) => {
      const start = line;
      line += 1;
      let chars = cells.length - 1;
      for (const cell of cells) {
        line += lineBreaksIn(cell);
        chars += cell.length;
      }
      // a record that ended inside the chunk that took it over the limit never sat in `pending`
      if (chars > maxRecordChars) throw new ImportError(displayName, start, null, tooLong);
      const error = errors.get(index);
      if (error === undefined) return { line: start, cells };
      // a bad quote swallows the following lines into this record: say so, or those rows vanish unnoticed
      const end = line - 1 - (/[\r\n]$/.test(cells[cells.length - 1] ?? '') ? 1 : 0);
      const span = end > start ? ` (the malformed record runs from line ${start} to line ${end}; rows inside it were not read)` : '';
      return { line: start, error: `malformed CSV: ${error}${span}` };
    });
  };
  for await (let text of decodeUtf8File(path, displayName, 'cr-lf-or-cr')) {
    if (!dialect) {
      dialect = sniffDialect(text.slice(0, 64 * 1024));
      separators = new RecordSeparators(dialect.delimiter);
      if (dialect.skip > 0) {
        text = text.slice(dialect.skip);
        line += 1;
      }
    }
    const rewritten = separators!.push(text);
    // a read parsed in pieces: the rows of one are events before the next piece's rows are made
    for (let at = 0; at < rewritten.length; ) {
      const end = at + Math.max(parseWindow, pending.length);
      const buffer = pending + (at === 0 && end >= rewritten.length ? rewritten : rewritten.slice(at, end));
      at = end;
      const result = parse(buffer, dialect, false);
      pending = buffer.slice(result.meta.cursor);
      const rows = toRows(result, oneLineEach(buffer, result));
      // `line` is now where the pending record starts
      if (pending.length > maxRecordChars) throw new ImportError(displayName, line, null, `${tooLong} (unterminated quote?)`);
      yield rows;
    }
  }
  if (pending !== '' && dialect) yield toRows(parse(pending, dialect, true), false);
}

class CsvRecord implements RawRecord {
  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly positions: ReadonlyMap<string, number>,
    private readonly header: readonly string[],
  ) {}
  get(field: string): unknown {
    const position = this.positions.get(field);
    return position === undefined ? undefined : this.cells[position];
  }
  columnOf(field: string): string {
    const position = this.positions.get(field);
    return position === undefined ? field : this.header[position]!;
  }
}

function isBlankLine(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0]!.trim() === '';
}

function isBlank(row: CsvRow): boolean {
  return 'cells' in row && isBlankLine(row.cells);
}

/** Opens a CSV file; resolves once the header is read and mapped, so mapping errors come before any row. */
export interface ReaderOptions {
  kind?: RecordKind;
  displayName?: string;
  /** read the file as this export format (its id) instead of recognising it */
  sourceFormat?: string;
}

/** Column positions: canonical field → cell index, or for an export format its own column → index. */
function columnPositions(header: readonly string[], options: ReaderOptions, unknownColumns: Set<string>): { kind: RecordKind; sourceFormat: SourceFormat | null; positions: Map<string, number> } {
  const choice = chooseFormat(header, 'csv', options);
  if (choice.format) {
    choice.unknownColumns.forEach((column) => unknownColumns.add(column));
    return { kind: 'events', sourceFormat: choice.format, positions: new Map(header.map((column, index) => [column.trim(), index])) };
  }
  try {
    const kind = options.kind ?? detectKind(header);
    const mapping = mapHeaders(header, kind);
    mapping.unknownColumns.forEach((column) => unknownColumns.add(column));
    return { kind, sourceFormat: null, positions: new Map([...mapping.fieldToHeader].map(([field, name]) => [field, header.indexOf(name)])) };
  } catch (error) {
    if (error instanceof MappingError) throw new MappingError(unrecognisedMessage(error.message, header, choice.nearest));
    throw error;
  }
}

export async function readCsv(path: string, options: ReaderOptions = {}): Promise<RecordReader> {
  const displayName = options.displayName ?? path;
  const chunks = readCsvRows(path, displayName);
  let header: string[] | undefined;
  let headerLine = 1;
  let carried: CsvRow[] = [];
  const unknownColumns = new Set<string>();
  let kind: RecordKind;
  let sourceFormat: SourceFormat | null;
  let positions: Map<string, number>;
  try {
    while (!header) {
      const next = await chunks.next();
      if (next.done) throw new ImportError(displayName, null, null, 'file is empty (no header row)');
      const rows = next.value.filter((row) => !isBlank(row));
      const first = rows[0];
      if (!first) continue;
      if (!('cells' in first)) throw new ImportError(displayName, first.line, null, first.error);
      header = first.cells.map((cell) => cell.replace(/^\uFEFF/, ''));
      headerLine = first.line;
      carried = rows.slice(1);
    }
    ({ kind, sourceFormat, positions } = columnPositions(header, options, unknownColumns));
  } catch (error) {
    // the file stays open while `chunks` is suspended: close it before giving up
    await chunks.return(undefined);
    if (error instanceof MappingError) throw new ImportError(displayName, headerLine, null, error.message);
    throw error;
  }
  const columns = header;

  const toItems = (rows: CsvRow[]): RawItem[] => {
    const items: RawItem[] = [];
    for (const row of rows) {
      if (!('cells' in row)) items.push({ line: row.line, column: null, reason: row.error });
      else if (isBlankLine(row.cells)) continue;
      else if (row.cells.length !== columns.length) {
        items.push({ line: row.line, column: null, reason: `expected ${columns.length} fields like the header, found ${row.cells.length}` });
      } else items.push(new CsvRecord(row.line, row.cells, positions, columns));
    }
    return items;
  };

  async function* batches(): AsyncGenerator<RawItem[]> {
    try {
      yield toItems(carried);
      carried = [];
      for await (const rows of chunks) yield toItems(rows);
    } finally {
      // a consumer that stops at the first batch (a bad row, cancellation) must still close the file
      await chunks.return(undefined);
    }
  }

  return { kind, sourceFormat, unknownColumns, batches: batches() };
}
