/**
 * The index's passes run once over its last few thousand rows, right after the thread builds its first index:
 * V8 then compiles their loops before the first report. Unwarmed, the first all-time report of a million
 * events runs them unoptimised while they compile (~230 ms where the same report takes ~100 ms afterwards).
 * Nothing computed here is kept.
 */
import type { Database } from 'sql.js';
import type { EventTotals } from '../core/reports/groupTotals';
import type { GroupBy } from '../core/sql';
import type { ReportFilters } from '../shared/reports';
import type { EventIndex } from './eventIndex';
import { groupPassOn } from './indexGroups';
import { nextScratchCall, releaseScratch, reserveScratch } from './scratch';
import { reconciliationPassOn } from './indexReconciliation';
import { seriesPassOn } from './indexSeries';
import { userUsagePassOn } from './indexUserUsage';

const rows = 4096;
const rounds = 10;
const groupings: readonly GroupBy[] = ['agent_key', 'user_key', 'model_key', 'org', 'all'];

let warmed = false;

/** The group pass adds up a figure when it is first read. */
function readEveryFigure(totals: EventTotals): void {
  const { rows, runs, errorRuns, sessionRuns, sessions, users, agents, credits, cost, costReported, costEstimated, input, output, cacheRead, cacheWrite,
    reasoning, modelRuns, avgLatency, p95Latency, errorRate, eventProvider, tokens } = totals;
  void [rows, runs, errorRuns, sessionRuns, sessions, users, agents, credits, cost, costReported, costEstimated, input, output, cacheRead, cacheWrite,
    reasoning, modelRuns, avgLatency, p95Latency, errorRate, eventProvider, tokens];
}

export function warmUpPasses(index: EventIndex, db: Database): void {
  if (warmed || index.length === 0) return;
  warmed = true;
  const { ts } = index.numbers;
  const range = { start: ts[Math.max(0, index.length - rows)]!, end: ts[index.length - 1]! + 1 };
  const groupPass = groupPassOn(index, db);
  const userUsagePass = userUsagePassOn(index, db);
  const reconciliationPass = reconciliationPassOn(index, db);
  const seriesPass = seriesPassOn(index, db);
  const days = Array.from({ length: 8 }, (_, day) => range.start + ((range.end - range.start) * day) / 7);
  const filters = someRowsFilter(index, db);
  // pooled work arrays, as the real reads have (reserved after each change): compiled while the pool was empty,
  // its lookup was thrown away in the first report, whose passes then ran unoptimised until compiled again
  reserveScratch([rows * 8, rows * 4, rows * 4]);
  // each pass as a read of its own: its work arrays go before the next, where all the rounds' together held
  // ~130 MB at a million events (the peak of the import's memory)
  for (let round = 0; round < rounds; round++) {
    for (const groupBy of groupings) {
      nextScratchCall();
      for (const totals of groupPass({ range }, groupBy, 'auto').values()) readEveryFigure(totals);
    }
    nextScratchCall();
    userUsagePass({ range });
    for (const split of [null, 'agent_key'] as const) {
      nextScratchCall();
      seriesPass({ range }, days, split, 'auto', true);
    }
    nextScratchCall();
    reconciliationPass({ range }, (source) => (source === 'anthropic-cost' ? 'billed' : 'local'));
    // a filter leaves gaps in the selection: the passes then read the selected rows' values (other loops, which a
    // first filter change at a million events otherwise ran unoptimised: ~150 ms where later ones take ~60)
    if (filters) {
      for (const groupBy of groupings) {
        nextScratchCall();
        for (const totals of groupPass({ range, filters }, groupBy, 'auto').values()) readEveryFigure(totals);
      }
      nextScratchCall();
      userUsagePass({ range, filters });
      nextScratchCall();
      seriesPass({ range, filters }, days, null, 'auto', true);
    }
  }
  releaseScratch();
}

/** A filter that selects some of the last rows, not all: the model of the last row. */
function someRowsFilter(index: EventIndex, db: Database): ReportFilters | null {
  const modelKey = index.keys.model_key[index.length - 1]!;
  const [[model] = []] = db.exec('SELECT name FROM models WHERE model_key = ?', [modelKey])[0]?.values ?? [];
  return typeof model === 'string' ? { model } : null;
}
