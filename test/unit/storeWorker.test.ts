import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportCancelled, ImportError } from '../../src/core/ingest/errors';
import { StoreClient } from '../../src/store/client';

const dist = join(process.cwd(), 'dist');
const ctx = { now: Date.UTC(2026, 10, 22, 12), timeZone: 'UTC', weekStartsOn: 1 as const };
let dir: string;
let store: StoreClient;

function eventsCsv(rows: number, start = 0): string {
  const lines = ['event_id,timestamp,agent_id,user_email,input_tokens,output_tokens,status'];
  for (let i = start; i < start + rows; i++) {
    const ts = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
    lines.push(`e${i},${ts},agent_${i % 7},user${i % 5}@example.com,${i % 100},${i % 10},${i % 13 === 0 ? 'error' : 'ok'}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-worker-'));
  store = new StoreClient(join(dist, 'storeWorker.js'), { wasmPath: join(dist, 'sql-wasm.wasm') });
});

afterAll(async () => {
  await store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('store worker client', () => {
  it('imports in the worker and answers report requests', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, eventsCsv(70));
    const summary = await store.importFile(file, {});
    expect(summary).toMatchObject({ rowsRead: 70, imported: 70, duplicates: 0, rejected: 0, kind: 'events' });
    const report = await store.call('report', { report: 'agents', timeframe: { from: '2026-11-01', to: '2026-11-01' } }, ctx);
    expect(report.rows).toHaveLength(7);
    expect(report.rows.reduce((sum, row) => sum + Number(row[4]), 0)).toBe(70);
  });

  it('rejects with an ImportError that keeps file, line and column', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'timestamp,input_tokens\n2026-11-01T00:00:00Z,12\n2026-11-01T00:00:01Z,-3\n');
    const failure = await store.importFile(file, { displayName: 'bad.csv' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect(failure).toMatchObject({ file: 'bad.csv', line: 3, column: 'input_tokens' });
    expect((await store.call('stats')).events).toBe(70);
  });

  it('a cancelled import rolls back and leaves the data exactly as before', async () => {
    const before = await store.call('snapshot');
    const file = join(dir, 'big.csv');
    writeFileSync(file, eventsCsv(400_000, 1000));
    const controller = new AbortController();
    const running = store.importFile(file, {}, controller.signal);
    setTimeout(() => controller.abort(), 150);
    await expect(running).rejects.toBeInstanceOf(ImportCancelled);
    const after = await store.call('snapshot');
    expect((await store.call('stats')).events).toBe(70);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  });

  it('snapshot bytes restore into an identical database; garbage is refused without damage', async () => {
    const bytes = await store.call('snapshot');
    await expect(store.restore(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(/not a usage database/);
    expect((await store.call('stats')).events).toBe(70);
    await store.call('clear');
    expect((await store.call('stats')).events).toBe(0);
    await store.restore(bytes);
    expect((await store.call('stats')).events).toBe(70);
  });

  it('reports queued behind an import see either nothing or everything of it', async () => {
    const file = join(dir, 'mid.csv');
    writeFileSync(file, eventsCsv(50_000, 500_000));
    const importing = store.importFile(file, {});
    const during = store.call('stats');
    const [summary, stats] = await Promise.all([importing, during]);
    expect(summary.imported).toBe(50_000);
    expect(stats.events).toBe(50_070);
  });
});

describe('multi-file import in the worker', () => {
  it('runs in one transaction: a failure in the second file leaves the snapshot byte-identical', async () => {
    const before = await store.call('snapshot');
    const events = (await store.call('stats')).events;
    const good = join(dir, 'multi-good.csv');
    const bad = join(dir, 'multi-bad.csv');
    writeFileSync(good, eventsCsv(30, 900_000));
    writeFileSync(bad, 'timestamp,input_tokens\n2026-11-01T00:00:00Z,1\n2026-11-01T00:00:01Z,1.5\n');
    const started: number[] = [];
    const failure = await store
      .importFiles([{ path: good, options: { displayName: 'multi-good.csv' } }, { path: bad, options: { displayName: 'multi-bad.csv' } }], undefined, (index) => started.push(index))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect(failure).toMatchObject({ file: 'multi-bad.csv', line: 3, column: 'input_tokens' });
    expect(started).toEqual([0, 1]);
    expect((await store.call('stats')).events).toBe(events);
    expect(Buffer.from(await store.call('snapshot')).equals(Buffer.from(before))).toBe(true);
  });

  it('imports all files and answers one summary per file', async () => {
    const a = join(dir, 'multi-a.csv');
    const b = join(dir, 'multi-b.csv');
    writeFileSync(a, eventsCsv(4, 910_000));
    writeFileSync(b, eventsCsv(6, 920_000));
    const events = (await store.call('stats')).events;
    const summaries = await store.importFiles([{ path: a, options: {} }, { path: b, options: {} }]);
    expect(summaries.map((summary) => summary.imported)).toEqual([4, 6]);
    expect((await store.call('stats')).events).toBe(events + 10);
  });
});

describe('request order in the worker', () => {
  it('a report sent after an overview, both queued behind an import, is answered first', async () => {
    const file = join(dir, 'order.csv');
    writeFileSync(file, eventsCsv(30_000, 700_000));
    const order: string[] = [];
    const query = { report: 'agents' as const, timeframe: 'all-time' as const };
    const importing = store.importFile(file, {}).then(() => order.push('import'));
    const overview = store.call('overview', query, ctx, 'day').then(() => order.push('overview'));
    const report = store.call('report', query, ctx).then(() => order.push('report'));
    await Promise.all([importing, overview, report]);
    expect(order).toEqual(['import', 'report', 'overview']);
  });
});

describe('restore from a view into a larger buffer', () => {
  it('copies instead of detaching the caller buffer', async () => {
    const bytes = await store.call('snapshot');
    const larger = new Uint8Array(bytes.length + 16);
    larger.set(bytes, 8);
    const view = larger.subarray(8, 8 + bytes.length);
    await store.restore(view);
    expect(larger.byteLength).toBe(bytes.length + 16);
    expect(view[0]).toBe(bytes[0]);
  });

  it('a local log scan reports each file with the file count, and its source can be listed and removed', async () => {
    const project = join(dir, 'claude', 'projects', '-home-me-app');
    mkdirSync(project, { recursive: true });
    const line = (id: string, ts: string, input: number) =>
      JSON.stringify({
        type: 'assistant', sessionId: 's1', cwd: '/home/me/app', timestamp: ts, requestId: `req_${id}`,
        message: { id: `msg_${id}`, role: 'assistant', model: 'claude-sonnet-4-5', usage: { input_tokens: input, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
      });
    writeFileSync(join(project, 'a.jsonl'), `${line('a1', '2026-09-01T10:00:00Z', 10)}\n`);
    writeFileSync(join(project, 'b.jsonl'), `${line('b1', '2026-09-01T11:00:00Z', 20)}\n${line('b2', '2026-09-02T11:00:00Z', 30)}\n`);
    const before = (await store.call('stats')).events;
    const progress: [number, number][] = [];
    const summary = await store.scanLocalLogs({ kind: 'claude-code', roots: [join(dir, 'claude')], now: Date.UTC(2026, 10, 22) }, undefined, (index, count) => progress.push([index, count]));
    expect(progress).toEqual([[0, 2], [1, 2]]);
    expect(summary).toMatchObject({ sourceId: 'claude-code', files: 2, imported: 3 });
    const listed = (await store.call('listSources')).find((source) => source.id === 'claude-code');
    expect(listed).toEqual({
      id: 'claude-code', kind: 'local-logs', label: 'Claude Code logs', location: [join(dir, 'claude')], rows: 3,
      firstEventAt: Date.UTC(2026, 8, 1, 10), lastEventAt: Date.UTC(2026, 8, 2, 11), lastRefreshAt: Date.UTC(2026, 10, 22),
    });
    expect(await store.call('removeSource', 'claude-code')).toBe(3);
    expect(await store.call('removeSource', 'claude-code')).toBeNull();
    expect((await store.call('stats')).events).toBe(before);
  });
});

describe('a first local log scan in the store worker runs in a scan thread', () => {
  it('gives the same events and counts as the scan in one thread; Cancel leaves the store as it was', async () => {
    const { writeClaudeCodeFolder } = await import('../../src/tools/sample/claudeCodeFolder');
    const { loadEngine } = await import('../../src/store/sqlite');
    const { UsageStore } = await import('../../src/store/usageStore');
    const folder = join(dir, 'claude-threaded');
    const written = await writeClaudeCodeFolder({ root: folder, lines: 3000, seed: 21, startDay: '2026-10-01', days: 4 });
    // in this process the store has no built scan thread beside it, so it reads in one thread
    const singleStore = UsageStore.open(await loadEngine(join(dist, 'sql-wasm.wasm')));
    const single = await singleStore.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
    const singleAgents = (await singleStore.report({ report: 'agents', timeframe: 'all-time' }, ctx)).rows;
    const threaded = new StoreClient(join(dist, 'storeWorker.js'), { wasmPath: join(dist, 'sql-wasm.wasm') });
    try {
      const scan = await threaded.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
      const { rejects: _a, ...counts } = scan;
      const { rejects: _b, ...expected } = single;
      expect(counts).toEqual(expected);
      expect(scan.imported).toBe(written.counted.length);
      const report = await threaded.call('report', { report: 'models', timeframe: 'all-time' }, ctx);
      const runs = report.rows.reduce((sum, row) => sum + Number(row[2]), 0);
      expect(runs).toBe(written.counted.length);
      // the subagents' types come to the thread from the walk: the agents are named as in the one-thread scan
      const agents = (await threaded.call('report', { report: 'agents', timeframe: 'all-time' }, ctx)).rows;
      expect(agents).toEqual(singleAgents);
      expect(agents.map((row) => row[0])).toEqual(expect.arrayContaining(['Claude Code Explore', 'Claude Code code-reviewer']));

      const other = new StoreClient(join(dist, 'storeWorker.js'), { wasmPath: join(dist, 'sql-wasm.wasm') });
      try {
        const controller = new AbortController();
        const cancelled = other.scanLocalLogs({ kind: 'claude-code', roots: [folder] }, controller.signal, () => controller.abort());
        await expect(cancelled).rejects.toBeInstanceOf(ImportCancelled);
        expect(await other.call('listSources')).toEqual([]);
        expect((await other.call('stats')).events).toBe(0);
      } finally {
        await other.dispose();
      }
    } finally {
      await threaded.dispose();
    }
  }, 60_000);
});
