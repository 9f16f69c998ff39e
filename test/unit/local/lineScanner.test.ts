/** The incremental line scanner: only new lines, truncation and replacement, over-long lines, bounded memory. */
import { appendFileSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanNewLines, type FileScanState } from '../../../src/core/ingest/local/lineScanner';

const dir = mkdtempSync(join(tmpdir(), 'aur-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scan(path: string, previous?: FileScanState, maxLineBytes?: number) {
  const lines: [number, string][] = [];
  const outcome = await scanNewLines(path, previous, (line, no) => lines.push([no, line]), { maxLineBytes });
  return { lines, ...outcome };
}

describe('scanNewLines', () => {
  it('reads all lines, then only the appended ones with physical line numbers; an unchanged file is not read', async () => {
    const path = join(dir, 'grow.jsonl');
    writeFileSync(path, '{"a":1}\r\n{"a":2}\n');
    const first = await scan(path);
    expect(first.lines).toEqual([[1, '{"a":1}'], [2, '{"a":2}']]);
    expect(first.state).toMatchObject({ offset: 17, lines: 2 });
    const again = await scan(path, first.state);
    expect(again).toMatchObject({ unchanged: true, lines: [] });
    appendFileSync(path, '{"a":3}\n{"a":4}\n');
    const second = await scan(path, first.state);
    expect(second.lines).toEqual([[3, '{"a":3}'], [4, '{"a":4}']]);
    expect(second).toMatchObject({ restarted: false, unchanged: false, linesRead: 2 });
  });

  it('a line still being written is left for the next scan; a complete final JSON line without newline is read', async () => {
    const path = join(dir, 'tail.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":');
    const first = await scan(path);
    expect(first.lines).toEqual([[1, '{"a":1}']]);
    expect(first.state.offset).toBe(8);
    appendFileSync(path, '2}');
    const second = await scan(path, first.state);
    expect(second.lines).toEqual([[2, '{"a":2}']]);
    appendFileSync(path, '\n{"a":3}\n');
    const third = await scan(path, second.state);
    expect(third.lines).toEqual([[3, ''], [4, '{"a":3}']]);
  });

  it('a file truncated or replaced between scans is read again from the start', async () => {
    const path = join(dir, 'cut.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":2}\n{"a":3}\n');
    const first = await scan(path);
    truncateSync(path, 8);
    appendFileSync(path, '{"b":9}\n');
    const cut = await scan(path, first.state);
    expect(cut).toMatchObject({ restarted: true, lines: [[1, '{"a":1}'], [2, '{"b":9}']] });
    // same length, other first bytes, later mtime: replaced
    writeFileSync(path, '{"c":1}\n{"c":2}\n{"c":3}\n{"c":4}\n');
    const grown = await scan(path, cut.state);
    expect(grown.restarted).toBe(true);
    expect(grown.lines.map(([no]) => no)).toEqual([1, 2, 3, 4]);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await scan(path, grown.state)).lines).toEqual([]);
  });

  it('a line over the limit is skipped and counted, also across chunk boundaries; its neighbours are read', async () => {
    const path = join(dir, 'long.jsonl');
    const long = `{"x":"${'y'.repeat(3 * 1024 * 1024)}"}`;
    writeFileSync(path, `{"a":1}\n${long}\n{"a":2}\n${long}`);
    const result = await scan(path, undefined, 1024 * 1024);
    expect(result.lines).toEqual([[1, '{"a":1}'], [3, '{"a":2}']]);
    expect(result.longLinesSkipped).toBe(1);
    // the unterminated long tail is not consumed: it may still be growing
    expect(result.state.offset).toBe(8 + long.length + 1 + 8);
  });

  it('reads each line as decoding its bytes alone would: CRLF, multi-byte and broken UTF-8, lines across 1 MiB chunks', async () => {
    const path = join(dir, 'mixed.jsonl');
    const parts: Buffer[] = [];
    for (let i = 0; parts.reduce((total, part) => total + part.length, 0) < 2.5 * 1024 * 1024; i++) {
      const text = `{"i":${i},"t":"${'é€😀'.repeat(i % 50)}${'x'.repeat((i * 7919) % 3000)}"}`;
      const body = i % 97 === 0 ? Buffer.concat([Buffer.from(text.slice(0, 5)), Buffer.from([0xe2, 0x82]), Buffer.from(text.slice(5))]) : Buffer.from(text);
      parts.push(body, Buffer.from(i % 3 === 0 ? '\r\n' : '\n'));
    }
    const bytes = Buffer.concat(parts);
    writeFileSync(path, bytes);
    // independent reading: split the bytes at each newline, decode every line on its own, drop one trailing CR
    const expected: [number, string][] = [];
    const byteLengths: number[] = [];
    let from = 0;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, from)) {
      const line = bytes.subarray(from, at).toString('utf8');
      expected.push([expected.length + 1, line.endsWith('\r') ? line.slice(0, -1) : line]);
      byteLengths.push(at - from);
      from = at + 1;
    }
    const result = await scan(path);
    expect(result.lines.length).toBe(expected.length);
    expect(result.lines).toEqual(expected);
    expect(result.state).toMatchObject({ offset: bytes.length, lines: expected.length });
    // a small limit: the long lines among them are skipped, the rest read the same
    const limited = await scan(path, undefined, 2000);
    const kept = expected.filter(([no]) => byteLengths[no - 1]! <= 2000);
    expect(limited.lines).toEqual(kept);
    expect(limited.longLinesSkipped).toBe(expected.length - kept.length);
  });
});

