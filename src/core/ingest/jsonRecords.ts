/** Turns parsed JSON objects into RawRecords: nested objects are flattened with dots, keys mapped by alias. */
import { detectKind, mapHeaders, MappingError, type ColumnMapping, type RecordKind } from './mapping';
import type { RawItem } from './rawRecord';

type Flat = Map<string, unknown>;

function flatten(value: Record<string, unknown>, prefix: string, into: Flat): Flat {
  for (const key of Object.keys(value)) {
    const child = value[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) flatten(child as Record<string, unknown>, name, into);
    else into.set(name, child);
  }
  return into;
}

/** Per-file state: the kind (fixed by the first object unless given) and a mapping per key set. */
export class JsonRecordMapper {
  kind: RecordKind | undefined;
  readonly unknownColumns = new Set<string>();
  private readonly mappings = new Map<string, ColumnMapping | string>();

  constructor(kind?: RecordKind) {
    this.kind = kind;
  }

  toItem(parsed: unknown, line: number): RawItem {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { line, column: null, reason: 'expected a JSON object' };
    }
    const flat = flatten(parsed as Record<string, unknown>, '', new Map());
    const keys = [...flat.keys()];
    let mapping: ColumnMapping | string;
    try {
      this.kind ??= detectKind(keys);
      const signature = keys.join('\u0000');
      mapping = this.mappings.get(signature) ?? this.mapKeys(signature, keys, this.kind);
    } catch (error) {
      if (error instanceof MappingError) return { line, column: null, reason: error.message };
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
