/**
 * Events fetched from a provider API for a window, stored in one transaction: the source's earlier rows in
 * that window are replaced (a provider revises late data), rows outside it stay, so re-fetching an
 * overlapping window never double counts.
 */
import type { Database } from 'sql.js';
import { fromSourceSql } from './combinations';
import type { EventRecord } from '../core/ingest/normalise';
import { tableCostEstimate, type RowCostEstimate } from './costEstimates';
import { EventWriter } from './eventWriter';
import { ensureSource, recordFetchedWindow } from './sources';
import { inTransaction } from './transaction';

export interface FetchedBatch {
  /** `fetch:<source>` */
  sourceId: string;
  label: string;
  /** the API's base URL */
  location: string;
  /** the events' `source` column */
  format: string;
  /** half-open [from, to), epoch ms */
  window: { from: number; to: number };
  events: EventRecord[];
  now?: number;
}

export interface FetchedSummary {
  sourceId: string;
  /** rows of this source in the window before the fetch, now replaced */
  replaced: number;
  imported: number;
  duplicates: number;
}

export function storeFetched(db: Database, batch: FetchedBatch, estimateCost: RowCostEstimate = tableCostEstimate): Promise<FetchedSummary> {
  return inTransaction(db, () => {
    const summary: FetchedSummary = { sourceId: batch.sourceId, replaced: 0, imported: 0, duplicates: 0 };
    const sourceKey = ensureSource(db, { id: batch.sourceId, kind: 'fetch', label: batch.label, location: [batch.location] }, batch.now ?? Date.now());
    db.run(`DELETE FROM event_rows WHERE ${fromSourceSql('= ?')} AND ts >= ? AND ts < ?`, [sourceKey, batch.window.from, batch.window.to]);
    summary.replaced = db.getRowsModified();
    recordFetchedWindow(db, batch.sourceId, batch.window);
    const writer = new EventWriter(db, sourceKey, estimateCost);
    try {
      for (const event of batch.events) {
        if (writer.write(event, batch.format, false) === 'duplicate') summary.duplicates++;
        else summary.imported++;
      }
    } finally {
      writer.free();
    }
    return summary;
  });
}
