/**
 * Seeded, deterministic generator of synthetic AI-agent usage data.
 *
 * Pure: no fs, no vscode, no Math.random, no wall clock. The same options and
 * seed always give byte-identical rows. `generateEvents` streams rows in
 * ascending time order, holding at most one UTC day of compact per-run state
 * in typed arrays (never the rows themselves).
 *
 * Each stage draws from its own PRNG stream (see streamSeed): 1 dimensions,
 * 2 population, 3 daily volume, 4 runs, 5 session-id salt.
 */

import { DaySchedule } from './daySchedule';
import { eventsPerDay } from './dailyVolume';
import type { SampleDimensions } from './dimensions';
import { round4, round6 } from './numberFormat';
import { resolveOptions, type GeneratorOptions } from './options';
import { buildPopulation } from './population';
import { Rng, streamSeed } from './random';
import { drawRunUsage } from './runUsage';
import { DAY_MS, isoDayPrefix, timeOfDayIso } from './time';

export { agentHeader, eventHeader, orgHeader, userHeader } from './headers';
export { DEFAULT_AGENTS, DEFAULT_SEED, DEFAULT_USERS, type GeneratorOptions } from './options';
export { generateDimensions, type SampleDimensions } from './dimensions';

/** Share of runs billed to the agent's secondary model. */
const SECONDARY_MODEL_SHARE = 0.1;

/**
 * Streams event rows (no header) in ascending timestamp order.
 * Options are validated eagerly; rows are produced lazily.
 */
export function generateEvents(opts: GeneratorOptions, dims: SampleDimensions): Generator<string[]> {
  const r = resolveOptions(opts);
  const population = buildPopulation(r, dims, new Rng(streamSeed(r.seed, 2)));
  const counts = eventsPerDay(r);
  const maxPerDay = counts.reduce((max, c) => (c > max ? c : max), 0);
  return run();

  function* run(): Generator<string[]> {
    const rng = new Rng(streamSeed(r.seed, 4));
    const schedule = new DaySchedule(maxPerDay, population, rng, streamSeed(r.seed, 5));
    const idWidth = Math.max(6, String(r.events).length);
    const { users, agents } = population;
    let eventNo = 0;

    for (let d = 0; d < r.days; d++) {
      const n = counts[d]!;
      if (n === 0) continue;
      schedule.plan(d, n);
      const dayPrefix = isoDayPrefix(r.startMs + d * DAY_MS);

      for (let s = 0; s < n; s++) {
        const i = schedule.runAt(s);
        const user = users[schedule.user[i]!]!;
        const agent = agents[schedule.agent[i]!]!;
        const model = rng.next() < SECONDARY_MODEL_SHARE ? agent.secondary : agent.main;
        const usage = drawRunUsage(rng, agent, model, schedule.runInSession[i]!, r.tricky);

        eventNo++;
        yield [
          'evt_' + String(eventNo).padStart(idWidth, '0'),
          dayPrefix + timeOfDayIso(schedule.msOfDay[i]!),
          user.org,
          user.id,
          user.email,
          user.name,
          user.role,
          agent.id,
          agent.name,
          agent.type,
          schedule.sessionIdOf(i),
          model.name,
          model.name === '' ? '' : model.provider,
          user.projects[schedule.project[i]!]!,
          String(usage.input),
          String(usage.output),
          String(usage.cacheRead),
          String(usage.cacheWrite),
          String(usage.reasoning),
          round4(usage.credits),
          round6(usage.costUsd),
          usage.latencyMs,
          usage.status,
          usage.errorType,
        ];
      }
    }
  }
}
