/** Feeds a file to a local-log reader line by line through node:readline (the scanner's stand-in in tests). */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LocalLineReader } from '../../../src/core/ingest/local/lineReader';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import type { RawReject } from '../../../src/core/ingest/rawRecord';

export interface Fed {
  events: EventRecord[];
  rejects: RawReject[];
}

/** Lines `fromLine`.. (1-based) of the file; `endOfInput` is passed to `finish`. */
export async function feedFile<S>(reader: LocalLineReader<S>, path: string, options: { fromLine?: number; toLine?: number; endOfInput?: boolean } = {}): Promise<Fed> {
  const fed: Fed = { events: [], rejects: [] };
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (lineNo < (options.fromLine ?? 1)) continue;
    if (options.toLine !== undefined && lineNo > options.toLine) break;
    const outcome = reader.push(line, lineNo);
    fed.events.push(...outcome.events);
    fed.rejects.push(...outcome.rejects);
  }
  lines.close();
  const last = reader.finish(options.endOfInput ?? true);
  fed.events.push(...last.events);
  fed.rejects.push(...last.rejects);
  return fed;
}
