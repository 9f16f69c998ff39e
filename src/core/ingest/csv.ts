/**
 * Streaming CSV reader (RFC 4180 via papaparse's parser; delimiter sniffed among , ; tab | or given
 * by an Excel `sep=` first line). Tracks the physical line of every record, counting line breaks
 * inside quoted fields, and caps a single record at maxRecordChars so memory stays bounded.
 */
import Papa from 'papaparse';
import { decodeUtf8File } from './decode';
import { ImportError } from './errors';
import { detectKind, mapHeaders, MappingError, type RecordKind } from './mapping';
import { maxRecordChars, type RawItem, type RawRecord, type RecordReader } from './rawRecord';

const delimitersToGuess = [',', ';', '\t', '|'];

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

interface Dialect {
  delimiter: string;
  newline: '\n' | '\r' | '\r\n';
  /** characters of an Excel "sep=" line to drop from the start */
  skip: number;
}

function sniffDialect(sample: string): Dialect {
  const excel = /^sep=(.)(\r\n|\n|\r)/i.exec(sample);
  const body = excel ? sample.slice(excel[0].length) : sample;
  const probe = Papa.parse<string[]>(body, { preview: 20, delimitersToGuess, delimiter: excel ? excel[1] : undefined });
  const newline = probe.meta.linebreak === '\r\n' || probe.meta.linebreak === '\r' ? probe.meta.linebreak : '\n';
  return { delimiter: excel?.[1] ?? (probe.meta.delimiter || ','), newline, skip: excel ? excel[0].length : 0 };
}

function parse(text: string, dialect: Dialect, last: boolean): Papa.ParseResult<string[]> {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
  return parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
}

/** Every record of a CSV file as strings with its physical line; malformed records come as errors. */
export async function* readCsvRows(path: string, displayName = path): AsyncGenerator<CsvRow[]> {
  let pending = '';
  let dialect: Dialect | undefined;
  let line = 1;
  const toRows = (result: Papa.ParseResult<string[]>): CsvRow[] => {
    const errors = new Map<number, string>();
    for (const error of result.errors) if (error.row !== undefined && !errors.has(error.row)) errors.set(error.row, error.message);
    return result.data.map((cells, index) => {
      const start = line;
      line += 1;
      for (const cell of cells) line += lineBreaksIn(cell);
      const error = errors.get(index);
      return error === undefined ? { line: start, cells } : { line: start, error: `malformed CSV: ${error}` };
    });
  };
  for await (const text of decodeUtf8File(path, displayName)) {
    let buffer = pending + text;
    if (!dialect) {
      dialect = sniffDialect(buffer.slice(0, 64 * 1024));
      if (dialect.skip > 0) {
        buffer = buffer.slice(dialect.skip);
        line += 1;
      }
    }
    const result = parse(buffer, dialect, false);
    pending = buffer.slice(result.meta.cursor);
    if (pending.length > maxRecordChars) {
      throw new ImportError(displayName, line, null, `a record is longer than ${maxRecordChars / 1024 / 1024} MiB characters (unterminated quote?)`);
    }
    yield toRows(result);
  }
  if (pending !== '' && dialect) yield toRows(parse(pending, dialect, true));
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

function isBlank(row: CsvRow): boolean {
  return 'cells' in row && row.cells.length === 1 && row.cells[0]!.trim() === '';
}

/** Opens a CSV file; resolves once the header is read and mapped, so mapping errors come before any row. */
export async function readCsv(path: string, options: { kind?: RecordKind; displayName?: string } = {}): Promise<RecordReader> {
  const displayName = options.displayName ?? path;
  const chunks = readCsvRows(path, displayName);
  let header: string[] | undefined;
  let carried: CsvRow[] = [];
  while (!header) {
    const next = await chunks.next();
    if (next.done) throw new ImportError(displayName, null, null, 'file is empty (no header row)');
    const rows = next.value.filter((row) => !isBlank(row));
    const first = rows[0];
    if (!first) continue;
    if (!('cells' in first)) throw new ImportError(displayName, first.line, null, first.error);
    header = first.cells.map((cell) => cell.replace(/^\uFEFF/, ''));
    carried = rows.slice(1);
  }
  const columns = header;
  const unknownColumns = new Set<string>();
  let kind: RecordKind;
  let positions: Map<string, number>;
  try {
    kind = options.kind ?? detectKind(columns);
    const mapping = mapHeaders(columns, kind);
    positions = new Map([...mapping.fieldToHeader].map(([field, name]) => [field, columns.indexOf(name)]));
    mapping.unknownColumns.forEach((column) => unknownColumns.add(column));
  } catch (error) {
    if (error instanceof MappingError) throw new ImportError(displayName, 1, null, error.message);
    throw error;
  }

  const toItems = (rows: CsvRow[]): RawItem[] => {
    const items: RawItem[] = [];
    for (const row of rows) {
      if (!('cells' in row)) items.push({ line: row.line, column: null, reason: row.error });
      else if (isBlank(row) && columns.length > 1) continue;
      else if (row.cells.length !== columns.length) {
        items.push({ line: row.line, column: null, reason: `expected ${columns.length} fields like the header, found ${row.cells.length}` });
      } else items.push(new CsvRecord(row.line, row.cells, positions, columns));
    }
    return items;
  };

  async function* batches(): AsyncGenerator<RawItem[]> {
    yield toItems(carried);
    carried = [];
    for await (const rows of chunks) yield toItems(rows);
  }

  return { kind, unknownColumns, batches: batches() };
}
