/**
 * GitHub Copilot usage metrics (`--fetch copilot`) against two loopback servers: the API (which wants the
 * token) and a storage host on another port serving the signed NDJSON links (which must never see it).
 * Records are written here from the documented user-level schema; expected figures are worked out by hand.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchCopilotUsage } from '../../../src/sources/copilot/usageMetrics';
import { createJsonGetter } from '../../../src/sources/http/client';
import { createTextDownloader } from '../../../src/sources/http/download';

const token = 'ghp_copilotTestToken0123456789never';
const day = (d: number) => Date.UTC(2026, 10, d);

/** one user-level record as the docs' example schema shows it, with the figures given */
function userRecord(dayText: string, login: string, id: number, interactions: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    day: dayText, enterprise_id: 'ent-1', user_id: id, user_login: login,
    user_initiated_interaction_count: interactions, code_generation_activity_count: 4, code_acceptance_activity_count: 2,
    loc_added_sum: 8, loc_deleted_sum: 0, loc_suggested_to_add_sum: 10, loc_suggested_to_delete_sum: 0,
    used_agent: false, used_chat: true,
    totals_by_feature: [{ feature: 'chat_panel_ask_mode', user_initiated_interaction_count: interactions }],
    totals_by_model_feature: [{ model: 'gpt-5', feature: 'chat_panel_ask_mode', user_initiated_interaction_count: interactions }],
    ...extra,
  };
}

const ndjson = (records: readonly unknown[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

// what the storage host serves, by path
const files = new Map<string, string>([
  // 2026-11-01 in two files, as large organisations get it
  ['/reports/2026-11-01/part-1.ndjson', ndjson([
    userRecord('2026-11-01', 'octocat', 1, 7, {
      ai_credits_used: 12.5,
      totals_by_cli: { prompt_count: 2, request_count: 2, session_count: 1, token_usage: { prompt_tokens_sum: 3800, output_tokens_sum: 5000, avg_tokens_per_request: 4400 } },
    }),
  ])],
  ['/reports/2026-11-01/part-2.ndjson', ndjson([userRecord('2026-11-01', 'hubot', 2, 3)])],
  ['/reports/2026-11-02/part-1.ndjson', ndjson([userRecord('2026-11-02', 'octocat', 1, 11, { ai_credits_used: 0.25 })]).replace(/\n$/, '\r\n')],
  // line 2 is cut off
  ['/reports/bad/part-1.ndjson', `${JSON.stringify(userRecord('2026-11-05', 'octocat', 1, 1))}\n{"day":"2026-11-05","user_login":\n`],
]);

let api: Server;
let storage: Server;
let apiBase: string;
let storageBase: string;
const apiSeen: { path: string; authorization?: string; accept?: string; version?: string }[] = [];
const storageSeen: { path: string; headers: IncomingHttpHeaders }[] = [];

function links(dayText: string): string[] | null {
  if (dayText === '2026-11-05') return [`${storageBase}/reports/bad/part-1.ndjson?sig=abc`];
  const paths = [...files.keys()].filter((path) => path.startsWith(`/reports/${dayText}/`));
  return paths.length === 0 ? null : paths.map((path) => `${storageBase}${path}?X-Signature=s3cr3t&expires=1`);
}

beforeAll(async () => {
  api = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    apiSeen.push({ path: url.pathname + url.search, authorization: request.headers.authorization, accept: request.headers.accept, version: request.headers['x-github-api-version'] as string | undefined });
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return json(401, { message: 'Bad credentials', status: '401' });
    const match = /^\/orgs\/acme\/copilot\/metrics\/reports\/users-1-day$/.exec(url.pathname);
    const dayText = url.searchParams.get('day') ?? '';
    const dayLinks = match ? links(dayText) : null;
    if (dayLinks === null) return json(404, { message: 'Not Found', status: '404' });
    json(200, { download_links: dayLinks, report_day: dayText });
  });
  storage = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    storageSeen.push({ path: url.pathname, headers: request.headers });
    const body = files.get(url.pathname);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/x-ndjson' });
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  storageBase = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await new Promise<void>((resolve) => storage.close(() => resolve()));
});
beforeEach(() => {
  apiSeen.length = 0;
  storageSeen.length = 0;
});

const get = createJsonGetter({ maxAttempts: 1 });
const download = createTextDownloader();
const fetchDays = (from: number, to: number, secret = token, org = 'acme', progress?: string[]) =>
  fetchCopilotUsage(get, download, { token: secret, org, baseUrl: apiBase, window: { from: day(from), to: day(to) }, onProgress: (m) => progress?.push(m) });

describe('Copilot users-1-day reports', () => {
  it('maps each user and day to one event: interactions as runs, AI credits, CLI tokens only where given', async () => {
    const events = await fetchDays(1, 3);
    const figures = events.map((e) => [e.ts, e.userId, e.orgId, e.requests, e.credits, e.inputTokens, e.outputTokens, e.cacheReadTokens, e.costReportedUsd, e.line]);
    expect(figures).toEqual([
      [day(1), 'octocat', 'ent-1', 7, 12.5, 3800, 5000, null, null, 0],
      // no CLI use, no credits field: empty, not 0
      [day(1), 'hubot', 'ent-1', 3, null, null, null, null, null, 0],
      [day(2), 'octocat', 'ent-1', 11, 0.25, null, null, null, null, 0],
    ]);
    expect(events.every((e) => e.eventKey.startsWith('copilot:') && e.status === 'ok')).toBe(true);
    expect(new Set(events.map((e) => e.eventKey)).size).toBe(3);
    // the same window again gives the same keys: a re-fetch replaces instead of adding
    expect((await fetchDays(1, 3)).map((e) => e.eventKey)).toEqual(events.map((e) => e.eventKey));
  });

  it('sends the token and GitHub headers to the API only; the signed links are downloaded without any of them', async () => {
    await fetchDays(1, 3);
    expect(apiSeen.map((r) => r.path)).toEqual([
      '/orgs/acme/copilot/metrics/reports/users-1-day?day=2026-11-01',
      '/orgs/acme/copilot/metrics/reports/users-1-day?day=2026-11-02',
    ]);
    expect(apiSeen.every((r) => r.authorization === `Bearer ${token}` && r.accept === 'application/vnd.github+json' && r.version === '2022-11-28')).toBe(true);
    expect(storageSeen.map((r) => r.path)).toEqual(['/reports/2026-11-01/part-1.ndjson', '/reports/2026-11-01/part-2.ndjson', '/reports/2026-11-02/part-1.ndjson']);
    for (const { headers } of storageSeen) {
      expect(headers.authorization).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(token);
      expect(headers['x-github-api-version']).toBeUndefined();
    }
  });

  it('a bad NDJSON line fails naming the link path and the line, not the signature', async () => {
    const failure = fetchDays(5, 6);
    await expect(failure).rejects.toThrow(`127.0.0.1:${new URL(storageBase).port}/reports/bad/part-1.ndjson line 2`);
    await expect(fetchDays(5, 6)).rejects.not.toThrow('sig=');
  });

  it('skips a day without a report (404) and says so; a window with no report at all fails', async () => {
    const progress: string[] = [];
    const events = await fetchDays(2, 4, token, 'acme', progress);
    expect(events.map((e) => e.ts)).toEqual([day(2)]);
    expect(progress.at(-1)).toBe('no Copilot report yet for 2026-11-03');
    await expect(fetchDays(1, 3, token, 'not-acme')).rejects.toMatchObject({ status: 404 });
    await expect(fetchDays(1, 3, token, 'not-acme')).rejects.toThrow('check --github-org "not-acme"');
  });

  it('a wrong token (401) fails with the status, never the token', async () => {
    const failure = fetchDays(1, 2, 'ghp_wrongToken');
    await expect(failure).rejects.toMatchObject({ status: 401 });
    await expect(fetchDays(1, 2, 'ghp_wrongToken')).rejects.not.toThrow('ghp_wrongToken');
    expect(storageSeen).toEqual([]);
  });

  it('refuses a plain-http download link when the API is https', async () => {
    const httpsGet = () => Promise.resolve({ download_links: ['http://storage.example/x.ndjson'], report_day: '2026-11-01' });
    await expect(fetchCopilotUsage(httpsGet, download, { token, org: 'acme', window: { from: day(1), to: day(2) } })).rejects.toThrow('a download link must be https');
  });
});

function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], { env: { ...process.env, GITHUB_TOKEN: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agent-usage --fetch copilot', () => {
  const window = ['--from', '2026-11-01', '--to', '2026-11-02', '--tz', 'UTC', '--format', 'json'];

  it('reports the fetched users: runs are interactions, credits summed', async () => {
    const run = await cli({ GITHUB_TOKEN: token }, 'report', 'users', '--fetch', 'copilot', '--github-org', 'acme', '--base-url', apiBase, ...window);
    expect(run.stderr).toContain('GitHub Copilot usage metrics (per user and day): 3 rows fetched');
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
    const byUser = Object.fromEntries(rows.map((row) => [row.user_id, row]));
    // octocat: 7 + 11 interactions, 12.5 + 0.25 credits; hubot: 3 interactions, no credits
    expect(byUser.octocat).toMatchObject({ total_runs: 18, credits_consumed: 12.75 });
    expect(byUser.hubot).toMatchObject({ total_runs: 3 });
    expect(storageSeen.every(({ headers }) => headers.authorization === undefined)).toBe(true);
  });

  it('needs --github-org and GITHUB_TOKEN (bad usage, exit 2)', async () => {
    const noOrg = await cli({ GITHUB_TOKEN: token }, 'report', 'users', '--fetch', 'copilot', '--base-url', apiBase, ...window);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toBe('agent-usage: --fetch copilot needs --github-org (the GitHub organisation)\n');
    const noToken = await cli({}, 'report', 'users', '--fetch', 'copilot', '--github-org', 'acme', '--base-url', apiBase, ...window);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('GITHUB_TOKEN');
  });
});
