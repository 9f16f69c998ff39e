/** Streams a file as UTF-8 text in 256 KiB pieces; invalid UTF-8 and UTF-16 files are errors with a line. */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { ImportError } from './errors';

/**
 * Under a MiB: Node hands a decoded text of a MiB or more back as an external string, memory the allocator frees only
 * when the collector takes the string (a parse thread held 43 MB of them at once in a million-event import; at 256 KiB
 * it holds 4).
 */
const readChunkBytes = 1 << 18;

function describeNonRegular(stats: Awaited<ReturnType<typeof stat>>): string {
  if (stats.isDirectory()) return 'EISDIR: it is a directory';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO)';
  if (stats.isSocket()) return 'it is a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device';
  return 'it is a special file';
}

/**
 * Refuses anything but a regular file before opening it: a directory fails with a bare EISDIR, a FIFO
 * with ESPIPE, and opening a FIFO that has no writer blocks forever.
 */
export async function checkRegularFile(path: string, displayName = path): Promise<void> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportError(displayName, null, null, `cannot read the file (${message})`);
  }
  if (!stats.isFile()) throw new ImportError(displayName, null, null, `cannot read the file (${describeNonRegular(stats)}, not a regular file)`);
}

/** Which characters end a line for the line numbers in messages: CSV also counts a bare CR. */
export type LineBreaks = 'lf' | 'cr-lf-or-cr';

/** Counts line breaks piece by piece; a CRLF split between two pieces counts once. */
class LineCounter {
  private afterCr = false;
  constructor(private readonly breaks: LineBreaks) {}

  /** Line breaks in a decoded piece of text; the next piece continues from it. */
  text(text: string): number {
    let count = 0;
    // without a CR in the piece every line break is an LF (one that ends a CRLF begun in the last piece excepted)
    if (this.breaks === 'lf' || text.indexOf('\r') === -1) {
      const from = this.afterCr && text.startsWith('\n') ? 1 : 0;
      for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) count++;
      if (text.length > 0) this.afterCr = false;
      return count;
    }
    const pattern = /\r\n?|\n/g;
    pattern.lastIndex = this.afterCr && text.startsWith('\n') ? 1 : 0;
    while (pattern.exec(text)) count++;
    if (text.length > 0) this.afterCr = text.endsWith('\r');
    return count;
  }

  /** Line breaks in the first `end` bytes of an undecodable piece (to place the bad byte). */
  bytes(bytes: Uint8Array, end: number): number {
    let count = 0;
    let afterCr = this.afterCr;
    for (let i = 0; i < end; i++) {
      const byte = bytes[i];
      if (byte === 0x0a && !(afterCr && this.breaks !== 'lf')) count++;
      else if (byte === 0x0d && this.breaks !== 'lf') count++;
      afterCr = byte === 0x0d;
    }
    return count;
  }
}

/**
 * UTF-16 text without a byte order mark decodes as "valid" UTF-8 full of NUL bytes: ASCII text in
 * UTF-16 has a zero in every other byte.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const pairs = Math.min(bytes.length >> 1, 256);
  if (pairs < 2) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0 && bytes[2 * i + 1] !== 0) evenZeros++;
    if (bytes[2 * i + 1] === 0 && bytes[2 * i] !== 0) oddZeros++;
  }
  return Math.max(evenZeros, oddZeros) >= pairs * 0.6;
}

/**
 * Offset of the first invalid byte in a chunk the streaming decoder refused. Leading continuation
 * bytes finish a character begun in the previous chunk and are skipped; when everything after them
 * is valid, the bad sequence is the one spanning the chunk boundary (offset 0). Found by bisecting
 * with a fatal decoder, so a U+FFFD written in the file itself is not mistaken for the error.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  const validUpTo = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (validUpTo(bytes.length)) return 0;
  let good = start;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    if (validUpTo(middle)) good = middle;
    else bad = middle;
  }
  return bad - 1;
}

export async function* decodeUtf8File(path: string, displayName = path, lineBreaks: LineBreaks = 'lf'): AsyncGenerator<string> {
  await checkRegularFile(path, displayName);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const lines = new LineCounter(lineBreaks);
  let linesBefore = 0;
  let first = true;
  // a directory, a vanished or unreadable file: name the file (Node's EISDIR/EIO messages do not)
  const unreadable = (error: unknown) => new ImportError(displayName, null, null, `cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(error);
  }
  // one buffer read into again and again: a new one per piece (a stream's) was freed only when the collector ran,
  // tens of MB of a large file held by the allocator of the thread that read it
  const buffer = Buffer.allocUnsafe(readChunkBytes);
  try {
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        throw unreadable(error);
      }
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      if (first) {
        first = false;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
          throw new ImportError(displayName, 1, null, 'file is UTF-16 encoded; save it as UTF-8 and import again');
        }
        if (looksLikeUtf16(bytes)) {
          throw new ImportError(displayName, 1, null, 'file looks UTF-16 encoded (without a byte order mark); save it as UTF-8 and import again');
        }
      }
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        const line = linesBefore + lines.bytes(bytes, firstInvalidByte(bytes)) + 1;
        throw new ImportError(displayName, line, null, 'invalid UTF-8 bytes; save the file as UTF-8');
      }
      linesBefore += lines.text(text);
      if (text) yield text;
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new ImportError(displayName, linesBefore + 1, null, 'file ends in the middle of a UTF-8 character');
    }
    if (tail) yield tail;
  } finally {
    // also runs when the consumer stops early (a bad row, cancellation): release the file
    await handle.close();
  }
}
