/** Streaming JSON Lines reader: one object per line, blank lines skipped, CRLF accepted. */
import { decodeUtf8File } from './decode';
import { ImportError } from './errors';
import { JsonRecordMapper, type JsonReaderOptions } from './jsonRecords';
import { maxRecordChars, type RawItem, type RecordReader } from './rawRecord';

export function readJsonLines(path: string, options: JsonReaderOptions = {}): RecordReader {
  const mapper = new JsonRecordMapper(options, 'jsonl');
  const displayName = options.displayName ?? path;

  const tooLong = `line is longer than ${maxRecordChars / 1024 / 1024} MiB characters`;

  function parseLine(text: string, line: number, into: RawItem[]): void {
    // a line that ended inside the chunk that took it over the limit never sat in `pending`
    if (text.length > maxRecordChars) throw new ImportError(displayName, line, null, tooLong);
    if (text.trim() === '') return;
    into.push(mapper.parse(text, line));
  }

  async function* batches(): AsyncGenerator<RawItem[]> {
    let pending = '';
    let line = 0;
    for await (const text of decodeUtf8File(path, displayName)) {
      const buffer = pending + text;
      const items: RawItem[] = [];
      let start = 0;
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n', start)) {
        line += 1;
        parseLine(buffer.slice(start, end), line, items);
        start = end + 1;
      }
      pending = buffer.slice(start);
      if (pending.length > maxRecordChars) {
        throw new ImportError(displayName, line + 1, null, tooLong);
      }
      yield items;
    }
    if (pending.trim() !== '') {
      const items: RawItem[] = [];
      parseLine(pending, line + 1, items);
      yield items;
    }
  }

  const reader: RecordReader = {
    get kind() {
      return mapper.kind ?? 'events';
    },
    get sourceFormat() {
      return mapper.sourceFormat ?? null;
    },
    unknownColumns: mapper.unknownColumns,
    batches: batches(),
  };
  return reader;
}
