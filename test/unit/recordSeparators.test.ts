/**
 * The record-separator rewrite jumps from quote to quote; here it is held to a reading of every character
 * (the rules written out plainly below), on random text cut into random chunks. And readCsvRows, which
 * skips looking into cells when a chunk's records are one line each, still numbers every record by its
 * physical line in files of several 1 MiB reads, with line breaks of every kind inside and between records.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRows } from '../../src/core/ingest/csv';
import { RecordSeparators } from '../../src/core/ingest/recordSeparators';
import { tempDir } from './helpers/db';
import { Rng } from '../../src/tools/sample/random';

const tmp = tempDir('aur-separators-');
afterAll(() => tmp.remove());

/** The generator's seeded stream (mulberry32), as a function: a failure can be replayed from its seed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** The rewrite read character by character: outside a quoted field's body every CR, CRLF or LF is a separator (written LF). */
function rewrittenByEveryCharacter(text: string, delimiter: string): string {
  type State = 'start' | 'unquoted' | 'quoted' | 'quote in quoted' | 'spaces after quote';
  let state: State = 'start';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (state === 'quoted') {
      out += char;
      if (char === '"') state = 'quote in quoted';
      continue;
    }
    if (char === '\r' || char === '\n') {
      out += '\n';
      if (char === '\r' && text[i + 1] === '\n') i++;
      state = 'start';
      continue;
    }
    out += char;
    if (state === 'start') state = char === '"' ? 'quoted' : char === delimiter ? 'start' : 'unquoted';
    else if (state === 'unquoted') state = char === delimiter ? 'start' : 'unquoted';
    else if (char === delimiter) state = 'start';
    else if (char === '"') state = state === 'quote in quoted' ? 'quoted' : 'quote in quoted';
    else state = /\s/.test(char) ? 'spaces after quote' : 'quoted';
  }
  return out;
}

describe('RecordSeparators', () => {
  it('rewrites random text cut into random chunks exactly as reading every character does', () => {
    const alphabet = ['a', 'b', ',', ';', '"', '"', '\n', '\r', '\r\n', ' ', '\t', 'é'];
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const delimiter = next() < 0.5 ? ',' : ';';
      let text = '';
      const length = Math.floor(next() * 200);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)]!;
      const separators = new RecordSeparators(delimiter);
      let rewritten = '';
      for (let at = 0; at < text.length; ) {
        const end = Math.min(text.length, at + 1 + Math.floor(next() * 20));
        rewritten += separators.push(text.slice(at, end));
        at = end;
      }
      expect({ seed, rewritten }).toEqual({ seed, rewritten: rewrittenByEveryCharacter(text, delimiter) });
    }
  });
});

describe('readCsvRows line numbers past several reads', () => {
  it.each([
    ['LF only, no field with a line break', ['\n'], []],
    ['LF records, some quoted fields with LF line breaks', ['\n'], ['\n']],
    ['LF records, some quoted fields with CRLF line breaks', ['\n'], ['\r\n']],
    ['CRLF records', ['\r\n'], []],
    ['mixed CR, LF and CRLF records, fields with line breaks of every kind', ['\n', '\r\n', '\r'], ['\n', '\r\n', '\r']],
  ])('%s: every record comes with its first physical line', async (name, separators, fieldBreaks) => {
    const next = random(name.length);
    const records: string[][] = [['id', 'note', 'value']];
    let text = 'id,note,value' + separators[0];
    let line = 2;
    const expected = [{ line: 1, cells: records[0] }];
    while (text.length < 3.5 * 1024 * 1024) {
      const note = fieldBreaks.length > 0 && next() < 0.01 ? `two${fieldBreaks[Math.floor(next() * fieldBreaks.length)]}lines, "quoted"` : `note ${line}`;
      const cells = [`r${line}`, note, String(Math.floor(next() * 1000))];
      expected.push({ line, cells });
      const separator = separators[Math.floor(next() * separators.length)]!;
      text += `${cells[0]},"${note.replace(/"/g, '""')}",${cells[2]}${separator}`;
      line += 1 + (note.match(/\r\n|\r|\n/g)?.length ?? 0);
    }
    const path = tmp.file(`${name.replace(/\W+/g, '-')}.csv`, text);
    const rows = [];
    for await (const batch of readCsvRows(path)) rows.push(...batch);
    expect(rows.length).toBe(expected.length);
    const firstDifference = rows.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i]));
    expect(firstDifference === -1 ? null : { got: rows[firstDifference], expected: expected[firstDifference] }).toBeNull();
  });
});
