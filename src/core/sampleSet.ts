/** The shipped sample (media/sample): its files in import order and the shift that moves its last day to today. */
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import type { RecordKind } from './ingest/mapping';

/** Last day with data in media/sample/events.csv (UTC). */
export const sampleLastDay = '2026-11-15';
/** Timestamp of the last event in media/sample/events.csv. */
export const sampleLastEventAt = '2026-11-15T22:06:25.813Z';

export const sampleFiles: readonly { name: string; kind: RecordKind }[] = [
  { name: 'orgs.csv', kind: 'orgs' },
  { name: 'users.csv', kind: 'users' },
  { name: 'agents.csv', kind: 'agents' },
  { name: 'events.csv', kind: 'events' },
];

/** The source its rows belong to in the Sources list. */
export const sampleOrigin = { id: 'sample', kind: 'sample', label: 'Sample data' } as const;

export function samplePaths(sampleDir: string): { path: string; kind: RecordKind; origin: typeof sampleOrigin }[] {
  return sampleFiles.map((file) => ({ path: join(sampleDir, file.name), kind: file.kind, origin: sampleOrigin }));
}

/**
 * The shift (ms) that moves the sample's last day to today in `timeZone`: whole days, which keeps the
 * weekday and time-of-day patterns, unless that would put events after `now` — then just enough less
 * that the last event happens at `now`, so the sample never reaches into the future.
 */
export function sampleShiftMs(now: number, timeZone: string): number {
  const today = new TZDate(now, timeZone);
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const wholeDays = todayUtc - Date.parse(`${sampleLastDay}T00:00:00Z`);
  return Math.min(wholeDays, now - Date.parse(sampleLastEventAt));
}
