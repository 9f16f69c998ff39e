/**
 * One line of the Sources list as text (pure): what it was read as, where it lives (shortened; the full
 * paths for the tooltip), rows, the days it covers and its last refresh in the panel's time zone, and
 * what its Refresh does. A figure the source cannot give (no rows yet, never refreshed) stays empty.
 */
import type { SourceInfo } from '../src/protocol';
import { formatCount, formatTimestamp } from './format';

export interface SourceRowView {
  id: string;
  label: string;
  /** the location, shortened to fit the column */
  where: string;
  /** the full location (one path a line), for the tooltip */
  whereTitle: string;
  rows: string;
  /** first – last day of its events, or one day */
  timeRange: string;
  lastRefresh: string;
  canRefresh: boolean;
  refreshTitle: string;
}

export const maxPathChars = 48;

/** A long path as its last segments after "…": `/home/me/.claude/projects/-x/abc.jsonl` → `…/-x/abc.jsonl`. */
export function shortenPath(path: string, max = maxPathChars): string {
  if (path.length <= max) return path;
  const separator = path.includes('/') ? '/' : '\\';
  const segments = path.split(separator).filter((segment) => segment !== '');
  let tail = segments.pop() ?? path;
  while (segments.length > 0 && tail.length + segments[segments.length - 1]!.length + 3 <= max) tail = `${segments.pop()}${separator}${tail}`;
  return `…${separator}${tail}`;
}

function day(ms: number, timeZone: string | undefined): string {
  return formatTimestamp(ms, timeZone).slice(0, 10);
}

/** "2026-10-01 – 2026-11-05" (one day once); empty when the source has no rows. */
export function timeRangeText(first: number | null, last: number | null, timeZone: string | undefined): string {
  if (first === null || last === null) return '';
  const from = day(first, timeZone);
  const to = day(last, timeZone);
  return from === to ? from : `${from} – ${to}`;
}

/** "2026-11-22 09:30" in the panel's zone; empty when unknown. */
export function refreshText(at: number | null, timeZone: string | undefined): string {
  return at === null ? '' : formatTimestamp(at, timeZone).slice(0, 16);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A fetch source's last window as UTC days, both included: "2026-11-01 – 2026-11-30 UTC"; empty for other sources. */
export function fetchedText(source: SourceInfo): string {
  if (!source.fetched) return '';
  const first = isoDay(source.fetched.last.from);
  const last = isoDay(source.fetched.last.to - 86_400_000);
  return `${first === last ? first : `${first} – ${last}`} UTC`;
}

function refreshTitle(source: SourceInfo): string {
  switch (source.kind) {
    case 'local-logs':
      return `Read what is new in ${source.location.join(', ')}`;
    case 'file':
      return `Import ${source.location[0] ?? 'the file'} again`;
    case 'sample':
      return 'Load the sample data again';
    case 'untracked':
      return 'These rows were imported before sources were kept: their files are not known';
    case 'fetch':
      return source.fetched
        ? `Fetch the recent days again (agentUsage.fetch.lateDays) and every day since ${isoDay(source.fetched.through)} (UTC)`
        : 'Fetch the recent days again (agentUsage.fetch.lateDays)';
  }
}

export function sourceRow(source: SourceInfo, timeZone: string | undefined): SourceRowView {
  return {
    id: source.id,
    label: source.label,
    where: source.kind === 'sample' ? 'bundled with the extension' : source.location.map((path) => shortenPath(path)).join(', '),
    whereTitle: source.location.join('\n'),
    rows: formatCount(source.rows),
    timeRange: timeRangeText(source.firstEventAt, source.lastEventAt, timeZone),
    lastRefresh: source.fetched ? `${refreshText(source.lastRefreshAt, timeZone)} (fetched ${fetchedText(source)})` : refreshText(source.lastRefreshAt, timeZone),
    canRefresh: source.kind !== 'untracked',
    refreshTitle: refreshTitle(source),
  };
}
