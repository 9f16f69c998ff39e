/**
 * Streaming CSV reader (RFC 4180 via papaparse's parser, delimiter sniffed among , ; tab |).
 * Tracks the physical line of every record, counting line breaks inside quoted fields.
 */
import Papa from 'papaparse';
import { decodeUtf8File } from './decode';
import { ImportError } from './errors';
import { detectKind, mapHeaders, MappingError, type RecordKind } from './mapping';
import type { RawItem, RawRecord, RecordReader } from './rawRecord';

const delimitersToGuess = [',', ';', '\t', '|'];

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

class CsvRecord implements RawRecord {
  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly positions: ReadonlyMap<string, number>,
    private readonly header: readonly string[],
  ) {}
  columnOf(field: string): string {
    const position = this.positions.get(field);
    return position === undefined ? field : this.header[position]!;
  }
  get(field: string): unknown {
    const position = this.positions.get(field);
    return position === undefined ? undefined : this.cells[position];
  }
}

interface Dialect {
  delimiter: string;
  newline: '\n' | '\r' | '\r\n';
}

function sniffDialect(sample: string): Dialect {
  const probe = Papa.parse<string[]>(sample, { preview: 20, delimitersToGuess });
  const newline = probe.meta.linebreak === '\r\n' || probe.meta.linebreak === '\r' ? probe.meta.linebreak : '\n';
  return { delimiter: probe.meta.delimiter || ',', newline };
}

async function* parsedChunks(path: string, displayName: string): AsyncGenerator<{ rows: string[][]; errors: Papa.ParseError[]; dialect: Dialect }> {
  let pending = '';
  let dialect: Dialect | undefined;
  for await (const text of decodeUtf8File(path, displayName)) {
    const buffer = pending + text;
    dialect ??= sniffDialect(buffer.slice(0, 64 * 1024));
    const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
    const result = parser.parse(buffer, 0, true) as Papa.ParseResult<string[]>;
    pending = buffer.slice(result.meta.cursor);
    yield { rows: result.data, errors: result.errors, dialect };
  }
  if (pending !== '' && dialect) {
    const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
    const result = parser.parse(pending, 0, false) as Papa.ParseResult<string[]>;
    yield { rows: result.data, errors: result.errors, dialect };
  }
}

function isBlankRow(row: readonly string[]): boolean {
  return row.length === 1 && row[0]!.trim() === '';
}

/** Opens a CSV file; resolves once the header is read and mapped (so mapping errors come first). */
export async function readCsv(path: string, options: { kind?: RecordKind; displayName?: string } = {}): Promise<RecordReader> {
  const displayName = options.displayName ?? path;
  const chunks = parsedChunks(path, displayName);
  let line = 1;
  let header: string[] | undefined;
  let carried: string[][] = [];
  let carriedErrors: Papa.ParseError[] = [];
  while (!header) {
    const next = await chunks.next();
    if (next.done) throw new ImportError(displayName, null, null, 'file is empty (no header row)');
    const rows = next.value.rows;
    let index = 0;
    while (index < rows.length && isBlankRow(rows[index]!)) {
      line += 1;
      index++;
    }
    if (index < rows.length) {
      header = rows[index]!.map((cell) => cell.replace(/^\uFEFF/, ''));
      for (const cell of header) line += lineBreaksIn(cell);
      line += 1;
      carried = rows.slice(index + 1);
      carriedErrors = next.value.errors.map((error) => ({ ...error, row: (error.row ?? 0) - index - 1 }));
    }
  }
  let kind: RecordKind;
  let positions: Map<string, number>;
  const unknownColumns = new Set<string>();
  try {
    kind = options.kind ?? detectKind(header);
    const mapping = mapHeaders(header, kind);
    positions = new Map([...mapping.fieldToHeader].map(([field, name]) => [field, header!.indexOf(name)]));
    mapping.unknownColumns.forEach((column) => unknownColumns.add(column));
  } catch (error) {
    if (error instanceof MappingError) throw new ImportError(displayName, 1, null, error.message);
    throw error;
  }
  const width = header.length;
  const columns = header;

  function toItems(rows: string[][], errors: Papa.ParseError[]): RawItem[] {
    const errorByRow = new Map<number, string>();
    for (const error of errors) if (error.row !== undefined && error.row >= 0) errorByRow.set(error.row, error.message);
    const items: RawItem[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const recordLine = line;
      line += 1;
      for (const cell of row) line += lineBreaksIn(cell);
      const parseError = errorByRow.get(r);
      if (parseError) {
        items.push({ line: recordLine, column: null, reason: `malformed CSV: ${parseError}` });
      } else if (isBlankRow(row) && width > 1) {
        continue;
      } else if (row.length !== width) {
        items.push({ line: recordLine, column: null, reason: `expected ${width} fields like the header, found ${row.length}` });
      } else {
        items.push(new CsvRecord(recordLine, row, positions, columns));
      }
    }
    return items;
  }

  async function* batches(): AsyncGenerator<RawItem[]> {
    yield toItems(carried, carriedErrors);
    carried = [];
    for await (const chunk of chunks) yield toItems(chunk.rows, chunk.errors);
  }

  return { kind, unknownColumns, batches: batches() };
}
