/** Generator options: the public shape, defaults, and validation into a resolved form. */

import { MODELS } from './catalog';
import { DAY_MS, parseDay } from './time';

export interface GeneratorOptions {
  /** Number of event rows to produce (exact). */
  events: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** 'YYYY-MM-DD', last day with data, UTC. */
  endDay: string;
  /** Number of days ending on (and including) endDay. */
  days: number;
  /** Number of agents (default 12). */
  agents?: number;
  /** Number of users (default 24). */
  users?: number;
  /** Number of distinct models in use (default 8, max 8). */
  models?: number;
  /** Include names with commas/quotes and comma-laden error messages, as in benchmarks. */
  tricky?: boolean;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_AGENTS = 12;
export const DEFAULT_USERS = 24;

/** Validated options with defaults applied. */
export interface ResolvedOptions {
  events: number;
  seed: number;
  days: number;
  agents: number;
  users: number;
  models: number;
  tricky: boolean;
  /** Epoch ms of 00:00 UTC on the first day of the window. */
  startMs: number;
}

function integerAtLeast(name: string, v: number | undefined, dflt: number, min: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < min) throw new Error(`${name} must be an integer >= ${min}, got ${String(v)}`);
  return x;
}

export function resolveOptions(opts: GeneratorOptions): ResolvedOptions {
  const days = integerAtLeast('days', opts.days, 1, 1);
  const endMs = parseDay(opts.endDay);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${String(opts.seed)}`);
  return {
    events: integerAtLeast('events', opts.events, 0, 0),
    seed: Math.trunc(seed),
    days,
    agents: integerAtLeast('agents', opts.agents, DEFAULT_AGENTS, 1),
    users: integerAtLeast('users', opts.users, DEFAULT_USERS, 1),
    models: Math.min(integerAtLeast('models', opts.models, MODELS.length, 1), MODELS.length),
    tricky: opts.tricky ?? false,
    startMs: endMs - (days - 1) * DAY_MS,
  };
}
