/**
 * "UTC-day data": rows that are daily totals bucketed by UTC day (the providers' APIs and exports) keep
 * their UTC day in a report of another zone — each shows on the local day its UTC midnight falls on,
 * never re-split — and the report says so.
 */
import { sourceFormats } from '../ingest/formats';
import type { SqlRunner } from '../sql';
import type { Scope } from './query';

const dayMs = 86_400_000;

/** Exports of aggregate rows aligned to UTC buckets; only a source whose selected rows all start at a UTC midnight is daily. */
const utcBucketFormats = new Set(['anthropic-usage', 'anthropic-cost', 'openai-usage', 'openai-cost', 'copilot-billing', 'copilot-metrics']);
/** an imported file's source is labelled with the format it was recognised as */
const utcBucketLabels = sourceFormats.filter((format) => utcBucketFormats.has(format.id) || format.id.startsWith('litellm-')).map((format) => format.label);

/** zones that are UTC all year */
const utcZones = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'Etc/GMT', 'GMT', 'Universal', 'Zulu', 'UCT']);

/**
 * The note for a report in `timeZone` over `scope`, or null (zone UTC, or no daily UTC rows selected).
 * Candidate sources come from the small sources table first, so a store without any costs no scan.
 */
export function utcDayDataNote(db: SqlRunner, scope: Scope, timeZone: string): string | null {
  if (utcZones.has(timeZone)) return null;
  const candidates = db
    .all(`SELECT source_key FROM sources WHERE kind = 'fetch' OR label IN (${utcBucketLabels.map(() => '?').join(', ')})`, utcBucketLabels)
    .map(([key]) => Number(key));
  if (candidates.length === 0) return null;
  const sources = db.all(
    `${scope.with}SELECT (SELECT label FROM sources s WHERE s.source_key = e.source_key), MIN(e.ts % ${dayMs} = 0)
     FROM events e WHERE ${scope.where} AND e.source_key IN (${candidates.map(() => '?').join(', ')}) GROUP BY e.source_key`,
    [...scope.params, ...candidates],
  );
  const daily = [...new Set(sources.filter(([, allMidnights]) => Number(allMidnights) === 1).map(([label]) => String(label)))].sort();
  if (daily.length === 0) return null;
  return (
    `UTC-day data: ${daily.join(', ')} ${daily.length === 1 ? 'gives' : 'give'} daily totals by UTC day; ` +
    `in ${timeZone} each shows on the day its UTC midnight falls on (not re-split).`
  );
}
