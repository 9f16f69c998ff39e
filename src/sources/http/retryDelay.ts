/** How long to wait before retrying a request the provider asked us to slow down on. */

/**
 * The wait a `retry-after` header asks for, in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when the header is missing or unreadable, so the caller falls back to backoff.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with "equal jitter": half of the capped exponential step is fixed, the other half
 * random, so retries from several clients spread out but never collapse to zero.
 * `retry` is 0 for the first retry.
 */
export function backoffMs(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const step = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}
