/**
 * Splits a fetch window into requests the Admin APIs accept: each asks for at most `maxBuckets`
 * buckets (usage: 31 daily, 168 hourly, 1440 per minute; costs: 180 daily). Times are Unix seconds,
 * start inclusive and end exclusive, so adjacent windows share no bucket and miss none.
 */
export type BucketWidth = '1m' | '1h' | '1d';

export const bucketSeconds: Record<BucketWidth, number> = { '1m': 60, '1h': 3600, '1d': 86_400 };

export interface TimeWindow {
  start: number;
  end: number;
  /** buckets in the window, sent as `limit` so one page holds every bucket */
  buckets: number;
}

/**
 * The window's edges must fall on bucket boundaries (UTC). The API accepts any start and then returns
 * a partial first bucket starting there; its key would differ from the full bucket's on a later
 * fetch, and the two would be counted twice.
 */
export function splitWindow(start: number, end: number, width: BucketWidth, maxBuckets: number): TimeWindow[] {
  const size = bucketSeconds[width];
  for (const [name, value] of [['start', start], ['end', end]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`window ${name} ${value} is not a Unix time in seconds`);
    if (value % size !== 0) throw new RangeError(`window ${name} ${value} is not on a ${width} bucket boundary (UTC)`);
  }
  if (end <= start) throw new RangeError(`window end ${end} is not after its start ${start}`);
  const windows: TimeWindow[] = [];
  for (let from = start; from < end; from += maxBuckets * size) {
    const to = Math.min(end, from + maxBuckets * size);
    windows.push({ start: from, end: to, buckets: (to - from) / size });
  }
  return windows;
}
