/** The `sources` table: which source each event came from, so that sources can be listed and removed. */
import type { Database } from 'sql.js';
import { fromSourceSql } from './combinations';
import type { FetchedWindows, SourceInfo, SourceKind } from '../shared/sources';
import { inTransaction } from './transaction';

export interface SourceRow {
  id: string;
  kind: Exclude<SourceKind, 'untracked'>;
  label: string;
  location: readonly string[];
}

/** The source's key, creating or updating its row; `refreshedAt` marks this import or scan. */
export function ensureSource(db: Database, source: SourceRow, refreshedAt: number): number {
  db.run(
    `INSERT INTO sources (source_id, kind, label, location, last_refresh_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(source_id) DO UPDATE SET kind = excluded.kind, label = excluded.label, location = excluded.location, last_refresh_at = excluded.last_refresh_at`,
    [source.id, source.kind, source.label, JSON.stringify(source.location), refreshedAt],
  );
  return db.exec('SELECT source_key FROM sources WHERE source_id = ?', [source.id])[0]!.values[0]![0] as number;
}

export function setSourceLabel(db: Database, sourceKey: number, label: string): void {
  db.run('UPDATE sources SET label = ? WHERE source_key = ?', [label, sourceKey]);
}

export const untrackedSource = 'untracked';

/** `meta` keeps what each fetch source fetched (a key-value row, so the schema stays as it is). */
const fetchedKey = (sourceId: string) => `fetched:${sourceId}`;

export function recordFetchedWindow(db: Database, sourceId: string, window: { from: number; to: number }): void {
  const through = Math.max(window.to, fetchedWindows(db, sourceId)?.through ?? window.to);
  const value: FetchedWindows = { last: { from: window.from, to: window.to }, through };
  db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', [fetchedKey(sourceId), JSON.stringify(value)]);
}

function fetchedWindows(db: Database, sourceId: string): FetchedWindows | undefined {
  const value = db.exec('SELECT value FROM meta WHERE key = ?', [fetchedKey(sourceId)])[0]?.values[0]?.[0];
  return typeof value === 'string' ? (JSON.parse(value) as FetchedWindows) : undefined;
}

/** Every source with its rows and time range; rows imported before sources were kept are one "untracked" source. */
export function listSources(db: Database): SourceInfo[] {
  const counts = new Map<number | null, { rows: number; first: number | null; last: number | null }>();
  // by origin first (a few rows), then by source
  const bySource = `SELECT source_key, SUM(n), MIN(first), MAX(last) FROM (SELECT origin, COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last FROM event_rows GROUP BY origin)
    JOIN origins USING (origin) GROUP BY source_key`;
  for (const [key, rows, first, last] of db.exec(bySource)[0]?.values ?? []) {
    counts.set(key as number | null, { rows: rows as number, first: first as number | null, last: last as number | null });
  }
  const sources: SourceInfo[] = [];
  for (const [key, id, kind, label, location, refreshed] of db.exec('SELECT source_key, source_id, kind, label, location, last_refresh_at FROM sources ORDER BY source_key')[0]?.values ?? []) {
    const count = counts.get(key as number);
    sources.push({
      id: id as string, kind: kind as SourceKind, label: label as string, location: JSON.parse(location as string) as string[],
      rows: count?.rows ?? 0, firstEventAt: count?.first ?? null, lastEventAt: count?.last ?? null, lastRefreshAt: refreshed as number | null,
      ...(kind === 'fetch' ? { fetched: fetchedWindows(db, id as string) } : {}),
    });
  }
  const untracked = counts.get(null);
  if (untracked) {
    sources.push({
      id: untrackedSource, kind: 'untracked', label: 'Imported before sources were kept', location: [], rows: untracked.rows,
      firstEventAt: untracked.first, lastEventAt: untracked.last, lastRefreshAt: null,
    });
  }
  return sources;
}

/** Deletes the sessions no event names any more (a removed source's), so that they take no room in a snapshot. */
function forgetSessionsOfNoEvent(db: Database): void {
  db.run('DELETE FROM sessions WHERE session_key NOT IN (SELECT session_key FROM event_rows WHERE session_key IS NOT NULL)');
}

/** Removes a source's events and its scan state (the rest stays); returns the events removed, or null for an unknown id. */
export function removeSource(db: Database, id: string): Promise<number | null> {
  return inTransaction(db, () => {
    if (id === untrackedSource) {
      db.run(`DELETE FROM event_rows WHERE ${fromSourceSql('IS NULL')}`);
      const removed = db.getRowsModified();
      forgetSessionsOfNoEvent(db);
      db.run('DELETE FROM origins WHERE source_key IS NULL');
      return removed;
    }
    const key = db.exec('SELECT source_key FROM sources WHERE source_id = ?', [id])[0]?.values[0]?.[0] as number | undefined;
    if (key === undefined) return null;
    db.run(`DELETE FROM event_rows WHERE ${fromSourceSql('= ?')}`, [key]);
    const removed = db.getRowsModified();
    forgetSessionsOfNoEvent(db);
    db.run('DELETE FROM origins WHERE source_key = ?', [key]);
    db.run('DELETE FROM scanned_files WHERE source_key = ?', [key]);
    db.run('DELETE FROM sources WHERE source_key = ?', [key]);
    db.run('DELETE FROM meta WHERE key = ?', [fetchedKey(id)]);
    return removed;
  });
}
