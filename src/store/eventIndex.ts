/**
 * A columnar copy of the events the Usage by Agent, User, Model and Sub-Account passes read: time-sorted
 * typed arrays (numbers, with NaN for NULL; dimension keys, with -1 for NULL; text as dictionary codes),
 * built from the table in one query. sql.js hands a row over column by column, which is most of an
 * all-time report's time; scanning arrays is not. The table stays the store of record: the store drops
 * the index on every change and the next pass builds it again from the table.
 *
 * Rows are in (ts, rowid) order, the order in which the scope's time range reads them through `events_ts`,
 * so sums add up in the same order as on the table.
 */
import type { Database } from 'sql.js';
import { keyConditions, type KeyCondition } from '../core/reports/query';
import type { PassScope, SqlValue, TotalsExtra, TotalsPass } from '../core/sql';

const numberColumns = [
  'requests', 'credits', 'cost_reported_usd', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'reasoning_tokens', 'latency_ms', 'cost_estimated_usd',
] as const;
const keyColumns = ['user_key', 'agent_key', 'model_key', 'org_key'] as const;
const textColumns = ['status', 'session_id', 'provider'] as const;

/** Where each number column goes in a totals row (`totalsColumns`). */
const numberSlots = [0, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const totalsWidth = 15;
const noKey = -1;

class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}

export class EventIndex {
  private constructor(
    readonly length: number,
    private readonly ts: Float64Array,
    private readonly numbers: Float64Array[],
    /** user, agent, model, own organisation */
    private readonly keys: Int32Array[],
    private readonly texts: { codes: Int32Array; values: (string | null)[] }[],
  ) {}

  /** The index of the table as it is; null when a value is not what the schema lets in (the reports then read the table). */
  static build(db: Database): EventIndex | null {
    const [[count] = [0]] = db.exec('SELECT COUNT(*) FROM events')[0]?.values ?? [];
    const length = Number(count);
    const ts = new Float64Array(length);
    const numbers = numberColumns.map(() => new Float64Array(length));
    const keys = keyColumns.map(() => new Int32Array(length));
    const dictionaries = textColumns.map(() => new Dictionary());
    const codes = textColumns.map(() => new Int32Array(length));
    const statement = db.prepare(`SELECT ts, ${[...numberColumns, ...keyColumns, ...textColumns].join(', ')} FROM events ORDER BY ts, rowid`);
    try {
      let row = 0;
      while (statement.step()) {
        if (row === length) return null;
        const values = statement.get();
        if (typeof values[0] !== 'number') return null;
        ts[row] = values[0];
        let at = 1;
        for (const column of numbers) {
          const value = values[at++];
          if (value === null) column[row] = NaN;
          else if (typeof value === 'number') column[row] = value;
          else return null;
        }
        for (const column of keys) {
          const value = values[at++];
          if (value === null) column[row] = noKey;
          else if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff) column[row] = value;
          else return null;
        }
        for (let text = 0; text < textColumns.length; text++) {
          const value = values[at++];
          if (value !== null && typeof value !== 'string') return null;
          codes[text]![row] = dictionaries[text]!.code(value);
        }
        row++;
      }
      if (row !== length) return null;
    } finally {
      statement.free();
    }
    return new EventIndex(length, ts, numbers, keys, dictionaries.map((dictionary, text) => ({ codes: codes[text]!, values: dictionary.values })));
  }

  /** The pass `eachTotalsRow` makes, over this index; filters and search are resolved to key sets in `db`. */
  pass(db: Database): TotalsPass {
    return (scope, extra, onRow) => this.eachRow(db, scope, extra, onRow);
  }

  private eachRow(db: Database, scope: PassScope, extra: TotalsExtra, onRow: (row: readonly SqlValue[]) => void): void {
    const from = this.firstAtOrAfter(scope.range.start);
    const to = this.firstAtOrAfter(scope.range.end);
    const tests = keyConditions(scope.filters, scope.search).map((condition) => this.keyTest(db, condition));
    const [users, agents, models, ownOrgs] = this.keys as [Int32Array, Int32Array, Int32Array, Int32Array];
    const [status, sessions, providers] = this.texts as [EventIndex['texts'][0], EventIndex['texts'][0], EventIndex['texts'][0]];
    const numbers = this.numbers;
    const row: SqlValue[] = new Array<SqlValue>(totalsWidth + (extra === null ? 0 : 1));
    const key = (value: number) => (value === noKey ? null : value);
    rows: for (let i = from; i < to; i++) {
      for (const test of tests) if (!test(i)) continue rows;
      for (let n = 0; n < numbers.length; n++) {
        const value = numbers[n]![i]!;
        row[numberSlots[n]!] = Number.isNaN(value) ? null : value;
      }
      row[1] = status.values[status.codes[i]!]!;
      row[2] = sessions.values[sessions.codes[i]!]!;
      row[3] = key(users[i]!);
      row[4] = key(agents[i]!);
      row[5] = key(models[i]!);
      if (extra === 'provider') row[totalsWidth] = providers.values[providers.codes[i]!]!;
      else if (extra === 'org_key') row[totalsWidth] = key(ownOrgs[i]!);
      onRow(row);
    }
  }

  /** Rows before this one are earlier than `ts`. */
  private firstAtOrAfter(ts: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ts[middle]! < ts) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Whether row i passes the condition: its key (for `org`, its effective organisation) is among the keys the condition selects. */
  private keyTest(db: Database, condition: KeyCondition): (row: number) => boolean {
    const selected = new Set<number>();
    for (const [value] of db.exec(`${condition.with}${condition.keys}`, condition.params)[0]?.values ?? []) {
      if (typeof value === 'number') selected.add(value);
    }
    const [users, agents, models, ownOrgs] = this.keys as [Int32Array, Int32Array, Int32Array, Int32Array];
    switch (condition.column) {
      case 'user_key':
        return (row) => selected.has(users[row]!);
      case 'agent_key':
        return (row) => selected.has(agents[row]!);
      case 'model_key':
        return (row) => selected.has(models[row]!);
      case 'org': {
        // an event's organisation: its own, else its user's, else its agent's
        const userOrgs = organisations(db, 'SELECT user_key, org_key FROM users WHERE org_key IS NOT NULL');
        const agentOrgs = organisations(db, 'SELECT agent_key, org_key FROM agents WHERE org_key IS NOT NULL');
        return (row) => {
          const own = ownOrgs[row]!;
          const org = own !== noKey ? own : (userOrgs.get(users[row]!) ?? agentOrgs.get(agents[row]!));
          return org !== undefined && selected.has(org);
        };
      }
    }
  }
}

function organisations(db: Database, sql: string): Map<number, number> {
  const byKey = new Map<number, number>();
  for (const [key, org] of db.exec(sql)[0]?.values ?? []) byKey.set(Number(key), Number(org));
  return byKey;
}
