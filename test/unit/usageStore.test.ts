import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/store/sqlite';
import { UsageStore } from '../../src/store/usageStore';

const dir = mkdtempSync(join(tmpdir(), 'usage-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { now: Date.UTC(2026, 10, 22, 12), timeZone: 'UTC', weekStartsOn: 1 as const };

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('report cache', () => {
  it('serves re-sorts from the cache and drops it when data changes', async () => {
    const store = UsageStore.open(await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm')));
    await store.importFile(file('a.csv', 'timestamp,agent_id,input_tokens\n2026-11-20T10:00:00Z,alpha,10\n2026-11-20T11:00:00Z,beta,30\n2026-11-20T12:00:00Z,beta,5\n'));
    const query = { report: 'agents' as const, timeframe: 'last-7-days' as const };
    const byRuns = await store.report(query, ctx);
    expect(byRuns.rows.map((row) => [row[1], row[4]])).toEqual([['beta', 2], ['alpha', 1]]);
    const byName = await store.report({ ...query, sort: { column: 'agent_id', direction: 'asc' } }, ctx);
    expect(byName.rows.map((row) => row[1])).toEqual(['alpha', 'beta']);

    await store.importFile(file('b.csv', 'timestamp,agent_id,input_tokens\n2026-11-21T10:00:00Z,alpha,1\n2026-11-21T10:00:01Z,alpha,1\n'));
    const after = await store.report(query, ctx);
    expect(after.rows.map((row) => [row[1], row[4]])).toEqual([['alpha', 3], ['beta', 2]]);

    await store.clear();
    expect((await store.report(query, ctx)).rows).toEqual([]);
    store.close();
  });
});

function eventsCsv(rows: number, start = 0, agent = (i: number) => `agent_${i % 7}`): string {
  const lines = ['event_id,timestamp,agent_id,input_tokens'];
  for (let i = start; i < start + rows; i++) lines.push(`e${i},${new Date(Date.UTC(2026, 10, 20) + i * 100).toISOString()},${agent(i)},${i % 50}`);
  return `${lines.join('\n')}\n`;
}

async function openStore(): Promise<UsageStore> {
  return UsageStore.open(await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm')));
}

describe('request order', () => {
  const query = { report: 'agents' as const, timeframe: 'last-7-days' as const };

  it('a report queued behind a running import is answered before a side-panel request queued earlier', async () => {
    const store = await openStore();
    const order: string[] = [];
    const importing = store.importFile(file('busy.csv', eventsCsv(20_000))).then(() => order.push('import'));
    const overview = store.overview(query, ctx, 'day').then(() => order.push('overview'));
    const detail = store.agentDetail('agent_1', 'last-7-days', ctx, 'day').then(() => order.push('agentDetail'));
    const report = store.report(query, ctx).then(() => order.push('report'));
    await Promise.all([importing, overview, detail, report]);
    expect(order).toEqual(['import', 'report', 'overview', 'agentDetail']);
    store.close();
  });

  it('never moves a read past a mutation: a report queued after an import sees it', async () => {
    const store = await openStore();
    const order: string[] = [];
    const first = store.importFile(file('first.csv', eventsCsv(20_000))).then(() => order.push('first import'));
    const overview = store.overview(query, ctx, 'day').then(() => order.push('overview'));
    const second = store.importFile(file('second.csv', eventsCsv(10, 100_000, () => 'late_agent'))).then(() => order.push('second import'));
    const report = store.report(query, ctx).then((result) => {
      order.push('report');
      return result;
    });
    const [, , , result] = await Promise.all([first, overview, second, report]);
    expect(order).toEqual(['first import', 'overview', 'second import', 'report']);
    expect(result.rows.map((row) => row[1])).toContain('late_agent');
    store.close();
  });
});

describe('multi-file import', () => {
  const bytesOf = async (store: UsageStore) => Buffer.from(await store.snapshot());

  it('imports every file in one transaction and reports each file', async () => {
    const store = await openStore();
    const summaries = await store.importFiles([
      { path: file('one.csv', eventsCsv(3)), options: { displayName: 'one.csv' } },
      { path: file('two.csv', eventsCsv(2, 10)), options: { displayName: 'two.csv' } },
    ]);
    expect(summaries.map((summary) => [summary.file, summary.imported])).toEqual([['one.csv', 3], ['two.csv', 2]]);
    expect((await store.stats()).events).toBe(5);
    store.close();
  });

  it('a failure in the second file leaves the database byte-identical (the first file is rolled back too)', async () => {
    const store = await openStore();
    await store.importFile(file('base.csv', eventsCsv(5, 500)));
    const before = await bytesOf(store);
    const failure = await store
      .importFiles([
        { path: file('good.csv', eventsCsv(50)), options: { displayName: 'good.csv' } },
        { path: file('bad.csv', 'timestamp,input_tokens\n2026-11-20T00:00:00Z,1\n2026-11-20T00:00:01Z,-3\n'), options: { displayName: 'bad.csv' } },
      ])
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ImportError', file: 'bad.csv', line: 3 });
    expect((await store.stats()).events).toBe(5);
    expect((await bytesOf(store)).equals(before)).toBe(true);
    store.close();
  });

  it('a cancellation during the second file leaves the database byte-identical', async () => {
    const store = await openStore();
    const before = await bytesOf(store);
    const controller = new AbortController();
    const started: number[] = [];
    const running = store.importFiles(
      [
        { path: file('small.csv', eventsCsv(10)), options: {} },
        { path: file('large.csv', eventsCsv(200_000, 1000)), options: {} },
      ],
      controller.signal,
      (index) => {
        started.push(index);
        if (index === 1) setTimeout(() => controller.abort(), 50);
      },
    );
    await expect(running).rejects.toMatchObject({ name: 'ImportCancelled' });
    expect(started).toEqual([0, 1]);
    expect((await bytesOf(store)).equals(before)).toBe(true);
    store.close();
  });
});
