/**
 * A columnar copy of the events table for the reports' passes: time-sorted typed arrays (numbers, with NaN
 * for NULL; dimension keys, with -1 for NULL; text as dictionary codes), built from the table in one query.
 * sql.js hands a row over value by value, which is most of an all-time report's time; reading arrays is not.
 * The table stays the store of record: the store drops the index on every change and the next pass builds
 * it again from the table.
 *
 * Rows are in (ts, rowid) order: a time range is a run of rows, and rows of one time keep the order they
 * were written in.
 */
import type { Database } from 'sql.js';
import { organisationResolver } from '../core/reports/eventGroups';
import { keyConditions, type KeyCondition } from '../core/reports/query';
import type { EventColumn, EventPass, EventSpan, PassScope, SqlValue } from '../core/sql';
import { moneyOfCode } from '../core/moneyCodes';
import { isCodedMoney, storedColumn } from '../core/schema';
import { Dictionary } from './dictionary';
import { storedDecoding } from './storedDecoding';
import { runnerFor } from './sqlite';
import { overwrittenFloat64, overwrittenInt32 } from './scratch';
import { sharedFloat64, sharedInt32 } from './sharedArrays';
import { inTimeOrder } from './timeOrder';

export const numberColumns = [
  'ts', 'requests', 'credits', 'cost_reported_usd', 'cost_estimated_usd', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'latency_ms',
] as const satisfies readonly EventColumn[];
export const keyColumns = ['user_key', 'agent_key', 'model_key', 'org_key', 'source_key'] as const satisfies readonly EventColumn[];
export const textColumns = ['status', 'session_id', 'provider', 'source'] as const satisfies readonly EventColumn[];
export type NumberColumn = (typeof numberColumns)[number];
export type KeyColumn = (typeof keyColumns)[number];
export type TextColumn = (typeof textColumns)[number];
/** The columns the figure thread reads (figureTask.ts): in shared memory (sharedArrays.ts). */
export const sharedColumns: ReadonlySet<EventColumn> = new Set<EventColumn>([
  'ts', 'latency_ms', 'requests', 'user_key', 'agent_key', 'session_id', 'status', 'credits', 'cost_reported_usd', 'cost_estimated_usd',
]);

export const noKey = -1;

/**
 * The rows a scope selects, in time order: a run of `count` rows from `contiguousFrom` when nothing left a gap
 * (all time without a filter: no list of ten million row numbers to write and read again), else `selected` lists them.
 */
export interface Selection {
  count: number;
  /** the first row of a run with no gap; null when `selected` lists the rows */
  contiguousFrom: number | null;
  /** the selected rows; null for a run */
  selected: Int32Array | null;
}

const emptySelection: Selection = { count: 0, contiguousFrom: null, selected: new Int32Array(0) };

/** `count` rows from `from` on. */
export const runOfRows = (from: number, count: number): Selection => (count > 0 ? { count, contiguousFrom: from, selected: null } : emptySelection);

export interface TextColumnData {
  codes: Int32Array;
  values: (string | null)[];
}

const isNumberColumn = (column: EventColumn): column is NumberColumn => (numberColumns as readonly EventColumn[]).includes(column);
const isKeyColumn = (column: EventColumn): column is KeyColumn => (keyColumns as readonly EventColumn[]).includes(column);

/** What a number column's values allow a sum over them to skip (see EventIndex.facts). */
export interface ColumnFacts {
  /** no NULL: every selection of rows has a value in each row */
  complete: boolean;
  /** every value a whole number, and their magnitudes add up to less than 2^52 (a margin for the rounding of that very sum): any partial sum is exact, so plain addition gives what compensated summation gives */
  wholeNumbers: boolean;
}

export class EventIndex {
  private readonly factsOf = new Map<NumberColumn, ColumnFacts>();
  private readonly largestOf = new Map<KeyColumn, number>();
  private orgs: Int32Array | undefined;
  private tokens: Float64Array | undefined;

  private constructor(
    readonly length: number,
    readonly numbers: Readonly<Record<NumberColumn, Float64Array>>,
    /** -1 for NULL */
    readonly keys: Readonly<Record<KeyColumn, Int32Array>>,
    /** code 0 is NULL */
    readonly texts: Readonly<Record<TextColumn, TextColumnData>>,
  ) {}

  /**
   * The index of the table as it is; null when a value is not what the schema lets in (the reports then read
   * the table). `replaced`, the index this one replaces, lends its arrays when they are long enough: a change
   * that adds few rows or none (a users file) then allocates nothing, where a new copy of every column would
   * sit beside the old one until the garbage collector came (a few hundred MB at a million events).
   * `replaced` must not be used afterwards.
   */
  static build(db: Database, replaced?: EventIndex | null): EventIndex | null {
    const [[count] = [0]] = db.exec('SELECT COUNT(*) FROM event_rows')[0]?.values ?? [];
    const length = Number(count);
    const room = (array: Float64Array | Int32Array | undefined) => array !== undefined && array.buffer.byteLength >= length * array.BYTES_PER_ELEMENT;
    // a replaced array of the same sharing (a column's always is)
    const float64s = (old: Float64Array | undefined, shared: boolean) => (room(old) ? new Float64Array(old!.buffer, 0, length) : shared ? sharedFloat64(length) : new Float64Array(length));
    const int32s = (old: Int32Array | undefined, shared: boolean) => (room(old) ? new Int32Array(old!.buffer, 0, length) : shared ? sharedInt32(length) : new Int32Array(length));
    const numbers = numberColumns.map((column) => float64s(replaced?.numbers[column], sharedColumns.has(column)));
    const keys = keyColumns.map((column) => int32s(replaced?.keys[column], sharedColumns.has(column)));
    const dictionaries = textColumns.map(() => new Dictionary());
    const codes = textColumns.map((column) => int32s(replaced?.texts[column].codes, sharedColumns.has(column)));
    const coded = numberColumns.map(isCodedMoney);
    const decoding = storedDecoding(db);
    const keyOfStored = keyColumns.map((column) => decoding.keyOf(column));
    const textOfKey = textColumns.map((column) => decoding.textOf(column));
    // keys far past the rows' count are not what the writers make: the reports read the table
    if (textOfKey.some(({ largestKey }) => largestKey > 4 * length + 65_536)) return null;
    // each text's code by the key stored for it, once a row names it (so codes come in row order, as appended rows give them)
    const codeOfKey = textOfKey.map(({ largestKey }) => new Int32Array(largestKey + 1).fill(-1));
    const statement = db.prepare(`SELECT ${[...numberColumns, ...keyColumns, ...textColumns].map(storedColumn).join(', ')} FROM event_rows`);
    try {
      let row = 0;
      while (statement.step()) {
        if (row === length) return null;
        const values = statement.get();
        let at = 0;
        for (let number = 0; number < numbers.length; number++) {
          const value = values[at++];
          if (value === null && number !== 0) numbers[number]![row] = NaN;
          else if (typeof value === 'number') numbers[number]![row] = coded[number] ? moneyOfCode(value)! : value;
          else return null;
        }
        for (let k = 0; k < keys.length; k++) {
          const column = keys[k]!;
          const read = values[at++];
          const decode = keyOfStored[k];
          const value = read === null || !decode ? read : decode(read as number);
          if (value === undefined) return null;
          if (value === null) column[row] = noKey;
          else if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff) column[row] = value;
          else return null;
        }
        for (let text = 0; text < textColumns.length; text++) {
          const value = values[at++];
          const dictionary = dictionaries[text]!;
          if (value === null) codes[text]![row] = 0;
          else {
            const key = value as number;
            let code = codeOfKey[text]![key]!;
            if (!(code >= 0)) {
              const label = textOfKey[text]!.text(key);
              if (label === undefined) return null;
              code = codeOfKey[text]![key] = label === null ? 0 : dictionary.code(label);
            }
            codes[text]![row] = code;
          }
        }
        row++;
      }
      if (row !== length) return null;
    } finally {
      statement.free();
    }
    inTimeOrder(numbers, [...keys, ...codes], length);
    const byName = <K extends string, V>(names: readonly K[], values: V[]) => Object.fromEntries(names.map((name, i) => [name, values[i]!])) as Record<K, V>;
    return EventIndex.of(
      length,
      byName(numberColumns, numbers),
      byName(keyColumns, keys),
      byName(textColumns, dictionaries.map((dictionary, text) => ({ codes: codes[text]!, values: dictionary.values }))),
    );
  }

  /** An index of these columns, in (ts, rowid) order, each as `build` makes it. */
  static of(
    length: number,
    numbers: Readonly<Record<NumberColumn, Float64Array>>,
    keys: Readonly<Record<KeyColumn, Int32Array>>,
    texts: Readonly<Record<TextColumn, TextColumnData>>,
  ): EventIndex {
    const index = new EventIndex(length, numbers, keys, texts);
    // a column at a time, a millisecond or two each: part of the change, not of the first report after it
    for (const column of numberColumns) index.facts(column);
    for (const column of keyColumns) index.largestKey(column);
    return index;
  }

  /**
   * This index with the estimated costs read again from the table, the one column repricing changes: one
   * column's query instead of every column's. The estimates are written over this index's, which must not be used
   * afterwards (a new column beside it was 8 MB more at a million events, of shared memory, which goes late). Null
   * when the table no longer has this index's rows.
   */
  withEstimates(db: Database): EventIndex | null {
    const times = overwrittenFloat64(this.length);
    // a new view: what was found of the old values does not carry over to these
    const old = this.numbers.cost_estimated_usd;
    const estimates = new Float64Array(old.buffer, old.byteOffset, this.length);
    const statement = db.prepare(`SELECT ts, ${storedColumn('cost_estimated_usd')} FROM event_rows`);
    try {
      let row = 0;
      while (statement.step()) {
        if (row === this.length) return null;
        const [ts, value] = statement.get();
        times[row] = ts as number;
        if (value === null) estimates[row] = NaN;
        else if (typeof value === 'number') estimates[row] = moneyOfCode(value)!;
        else return null;
        row++;
      }
      if (row !== this.length) return null;
    } finally {
      statement.free();
    }
    inTimeOrder([times, estimates], [], this.length);
    if (!times.every((ts, row) => ts === this.numbers.ts[row])) return null;
    return this.sameRows({ ...this.numbers, cost_estimated_usd: estimates }, true);
  }

  /**
   * This index after a change to users, agents or organisations that left the events as they were: the same
   * columns, each row's organisation to be found again (it may come from its user or agent).
   */
  withDimensions(): EventIndex {
    return this.sameRows(this.numbers, false);
  }

  /** These rows with `numbers`: what was found of the columns they keep stays true, and each row's organisation when `keepOrgs`. */
  private sameRows(numbers: Readonly<Record<NumberColumn, Float64Array>>, keepOrgs: boolean): EventIndex {
    const index = new EventIndex(this.length, numbers, this.keys, this.texts);
    for (const [column, facts] of this.factsOf) if (numbers[column] === this.numbers[column]) index.factsOf.set(column, facts);
    for (const [column, largest] of this.largestOf) index.largestOf.set(column, largest);
    // input and output tokens are kept by both changes
    index.tokens = this.tokens;
    if (keepOrgs) index.orgs = this.orgs;
    return index;
  }

  /** Facts about a number column's values, found on first use (the index never changes). */
  facts(column: NumberColumn): ColumnFacts {
    let facts = this.factsOf.get(column);
    if (facts === undefined) {
      const values = this.numbers[column];
      let complete = true;
      let wholeNumbers = true;
      let magnitude = 0;
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        if (value !== value) complete = false;
        else if (wholeNumbers) {
          magnitude += Math.abs(value);
          wholeNumbers = Number.isInteger(value);
        }
      }
      facts = { complete, wholeNumbers: wholeNumbers && magnitude < 2 ** 52 };
      this.factsOf.set(column, facts);
    }
    return facts;
  }

  /** knownTokens of every row (input + output of the counts it has, NaN when it has neither), found on first use. */
  knownTokens(): Float64Array {
    if (this.tokens !== undefined) return this.tokens;
    const { input_tokens: input, output_tokens: output } = this.numbers;
    const tokens = new Float64Array(this.length);
    for (let i = 0; i < tokens.length; i++) {
      const a = input[i]!;
      const b = output[i]!;
      tokens[i] = a !== a && b !== b ? NaN : (a === a ? a : 0) + (b === b ? b : 0);
    }
    return (this.tokens = tokens);
  }

  /** The largest key in a key column; -1 when it has none. */
  largestKey(column: KeyColumn): number {
    let largest = this.largestOf.get(column);
    if (largest === undefined) {
      const keys = this.keys[column];
      largest = noKey;
      for (let i = 0; i < keys.length; i++) if (keys[i]! > largest) largest = keys[i]!;
      this.largestOf.set(column, largest);
    }
    return largest;
  }

  /** The rows' count, first and last time in a range (every row's without one). */
  span(range?: { start: number; end: number }): EventSpan {
    const from = range ? this.firstAtOrAfter(range.start) : 0;
    const to = range ? this.firstAtOrAfter(range.end) : this.length;
    const ts = this.numbers.ts;
    return { count: to - from, first: to > from ? ts[from]! : null, last: to > from ? ts[to - 1]! : null };
  }

  /** The pass `eachEvent` makes, over this index; filters and search are resolved to key sets in `db`. */
  pass(db: Database): EventPass {
    return (scope, columns, onRow) => this.eachRow(db, scope, columns, onRow);
  }

  private eachRow(db: Database, scope: PassScope, columns: readonly EventColumn[], onRow: (row: readonly SqlValue[]) => void): void {
    // each kind of column read in a loop of its own (one closure per column would make every read a megamorphic call)
    const numbers: Float64Array[] = [];
    const numberSlots: number[] = [];
    const keys: Int32Array[] = [];
    const keySlots: number[] = [];
    const texts: TextColumnData[] = [];
    const textSlots: number[] = [];
    columns.forEach((column, slot) => {
      if (isNumberColumn(column)) {
        numbers.push(this.numbers[column]);
        numberSlots.push(slot);
      } else if (isKeyColumn(column)) {
        keys.push(this.keys[column]);
        keySlots.push(slot);
      } else {
        texts.push(this.texts[column]);
        textSlots.push(slot);
      }
    });
    const row = new Array<SqlValue>(columns.length).fill(null);
    const { count, contiguousFrom, selected } = this.select(db, scope);
    for (let s = 0; s < count; s++) {
      const i = contiguousFrom === null ? selected![s]! : contiguousFrom + s;
      for (let n = 0; n < numbers.length; n++) {
        const value = numbers[n]![i]!;
        row[numberSlots[n]!] = Number.isNaN(value) ? null : value;
      }
      for (let k = 0; k < keys.length; k++) {
        const value = keys[k]![i]!;
        row[keySlots[k]!] = value === noKey ? null : value;
      }
      for (let t = 0; t < texts.length; t++) row[textSlots[t]!] = texts[t]!.values[texts[t]!.codes[i]!]!;
      onRow(row);
    }
  }

  /** The rows a scope selects, in time order. */
  select(db: Database, scope: PassScope): Selection {
    const from = this.firstAtOrAfter(scope.range.start);
    const to = this.firstAtOrAfter(scope.range.end);
    const [first, ...rest] = keyConditions(scope.filters, scope.search).map((condition) => this.membership(db, condition));
    if (first === undefined) return runOfRows(from, to - from);
    const selected = overwrittenInt32(to - from);
    let count = 0;
    // one small loop per condition: the first over the time range, each next one over the rows kept so far
    const { values, member } = first;
    for (let i = from; i < to; i++) if (member[values[i]! + 1] === 1) selected[count++] = i;
    for (const { values, member } of rest) {
      let kept = 0;
      for (let s = 0; s < count; s++) {
        const row = selected[s]!;
        if (member[values[row]! + 1] === 1) selected[kept++] = row;
      }
      count = kept;
    }
    // every row of the range kept (a filter that leaves none out) is a run too
    if (count > 0 && selected[count - 1]! - selected[0]! === count - 1) return runOfRows(selected[0]!, count);
    return count > 0 ? { count, contiguousFrom: null, selected: selected.subarray(0, count) } : emptySelection;
  }

  /**
   * Each row's organisation: its own, else its user's, else its agent's; -1 for none. Found once: the users'
   * and agents' organisations change only with a mutation, and every mutation replaces the index.
   */
  effectiveOrgs(db: Database): Int32Array {
    if (this.orgs !== undefined) return this.orgs;
    const organisationOf = organisationResolver(runnerFor(db));
    const key = (value: number) => (value === noKey ? null : value);
    const { user_key: users, agent_key: agents, org_key: own } = this.keys;
    const orgs = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) orgs[i] = organisationOf(key(own[i]!), key(users[i]!), key(agents[i]!)) ?? noKey;
    return (this.orgs = orgs);
  }

  /** Rows before this one are earlier than `ts`. */
  private firstAtOrAfter(ts: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.numbers.ts[middle]! < ts) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * The rows' keys a condition reads (for `org`, each row's organisation) and which of them it selects: key k
   * when `member[k + 1]` is 1 (-1, none, never).
   */
  private membership(db: Database, condition: KeyCondition): { values: Int32Array; member: Uint8Array } {
    const selected: number[] = [];
    for (const [value] of db.exec(`${condition.with}${condition.keys}`, condition.params)[0]?.values ?? []) {
      if (typeof value === 'number') selected.push(value);
    }
    const values = condition.column === 'org' ? this.effectiveOrgs(db) : this.keys[condition.column];
    // every organisation a row can have is a row of `orgs`
    const largest = condition.column === 'org' ? Number(db.exec('SELECT COALESCE(MAX(org_key), -1) FROM orgs')[0]!.values[0]![0]) : this.largestKey(condition.column);
    const member = new Uint8Array(largest + 2);
    for (const key of selected) if (key <= largest) member[key + 1] = 1;
    return { values, member };
  }
}
