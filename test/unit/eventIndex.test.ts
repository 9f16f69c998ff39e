/**
 * The columnar index the report passes read gives the reports, KPIs and chart series the table gives: on random data (nulls,
 * errors, sessions, organisation trees, every filter and search), and in the store after a cancelled
 * import, a removed source and a restored snapshot (each must drop the index it had built).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentFigures } from '../../src/core/reports/agents';
import { eventSpan } from '../../src/core/reports/eventSpan';
import type { EventTotals } from '../../src/core/reports/groupTotals';
import { filterOptions } from '../../src/core/reports/filterOptions';
import { kpis } from '../../src/core/reports/kpis';
import { modelFigures } from '../../src/core/reports/models';
import { computeReport } from '../../src/core/reports/runReport';
import { timeSeries } from '../../src/core/reports/timeseries';
import type { ReportFilters, ReportId } from '../../src/shared/reports';
import type { ReportQuery } from '../../src/shared/results';
import { resolveTimeframe, type TimeContext } from '../../src/core/timeframe';
import { parsePriceOverrides } from '../../src/core/pricing/overrides';
import { ensureEstimates } from '../../src/store/costEstimates';
import { EventIndex } from '../../src/store/eventIndex';
import { groupPassOn } from '../../src/store/indexGroups';
import { DistinctPerGroup } from '../../src/store/groupFigurePasses';
import { figureThreadCounts, figureThreadReady, startFigureThread, stopFigureThread } from '../../src/store/figureThread';
import { reconciliationPassOn } from '../../src/store/indexReconciliation';
import { seriesPassOn } from '../../src/store/indexSeries';
import { userUsagePassOn } from '../../src/store/indexUserUsage';
import { importFile } from '../../src/store/importer';
import { loadEngine, openDatabase, runnerFor } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const dir = mkdtempSync(join(tmpdir(), 'event-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'));
});

const ctx: TimeContext = { now: Date.UTC(2026, 5, 30, 12), timeZone: 'UTC', weekStartsOn: 1 };
const passReports: ReportId[] = ['agents', 'users', 'user-usage', 'models', 'orgs', 'reconciliation'];

/** mulberry32: the same data on every run */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const orgs = ['org_a', 'org_a_east', 'org_a_east_lab', 'org_b'];
const agentTypes = ['chat', 'batch', 'review'];
const models = ['claude-sonnet-4-5', 'gpt-4.1', 'gemini-2.5-pro', 'no-such-model'];

/**
 * Dimension files and an events file of `rows` random events (cells left empty at random). `complete`: no number
 * cell is left empty and latencies have fractions; `huge`: input token counts and latencies (whole numbers) whose sums are past 2^53.
 */
function randomData(seed: number, rows: number, tag: string, shape: { complete?: boolean; huge?: boolean } = {}): { dimensions: string[]; events: string } {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const maybe = (value: string, emptyShare = 0.15) => (next() < emptyShare && !shape.complete ? '' : value);
  const latency = () => (shape.huge ? String(900_000_000_000_000 + Math.floor(next() * 9000)) : shape.complete ? (next() * 9000).toFixed(3) : String(Math.floor(next() * 9000)));
  const inputTokens = () => String(shape.huge ? 900_000_000_000_000 + Math.floor(next() * 5000) : Math.floor(next() * 5000));
  const orgFile = write(`orgs-${tag}.csv`, ['org_id,name,parent_org_id', 'org_a,Acme,', 'org_a_east,Acme East,org_a', 'org_a_east_lab,Acme East Lab,org_a_east', 'org_b,Beta Ltd,']);
  const users = Array.from({ length: 12 }, (_, i) => `usr_${i}`);
  const userFile = write(`users-${tag}.csv`, ['user_id,email,name,role,org_id', ...users.map((user, i) => `${user},${user}@example.com,Ünïcode Person ${i},dev,${i % 5 === 4 ? '' : pick(orgs)}`)]);
  const agents = Array.from({ length: 9 }, (_, i) => `agt_${i}`);
  const agentFile = write(`agents-${tag}.csv`, ['agent_id,name,type,model,created_by,created_at,org_id', ...agents.map((agent, i) => `${agent},Agent ${i} Ärger,${pick(agentTypes)},${pick(models)},${pick(users)},2026-01-0${1 + (i % 9)}T00:00:00Z,${i % 4 === 3 ? '' : pick(orgs)}`)]);
  const lines = ['event_id,timestamp,org_id,user_id,agent_id,session_id,model,provider,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,credits,cost_usd,latency_ms,status,error_type'];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i++) {
    // some events share a timestamp: their order is the table's
    const ts = new Date(start + Math.floor(next() * 180) * 86_400_000 + (next() < 0.2 ? 0 : Math.floor(next() * 86_400_000))).toISOString();
    const error = next() < 0.1;
    lines.push([
      `${tag}_${i}`, ts, maybe(pick(orgs), 0.7), maybe(pick(users), 0.1), maybe(pick(agents), 0.1), maybe(`s_${Math.floor(next() * 40)}`, 0.3),
      maybe(pick(models), 0.1), maybe(pick(['anthropic', 'openai', 'google']), 0.4), maybe(inputTokens()), maybe(String(Math.floor(next() * 3000))),
      maybe(String(Math.floor(next() * 20000)), 0.4), maybe(String(Math.floor(next() * 2000)), 0.5), maybe(String(Math.floor(next() * 500)), 0.6),
      maybe((next() * 9).toFixed(4), 0.3), maybe((next() * 0.9).toFixed(6), 0.3), maybe(latency(), 0.2),
      error ? 'error' : 'ok', error ? pick(['timeout', 'rate_limit']) : '',
    ].join(','));
  }
  return { dimensions: [orgFile, userFile, agentFile], events: write(`events-${tag}.csv`, lines) };
}

async function loaded(db: Database, data: { dimensions: string[]; events: string }): Promise<void> {
  for (const path of data.dimensions) await importFile(db, path, {});
  await importFile(db, data.events, {});
}

/** Random events in a database, their index, and the figure thread started and ready. */
async function indexedWithThread(seed: number, tag: string): Promise<{ db: Database; index: EventIndex }> {
  const db = openDatabase(SQL);
  await loaded(db, randomData(seed, 4000, tag));
  const index = EventIndex.build(db)!;
  // the built thread (these sources have no script of their own): the test's global setup builds the bundles
  startFigureThread(join(process.cwd(), 'dist', 'figureWorker.js'));
  await vi.waitFor(() => expect(figureThreadReady()).toBe(true), { timeout: 20_000, interval: 20 });
  return { db, index };
}

/** Queries over every pass report, timeframe, filter and search the data can answer. */
function randomQueries(seed: number, count: number, reports = passReports): ReportQuery[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const filterChoices: ReportFilters[] = [
    {}, { agentType: 'batch' }, { createdBy: 'usr_3' }, { agentId: 'agt_2' }, { userId: 'usr_7' }, { model: 'gpt-4.1' },
    { orgId: 'org_a' }, { orgId: 'org_a', includeSubOrgs: true }, { orgId: 'org_a_east', includeSubOrgs: true, model: 'claude-sonnet-4-5' },
  ];
  const searches = [undefined, 'agent 3', 'ärger', 'usr_1', 'ÜNÏCODE', 'gpt', 'east', 'nothing matches this'];
  return Array.from({ length: count }, () => {
    const day = 1 + Math.floor(next() * 150);
    const from = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(2026, 0, day + Math.floor(next() * 60))).toISOString().slice(0, 10);
    return {
      report: pick(reports),
      timeframe: next() < 0.3 ? 'all-time' : { from, to },
      filters: next() < 0.4 ? {} : pick(filterChoices),
      search: next() < 0.5 ? undefined : pick(searches),
    } as ReportQuery;
  });
}

function rangeOf(query: ReportQuery) {
  return resolveTimeframe(query.timeframe, ctx);
}

function onTable(db: Database, query: ReportQuery) {
  return computeReport(runnerFor(db), query, rangeOf(query), ctx);
}

describe('EventIndex', () => {
  it('gives every report, the KPIs and the chart what the table gives, on random data and queries', async () => {
    const db = openDatabase(SQL);
    await loaded(db, randomData(11, 4000, 'r'));
    // Reconciliation's three sides: bill lines, a provider's usage export, and rows of a fetch source
    db.exec(`UPDATE events SET source = 'anthropic-cost' WHERE rowid % 7 = 0;
      UPDATE events SET source = 'openai-usage' WHERE rowid % 7 = 1;
      INSERT INTO sources (source_key, source_id, kind, label, location) VALUES (900, 'fetch:test', 'fetch', 'test', 'http://127.0.0.1');
      UPDATE events SET source_key = 900 WHERE rowid % 7 = 2`);
    const index = EventIndex.build(db);
    expect(index?.length).toBe(4000);
    const indexed = {
      ...runnerFor(db), eventPass: index!.pass(db), groupPass: groupPassOn(index!, db), userUsagePass: userUsagePassOn(index!, db), seriesPass: seriesPassOn(index!, db),
      reconciliationPass: reconciliationPassOn(index!, db), eventSpan: (range?: { start: number; end: number }) => index!.span(range),
    };
    // the events' count, first and last time (the panel's stats and filter options): the table has no index on ts, the index answers
    expect(eventSpan(indexed)).toEqual(eventSpan(runnerFor(db)));
    expect(eventSpan(indexed).count).toBe(4000);
    expect(filterOptions(indexed)).toEqual(filterOptions(runnerFor(db)));
    let nonEmpty = 0;
    for (const query of randomQueries(5, 300)) {
      const expected = onTable(db, query);
      const actual = computeReport(indexed, query, rangeOf(query), ctx);
      expect(actual, JSON.stringify(query)).toEqual(expected);
      if (expected.rows.length > 0) nonEmpty++;
      expect(eventSpan(indexed, rangeOf(query)), JSON.stringify(query)).toEqual(eventSpan(runnerFor(db), rangeOf(query)));
      // the overview: KPIs, and the chart in every split, with each token kind and cost
      const search = query.search ? { target: 'agent' as const, text: query.search } : undefined;
      expect(kpis(indexed, rangeOf(query), query.filters, search, 'auto')).toEqual(kpis(runnerFor(db), rangeOf(query), query.filters, search, 'auto'));
      for (const splitBy of [undefined, 'agent', 'user', 'model'] as const) {
        const series = { range: rangeOf(query), granularity: 'week' as const, filters: query.filters, search, splitBy, detail: true, costMode: 'estimated' as const };
        expect(timeSeries(indexed, series, ctx), `${JSON.stringify(query)} split ${splitBy}`).toEqual(timeSeries(runnerFor(db), series, ctx));
      }
    }
    // the queries must select something most of the time, or the comparison proves little
    expect(nonEmpty).toBeGreaterThan(150);
    db.close();
  });

  it('gives what the table gives in every cost mode, on columns with no empty cell, with fractional latencies and with sums past 2^53', async () => {
    for (const shape of [{ complete: true }, { huge: true }, { complete: true, huge: true }]) {
      const db = openDatabase(SQL);
      await loaded(db, randomData(21, 3000, 'shape', shape));
      const index = EventIndex.build(db)!;
      // the shapes reach the paths they are meant for: plain sums of complete columns, compensated sums of fractional latencies and of whole ones too large to add exactly
      expect(index.facts('input_tokens')).toEqual({ complete: !!shape.complete, wholeNumbers: !shape.huge });
      expect(index.facts('latency_ms')).toEqual({ complete: !!shape.complete, wholeNumbers: !shape.complete && !shape.huge });
      expect(index.facts('cost_reported_usd').wholeNumbers).toBe(false);
      const indexed = { ...runnerFor(db), eventPass: index.pass(db), groupPass: groupPassOn(index, db), userUsagePass: userUsagePassOn(index, db), seriesPass: seriesPassOn(index, db), reconciliationPass: reconciliationPassOn(index, db) };
      for (const costMode of ['reported', 'estimated', 'auto'] as const) {
        for (const query of randomQueries(6, 40)) {
          const modeCtx = { ...ctx, costMode };
          const expected = computeReport(runnerFor(db), query, rangeOf(query), modeCtx);
          expect(computeReport(indexed, query, rangeOf(query), modeCtx), `${costMode} ${JSON.stringify(shape)} ${JSON.stringify(query)}`).toEqual(expected);
          const series = { range: rangeOf(query), granularity: 'day' as const, filters: query.filters, splitBy: 'model' as const, detail: true, costMode };
          expect(timeSeries(indexed, series, ctx), `series ${costMode} ${JSON.stringify(query)}`).toEqual(timeSeries(runnerFor(db), series, ctx));
        }
      }
      db.close();
    }
  });

  it('with the figure thread adding up its share of every pass, gives Usage by Agent, by User, by Model, by Sub-Account and User Usage what the table gives', async () => {
    const { db, index } = await indexedWithThread(13, 'thread');
    // every pass of one row or more sends the thread its share
    const threaded = { ...runnerFor(db), groupPass: groupPassOn(index, db, 1), userUsagePass: userUsagePassOn(index, db, 1) };
    const queries = randomQueries(17, 200, ['agents', 'users', 'user-usage', 'models', 'orgs']);
    const before = figureThreadCounts();
    for (const query of queries) expect(computeReport(threaded, query, rangeOf(query), ctx), JSON.stringify(query)).toEqual(onTable(db, query));
    const after = figureThreadCounts();
    // most queries select rows; the thread adds up some of their figures, the store's thread takes back the others it
    // has not begun
    expect(after.tasksSent - before.tasksSent).toBeGreaterThan(80);
    expect(after.figuresFromThread - before.figuresFromThread).toBeGreaterThan(30);
    // a stopped thread: the store's thread adds up every figure itself
    await stopFigureThread();
    for (const query of queries.slice(0, 30)) expect(computeReport(threaded, query, rangeOf(query), ctx), JSON.stringify(query)).toEqual(onTable(db, query));
    expect(figureThreadCounts().tasksSent).toBe(after.tasksSent);
    db.close();
  });

  it("with the figure thread, a pass's figures read after later passes were sent are its own", async () => {
    const { db, index } = await indexedWithThread(14, 'settle');
    const threaded = groupPassOn(index, db, 1);
    const alone = groupPassOn(index, db);
    const { ts } = index.numbers;
    const next = random(5);
    const passes = Array.from({ length: 24 }, (_, n) => {
      const from = Math.floor(next() * index.length);
      const range = { start: ts[from]!, end: ts[Math.min(index.length - 1, from + Math.floor(next() * index.length))]! + 1 };
      const [groupBy, wanted] = n % 2 === 0 ? (['agent_key', agentFigures] as const) : (['model_key', modelFigures] as const);
      return { scope: { range }, groupBy, wanted };
    });
    const before = figureThreadCounts();
    // every pass sent before any figure is read: each send settles the task before it, whose rows the next one's take;
    // after every other send the thread is given time to add that task up, so that on a busy machine too some figures
    // read below are the thread's (a task it has not begun when the next is sent is taken back and added up here)
    const sent: Map<number | null, EventTotals>[] = [];
    for (const [n, { scope, groupBy, wanted }] of passes.entries()) {
      sent.push(threaded(scope, groupBy, 'auto', wanted));
      if (n % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const figuresOf = (groups: Map<number | null, EventTotals>, wanted: readonly string[]) =>
      [...groups].map(([key, totals]) => [key, wanted.map((figure) => {
        const value = totals[figure as keyof EventTotals];
        return value instanceof Map ? [...value] : value;
      })]);
    passes.forEach(({ scope, groupBy, wanted }, n) => expect(figuresOf(sent[n]!, wanted), String(n)).toEqual(figuresOf(alone(scope, groupBy, 'auto'), wanted)));
    const after = figureThreadCounts();
    expect(after.tasksSent - before.tasksSent).toBe(passes.length);
    // some figures were read as the thread had added them, after later tasks were sent
    expect(after.figuresFromThread - before.figuresFromThread).toBeGreaterThan(10);
    await stopFigureThread();
    db.close();
  });

  it('after repricing, reads the estimated costs again into what the index was: the same as building it anew', async () => {
    const db = openDatabase(SQL);
    await loaded(db, randomData(12, 3000, 'reprice'));
    const before = EventIndex.build(db)!;
    const overrides = parsePriceOverrides({ 'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 9 }, 'claude-sonnet-4-5': { inputPerMTok: 1, outputPerMTok: 2 } }).overrides;
    expect(ensureEstimates(db, overrides)).toBe(true);
    const estimatesBefore = Float64Array.from(before.numbers.cost_estimated_usd);
    const updated = before.withEstimates(db)!;
    const rebuilt = EventIndex.build(db)!;
    expect(updated.numbers).toEqual(rebuilt.numbers);
    expect(updated.keys).toEqual(rebuilt.keys);
    expect(updated.texts).toEqual(rebuilt.texts);
    // what is known of the column is of the new estimates (repricing made some of them fractions of a cent)
    expect(updated.facts('cost_estimated_usd')).toEqual(rebuilt.facts('cost_estimated_usd'));
    // the estimates did change, and were written over the old ones, in their memory
    expect(updated.numbers.cost_estimated_usd).not.toEqual(estimatesBefore);
    expect(updated.numbers.cost_estimated_usd.buffer).toBe(before.numbers.cost_estimated_usd.buffer);
    // every model free: every estimate a whole number now, which the facts of the repriced index must say
    expect(updated.facts('cost_estimated_usd').wholeNumbers).toBe(false);
    const models = (db.exec('SELECT name FROM models')[0]?.values ?? []).map(([name]) => String(name));
    const free = parsePriceOverrides(Object.fromEntries(models.map((name) => [name, { inputPerMTok: 0, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 }]))).overrides;
    expect(ensureEstimates(db, free)).toBe(true);
    const repricedAgain = updated.withEstimates(db)!;
    expect(repricedAgain.facts('cost_estimated_usd')).toEqual(EventIndex.build(db)!.facts('cost_estimated_usd'));
    expect(repricedAgain.facts('cost_estimated_usd').wholeNumbers).toBe(true);
    // a table with other rows than the index's: no partial update
    db.exec("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events LIMIT 1)");
    expect(repricedAgain.withEstimates(db)).toBeNull();
    db.close();
  });

  it('built in the arrays of the index it replaces, equals one built anew: fewer rows, the same, more', async () => {
    const db = openDatabase(SQL);
    await loaded(db, randomData(13, 2000, 'reuse'));
    const fresh = () => EventIndex.build(db)!;
    const same = (a: EventIndex, b: EventIndex) => {
      expect(a.length).toBe(b.length);
      expect(a.numbers).toEqual(b.numbers);
      expect(a.keys).toEqual(b.keys);
      expect(a.texts).toEqual(b.texts);
    };
    let current = fresh();
    const buffer = current.numbers.ts.buffer;
    // the same rows (a users file changes no event): the arrays are lent, nothing is allocated
    current = EventIndex.build(db, current)!;
    expect(current.numbers.ts.buffer).toBe(buffer);
    same(current, fresh());
    // fewer rows: still the lent arrays, each as long as the table
    db.exec('DELETE FROM events WHERE rowid % 3 = 0');
    current = EventIndex.build(db, current)!;
    expect(current.numbers.ts.buffer).toBe(buffer);
    same(current, fresh());
    // more rows than the lent arrays hold: new arrays
    await importFile(db, randomData(14, 1500, 'more').events, {});
    current = EventIndex.build(db, current)!;
    expect(current.numbers.ts.buffer).not.toBe(buffer);
    same(current, fresh());
    db.close();
  });

  it('is not built from values the schema should not hold: the reports then read the table', () => {
    const db = openDatabase(SQL);
    db.exec("INSERT INTO events (event_key, source, ts, status, credits) VALUES ('k', 'x', 1, 'ok', 'not a number')");
    expect(EventIndex.build(db)).toBeNull();
    db.close();
  });

  it('in the store, follows a cancelled import, a removed source and a restored snapshot', async () => {
    const store = UsageStore.open(SQL);
    store.indexAfterChanges = true;
    const first = randomData(21, 3000, 'first');
    for (const path of first.dimensions) await store.importFile(path);
    await store.importFile(first.events);
    const second = randomData(22, 1500, 'second');
    await store.importFile(second.events);
    const queries = randomQueries(9, 40, passReports);
    const agreesWithTable = async () => {
      const copy = openDatabase(SQL, await store.snapshot());
      for (const query of queries) expect((await store.report(query, ctx)).rows, JSON.stringify(query)).toEqual(onTable(copy, query).rows);
      copy.close();
    };
    await agreesWithTable();

    const controller = new AbortController();
    const large = randomData(23, 60_000, 'cancelled');
    const cancelled = store.importFiles([{ path: second.events, options: {} }, { path: large.events, options: {} }], controller.signal, (index) => {
      if (index === 1) setTimeout(() => controller.abort(), 30);
    });
    await expect(cancelled).rejects.toMatchObject({ name: 'ImportCancelled' });
    await agreesWithTable();

    expect(await store.removeSource(`file:${second.events}`)).toBe(1500);
    await agreesWithTable();

    const other = UsageStore.open(SQL);
    const third = randomData(24, 2000, 'third');
    for (const path of third.dimensions) await other.importFile(path);
    await other.importFile(third.events);
    await store.restore(await other.snapshot());
    other.close();
    await agreesWithTable();
    expect((await store.stats()).events).toBe(2000);

    // a file of users alone keeps the index's rows (not built again), and each row's organisation follows the users'
    const built = vi.spyOn(EventIndex, 'build');
    const orgOf = (i: number) => ['org_b', 'org_a_east_lab', ''][i % 3];
    await store.importFile(write('users-moved.csv', ['user_id,email,name,role,org_id', ...Array.from({ length: 12 }, (_, i) => `usr_${i},usr_${i}@example.com,Moved ${i},dev,${orgOf(i)}`)]));
    expect(built).not.toHaveBeenCalled();
    await agreesWithTable();
    // events that named only an email, then a new user with that email: the email's user is renamed, the events stay
    const emailOnly = (tag: string, email: string) =>
      write(`events-${tag}.csv`, ['event_id,timestamp,user_email,agent_id,input_tokens,output_tokens,status', `${tag}1,2026-02-03T10:00:00Z,${email},agt_1,100,20,ok`, `${tag}2,2026-02-04T10:00:00Z,${email},agt_2,50,5,ok`]);
    await store.importFile(emailOnly('renamed', 'new.person@example.com'));
    built.mockClear();
    await store.importFile(write('users-new.csv', ['user_id,email,name,role,org_id', 'usr_new,new.person@example.com,New Person,dev,org_b']));
    expect(built).not.toHaveBeenCalled();
    await agreesWithTable();
    // ... and a user known before, given that email: the events move to that user, so the index is built again
    await store.importFile(emailOnly('merged', 'other.person@example.com'));
    built.mockClear();
    await store.importFile(write('users-merged.csv', ['user_id,email,name,role,org_id', 'usr_7,other.person@example.com,Usr Seven,dev,org_a_east']));
    expect(built).toHaveBeenCalledTimes(1);
    built.mockRestore();
    await agreesWithTable();

    // repricing changes only the estimates: the index reads that column again and the reports still agree
    const estimatedCtx = { ...ctx, costMode: 'estimated' as const };
    // the override prices gpt-4.1 without a cache-read price: Reconciliation names that on both paths
    const overrides = parsePriceOverrides({ 'gpt-4.1': { inputPerMTok: 5, outputPerMTok: 15 } }).overrides;
    expect(await store.setPriceOverrides(overrides)).toBe(true);
    const copy = openDatabase(SQL, await store.snapshot());
    for (const query of queries) {
      expect((await store.report(query, estimatedCtx)).rows, JSON.stringify(query)).toEqual(computeReport(runnerFor(copy), query, rangeOf(query), estimatedCtx, overrides).rows);
    }
    copy.close();
    store.close();
  });

  it('counts distinct values per group alike with a table and with the owner-and-pairs fallback', () => {
    const next = random(3);
    for (const [groups, values] of [[3, 5], [40, 300], [7, 2000]] as const) {
      const table = new DistinctPerGroup(values, groups);
      const pairs = new DistinctPerGroup(values, groups, 0);
      const expected = Array.from({ length: groups }, () => new Set<number>());
      for (let i = 0; i < 20_000; i++) {
        // values shared by a few groups, seen in runs and apart
        const group = Math.floor(next() * groups);
        const value = next() < 0.5 ? (group * 7 + Math.floor(next() * 3)) % values : Math.floor(next() * values);
        table.see(group, value);
        pairs.see(group, value);
        expected[group]!.add(value);
      }
      expect([...table.counts]).toEqual(expected.map((set) => set.size));
      expect([...pairs.counts]).toEqual(expected.map((set) => set.size));
    }
  });
});
