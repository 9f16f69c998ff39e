/**
 * Plans one UTC day of runs: sessions of consecutive runs by one user with one
 * agent, placed by the user's local working hours, then ordered by time. State
 * lives in typed arrays reused from day to day, so memory stays bounded by the
 * busiest day however many events are generated.
 */

import { HOUR_PROFILE, SESSION_SIZE_WEIGHTS } from './catalog';
import { activeAgentCount, type Population } from './population';
import { cumulativeWeights, pickWeighted, type Rng } from './random';
import { DAY_MS, HOUR_MS } from './time';

const HOUR_CUM = cumulativeWeights(HOUR_PROFILE);
const HOUR_TOTAL = HOUR_CUM[23]!;
const SIZE_CUM = cumulativeWeights(SESSION_SIZE_WEIGHTS);
const SIZE_TOTAL = SIZE_CUM[SIZE_CUM.length - 1]!;
/** Most runs per session; SESSION_SIZE_WEIGHTS covers sizes 1..8. */
const MAX_SESSION_SIZE = 8;
/** Sort key = msOfDay * KEY + run index; exact in a double while the day has fewer than KEY runs. */
const KEY = 67_108_864; // 2^26

/** Invertible 32-bit permutation: unique session ids that look random. */
function sessionId(n: number, salt: number): string {
  let h = (n ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h = (h ^ (h >>> 16)) >>> 0;
  return 'ses_' + h.toString(16).padStart(8, '0');
}

export class DaySchedule {
  // Per run of the current day, in planning order.
  readonly msOfDay: Int32Array;
  readonly user: Int32Array;
  readonly agent: Int32Array;
  readonly project: Int32Array;
  /** Position of the run within its session (0 = first). */
  readonly runInSession: Int32Array;
  /** Session number, or -1 for a run recorded without a session. */
  private readonly session: Int32Array;
  private readonly sortKeys: Float64Array;
  private readonly gaps = new Float64Array(MAX_SESSION_SIZE);
  private readonly daySessionIds: string[] = [];
  private sessionCount = 0;
  private firstSession = 0;
  private runs = 0;

  /** `capacity`: the most runs any day will have. */
  constructor(
    capacity: number,
    private readonly population: Population,
    private readonly rng: Rng,
    private readonly sessionSalt: number,
  ) {
    this.msOfDay = new Int32Array(capacity);
    this.user = new Int32Array(capacity);
    this.agent = new Int32Array(capacity);
    this.session = new Int32Array(capacity);
    this.project = new Int32Array(capacity);
    this.runInSession = new Int32Array(capacity);
    this.sortKeys = new Float64Array(capacity);
  }

  /** Plans `n` runs on window day `day` and sorts them by time (stable on planning order). */
  plan(day: number, n: number): void {
    this.runs = n;
    this.firstSession = this.sessionCount;
    for (let filled = 0; filled < n; ) filled += this.planSession(day, filled, n - filled);

    this.daySessionIds.length = 0;
    for (let sn = this.firstSession; sn < this.sessionCount; sn++) this.daySessionIds.push(sessionId(sn, this.sessionSalt));

    const keys = this.sortKeys;
    const times = this.msOfDay;
    if (n < KEY) {
      for (let i = 0; i < n; i++) keys[i] = times[i]! * KEY + i;
      keys.subarray(0, n).sort();
    } else {
      const idx = Array.from({ length: n }, (_, i) => i);
      idx.sort((x, y) => times[x]! - times[y]! || x - y);
      for (let i = 0; i < n; i++) keys[i] = idx[i]!;
    }
  }

  /** Planning index of the `s`-th run of the day in time order. */
  runAt(s: number): number {
    return this.runs < KEY ? this.sortKeys[s]! % KEY : this.sortKeys[s]!;
  }

  /** Session id of run `i` ('' when the run has none). */
  sessionIdOf(i: number): string {
    const sNo = this.session[i]!;
    return sNo < 0 ? '' : this.daySessionIds[sNo - this.firstSession]!;
  }

  /** Plans one session at planning index `at`, truncated to `room` runs; returns its size. */
  private planSession(day: number, at: number, room: number): number {
    const { users, userCum, tenants, allAgents } = this.population;
    const rng = this.rng;
    const size = Math.min(pickWeighted(SIZE_CUM, rng.next() * SIZE_TOTAL, SIZE_CUM.length) + 1, room);
    const ui = pickWeighted(userCum, rng.next() * userCum[userCum.length - 1]!, userCum.length);
    const user = users[ui]!;
    let ten = tenants[user.tenant]!;
    let k = activeAgentCount(ten, day);
    if (k === 0) {
      ten = allAgents;
      k = activeAgentCount(ten, day);
      if (k === 0) k = ten.agents.length; // nothing created yet: use all
    }
    const ai = ten.agents[pickWeighted(ten.cum, rng.next() * ten.cum[k - 1]!, k)]!;
    const pi = rng.int(user.projects.length);
    const sNo = this.sessionCount++;

    const gaps = this.gaps;
    let total = 0;
    for (let j = 1; j < size; j++) {
      const g = rng.logNormal(45_000, 0.9);
      gaps[j] = g < 2000 ? 2000 : g > 900_000 ? 900_000 : g;
      total += gaps[j]!;
    }
    const localHour = pickWeighted(HOUR_CUM, rng.next() * HOUR_TOTAL, 24);
    const utcHour = (((localHour - user.tz) % 24) + 24) % 24;
    let t = utcHour * HOUR_MS + rng.next() * HOUR_MS;
    // Keep the whole session inside the day.
    if (t + total > DAY_MS - 1) t = Math.max(0, DAY_MS - 1 - total);
    for (let j = 0; j < size; j++) {
      if (j > 0) t += gaps[j]!;
      const i = at + j;
      const ms = Math.floor(t);
      this.msOfDay[i] = ms < DAY_MS ? ms : DAY_MS - 1;
      this.user[i] = ui;
      this.agent[i] = ai;
      this.session[i] = rng.next() < 0.05 ? -1 : sNo;
      this.project[i] = pi;
      this.runInSession[i] = j;
    }
    return size;
  }
}
