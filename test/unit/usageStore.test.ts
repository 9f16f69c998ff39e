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
