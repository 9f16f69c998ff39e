/**
 * `agent-usage report … --fetch anthropic --base-url` against a loopback server serving the documented
 * usage-report shape: the report shows the fetched tokens, the key goes only to that server as
 * `x-api-key`, a wrong key exits 1 naming the source and the status without printing the key, a missing key
 * is bad usage. Re-fetching an overlapping window through the store replaces, never double counts.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankEvent } from '../../../src/core/ingest/blankEvent';
import { loadEngine } from '../../../src/store/sqlite';
import { UsageStore } from '../../../src/store/usageStore';
import { wasmPath } from '../helpers/db';

const key = 'sk-ant-admin01-test-key-never-printed';
const requests: { url: string; key: string | undefined; version: string | undefined }[] = [];
let server: Server;
let base: string;

/** One bucket per requested day with one result (hand-written from the documented shape). */
function usagePage(request: IncomingMessage): object {
  const url = new URL(request.url!, 'http://x');
  const from = Date.parse(url.searchParams.get('starting_at')!);
  const to = Date.parse(url.searchParams.get('ending_at')!);
  const data = [];
  for (let day = from; day < to; day += 86_400_000) {
    data.push({
      starting_at: new Date(day).toISOString().replace('.000Z', 'Z'),
      ending_at: new Date(day + 86_400_000).toISOString().replace('.000Z', 'Z'),
      results: [{
        uncached_input_tokens: 1000, cache_read_input_tokens: 200, cache_creation: { ephemeral_5m_input_tokens: 50, ephemeral_1h_input_tokens: 25 },
        output_tokens: 300, model: 'claude-sonnet-4-20250514', api_key_id: 'apikey_01', workspace_id: null,
      }],
    });
  }
  return { data, has_more: false, next_page: null };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ url: request.url!, key: request.headers['x-api-key'] as string | undefined, version: request.headers['anthropic-version'] as string | undefined });
    if (request.headers['x-api-key'] !== key) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(usagePage(request)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, ANTHROPIC_ADMIN_KEY: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const window = ['--from', '2026-11-01', '--to', '2026-11-03', '--tz', 'UTC'];

describe('agent-usage --fetch anthropic', () => {
  it('fetches the window from the server and reports its tokens per model; runs and error rate empty (the API counts no requests)', async () => {
    const run = await cli({ ANTHROPIC_ADMIN_KEY: key }, 'report', 'models', '--fetch', 'anthropic', '--base-url', base, ...window, '--format', 'json');
    expect(run.stderr).toContain('Anthropic Admin API usage: 3 rows fetched');
    expect(run.code).toBe(0);
    const [row] = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    // three days × (1000 uncached input, 200 cache read, 50 + 25 cache write, 300 output); the API gives no request
    // count, so runs are unknown (null), not 0, and so is the error rate derived from them
    expect(row).toMatchObject({
      model: 'claude-sonnet-4-20250514', input_tokens_total: 3000, output_tokens_total: 900, cache_read_tokens_total: 600, cache_write_tokens_total: 225,
      total_runs: null, error_rate: null,
    });
    const last = requests.at(-1)!;
    expect(last).toMatchObject({ key, version: '2023-06-01' });
    expect(new URL(last.url, base).searchParams.get('starting_at')).toBe('2026-11-01T00:00:00Z');
    expect(new URL(last.url, base).searchParams.get('ending_at')).toBe('2026-11-04T00:00:00Z');
  });

  it('a wrong key exits 1 naming the source and the status, never the key; a missing key is bad usage', async () => {
    const wrong = await cli({ ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-wrong' }, 'report', 'models', '--fetch', 'anthropic', '--base-url', base, ...window);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^agent-usage: anthropic: .*401/);
    expect(wrong.stderr).not.toContain('sk-ant-admin01-wrong');
    const missing = await cli({}, 'report', 'models', '--fetch', 'anthropic', '--base-url', base, ...window);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('agent-usage: --fetch anthropic needs Anthropic Admin API key (sk-ant-admin…) in the environment variable ANTHROPIC_ADMIN_KEY\n');
    const unknown = await cli({}, 'report', 'models', '--fetch', 'bedrock', ...window);
    expect(unknown.code).toBe(2);
  });
});

describe('storing a fetched window', () => {
  it('re-fetching an overlapping window replaces that window, rows outside it stay, nothing is counted twice', async () => {
    const store = UsageStore.open(await loadEngine(wasmPath));
    const day = (d: number) => Date.UTC(2026, 10, d);
    const event = (d: number, input: number) => ({ ...blankEvent(0, `anthropic-usage:${d}`, day(d)), model: 'm', requests: null, inputTokens: input });
    const batch = (from: number, to: number, events: ReturnType<typeof event>[]) => ({
      sourceId: 'fetch:anthropic', label: 'Anthropic Admin API usage', location: base, format: 'anthropic-usage', window: { from: day(from), to: day(to) }, events,
    });
    expect(await store.importFetched(batch(1, 4, [event(1, 10), event(2, 20), event(3, 30)]))).toMatchObject({ imported: 3, replaced: 0 });
    // days 2–4 again, with day 3 revised: days 2 and 3 are replaced, day 1 stays
    expect(await store.importFetched(batch(2, 5, [event(2, 20), event(3, 35), event(4, 40)]))).toMatchObject({ imported: 3, replaced: 2 });
    const [source] = await store.listSources();
    expect(source).toMatchObject({ id: 'fetch:anthropic', kind: 'fetch', rows: 4 });
    const report = await store.report({ report: 'models', timeframe: { from: '2026-11-01', to: '2026-11-30' } }, { now: day(30), timeZone: 'UTC', weekStartsOn: 1 });
    // 10 + 20 + 35 + 40
    expect(report.rows[0]![5]).toBe(105);
  });
});
