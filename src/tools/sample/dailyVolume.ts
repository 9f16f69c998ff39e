/** How many events fall on each day of the window. */

import type { ResolvedOptions } from './options';
import { Rng, streamSeed } from './random';
import { DAY_MS } from './time';

/**
 * Event count per day: adoption growth over the window, quiet weekends, busy
 * Mondays and day-to-day noise. The counts sum to exactly `r.events`
 * (largest-remainder rounding).
 */
export function eventsPerDay(r: ResolvedOptions): Int32Array {
  const days = r.days;
  const rng = new Rng(streamSeed(r.seed, 3));
  const weights: number[] = [];
  let wsum = 0;
  for (let d = 0; d < days; d++) {
    const dow = new Date(r.startMs + d * DAY_MS).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const trend = days > 1 ? 0.55 + 0.45 * (d / (days - 1)) : 1;
    const w = trend * (weekend ? 0.3 : dow === 1 ? 1.08 : 1) * rng.logNormal(1, 0.18);
    weights.push(w);
    wsum += w;
  }
  const counts = new Int32Array(days);
  const frac: number[] = [];
  let assigned = 0;
  for (let d = 0; d < days; d++) {
    const exact = (r.events * weights[d]!) / wsum;
    const c = Math.floor(exact);
    counts[d] = c;
    assigned += c;
    frac.push(exact - c);
  }
  const order = frac.map((_, d) => d).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let k = 0; k < r.events - assigned; k++) {
    const d = order[k % days]!;
    counts[d] = counts[d]! + 1;
  }
  return counts;
}
