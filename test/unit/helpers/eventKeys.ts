/**
 * Event keys as event_rows stores them, worked out here rather than by the code under test: 64-bit FNV-1a of the
 * key's UTF-8 bytes (BigInt arithmetic, as the FNV definition states it) as a signed integer, and Claude Code's keys
 * as their text. sql.js reads a 64-bit integer as a rounded double, so tests read keys through `exactKeySql`.
 */
import type { Database } from 'sql.js';

/** 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the UTF-8 bytes, signed. */
export function fnv1a64Reference(key: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return BigInt.asIntN(64, hash);
}

/** A key as the table holds it, as `exactKeySql` reads it: the hash's decimal text, or a Claude Code key's text. */
export const storedKeyText = (key: string): string => (key.startsWith('claude-code:') ? key : fnv1a64Reference(key).toString());

/** SQL reading `column` (a stored event key) without rounding. */
export const exactKeySql = (column = 'event_key'): string => `CASE WHEN typeof(${column}) = 'integer' THEN printf('%d', ${column}) ELSE ${column} END`;

/** SQL for the stored key of `key`, to find its row: `WHERE event_key = ${keyLiteral('id:a')}`. */
export const keyLiteral = (key: string): string => (key.startsWith('claude-code:') ? `'${key.replaceAll("'", "''")}'` : fnv1a64Reference(key).toString());

/**
 * The natural keys of the stored keys `sql` selects (its first column), among `candidates`; a stored key that is
 * none of theirs stays as read, so a test sees it.
 */
export function naturalKeys(db: Database, sql: string, candidates: readonly string[]): string[] {
  const byStored = new Map(candidates.map((key) => [storedKeyText(key), key]));
  return (db.exec(sql)[0]?.values ?? []).map(([value]) => {
    const stored = String(value);
    return byStored.get(stored) ?? stored;
  });
}
