/** Streams a file as UTF-8 text in ~1 MiB pieces; invalid UTF-8 and UTF-16 files are errors with a line. */
import { createReadStream } from 'node:fs';
import { ImportError } from './errors';

const readChunkBytes = 1 << 20;

function countLineBreaks(text: string, end = text.length): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function countLineFeedBytes(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
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

export async function* decodeUtf8File(path: string, displayName = path): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let linesBefore = 0;
  let first = true;
  const stream = createReadStream(path, { highWaterMark: readChunkBytes });
  const chunks = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await chunks.next();
      } catch (error) {
        // a directory, a vanished or unreadable file: name the file (Node's EISDIR/EIO messages do not)
        const message = error instanceof Error ? error.message : String(error);
        throw new ImportError(displayName, null, null, `cannot read the file (${message})`);
      }
      if (next.done) break;
      const bytes = next.value as Buffer;
      if (first) {
        first = false;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
          throw new ImportError(displayName, 1, null, 'file is UTF-16 encoded; save it as UTF-8 and import again');
        }
      }
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        const line = linesBefore + countLineFeedBytes(bytes, firstInvalidByte(bytes)) + 1;
        throw new ImportError(displayName, line, null, 'invalid UTF-8 bytes; save the file as UTF-8');
      }
      linesBefore += countLineBreaks(text);
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
    stream.destroy();
  }
}
