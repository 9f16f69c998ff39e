/**
 * Reads the lines a log file gained since the last scan: from the byte offset where that scan stopped,
 * in 1 MiB chunks, so a 700 MB transcript never becomes one string. A line longer than the limit is
 * skipped without being held (counted). A file that shrank, or whose first bytes changed, was truncated
 * or replaced: it is read again from the start. An unchanged file (same size and mtime) is not opened.
 */
import { hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface FileScanState {
  size: number;
  mtimeMs: number;
  /** bytes consumed: everything before is read; a line still being written starts here */
  offset: number;
  /** lines consumed, so line numbers stay physical across scans */
  lines: number;
  /** hash of the file's first bytes (up to headBytes) when it was last read */
  head: string;
}

export interface ScanOutcome {
  state: FileScanState;
  /** the file was truncated or replaced since the last scan and was read from the start */
  restarted: boolean;
  /** nothing changed since the last scan: the file was not opened */
  unchanged: boolean;
  linesRead: number;
  longLinesSkipped: number;
}

export interface ScanOptions {
  /** longest line kept; longer ones are skipped and counted (default 16 MiB) */
  maxLineBytes?: number;
  signal?: AbortSignal;
}

const chunkBytes = 1024 * 1024;
const headBytes = 4096;
const newline = 0x0a;

function hashOf(bytes: Buffer): string {
  // one call, no Hash object: thousands of small transcripts hash their heads once each
  return hash('sha1', bytes, 'base64url');
}

function headHash(fd: number, length: number): string {
  const buffer = Buffer.allocUnsafe(Math.min(length, headBytes));
  const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
  return hashOf(buffer.subarray(0, bytesRead));
}

/**
 * Read buffers handed from one file to the next: thousands of small transcripts each reading into a fresh
 * buffer cost the kernel a page fault per page and the heap a large allocation per file. No view of a
 * buffer outlives its file's read (lines leave as strings, kept bytes as copies).
 */
const spareChunks: Buffer[] = [];

/** Chunks read before the scan lets other work (a cancel message) in. */
const chunksBetweenYields = 32;

/** A final line without its newline is taken only when it is a whole JSON value: else it is still being written. */
function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function lineText(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

/**
 * Calls `onLine` for every complete line after `previous.offset` (or from the start) and returns the new
 * state. `onLine` gets the line without its line break and its physical line number (1-based).
 */
export async function scanNewLines(
  path: string,
  previous: FileScanState | undefined,
  onLine: (line: string, lineNo: number) => void,
  options: ScanOptions = {},
): Promise<ScanOutcome> {
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  // synchronous reads: this runs in the store worker or the CLI, and thousands of small transcripts make
  // promise round trips per read cost more than the reading
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    const outcome = (state: FileScanState, restarted: boolean, unchanged: boolean, linesRead = 0, longLinesSkipped = 0): ScanOutcome => ({
      state, restarted, unchanged, linesRead, longLinesSkipped,
    });
    if (previous && info.size === previous.size && info.mtimeMs === previous.mtimeMs) return outcome(previous, false, true);

    let start = previous ?? { size: 0, mtimeMs: 0, offset: 0, lines: 0, head: '' };
    let restarted = false;
    if (previous && (info.size < previous.offset || (previous.offset > 0 && headHash(fd, previous.offset) !== previous.head))) {
      start = { size: 0, mtimeMs: 0, offset: 0, lines: 0, head: '' };
      restarted = true;
    }

    let lineNo = start.lines;
    let linesRead = 0;
    let longLinesSkipped = 0;
    /** bytes of the current line so far (at most maxLineBytes) */
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    /** where the current line starts in the file */
    let lineStart = start.offset;
    let position = start.offset;
    /** the file's first bytes, kept while reading from the start, for the head hash */
    let head: Buffer | null = null;
    const buffer = spareChunks.pop() ?? Buffer.allocUnsafe(chunkBytes);
    let chunks = 0;
    try {
      for (;;) {
        if (options.signal?.aborted) break;
        const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        if (position === 0) head = Buffer.from(chunk.subarray(0, headBytes));
        let from = 0;
        const first = chunk.indexOf(newline);
        if (first !== -1) {
          // the first line may continue bytes the last chunk left pending
          lineNo++;
          if (skipping) longLinesSkipped++;
          else if (pendingBytes + first > maxLineBytes) longLinesSkipped++;
          else {
            const bytes = pending.length === 0 ? chunk.subarray(0, first) : Buffer.concat([...pending, chunk.subarray(0, first)]);
            onLine(lineText(bytes), lineNo);
            linesRead++;
          }
          pending = [];
          pendingBytes = 0;
          skipping = false;
          from = first + 1;
          // the lines after it lie whole in this chunk
          const last = chunk.lastIndexOf(newline);
          if (last > first && last - from <= maxLineBytes) {
            // none can be too long: decoded at once (a newline byte never sits inside a UTF-8 sequence, so
            // each line reads as decoding it alone would), then cut into lines
            const text = chunk.toString('utf8', from, last);
            for (let start = 0; ; ) {
              const end = text.indexOf('\n', start);
              const line = end === -1 ? text.slice(start) : text.slice(start, end);
              onLine(line.endsWith('\r') ? line.slice(0, -1) : line, ++lineNo);
              linesRead++;
              if (end === -1) break;
              start = end + 1;
            }
            from = last + 1;
          } else {
            for (let at = chunk.indexOf(newline, from); at !== -1; at = chunk.indexOf(newline, from)) {
              lineNo++;
              if (at - from > maxLineBytes) longLinesSkipped++;
              else {
                onLine(lineText(chunk.subarray(from, at)), lineNo);
                linesRead++;
              }
              from = at + 1;
            }
          }
          lineStart = position + from;
        }
        position += bytesRead;
        const rest = bytesRead - from;
        if (rest > 0 && !skipping) {
          if (pendingBytes + rest > maxLineBytes) {
            skipping = true;
            pending = [];
            pendingBytes = 0;
          } else {
            pending.push(Buffer.from(chunk.subarray(from)));
            pendingBytes += rest;
          }
        }
        // a short read of a regular file is its end: no read more to be told so (one system call per file fewer)
        if (bytesRead < buffer.length) break;
        if (++chunks % chunksBetweenYields === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      spareChunks.push(buffer);
    }
    let offset = lineStart;
    if (!options.signal?.aborted && pendingBytes > 0 && !skipping) {
      const text = lineText(Buffer.concat(pending));
      if (isWholeJson(text)) {
        lineNo++;
        onLine(text, lineNo);
        linesRead++;
        offset = position;
      }
    }
    let hash = '';
    if (offset > 0) {
      if (head !== null && head.length >= Math.min(offset, headBytes)) hash = hashOf(head.subarray(0, Math.min(offset, headBytes)));
      else if (start.offset >= headBytes && !restarted) hash = start.head;
      else hash = headHash(fd, offset);
    }
    return outcome({ size: info.size, mtimeMs: info.mtimeMs, offset, lines: lineNo, head: hash }, restarted, false, linesRead, longLinesSkipped);
  } finally {
    closeSync(fd);
  }
}
