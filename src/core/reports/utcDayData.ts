/**
 * "UTC-day data": rows that are daily totals bucketed by UTC day (the providers' APIs and exports) keep
 * their UTC day in a report of another zone — each shows on the local day its UTC midnight falls on,
 * never re-split — and the report says so.
 */
import type { SqlRunner } from '../sql';
import type { Scope } from './query';

const dayMs = 86_400_000;

/** Exports of aggregate rows aligned to UTC buckets; only a source whose selected rows all start at a UTC midnight is daily. */
const utcBucketFormats = ['anthropic-usage', 'anthropic-cost', 'openai-usage', 'openai-cost', 'copilot-billing', 'copilot-metrics'];
const utcBucketSql = `(e.source IN (${utcBucketFormats.map((id) => `'${id}'`).join(', ')}) OR e.source LIKE 'litellm-%'
  OR e.source_key IN (SELECT source_key FROM sources WHERE kind = 'fetch'))`;

/** zones that are UTC all year */
const utcZones = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'Etc/GMT', 'GMT', 'Universal', 'Zulu', 'UCT']);

/** The note for a report in `timeZone` over `scope`, or null (zone UTC, or no daily UTC rows selected). */
export function utcDayDataNote(db: SqlRunner, scope: Scope, timeZone: string): string | null {
  if (utcZones.has(timeZone)) return null;
  const sources = db.all(
    `${scope.with}SELECT COALESCE((SELECT label FROM sources s WHERE s.source_key = e.source_key), e.source), MIN(e.ts % ${dayMs} = 0)
     FROM events e WHERE ${scope.where} AND ${utcBucketSql} GROUP BY e.source_key, e.source`,
    scope.params,
  );
  const daily = [...new Set(sources.filter(([, allMidnights]) => Number(allMidnights) === 1).map(([label]) => String(label)))].sort();
  if (daily.length === 0) return null;
  return (
    `UTC-day data: ${daily.join(', ')} ${daily.length === 1 ? 'gives' : 'give'} daily totals by UTC day; ` +
    `in ${timeZone} each shows on the day its UTC midnight falls on (not re-split).`
  );
}
