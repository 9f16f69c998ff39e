/** Turns parsed JSON objects into RawRecords: nested objects are flattened with dots, keys mapped by alias. */
import { isJsonObject, JsonSyntaxError, parseJson, unexpectedEnd, type JsonObject } from './jsonValue';
import type { Container, SourceFormat } from './formats/format';
import { chooseFormat, unrecognisedMessage } from './formats/choose';
import { detectKind, mapHeaders, MappingError, type ColumnMapping, type RecordKind } from './mapping';
import type { RawItem } from './rawRecord';

export interface JsonReaderOptions {
  kind?: RecordKind;
  displayName?: string;
  /** read the file as this export format (its id) instead of recognising it */
  sourceFormat?: string;
}

type Flat = Map<string, unknown>;

/** Depth is bounded by the parser's limit, so recursion is safe. */
function flatten(value: JsonObject, prefix: string, into: Flat): Flat {
  for (const [key, child] of value) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isJsonObject(child)) flatten(child, name, into);
    // `{"a.b": 1, "a": {"b": 2}}` names one key twice once flattened
    else if (into.has(name)) throw new JsonSyntaxError(`duplicate key "${name}"`, name);
    else into.set(name, child);
  }
  return into;
}

/**
 * Per-file state: the kind and export format (fixed by the first object unless given) and a mapping per
 * key set.
 */
export class JsonRecordMapper {
  kind: RecordKind | undefined;
  /** undefined until the first object decides it */
  sourceFormat: SourceFormat | null | undefined;
  readonly unknownColumns = new Set<string>();
  private readonly mappings = new Map<string, ColumnMapping | string>();

  constructor(
    private readonly options: JsonReaderOptions,
    private readonly container: Container,
  ) {
    this.kind = options.kind;
  }

  /** One record's JSON text (a line or an array element) as a record, or a reject naming the problem. */
  parse(text: string, line: number): RawItem {
    let parsed: unknown;
    let flat: Flat;
    try {
      parsed = parseJson(text);
      if (!isJsonObject(parsed)) return { line, column: null, reason: 'expected a JSON object' };
      flat = flatten(parsed, '', new Map());
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      // a cut-off record is easier to recognise from its start than from a position
      const reason = error.message === unexpectedEnd ? `invalid JSON (${unexpectedEnd}): ${text.trim().slice(0, 60)}` : `invalid JSON (${error.message})`;
      return { line, column: error.key, reason };
    }
    return this.toItem(flat, line);
  }

  private toItem(flat: Flat, line: number): RawItem {
    const keys = [...flat.keys()];
    let nearest: ReturnType<typeof chooseFormat>['nearest'] = [];
    if (this.sourceFormat === undefined) {
      try {
        const choice = chooseFormat(keys, this.container, this.options);
        this.sourceFormat = choice.format;
        nearest = choice.nearest;
        choice.unknownColumns.forEach((key) => this.unknownColumns.add(key));
      } catch (error) {
        if (error instanceof MappingError) return { line, column: null, reason: error.message };
        throw error;
      }
    }
    if (this.sourceFormat) {
      this.kind = 'events';
      return { line, get: (key: string) => flat.get(key), columnOf: (key: string) => key };
    }
    let mapping: ColumnMapping | string;
    try {
      this.kind ??= detectKind(keys);
      const signature = keys.join('\u0000');
      mapping = this.mappings.get(signature) ?? this.mapKeys(signature, keys, this.kind);
    } catch (error) {
      if (error instanceof MappingError) return { line, column: null, reason: unrecognisedMessage(error.message, keys, nearest) };
      throw error;
    }
    if (typeof mapping === 'string') return { line, column: null, reason: mapping };
    const fieldToKey = mapping.fieldToHeader;
    return {
      line,
      get: (field: string) => {
        const key = fieldToKey.get(field);
        return key === undefined ? undefined : flat.get(key);
      },
      columnOf: (field: string) => fieldToKey.get(field) ?? field,
    };
  }

  private mapKeys(signature: string, keys: string[], kind: RecordKind): ColumnMapping | string {
    let mapping: ColumnMapping | string;
    try {
      mapping = mapHeaders(keys, kind);
      mapping.unknownColumns.forEach((key) => this.unknownColumns.add(key));
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      mapping = error.message;
    }
    this.mappings.set(signature, mapping);
    return mapping;
  }
}
