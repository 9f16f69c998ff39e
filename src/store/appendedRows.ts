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
import type { EventColumn } from '../core/sql';
import { Dictionary } from './dictionary';
import {
  EventIndex, keyColumns, noKey, numberColumns, sharedColumns, textColumns, type TextColumnData,
} from './eventIndex';
import type { EventKeys, WriteObserver } from './eventWriter';
import { arrayLike } from './sharedArrays';
import { timeOrder } from './timeOrder';

/** rows the columns first have room for; they double as rows come */
const firstCapacity = 1 << 16;
/** the most rows an estimate makes room for at once (more come by doubling) */
const maxExpectedRows = 1 << 26;

const tsColumn = numberColumns.indexOf('ts');
/** each column's place in its list (a column added to a list and not written in `inserted` makes the index differ from the table's: appendedRows.test.ts) */
const placesOf = <C extends string>(columns: readonly C[]) => Object.fromEntries(columns.map((column, i) => [column, i])) as Record<C, number>;
const numberAt = placesOf(numberColumns);
const keyAt = placesOf(keyColumns);
const textAt = placesOf(textColumns);

/** `array` in a new one of `capacity` elements (on shared memory when `shared`). */
function grown<A extends Float64Array | Int32Array>(array: A, capacity: number, shared: boolean): A {
  const bigger = arrayLike(array, capacity, shared);
  bigger.set(array);
  return bigger;
}

/** A text the table gives back as it was written: a lone surrogate would come back as U+FFFD. */
const keepsAsWritten = (text: string) => !/\p{Cs}/u.test(text);

const number = (value: number | null) => (value === null ? NaN : value);
const key = (value: number | null) => (value === null ? noKey : value);

export class AppendedRows implements WriteObserver {
  /** the new rows' columns, with room for more: `count` rows so far (no room before the first row or estimate) */
  private numbers = numberColumns.map(() => new Float64Array(0));
  private keys = keyColumns.map(() => new Int32Array(0));
  private codes = textColumns.map(() => new Int32Array(0));
  private count = 0;
  private intact = true;
  /** the base's dictionaries, taken over at the first row (a users file adds none: it copies nothing) */
  private dictionaries: Dictionary[] | undefined;
  /** per text column, the last value and its code: most rows repeat the row before's status, provider and source */
  private readonly lastText: (string | null)[] = textColumns.map(() => null);
  private readonly lastCode: number[] = textColumns.map(() => 0);

  private constructor(
    private readonly base: EventIndex,
    private readonly baseLargestRowid: number,
  ) {}

  /**
   * Ready to take in an import's rows on top of `current`, the index of the table as it is (undefined: none
   * built since the last change, which only an empty table can do without).
   */
  static onto(db: Database, current: EventIndex | null | undefined): AppendedRows | null {
    const [[largest]] = db.exec('SELECT COALESCE(MAX(rowid), 0) FROM event_rows')[0]!.values as [[number]];
    const base = current ?? (largest === 0 ? EventIndex.build(db) : null);
    return base ? new AppendedRows(base, largest) : null;
  }

  inserted(record: EventRecord, keys: EventKeys, source: string, sourceKey: number | null, estimate: number | null): void {
    if (!this.intact) return;
    const at = this.count++;
    if (at === this.numbers[0]!.length) this.grow(Math.max(firstCapacity, 2 * at), false);
    // written column by column, not through an object of the row's values: three objects a row were a quarter of
    // what an import's store thread left to the old generation's collector
    const n = this.numbers;
    n[numberAt.ts]![at] = number(record.ts);
    n[numberAt.requests]![at] = number(record.requests);
    n[numberAt.credits]![at] = number(record.credits);
    n[numberAt.cost_reported_usd]![at] = number(record.costReportedUsd);
    n[numberAt.cost_estimated_usd]![at] = number(estimate);
    n[numberAt.input_tokens]![at] = number(record.inputTokens);
    n[numberAt.output_tokens]![at] = number(record.outputTokens);
    n[numberAt.cache_read_tokens]![at] = number(record.cacheReadTokens);
    n[numberAt.cache_write_tokens]![at] = number(record.cacheWriteTokens);
    n[numberAt.reasoning_tokens]![at] = number(record.reasoningTokens);
    n[numberAt.latency_ms]![at] = number(record.latencyMs);
    const k = this.keys;
    k[keyAt.user_key]![at] = key(keys.userKey);
    k[keyAt.agent_key]![at] = key(keys.agentKey);
    k[keyAt.model_key]![at] = key(keys.modelKey);
    k[keyAt.org_key]![at] = key(keys.orgKey);
    k[keyAt.source_key]![at] = key(sourceKey);
    const codes = this.codes;
    codes[textAt.status]![at] = this.code(textAt.status, record.status);
    codes[textAt.session_id]![at] = this.code(textAt.session_id, record.sessionId);
    codes[textAt.provider]![at] = this.code(textAt.provider, record.provider);
    codes[textAt.source]![at] = this.code(textAt.source, source);
  }

  /**
   * About how many rows are coming (a file's size over its first lines' length): room for them now, while the
   * columns are small, rather than copies of large ones as they fill (each copy sat beside the old arrays until
   * the garbage collector came: ~60 MB more at a million events). Room not written to takes no memory. The columns
   * the figure thread reads get their room in shared memory, so that the index can keep them as they are written.
   */
  expect(rows: number): void {
    const capacity = this.count + Math.min(maxExpectedRows, Math.ceil(rows * 1.05));
    if (capacity > this.numbers[0]!.length) this.grow(capacity, true);
  }

  /**
   * `shared`: the figure thread's columns in shared memory. Not while doubling: shared memory that is no longer used
   * goes late (sharedArrays.ts), and every doubling leaves the arrays before it unused.
   */
  private grow(capacity: number, shared: boolean): void {
    // one column at a time, so that the old arrays of one can go before the next grows
    const sharedOf = (name: EventColumn) => shared && sharedColumns.has(name);
    for (let c = 0; c < this.numbers.length; c++) this.numbers[c] = grown(this.numbers[c]!, capacity, sharedOf(numberColumns[c]!));
    for (let c = 0; c < this.keys.length; c++) this.keys[c] = grown(this.keys[c]!, capacity, sharedOf(keyColumns[c]!));
    for (let c = 0; c < this.codes.length; c++) this.codes[c] = grown(this.codes[c]!, capacity, sharedOf(textColumns[c]!));
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
    this.dictionaries ??= textColumns.map((name) => new Dictionary(this.base.texts[name].values));
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
    const [[largest]] = db.exec('SELECT COALESCE(MAX(rowid), 0) FROM event_rows')[0]!.values as [[number]];
    if (largest !== this.baseLargestRowid + this.count) return null;
    const base = this.base;
    // no new row (every one a duplicate): the same rows, whose organisations the import's users or agents may have filled in
    if (this.count === 0) return base.withDimensions();
    const length = base.length + this.count;
    const take = this.mergeOrder();
    // the new rows alone and in order: their columns are the index's (views of the rows written, no copy)
    const asWritten = take === null;
    // `shared`: a column the figure thread reads, which goes to shared memory (its rows as written are a copy away,
    // unless they were written there)
    const column = <A extends Float64Array | Int32Array>(rows: A[], c: number, old: A, shared: boolean): A => {
      const written = rows[c]!;
      if (asWritten && (!shared || written.buffer instanceof SharedArrayBuffer)) return written.subarray(0, length) as A;
      const out = arrayLike(written, length, shared);
      if (asWritten) out.set(written.subarray(0, length));
      else {
        for (let i = 0; i < length; i++) {
          const from = take[i]!;
          out[i] = from >= 0 ? old[from]! : written[~from]!;
        }
      }
      // let this column's written rows go before the next column's copy is made
      rows[c] = out.subarray(0, 0) as A;
      return out;
    };
    const byName = <K extends string, V>(names: readonly K[], make: (name: K, i: number) => V) => Object.fromEntries(names.map((name, i) => [name, make(name, i)])) as Record<K, V>;
    return EventIndex.of(
      length,
      byName(numberColumns, (name, c) => column(this.numbers, c, base.numbers[name], sharedColumns.has(name))),
      byName(keyColumns, (name, c) => column(this.keys, c, base.keys[name], sharedColumns.has(name))),
      byName(textColumns, (name, c): TextColumnData => ({ codes: column(this.codes, c, base.texts[name].codes, sharedColumns.has(name)), values: this.dictionaries?.[c]!.values ?? base.texts[name].values })),
    );
  }

  /**
   * Where each row of the new index comes from: a base row (its position), or new row j as ~j; null when the
   * base is empty and the rows came in time order. New rows go in time order, a tie in the order written (their
   * rowids), and after every base row of the same time (smaller rowids).
   */
  private mergeOrder(): Int32Array | null {
    const ts = this.numbers[tsColumn]!;
    const order = timeOrder(ts, this.count);
    if (order === null && this.base.length === 0) return null;
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
