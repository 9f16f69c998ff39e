/**
 * A large file is parsed in a thread of its own while the store worker writes (the built bundle has the
 * thread's script; these sources run without it, so the in-process import here reads every file in one
 * thread; the worker here hands files from 64 KiB to the thread, not from 4 MiB, to keep the files small). Both must give the same rows, counts, rejects and errors: our own columns with bad rows, a
 * recognised console export whose rows a later export replaces, JSON lines, and a users file (read by the
 * store worker itself).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/core/ingest/errors';
import { StoreClient } from '../../src/store/client';
import { importFile, type ImportOptions } from '../../src/store/importer';
import { loadEngine, openDatabase } from '../../src/store/sqlite';
import { anthropicCostHeader } from './formats/consoleExportHeaders';
import { csvText } from './formats/formatHelpers';

const dist = join(process.cwd(), 'dist');
const parseThreadFromBytes = 64 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'parse-thread-'));
let SQL: SqlJsStatic;
let store: StoreClient;
beforeAll(async () => {
  SQL = await loadEngine(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'));
  store = new StoreClient(join(dist, 'storeWorker.js'), { wasmPath: join(dist, 'sql-wasm.wasm'), parseThreadFromBytes });
});
afterAll(async () => {
  await store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A file past the threshold, so the worker hands it to a parse thread. */
function large(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  expect(statSync(path).size).toBeGreaterThanOrEqual(parseThreadFromBytes);
  return path;
}

function eventRows(count: number, bad: (index: number) => string | null): string[] {
  const lines = ['event_id,timestamp,agent_id,user_email,model,session_id,input_tokens,output_tokens,cost_usd,latency_ms,status'];
  for (let i = 0; i < count; i++) {
    const ts = new Date(Date.UTC(2026, 9, 1) + i * 7919).toISOString();
    lines.push(bad(i) ?? `e${i % 5000},${ts},agent_${i % 13},user${i % 29}@example.com,claude-sonnet-4-5,s${i % 997},${(i * 37) % 5000},${i % 700},${((i % 89) / 1000).toFixed(3)},${i % 3000}.5,${i % 17 === 0 ? 'error' : 'ok'}`);
  }
  return lines;
}

const rowsOf = (db: Database) => db.exec('SELECT * FROM events ORDER BY rowid')[0]?.values ?? [];
const dimensionsOf = (db: Database) => db.exec('SELECT user_id, email, name, role FROM users ORDER BY user_key')[0]?.values ?? [];

/** The same import in the worker (parse thread) and in this process (one thread): summary and stored rows. */
async function bothWays(paths: string[], options: Omit<ImportOptions, 'estimateCost'>) {
  const here = openDatabase(SQL);
  const inProcess: unknown[] = [];
  for (const path of paths) inProcess.push(await importFile(here, path, { ...options, now: 1 }).catch((error: unknown) => error));
  const inWorker: unknown[] = [];
  await store.call('restore', openDatabase(SQL).export());
  for (const path of paths) inWorker.push(await store.importFile(path, { ...options, now: 1 }).catch((error: unknown) => error));
  const copy = openDatabase(SQL, await store.call('snapshot'));
  const result = { inProcess, inWorker, hereRows: rowsOf(here), workerRows: rowsOf(copy), hereUsers: dimensionsOf(here), workerUsers: dimensionsOf(copy) };
  here.close();
  copy.close();
  return result;
}

describe('a large file parsed in a thread', () => {
  it('our columns: the same rows, duplicates and rejects (with skipped bad rows), in file order', async () => {
    const bad = (i: number) => (i === 5 ? 'e5,not-a-time,a,u@x,m,s,1,1,0,1,ok' : i === 7001 ? 'e7001,2026-10-02T00:00:00Z,a,u@x,m,s,-4,1,0,1,ok' : i === 9000 ? 'e9000,2026-10-02T00:00:00Z,a,u@x,m,s,1,1,0,1,maybe' : null);
    const path = large('events.csv', `${eventRows(10_000, bad).join('\n')}\n`);
    const result = await bothWays([path], { displayName: 'events.csv', skipBadRows: true });
    expect(result.inWorker).toEqual(result.inProcess);
    expect(result.inWorker[0]).toMatchObject({ rowsRead: 10_000, imported: 5000, duplicates: 4997, rejected: 3 });
    expect((result.inWorker[0] as { rejects: { line: number }[] }).rejects.map((reject) => reject.line)).toEqual([7, 7003, 9002]);
    expect(result.workerRows).toHaveLength(5000);
    expect(result.workerRows).toEqual(result.hereRows);
  });

  it('stops at the first bad row with the same ImportError, and leaves the store as it was', async () => {
    const path = large('bad.csv', `${eventRows(10_000, (i) => (i === 8000 ? 'e8000,2026-10-02T00:00:00Z,a,u@x,m,s,12,x,0,1,ok' : null)).join('\n')}\n`);
    const result = await bothWays([path], { displayName: 'bad.csv' });
    expect(result.inWorker[0]).toBeInstanceOf(ImportError);
    expect(result.inWorker[0]).toMatchObject({ file: 'bad.csv', line: 8002, column: 'output_tokens' });
    expect((result.inWorker[0] as Error).message).toBe((result.inProcess[0] as Error).message);
    expect(result.workerRows).toEqual([]);
  });

  it('a console export: recognised, each bucket replaced by a later export, a repeated bucket refused', async () => {
    const row = (day: number, key: string, cost: string) => [
      new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10), 'Claude Haiku 4.5', 'Default', key, 'message', '≤ 200k', 'output', cost, cost, 'token',
      'not_available', '', `apikey_${key}`, 'active',
    ];
    const body = (cost: (day: number, key: number) => string) => {
      const rows: string[][] = [];
      for (let day = 0; day < 80; day++) for (let key = 0; key < 60; key++) rows.push(row(day, `key-${key}`, cost(day, key)));
      return rows;
    };
    const first = large('cost-1.csv', csvText(anthropicCostHeader, body((day, key) => ((day * key) % 977 / 100).toFixed(2))));
    const later = large('cost-2.csv', csvText(anthropicCostHeader, body((day, key) => ((day * key) % 977 / 100 + (key === 3 ? 1 : 0)).toFixed(2))));
    const clash = large('cost-3.csv', csvText(anthropicCostHeader, [...body(() => '1.00'), row(79, 'key-59', '2.00')]));
    const result = await bothWays([first, later, clash], {});
    expect(result.inWorker.slice(0, 2)).toEqual(result.inProcess.slice(0, 2));
    expect(result.inWorker[0]).toMatchObject({ recognisedAs: { id: 'anthropic-cost', bucket: 'day' }, imported: 4800 });
    expect(result.inWorker[1]).toMatchObject({ imported: 0, updated: 80, duplicates: 4720 });
    expect((result.inWorker[2] as Error).message).toBe((result.inProcess[2] as Error).message);
    expect(result.inWorker[2]).toMatchObject({ line: 4802 });
    expect(result.workerRows).toEqual(result.hereRows);
  });

  it('JSON lines, and a users file (the store worker reads it itself)', async () => {
    const events = large('events.jsonl', `${Array.from({ length: 4000 }, (_, i) => JSON.stringify({ id: `j${i}`, timestamp: Date.UTC(2026, 3, 1) + i * 60_000, agent_id: `agent_${i % 9}`, user_id: `u${i % 300}`, model: 'gpt-4.1', input_tokens: i % 4000, output_tokens: i % 300, notes: 'x'.repeat(40) })).join('\n')}\n`);
    const users = large('users.csv', `user_id,email,name,role\n${Array.from({ length: 8000 }, (_, i) => `u${i},user${i}@example.com,User Number ${i} With A Long Name,${i % 5 === 0 ? 'admin' : 'member'}`).join('\n')}\n`);
    const result = await bothWays([users, events], {});
    expect(result.inWorker).toEqual(result.inProcess);
    expect(result.inWorker).toMatchObject([{ kind: 'users', imported: 8000 }, { kind: 'events', format: 'jsonl', imported: 4000, unknownColumns: ['notes'] }]);
    expect(result.workerUsers).toHaveLength(8000);
    expect(result.workerUsers).toEqual(result.hereUsers);
    expect(result.workerRows).toEqual(result.hereRows);
  });
});
