/** Streams a file as UTF-8 text in ~1 MiB pieces; invalid UTF-8 and UTF-16 files are errors with a line. */
import { createReadStream } from 'node:fs';
import { ImportError } from './errors';

const readChunkBytes = 1 << 20;

function countLineBreaks(text: string, end = text.length): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export async function* decodeUtf8File(path: string, displayName = path): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let linesBefore = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: readChunkBytes })) {
    const bytes = chunk as Buffer;
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
      const lenient = new TextDecoder('utf-8').decode(bytes);
      const bad = lenient.indexOf('\uFFFD');
      throw new ImportError(displayName, linesBefore + countLineBreaks(lenient, bad) + 1, null, 'invalid UTF-8 bytes; save the file as UTF-8');
    }
    linesBefore += countLineBreaks(text);
    if (text) yield text;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    throw new ImportError(displayName, linesBefore + 1, null, 'file ends in the middle of a UTF-8 character');
  }
}
