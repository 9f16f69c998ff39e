/**
 * Streaming reader for a JSON array of objects. Splits the top-level array element by element
 * (tracking strings, escapes and depth) so huge files never become one string, and knows the line
 * each element starts on.
 */
import { decodeUtf8File } from './decode';
import { ImportError } from './errors';
import { JsonRecordMapper, type JsonReaderOptions } from './jsonRecords';
import { maxRecordChars, type RawItem, type RecordReader } from './rawRecord';

export function readJsonArray(path: string, options: JsonReaderOptions = {}): RecordReader {
  const mapper = new JsonRecordMapper(options, 'json');
  const displayName = options.displayName ?? path;
  const tooLong = (element: number) => `array element ${element} is longer than ${maxRecordChars / 1024 / 1024} MiB characters`;

  async function* batches(): AsyncGenerator<RawItem[]> {
    let state: 'before' | 'between' | 'done' = 'before';
    let element = '';
    let elementLine = 0;
    let depth = 0;
    let inString = false;
    let escaped = false;
    let line = 1;
    let records = 0;
    /** a scalar array element being skipped: a string, or a bare number/literal/garbage */
    let scalar: 'string' | 'bare' | null = null;
    let scalarText = '';
    let scalarLine = 0;
    const finishScalar = (into: RawItem[]) => {
      records++;
      const shown = scalarText.length > 20 ? `${scalarText.slice(0, 20)}…` : scalarText;
      const quoted = scalarText.startsWith('"') ? shown : `"${shown}"`;
      into.push({ line: scalarLine, column: null, reason: `expected a JSON object as array element ${records}, found ${quoted}` });
      scalar = null;
      scalarText = '';
    };
    for await (const text of decodeUtf8File(path, displayName)) {
      const items: RawItem[] = [];
      let elementStart = depth > 0 ? 0 : -1;
      let scalarStart = scalar ? 0 : -1;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (c === '\n') line++;
        if (scalar === 'string') {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            scalarText += text.slice(scalarStart, i + 1);
            finishScalar(items);
          }
          continue;
        }
        if (scalar === 'bare') {
          if (c !== ',' && c !== ']' && c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') continue;
          scalarText += text.slice(scalarStart, i);
          finishScalar(items);
          // `c` ends the scalar and is read below as what follows it
        }
        if (depth > 0) {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === '\\') escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') inString = true;
          else if (c === '{' || c === '[') depth++;
          else if (c === '}' || c === ']') {
            depth--;
            if (depth === 0) {
              element += text.slice(elementStart, i + 1);
              elementStart = -1;
              records++;
              // an element that ended inside the chunk that took it over the limit was never checked below
              if (element.length > maxRecordChars) throw new ImportError(displayName, elementLine, null, tooLong(records));
              items.push(mapper.parse(element, elementLine));
              element = '';
            }
          }
          continue;
        }
        if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
        if (state === 'before') {
          if (c !== '[') throw new ImportError(displayName, line, null, 'expected a JSON array of objects (use .jsonl for JSON Lines)');
          state = 'between';
        } else if (state === 'between') {
          if (c === ',') continue;
          if (c === ']') {
            state = 'done';
            continue;
          }
          if (c === '{' || c === '[') {
            depth = 1;
            elementStart = i;
            elementLine = line;
            continue;
          }
          // skipped as a rejected row (not a reason to stop) so --skip-bad-rows reads on like JSONL does
          scalar = c === '"' ? 'string' : 'bare';
          scalarStart = i;
          scalarLine = line;
          escaped = false;
        } else {
          throw new ImportError(displayName, line, null, 'unexpected content after the end of the JSON array');
        }
      }
      if (depth > 0 && elementStart !== -1) element += text.slice(elementStart);
      if (scalar) scalarText += text.slice(scalarStart);
      if (element.length > maxRecordChars || scalarText.length > maxRecordChars) {
        throw new ImportError(displayName, elementLine, null, tooLong(records + 1));
      }
      yield items;
    }
    if (state !== 'done') {
      throw new ImportError(displayName, line, null, `JSON array is truncated after record ${records} (missing "]")`);
    }
  }

  return {
    get kind() {
      return mapper.kind ?? 'events';
    },
    get sourceFormat() {
      return mapper.sourceFormat ?? null;
    },
    unknownColumns: mapper.unknownColumns,
    batches: batches(),
  };
}
