/**
 * The rows an import inserts, taken in as they are written, so that the columnar index afterwards is the index
 * it had plus these rows rather than a new read of the whole table (at a million events that read, after the
 * last row, was 1–3 s of the import; sql.js hands a row over value by value and every text as UTF-8 to decode).
 *
 * It holds only while the import does nothing else to the events: a row updated or deleted, or a user taking
 * over another's events, and `index` gives null (the store then builds the index from the table as before).
 * Rows the table would not give back as they were written (a text with a lone surrogate, which UTF-8 cannot
 * hold) also give null. New rows are told apart by rowid: SQLite gives each insert the largest rowid plus one.
 */
import type { Database } from 'sql.js';
import type { EventRecord } from '../core/ingest/normalise';
import {
  Dictionary, EventIndex, keyColumns, noKey, numberColumns, textColumns, type KeyColumn, type NumberColumn, type TextColumn, type TextColumnData,
} from './eventIndex';
import type { EventKeys, WriteObserver } from './eventWriter';

/** rows per chunk: taken in chunk by chunk, the rows never need a copy of all of them to grow */
const chunkRows = 1 << 16;

interface Chunk {
  numbers: Float64Array[];
  keys: Int32Array[];
  codes: Int32Array[];
}

const tsColumn = numberColumns.indexOf('ts');

const newChunk = (): Chunk => ({
  numbers: numberColumns.map(() => new Float64Array(chunkRows)),
  keys: keyColumns.map(() => new Int32Array(chunkRows)),
  codes: textColumns.map(() => new Int32Array(chunkRows)),
});

/** A text the table gives back as it was written: a lone surrogate would come back as U+FFFD. */
const keepsAsWritten = (text: string) => !/\p{Cs}/u.test(text);

const number = (value: number | null) => (value === null ? NaN : value);
const key = (value: number | null) => (value === null ? noKey : value);

export class AppendedRows implements WriteObserver {
  private readonly chunks: Chunk[] = [];
  private count = 0;
  private intact = true;
  private readonly dictionaries: Dictionary[];
  /** per text column, the last value and its code: most rows repeat the row before's status, provider and source */
  private readonly lastText: (string | null)[] = textColumns.map(() => null);
  private readonly lastCode: number[] = textColumns.map(() => 0);

  private constructor(
    private readonly base: EventIndex,
    private readonly baseLargestRowid: number,
  ) {
    this.dictionaries = textColumns.map((column) => new Dictionary(base.texts[column].values));
  }

  /**
   * Ready to take in an import's rows on top of `current`, the index of the table as it is (undefined: none
   * built since the last change, which only an empty table can do without).
   */
  static onto(db: Database, current: EventIndex | null | undefined): AppendedRows | null {
    const [[largest]] = db.exec('SELECT COALESCE(MAX(rowid), 0) FROM events')[0]!.values as [[number]];
    const base = current ?? (largest === 0 ? EventIndex.build(db) : null);
    return base ? new AppendedRows(base, largest) : null;
  }

  inserted(record: EventRecord, keys: EventKeys, source: string, sourceKey: number | null, estimate: number | null): void {
    if (!this.intact) return;
    const at = this.count % chunkRows;
    if (at === 0) this.chunks.push(newChunk());
    const chunk = this.chunks[this.chunks.length - 1]!;
    this.count++;
    const numbers = {
      ts: record.ts, requests: record.requests, credits: record.credits, cost_reported_usd: record.costReportedUsd, cost_estimated_usd: estimate,
      input_tokens: record.inputTokens, output_tokens: record.outputTokens, cache_read_tokens: record.cacheReadTokens,
      cache_write_tokens: record.cacheWriteTokens, reasoning_tokens: record.reasoningTokens, latency_ms: record.latencyMs,
    } satisfies Record<NumberColumn, number | null>;
    const rowKeys = { user_key: keys.userKey, agent_key: keys.agentKey, model_key: keys.modelKey, org_key: keys.orgKey, source_key: sourceKey } satisfies Record<KeyColumn, number | null>;
    const texts = { status: record.status, session_id: record.sessionId, provider: record.provider, source } satisfies Record<TextColumn, string | null>;
    for (let c = 0; c < numberColumns.length; c++) chunk.numbers[c]![at] = number(numbers[numberColumns[c]!]);
    for (let c = 0; c < keyColumns.length; c++) chunk.keys[c]![at] = key(rowKeys[keyColumns[c]!]);
    for (let c = 0; c < textColumns.length; c++) chunk.codes[c]![at] = this.code(c, texts[textColumns[c]!]);
  }

  changedExisting(): void {
    this.intact = false;
  }

  /** A user took over another's events: rows that were there changed. */
  eventsRewritten(): void {
    this.intact = false;
  }

  /** Whether the inserts so far still tell the table: the base's rows and these. */
  get holds(): boolean {
    return this.intact;
  }

  private code(column: number, value: string | null): number {
    if (value === null) return 0;
    if (value === this.lastText[column]) return this.lastCode[column]!;
    const dictionary = this.dictionaries[column]!;
    let code = dictionary.known(value);
    if (code === -1) {
      if (!keepsAsWritten(value)) this.intact = false;
      code = dictionary.code(value);
    }
    this.lastText[column] = value;
    this.lastCode[column] = code;
    return code;
  }

  /**
   * The index of the table now: the base's rows and the new ones in (ts, rowid) order; null when it does not hold.
   * Asked once, when the import is over: the rows taken in are let go as they are copied.
   */
  index(db: Database): EventIndex | null {
    if (!this.intact) return null;
    this.intact = false;
    const [[largest]] = db.exec('SELECT COALESCE(MAX(rowid), 0) FROM events')[0]!.values as [[number]];
    if (largest !== this.baseLargestRowid + this.count) return null;
    const base = this.base;
    const length = base.length + this.count;
    const take = this.mergeOrder();
    // a column at a time, its chunks let go once copied: the rows are not held twice over
    const gather = <A extends Float64Array | Int32Array>(out: A, old: A, columnOf: (chunk: Chunk) => A[], c: number): A => {
      const columns = this.chunks.map((chunk) => columnOf(chunk)[c]!);
      for (let i = 0; i < length; i++) {
        const from = take[i]!;
        out[i] = from >= 0 ? old[from]! : columns[(~from / chunkRows) | 0]![~from % chunkRows]!;
      }
      for (const chunk of this.chunks) columnOf(chunk)[c] = out.subarray(0, 0) as A;
      return out;
    };
    const byName = <K extends string, V>(names: readonly K[], make: (name: K, i: number) => V) => Object.fromEntries(names.map((name, i) => [name, make(name, i)])) as Record<K, V>;
    return EventIndex.of(
      length,
      byName(numberColumns, (column, c) => gather(new Float64Array(length), base.numbers[column], (chunk) => chunk.numbers, c)),
      byName(keyColumns, (column, c) => gather(new Int32Array(length), base.keys[column], (chunk) => chunk.keys, c)),
      byName(textColumns, (column, c): TextColumnData => ({
        codes: gather(new Int32Array(length), base.texts[column].codes, (chunk) => chunk.codes, c),
        values: this.dictionaries[c]!.values,
      })),
    );
  }

  /**
   * Where each row of the new index comes from: a base row (its position), or new row j as ~j. New rows go in
   * time order, a tie in the order written (their rowids); after every base row of the same time (smaller rowids).
   */
  private mergeOrder(): Int32Array {
    const ts = new Float64Array(this.count);
    for (let j = 0; j < this.count; j++) ts[j] = this.chunks[(j / chunkRows) | 0]!.numbers[tsColumn]![j % chunkRows]!;
    let order: Int32Array | null = null;
    for (let j = 1; j < this.count; j++) {
      if (ts[j]! < ts[j - 1]!) {
        order = Int32Array.from({ length: this.count }, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
        break;
      }
    }
    const baseTs = this.base.numbers.ts;
    const take = new Int32Array(this.base.length + this.count);
    let b = 0;
    let n = 0;
    for (let i = 0; i < take.length; i++) {
      const j = n < this.count ? (order === null ? n : order[n]!) : -1;
      if (j === -1 || (b < this.base.length && baseTs[b]! <= ts[j]!)) take[i] = b++;
      else {
        take[i] = ~j;
        n++;
      }
    }
    return take;
  }
}
