/**
 * One line per imported file saying what it was read as:
 * "OpenAI usage export · daily · 31 rows · 2026-10-01..31 · input included cache: converted".
 * Dates are UTC days: recognised exports bucket by UTC day, and the line describes the file, not a report.
 */
import type { Bucket } from './formats/format';

export interface RecognitionFacts {
  kind: 'events' | 'agents' | 'users' | 'orgs';
  recognisedAs: { label: string; bucket: Bucket | 'mixed' | null; notes: readonly string[] } | null;
  rowsRead: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
}

const bucketWords: Record<Bucket | 'mixed', string> = {
  event: 'per request',
  minute: 'per minute',
  hour: 'hourly',
  day: 'daily',
  month: 'monthly',
  session: 'per session',
  mixed: 'mixed buckets',
};

const ownFormatLabels: Record<RecognitionFacts['kind'], string> = {
  events: 'events (our columns)',
  agents: 'agents (our columns)',
  users: 'users (our columns)',
  orgs: 'organisations (our columns)',
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `2026-10-01..31`, `2026-10-28..11-03`, `2025-12-30..2026-01-02` or one day. */
export function dayRange(first: number, last: number): string {
  const [from, to] = [day(first), day(last)];
  if (from === to) return from;
  if (from.slice(0, 7) === to.slice(0, 7)) return `${from}..${to.slice(8)}`;
  if (from.slice(0, 4) === to.slice(0, 4)) return `${from}..${to.slice(5)}`;
  return `${from}..${to}`;
}

export function recognitionLine(facts: RecognitionFacts): string {
  const parts = [facts.recognisedAs?.label ?? ownFormatLabels[facts.kind]];
  const bucket = facts.recognisedAs?.bucket;
  if (bucket) parts.push(bucketWords[bucket]);
  parts.push(`${facts.rowsRead} ${facts.rowsRead === 1 ? 'row' : 'rows'}`);
  if (facts.firstEventAt !== null && facts.lastEventAt !== null) parts.push(`${dayRange(facts.firstEventAt, facts.lastEventAt)} (UTC)`);
  parts.push(...(facts.recognisedAs?.notes ?? []));
  return parts.join(' · ');
}
