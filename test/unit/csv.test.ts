import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  csvChunkSize,
  csvChunks,
  encodeCsvField,
  encodeCsvRecord,
  formatCsvNumber,
  isFormulaLike,
  stripNeutraliser,
  toCsv,
  utf8Bom,
  type CsvCell,
} from '../../src/core/csv';

/** Re-read a document written by toCsv; drops the empty record after the final CRLF. */
function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv, { delimiter: ',', newline: '\r\n', skipEmptyLines: false });
  expect(result.errors).toEqual([]);
  const data = result.data;
  expect(data.at(-1)).toEqual(['']);
  return data.slice(0, -1);
}

describe('encodeCsvField: formula neutralising', () => {
  it('X1 prefixes = + - @ and quotes', () => {
    expect(encodeCsvField('=1+1')).toBe(`"'=1+1"`);
    expect(encodeCsvField('+1')).toBe(`"'+1"`);
    expect(encodeCsvField('-1')).toBe(`"'-1"`);
    expect(encodeCsvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
  });

  it('X2 prefixes leading TAB, CR, LF and quotes', () => {
    expect(encodeCsvField('\t=1')).toBe(`"'\t=1"`);
    expect(encodeCsvField('\r=1')).toBe(`"'\r=1"`);
    expect(encodeCsvField('\n=1')).toBe(`"'\n=1"`);
    expect(encodeCsvField('\tplain')).toBe(`"'\tplain"`);
  });

  it('X3 catches multi-line cells (no .*$ trap)', () => {
    expect(encodeCsvField('=1+1\nnote')).toBe(`"'=1+1\nnote"`);
    expect(encodeCsvField('@x\r\ny')).toBe(`"'@x\r\ny"`);
    // papaparse's own escapeFormulae misses exactly this case; documented reason for the hand-written encoder.
    expect(Papa.unparse([['=1+1\nnote']], { escapeFormulae: true })).toBe(`"=1+1\nnote"`);
  });

  it('X4 prefixes and doubles inner quotes', () => {
    expect(encodeCsvField('=HYPERLINK("http://x?"&A1,"c")')).toBe(
      `"'=HYPERLINK(""http://x?""&A1,""c"")"`,
    );
  });

  it('X5 cells that smuggle a separator stay one field', () => {
    expect(encodeCsvField('a,=1+1')).toBe(`"a,=1+1"`);
    expect(encodeCsvField('a";=1+1')).toBe(`"a"";=1+1"`);
    const csv = toCsv(['h1', 'h2'], [['a,=1+1', 'a";=1+1']]);
    expect(csv).toBe(`h1,h2\r\n"a,=1+1","a"";=1+1"\r\n`);
    const parsed = parse(csv);
    expect(parsed).toEqual([
      ['h1', 'h2'],
      ['a,=1+1', 'a";=1+1'],
    ]);
    for (const cell of parsed.flat()) expect(cell.startsWith('=')).toBe(false);
  });

  it('X7 policy: leading whitespace before a trigger, and full-width forms', () => {
    expect(encodeCsvField(' =cmd')).toBe(`"' =cmd"`);
    expect(encodeCsvField('   +1')).toBe(`"'   +1"`);
    expect(encodeCsvField('\u00A0@x')).toBe(`"'\u00A0@x"`);
    expect(encodeCsvField('＝1')).toBe(`"'＝1"`);
    expect(encodeCsvField('＋1')).toBe(`"'＋1"`);
    expect(encodeCsvField('－1')).toBe(`"'－1"`);
    expect(encodeCsvField('＠x')).toBe(`"'＠x"`);
    expect(encodeCsvField(' ＝1')).toBe(`"' ＝1"`);
  });

  it('leaves harmless text alone', () => {
    expect(encodeCsvField('claude-sonnet-4')).toBe('claude-sonnet-4');
    expect(encodeCsvField('a=b')).toBe('a=b');
    expect(encodeCsvField("it's")).toBe("it's");
    expect(encodeCsvField("'quoted")).toBe("'quoted");
    expect(encodeCsvField('ünïcödé 🚀')).toBe('ünïcödé 🚀');
  });

  it('adds one more quote to text that already looks neutralised', () => {
    expect(encodeCsvField("'=x")).toBe(`"''=x"`);
    expect(encodeCsvField("'' -1")).toBe(`"''' -1"`);
  });

  it('neutraliseFormulas:false leaves formulas unprefixed', () => {
    expect(encodeCsvField('=1+1', false)).toBe('=1+1');
    expect(encodeCsvField('=1,1', false)).toBe('"=1,1"');
    expect(toCsv(['f'], [['=1+1']], { neutraliseFormulas: false })).toBe('f\r\n=1+1\r\n');
    expect(toCsv(['f'], [['=1+1']])).toBe(`f\r\n"'=1+1"\r\n`);
  });

  it('isFormulaLike matches the writer', () => {
    expect(isFormulaLike('=1')).toBe(true);
    expect(isFormulaLike(' -1')).toBe(true);
    expect(isFormulaLike('1-')).toBe(false);
    expect(isFormulaLike('')).toBe(false);
  });
});

describe('encodeCsvField: quoting, numbers, null', () => {
  it('quotes on " , CR LF and leading/trailing space; doubles quotes', () => {
    expect(encodeCsvField('plain')).toBe('plain');
    expect(encodeCsvField('a"b')).toBe('"a""b"');
    expect(encodeCsvField('a,b')).toBe('"a,b"');
    expect(encodeCsvField('a\rb')).toBe('"a\rb"');
    expect(encodeCsvField('a\nb')).toBe('"a\nb"');
    expect(encodeCsvField('a\r\nb')).toBe('"a\r\nb"');
    expect(encodeCsvField(' a')).toBe('" a"');
    expect(encodeCsvField('a ')).toBe('"a "');
    expect(encodeCsvField('a b')).toBe('a b');
    expect(encodeCsvField('"')).toBe('""""');
  });

  it('X6 numbers are written as numbers, never prefixed', () => {
    expect(encodeCsvField(-5)).toBe('-5');
    expect(encodeCsvField(1e3)).toBe('1000');
    expect(encodeCsvField(0)).toBe('0');
    expect(encodeCsvField(-0)).toBe('0');
    expect(encodeCsvField(0.25)).toBe('0.25');
    expect(encodeCsvField(123456789)).toBe('123456789');
    expect(encodeCsvField(-1.5)).toBe('-1.5');
    expect(encodeCsvField(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(toCsv(['n'], [[-5], [1e3]])).toBe('n\r\n-5\r\n1000\r\n');
  });

  it('never uses exponent form', () => {
    expect(formatCsvNumber(1e21)).toBe('1000000000000000000000');
    expect(formatCsvNumber(-1e21)).toBe('-1000000000000000000000');
    expect(formatCsvNumber(1e-7)).toBe('0.0000001');
    expect(formatCsvNumber(1.5e-7)).toBe('0.00000015');
    expect(formatCsvNumber(-2.5e-8)).toBe('-0.000000025');
    expect(formatCsvNumber(3e-6)).toBe('0.000003');
    expect(formatCsvNumber(0.000001)).toBe('0.000001');
    for (const n of [1e-7, 1.5e-7, 2.5e-8, 3e-6, 1.234e-10]) {
      expect(Number(formatCsvNumber(n))).toBe(n);
    }
  });

  it('NaN and Infinity throw', () => {
    expect(() => encodeCsvField(Number.NaN)).toThrow(RangeError);
    expect(() => encodeCsvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => encodeCsvField(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
    expect(() => toCsv(['n'], [[Number.NaN]])).toThrow(RangeError);
  });

  it('null is an empty field; empty text is ""', () => {
    expect(encodeCsvField(null)).toBe('');
    expect(encodeCsvField('')).toBe('""');
    expect(encodeCsvRecord([null, '', 1])).toBe(',"",1\r\n');
  });

  it('a row with a single empty cell is never a blank line', () => {
    expect(encodeCsvRecord([null])).toBe('""\r\n');
    expect(encodeCsvRecord([''])).toBe('""\r\n');
    expect(parse(toCsv(['only'], [[null], ['x']]))).toEqual([['only'], [''], ['x']]);
  });

  it('rejects rows whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(RangeError);
    expect(() => [...csvChunks(['a'], [['x', 'y']])]).toThrow(RangeError);
  });
});

describe('toCsv document', () => {
  it('X9 header cells from user data are neutralised', () => {
    expect(toCsv(['project', '=cmd|calc', '@label', 'a,b'], [])).toBe(
      `project,"'=cmd|calc","'@label","a,b"\r\n`,
    );
  });

  it('X10 CRLF record ends, final CRLF, BOM only when asked', () => {
    const out = toCsv(['a', 'b'], [
      ['1', 2],
      ['x\ny', null],
    ]);
    expect(out).toBe('a,b\r\n1,2\r\n"x\ny",\r\n');
    expect(out.endsWith('\r\n')).toBe(true);
    // Outside quoted fields every line end is CRLF.
    expect(out.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[^\r]\n|\r[^\n]/);
    const plain = Buffer.from(out, 'utf8');
    expect([...plain.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(plain[0]).toBe(0x61);

    const withBom = toCsv(['a', 'b'], [['1', 2]], { bom: true });
    expect(withBom).toBe(`${utf8Bom}a,b\r\n1,2\r\n`);
    expect(utf8Bom).toBe('\uFEFF');
    const bytes = Buffer.from(withBom, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes[3]).toBe(0x61);
    expect(withBom.indexOf(utf8Bom, 1)).toBe(-1);
  });

  it('X10 writes unicode as UTF-8', () => {
    const bytes = Buffer.from(toCsv(['é'], [['🚀']]), 'utf8');
    expect([...bytes]).toEqual([0xc3, 0xa9, 0x0d, 0x0a, 0xf0, 0x9f, 0x9a, 0x80, 0x0d, 0x0a]);
  });

  it('header only', () => {
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('X8 round trip through Papa.parse', () => {
    const header = ['name', 'note', 'n', '=danger'];
    const rows: CsvCell[][] = [
      ['comma, inside', 'quote " inside', 1, 'x'],
      ['crlf\r\ninside', 'lf\ninside', -5, '=1+1'],
      ['ünïcödé', 'emoji 🚀👩‍💻', 0.25, '@SUM(A1)'],
      ['', null, null, '-1'],
      [' padded ', '"', 123456789, '\t=1'],
      ["'=already", "'plain", 1e3, ' =cmd'],
      ['＝1', '=HYPERLINK("http://x?"&A1,"c")', 0, '=1+1\nnote'],
    ];
    const csv = toCsv(header, rows);
    const parsed = parse(csv);
    expect(parsed).toHaveLength(rows.length + 1);

    const expected = [header, ...rows].map((row) =>
      row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : cell)),
    );
    const restored = parsed.map((row) => row.map(stripNeutraliser));
    expect(restored).toEqual(expected);

    // Raw decoded values differ from the originals only by the documented single ' prefix.
    parsed.forEach((row, r) =>
      row.forEach((cell, c) => {
        const original = expected[r]?.[c] ?? '';
        expect(cell === original || cell === `'${original}`).toBe(true);
        expect(cell.startsWith('=') || cell.startsWith('@') || cell.startsWith('+')).toBe(false);
      }),
    );
    // Numbers come back unprefixed.
    expect(parsed[2]?.[2]).toBe('-5');
  });

  it('stripNeutraliser only removes the writer prefix', () => {
    expect(stripNeutraliser("'=1+1")).toBe('=1+1');
    expect(stripNeutraliser("' =cmd")).toBe(' =cmd');
    expect(stripNeutraliser("'＝1")).toBe('＝1');
    expect(stripNeutraliser("''=x")).toBe("'=x");
    expect(stripNeutraliser("'plain")).toBe("'plain");
    expect(stripNeutraliser('=raw')).toBe('=raw');
    expect(stripNeutraliser("'")).toBe("'");
    expect(stripNeutraliser('')).toBe('');
  });

  it('round-trips the csv-spectrum fixtures (neutralising off)', () => {
    const require = createRequire(import.meta.url);
    const dir = join(require.resolve('csv-spectrum/package.json'), '..', 'json');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const records = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
      const header = Object.keys(records[0] ?? {});
      const rows = records.map((rec) => header.map((h) => rec[h] ?? null));
      const csv = toCsv(header, rows, { neutraliseFormulas: false });
      expect(parse(csv), file).toEqual([header, ...rows]);
    }
  });
});

describe('csvChunks', () => {
  const header = ['id', 'model', 'note', 'cost'];
  const makeRows = (count: number): CsvCell[][] =>
    Array.from({ length: count }, (_, i) => [
      i,
      i % 3 === 0 ? '=evil()' : `model-${i}`,
      i % 7 === 0 ? 'multi\r\nline, "quoted"' : null,
      i / 8,
    ]);

  it('joined equals toCsv for 10,000 rows and yields more than one chunk', () => {
    const rows = makeRows(10_000);
    for (const options of [{}, { bom: true }, { neutraliseFormulas: false }]) {
      const chunks = [...csvChunks(header, rows, options)];
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(toCsv(header, rows, options));
      // Chunks hold whole records of roughly the target size.
      for (const chunk of chunks) {
        expect(chunk.endsWith('\r\n')).toBe(true);
        expect(chunk.length).toBeLessThan(csvChunkSize + 200);
      }
      for (const chunk of chunks.slice(0, -1)) {
        expect(chunk.length).toBeGreaterThanOrEqual(csvChunkSize);
      }
    }
  });

  it('accepts any iterable, lazily', () => {
    function* gen(): Generator<CsvCell[]> {
      for (const row of makeRows(5)) yield row;
    }
    expect([...csvChunks(header, gen())].join('')).toBe(toCsv(header, makeRows(5)));
  });

  it('header-only document is one chunk', () => {
    expect([...csvChunks(['a', '=b'], [])]).toEqual([`a,"'=b"\r\n`]);
    expect([...csvChunks(['a'], [], { bom: true })]).toEqual([`${utf8Bom}a\r\n`]);
  });
});
