/** The shipped sample (media/sample): its files in import order and the shift that moves its last day to today. */
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import type { RecordKind } from './ingest/mapping';

/** Last day with data in media/sample/events.csv (UTC). */
export const sampleLastDay = '2026-11-15';

export const sampleFiles: readonly { name: string; kind: RecordKind }[] = [
  { name: 'orgs.csv', kind: 'orgs' },
  { name: 'users.csv', kind: 'users' },
  { name: 'agents.csv', kind: 'agents' },
  { name: 'events.csv', kind: 'events' },
];

export function samplePaths(sampleDir: string): { path: string; kind: RecordKind }[] {
  return sampleFiles.map((file) => ({ path: join(sampleDir, file.name), kind: file.kind }));
}

/** Whole days from the sample's last day to today in `timeZone`, in ms (keeps weekday and time-of-day patterns' spacing). */
export function sampleShiftMs(now: number, timeZone: string): number {
  const today = new TZDate(now, timeZone);
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return todayUtc - Date.parse(`${sampleLastDay}T00:00:00Z`);
}
