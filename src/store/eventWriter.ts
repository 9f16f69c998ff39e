/**
 * Writes canonical events into event_rows within the caller's transaction: dimensions and repeated texts resolved
 * to their keys, the estimate priced, each row attributed to its source. A plain event is inserted once
 * (a repeated key is a duplicate); an aggregate row keyed by its bucket replaces an older export's figures.
 */
import type { Database, Statement } from 'sql.js';
import type { EventRecord } from '../core/ingest/normalise';
import { storedEventColumns } from '../core/schema';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { DimensionResolver } from './dimensions';
import { LabelKeys } from './labels';

const placeholders = storedEventColumns.map(() => '?').join(', ');
const insertEventSql = `INSERT OR IGNORE INTO event_rows (${storedEventColumns.join(', ')}) VALUES (${placeholders})`;
const updatedColumns = storedEventColumns.filter((column) => column !== 'event_key');
/** what makes a row different: not where it came from */
const comparedColumns = updatedColumns.filter((column) => column !== 'source_label' && column !== 'source_key');
/**
 * An aggregate row keyed by its bucket: a newer export's figures replace the older ones (and the row then
 * belongs to the newer export's source); a row with the same figures stays as it is.
 */
const upsertEventSql =
  `INSERT INTO event_rows (${storedEventColumns.join(', ')}) VALUES (${placeholders}) ` +
  `ON CONFLICT(event_key) DO UPDATE SET ${updatedColumns.map((column) => `${column} = excluded.${column}`).join(', ')} ` +
  `WHERE ${comparedColumns.map((column) => `${column} IS NOT excluded.${column}`).join(' OR ')}`;

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
  private readonly insert: Statement;
  private readonly upsert: Statement;
  private readonly existing: Statement;
  private readonly remove: Statement;

  constructor(
    private readonly db: Database,
    /** the `sources` row the events belong to (null: not tracked) */
    private readonly sourceKey: number | null,
    private readonly estimateCost: RowCostEstimate = tableCostEstimate,
    private readonly observer?: WriteObserver,
  ) {
    this.dimensions = new DimensionResolver(db);
    this.labels = new LabelKeys(db);
    this.insert = db.prepare(insertEventSql);
    this.upsert = db.prepare(upsertEventSql);
    this.existing = db.prepare('SELECT 1 FROM event_rows WHERE event_key = ?');
    this.remove = db.prepare('DELETE FROM event_rows WHERE event_key = ?');
  }

  write(record: EventRecord, source: string, replaceable: boolean): WriteOutcome {
    const keys = this.dimensions.event(record);
    const estimate = this.estimateCost(record);
    const labels = this.labels;
    const values = [
      record.eventKey, labels.key(source), record.ts, keys.orgKey, keys.userKey, keys.agentKey, keys.modelKey, record.sessionId,
      labels.key(record.provider), labels.key(record.project), record.requests, record.inputTokens, record.outputTokens, record.cacheReadTokens,
      record.cacheWriteTokens, record.reasoningTokens, record.credits, record.costReportedUsd, record.latencyMs, record.status,
      labels.key(record.errorType), record.cacheWrite5mTokens, record.cacheWrite1hTokens, estimate, this.sourceKey,
    ];
    let outcome: WriteOutcome;
    if (!replaceable) {
      this.insert.run(values);
      outcome = this.db.getRowsModified() === 0 ? 'duplicate' : 'imported';
    } else {
      this.existing.bind([record.eventKey]);
      const replaces = this.existing.step();
      this.existing.reset();
      this.upsert.run(values);
      outcome = this.db.getRowsModified() === 0 ? 'duplicate' : replaces ? 'updated' : 'imported';
    }
    if (outcome === 'imported') this.observer?.inserted(record, keys, source, this.sourceKey, estimate);
    else if (outcome === 'updated') this.observer?.changedExisting();
    return outcome;
  }

  delete(eventKey: string): void {
    this.remove.run([eventKey]);
    if (this.db.getRowsModified() > 0) this.observer?.changedExisting();
  }

  free(): void {
    this.insert.free();
    this.upsert.free();
    this.existing.free();
    this.remove.free();
    this.dimensions.free();
    this.labels.free();
  }
}
