/**
 * Writes canonical events into event_rows within the caller's transaction: dimensions and repeated texts resolved
 * to their keys, the estimate priced, each row attributed to its source. A plain event is inserted once
 * (a repeated key is a duplicate); an aggregate row keyed by its bucket replaces an older export's figures.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import type { EventRecord } from '../core/ingest/normalise';
import { moneyCode } from '../core/moneyCodes';
import { storedEventColumns, storedStatus } from '../core/schema';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { DimensionResolver } from './dimensions';
import { LabelKeys } from './labels';
import { CombinationKeys, type StoredParts } from './combinations';
import { SessionKeys } from './sessionKeys';
import { storedEventKey, type StoredEventKey } from '../core/storedEventKey';
import { StoredEventKeys, storedKeyParametersSql } from './storedEventKeys';

/** The parameters: the rowid, the key's three (storedKeyParameters), then every other column in order. */
const insertEventSql = `INSERT INTO event_rows (rowid, ${storedEventColumns.join(', ')}) VALUES (?, ${storedEventColumns
  .map((column) => (column === 'event_key' ? storedKeyParametersSql : '?'))
  .join(', ')})`;
/** the rowid, the key's three, and each other column */
const insertParameters = 1 + 3 + storedEventColumns.length - 1;
const updatedColumns = storedEventColumns.filter((column) => column !== 'event_key');
/** the parameter number of a column other than the key in the insert's parameters (the key, first, takes three) */
const parameterOf = (columnIndex: number) => columnIndex + 4;
/** what makes a row different: not where it came from */
const comparedColumns = new Set(updatedColumns.filter((column) => column !== 'origin'));
/**
 * An aggregate row keyed by its bucket: a newer export's figures replace the older ones (and the row then
 * belongs to the newer export's source); a row with the same figures stays as it is. ?1 is the rowid, then the
 * columns in order.
 */
const updateEventSql =
  `UPDATE event_rows SET ${storedEventColumns.map((column, i) => (column === 'event_key' ? null : `${column} = ?${parameterOf(i)}`)).filter(Boolean).join(', ')} ` +
  `WHERE rowid = ?1 AND (${storedEventColumns.map((column, i) => (comparedColumns.has(column) ? `${column} IS NOT ?${parameterOf(i)}` : null)).filter(Boolean).join(' OR ')})`;

export type WriteOutcome = 'imported' | 'updated' | 'duplicate';

export type EventKeys = ReturnType<DimensionResolver['event']>;

/** Hears what a writer does to the table: the store's columnar index takes in the new rows (appendedRows.ts). */
export interface WriteObserver {
  /** a new row, with the keys and the estimate written for it */
  inserted(record: EventRecord, keys: EventKeys, source: string, sourceKey: number | null, estimate: number | null): void;
  /** a row that was there changed or went */
  changedExisting(): void;
  /** about how many rows are coming */
  expect?(rows: number): void;
}

/** Where readers put events: the database (EventWriter), or a thread that hands them to it. */
export interface EventSink {
  /** `source` is the format the row was read as (the events' `source` column). */
  write(record: EventRecord, source: string, replaceable: boolean): WriteOutcome;
  /** Removes an event a better copy supersedes (Claude Code's copies of one message). */
  delete(eventKey: string): void;
}

export class EventWriter implements EventSink {
  readonly dimensions: DimensionResolver;
  private readonly labels: LabelKeys;
  private readonly labelSets: CombinationKeys;
  private readonly origins: CombinationKeys;
  private readonly sessions: SessionKeys;
  private readonly keys: StoredEventKeys;
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly remove: Statement;
  /**
   * What each row's write fills in and hands over: an array and two objects a row were most of what an import's
   * store thread left to the old generation's collector (sql.js binds the values at once and keeps none of them).
   */
  private readonly values: SqlValue[] = new Array<SqlValue>(insertParameters).fill(null);
  private readonly labelParts: StoredParts = { provider: null, project: null, status: null, error_type: null };
  private readonly originParts: StoredParts;

  constructor(
    private readonly db: Database,
    /** the `sources` row the events belong to (null: not tracked) */
    private readonly sourceKey: number | null,
    private readonly estimateCost: RowCostEstimate = tableCostEstimate,
    private readonly observer?: WriteObserver,
  ) {
    this.dimensions = new DimensionResolver(db);
    this.labels = new LabelKeys(db);
    this.labelSets = new CombinationKeys(db, 'label_set');
    this.origins = new CombinationKeys(db, 'origin');
    this.originParts = { source: null, source_key: sourceKey };
    this.sessions = new SessionKeys(db);
    this.keys = new StoredEventKeys(db);
    this.insert = db.prepare(insertEventSql);
    this.update = db.prepare(updateEventSql);
    this.remove = db.prepare('DELETE FROM event_rows WHERE rowid = ?');
  }

  /** Whether the table holds an event of this key. */
  has(eventKey: string): boolean {
    return this.keys.rowOf(storedEventKey(eventKey)) !== null;
  }

  write(record: EventRecord, source: string, replaceable: boolean): WriteOutcome {
    // a duplicate's user, agent and organisation are seen too, as before the event is looked up
    const keys = this.dimensions.event(record);
    const key: StoredEventKey = storedEventKey(record.eventKey);
    const existing = this.keys.rowOf(key);
    if (existing !== null && !replaceable) return 'duplicate';
    const estimate = this.estimateCost(record);
    const labels = this.labels;
    const labelParts = this.labelParts;
    labelParts.provider = labels.key(record.provider);
    labelParts.project = labels.key(record.project);
    labelParts.status = storedStatus(record.status);
    labelParts.error_type = labels.key(record.errorType);
    const labelSet = this.labelSets.key(labelParts);
    this.originParts.source = labels.key(source);
    const origin = this.origins.key(this.originParts);
    const row = existing ?? this.keys.nextRow;
    // the parameters in their order (see insertEventSql), in one array written again for every row
    const values = this.values;
    values[0] = row; values[1] = key.text; values[2] = key.high; values[3] = key.low; values[4] = origin; values[5] = record.ts;
    values[6] = keys.orgKey; values[7] = keys.userKey; values[8] = keys.agentKey; values[9] = keys.modelKey; values[10] = this.sessions.key(record.sessionId); values[11] = labelSet;
    values[12] = record.requests; values[13] = record.inputTokens; values[14] = record.outputTokens; values[15] = record.cacheReadTokens; values[16] = record.cacheWriteTokens;
    values[17] = record.reasoningTokens; values[18] = moneyCode(record.credits); values[19] = moneyCode(record.costReportedUsd); values[20] = record.latencyMs;
    values[21] = record.cacheWrite5mTokens; values[22] = record.cacheWrite1hTokens; values[23] = moneyCode(estimate);
    if (existing === null) {
      this.insert.run(values);
      this.keys.added(key, row);
      this.observer?.inserted(record, keys, source, this.sourceKey, estimate);
      return 'imported';
    }
    this.update.run(values);
    if (this.db.getRowsModified() === 0) return 'duplicate';
    this.observer?.changedExisting();
    return 'updated';
  }

  delete(eventKey: string): void {
    const row = this.keys.rowOf(storedEventKey(eventKey));
    if (row === null) return;
    this.remove.run([row]);
    this.observer?.changedExisting();
  }

  free(): void {
    this.insert.free();
    this.update.free();
    this.remove.free();
    this.keys.free();
    this.dimensions.free();
    this.labels.free();
    this.labelSets.free();
    this.origins.free();
    this.sessions.free();
  }
}
