/**
 * npm run bench -- --events N [--seed S] [--claude-code-lines L]
 * Generates N events (once, cached under bench-data/), then measures in one run, on the same file:
 * papaparse-only parse time, import time in the store worker and their ratio, the panel's first paint after
 * the import, every report all-time and over the last 30 days, DB bytes per event, the peak main-thread stall
 * during the import, and the CLI end to end on the same file.
 * Then our CLI against ccusage on a generated Claude Code folder of L lines (default 200,000).
 * The last line printed is one JSON object with all figures.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { reportIds } from '../shared/reports';
import type { TimeContext, TimeframeSpec } from '../core/timeframe';
import { noPriceOverrides, parsePriceOverrides } from '../core/pricing';
import { StoreClient } from '../store/client';
import { repriceAll } from '../store/costEstimates';
import { loadEngine } from '../store/sqlite';
import { benchClaudeCode } from './claudeCodeBench';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' }, 'claude-code-lines': { type: 'string', default: '200000' },
    /** internal: the reference parse alone, in a process of its own (see referenceParse) */
    'papaparse-only': { type: 'string' },
  },
});
const events = Number(values.events);
if (!Number.isInteger(events) || events <= 0) throw new Error('--events must be a positive integer');

const endDay = '2026-11-15';
const dataDir = join(process.cwd(), 'bench-data', `events-${events}-seed-${values.seed}`);
const eventsFile = join(dataDir, 'events.csv');

function ensureData(): void {
  if (existsSync(eventsFile)) return;
  const gen = spawnSync(process.execPath, [join(__dirname, 'gen.js'), '--events', String(events), '--seed', String(values.seed),
    '--out', dataDir, '--days', '365', '--end-day', endDay, '--agents', '200', '--users', '2000', '--tricky'], { stdio: 'inherit' });
  if (gen.status !== 0) throw new Error('data generation failed');
}

function papaparseOnly(file: string): Promise<{ ms: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let rows = 0;
    Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
      chunk: (result) => {
        rows += result.data.length;
      },
      complete: () => resolve({ ms: performance.now() - started, rows: rows - 1 }),
      error: reject,
    });
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The reference parse in a child process: its heap (papaparse's rows) would otherwise stay in this
 * process's resident set and count as the store's in the peak RSS below.
 */
function referenceParse(file: string): { ms: number; rows: number } {
  const child = spawnSync(process.execPath, [__filename, '--papaparse-only', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`the reference parse failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; rows: number };
}

/** `agent-usage report agents --input` the events file, all time: a process of its own, start to exit. */
function cliEndToEnd(parseMs: number): { endToEndMs: number; toParseRatio: number } {
  const started = performance.now();
  const cli = spawnSync(process.execPath, [join(__dirname, '..', 'cli.js'), 'report', 'agents', '--input', eventsFile, '--timeframe', 'all-time', '--format', 'csv'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - started;
  if (cli.status !== 0) throw new Error(`the CLI failed: ${cli.stderr}`);
  return { endToEndMs: round(ms), toParseRatio: Math.round((ms / parseMs) * 100) / 100 };
}

async function main(): Promise<void> {
  if (values['papaparse-only'] !== undefined) {
    console.log(JSON.stringify(await papaparseOnly(values['papaparse-only'])));
    return;
  }
  ensureData();
  const fileBytes = statSync(eventsFile).size;
  const parse = referenceParse(eventsFile);

  const store = new StoreClient(join(__dirname, '..', 'storeWorker.js'), { wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), indexAfterChanges: true });
  const stall = monitorEventLoopDelay({ resolution: 5 });
  stall.enable();
  const imported = await timed(() => store.importFile(eventsFile, {}));
  stall.disable();
  const ctx: TimeContext = { now: Date.parse(`${endDay}T12:00:00Z`), timeZone: 'UTC', weekStartsOn: 1 };
  // what the panel asks for when an import ends, all at once: the host's state (stats, filter options), then its
  // tab's report and chart over the default timeframe (the dimension files imported next clear the report cache)
  const firstPaint = await timed(() =>
    Promise.all([
      store.call('stats'),
      store.call('filterOptions'),
      store.call('report', { report: 'agents', timeframe: 'last-30-days' }, ctx),
      store.call('overview', { report: 'agents', timeframe: 'last-30-days' }, ctx, 'day'),
    ]),
  );
  for (const name of ['orgs.csv', 'users.csv', 'agents.csv']) await store.importFile(join(dataDir, name), {});

  const reports: Record<string, { allTimeMs: number; last30DaysMs: number; rows: number }> = {};
  for (const report of reportIds) {
    const timing = async (timeframe: TimeframeSpec) => timed(() => store.call('report', { report, timeframe }, ctx));
    const all = await timing('all-time');
    const recent = await timing('last-30-days');
    reports[report] = { allTimeMs: round(all.ms), last30DaysMs: round(recent.ms), rows: all.value.rows.length };
  }
  // a filter or search changed on an all-time tab: new queries, so computed, not cached
  const filterChange = {
    modelAndSearch: round((await timed(() => store.call('report', { report: 'agents', timeframe: 'all-time', filters: { model: 'gpt-4.1' }, search: 'review' }, ctx))).ms),
    subAccountTree: round((await timed(() => store.call('report', { report: 'users', timeframe: 'all-time', filters: { orgId: 'org_acme', includeSubOrgs: true } }, ctx))).ms),
  };
  const overviewAll = await timed(() => store.call('overview', { report: 'agents', timeframe: 'all-time' }, ctx, 'week'));
  const overview30 = await timed(() => store.call('overview', { report: 'agents', timeframe: 'last-30-days' }, ctx, 'day', 'agent'));
  // the CLI's time series (every token kind and cost per bucket), all time by day
  const timeseriesAll = await timed(() => store.call('detailedSeries', { report: 'agents', timeframe: 'all-time' }, ctx, 'day'));
  // a price override for one model reprices that model's events; dropping it reprices them back
  const oneModel = parsePriceOverrides({ 'gpt-4.1': { inputPerMTok: 1, outputPerMTok: 4, cacheReadPerMTok: 0.25 } }).overrides;
  const repriceOneModel = await timed(() => store.call('setPriceOverrides', oneModel));
  await store.call('setPriceOverrides', noPriceOverrides);
  const stats = await store.call('stats');
  // worker threads share the process: its peak resident set through import, reports and repricing (before the
  // snapshot and the repricing copy below) is the store worker's plus a thin main thread (the reference parse ran
  // in a process of its own)
  const peakRssKb = process.resourceUsage().maxRSS;
  const snapshot = await timed(() => store.call('snapshot'));
  await store.dispose();
  // every event, as for a snapshot made with another price table (in this thread, on the snapshot)
  const SQL = await loadEngine(join(__dirname, '..', 'sql-wasm.wasm'));
  const copy = new SQL.Database(snapshot.value);
  const repriceEvery = await timed(async () => repriceAll(copy));
  copy.close();

  const figures = {
    events: imported.value.imported,
    fileBytes,
    papaparseParseMs: round(parse.ms),
    importMs: round(imported.ms),
    importToParseRatio: Math.round((imported.ms / parse.ms) * 100) / 100,
    importEventsPerSecond: Math.round(imported.value.imported / (imported.ms / 1000)),
    reports,
    overviewMs: { allTimeWeekly: round(overviewAll.ms), last30DaysDailyByAgent: round(overview30.ms) },
    dbBytes: stats.bytes,
    dbBytesPerEvent: Math.round((stats.bytes / stats.events) * 10) / 10,
    snapshotMs: round(snapshot.ms),
    repriceMs: { oneModelOverride: round(repriceOneModel.ms), allEvents: round(repriceEvery.ms) },
    timeseriesAllTimeMs: round(timeseriesAll.ms),
    workerRssMb: Math.round(peakRssKb / 1024),
    mainThreadStallMaxMs: round(stall.max / 1e6),
    mainThreadStallP99Ms: round(stall.percentile(99) / 1e6),
    panelFirstPaintMs: round(firstPaint.ms),
    filterChangeAllTimeMs: filterChange,
    cli: cliEndToEnd(parse.ms),
    claudeCode: await benchClaudeCode(join(process.cwd(), 'bench-data'), Number(values['claude-code-lines'])),
  };
  console.log(`events              ${figures.events.toLocaleString('en-US')} (${(fileBytes / 1e6).toFixed(1)} MB CSV)`);
  console.log(`papaparse parse     ${figures.papaparseParseMs} ms`);
  console.log(`import (worker)     ${figures.importMs} ms  = ${figures.importToParseRatio}× parse, ${figures.importEventsPerSecond.toLocaleString('en-US')} events/s`);
  for (const [report, timing] of Object.entries(reports)) {
    console.log(`report ${report.padEnd(12)} all-time ${String(timing.allTimeMs).padStart(8)} ms   last 30 days ${String(timing.last30DaysMs).padStart(8)} ms   (${timing.rows} rows)`);
  }
  console.log(`filter change       all time: Agents by model gpt-4.1 + search "review" ${filterChange.modelAndSearch} ms, Users of org_acme and its sub-accounts ${filterChange.subAccountTree} ms`);
  console.log(`overview            all-time weekly ${figures.overviewMs.allTimeWeekly} ms, 30 days daily by agent ${figures.overviewMs.last30DaysDailyByAgent} ms`);
  console.log(`time series         all-time daily ${figures.timeseriesAllTimeMs} ms`);
  console.log(`memory              peak RSS ${figures.workerRssMb} MB through import and reports (the process: store worker + main thread)`);
  console.log(`database            ${(stats.bytes / 1e6).toFixed(1)} MB = ${figures.dbBytesPerEvent} B/event; snapshot ${figures.snapshotMs} ms`);
  console.log(`estimated cost      reprice one model's events ${figures.repriceMs.oneModelOverride} ms, every event ${figures.repriceMs.allEvents} ms`);
  console.log(`main-thread stall   max ${figures.mainThreadStallMaxMs} ms, p99 ${figures.mainThreadStallP99Ms} ms during the import`);
  console.log(`panel first paint   ${figures.panelFirstPaintMs} ms after the import (stats, filter options, report and chart over the last 30 days)`);
  console.log(`cli end to end      ${figures.cli.endToEndMs} ms = ${figures.cli.toParseRatio}× parse (report agents --input the events file, all time)`);
  const cc = figures.claudeCode;
  console.log(
    `claude code folder  ${cc.lines.toLocaleString('en-US')} lines: agent-usage day × model ${cc.oursMs} ms, ccusage daily --breakdown ` +
      (cc.ccusageMs === null ? `not run (${cc.ccusageMissing})` : `${cc.ccusageMs} ms = ${cc.ratio}× ccusage`) +
      `; its ${cc.events.toLocaleString('en-US')} events take ${cc.dbBytesPerEvent} B/event in the database`,
  );
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
