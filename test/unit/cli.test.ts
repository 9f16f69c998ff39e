import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist', 'cli.js');
const sampleEvents = join(process.cwd(), 'media', 'sample', 'events.csv');
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const window = ['--from', '2026-11-01', '--to', '2026-11-15', '--tz', 'UTC'];

describe('agent-usage CLI on the sample data', () => {
  it('prints the agents report as CSV with the exact header and one row per agent', () => {
    const { code, stdout, stderr } = run('report', 'agents', '--input', sampleEvents, ...window, '--format', 'csv');
    expect(code).toBe(0);
    expect(stderr).toContain('4000 imported, 0 duplicates, 0 rejected (events)');
    const [header, ...rows] = stdout.trimEnd().split('\r\n');
    expect(header).toBe(
      'agent_name,agent_id,model_used,agent_type,total_runs,total_sessions,avg_runs_per_session,credits_consumed,input_tokens_total,output_tokens_total,avg_latency_ms,p95_latency_ms,error_rate',
    );
    expect(rows).toHaveLength(12);
  });

  it('totals in the report equal the raw file totals for the same window (independent sum)', () => {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(sampleEvents, 'utf8'), { header: true, skipEmptyLines: true });
    const from = Date.parse('2026-11-01T00:00:00Z');
    const to = Date.parse('2026-11-16T00:00:00Z');
    const inWindow = parsed.data.filter((row) => Date.parse(row.timestamp!) >= from && Date.parse(row.timestamp!) < to);
    const { stdout } = run('report', 'agents', '--input', sampleEvents, ...window, '--format', 'json');
    const report = JSON.parse(stdout) as Record<string, number>[];
    expect(report.reduce((sum, row) => sum + row.total_runs!, 0)).toBe(inWindow.length);
    expect(report.reduce((sum, row) => sum + row.input_tokens_total!, 0)).toBe(inWindow.reduce((sum, row) => sum + Number(row.input_tokens), 0));
  });

  it('filters, searches and limits to an organisation with its sub-organisations', () => {
    const all = JSON.parse(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--format', 'json').stdout) as unknown[];
    const acme = JSON.parse(
      run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--org', 'org_acme', '--include-sub-orgs', '--format', 'json').stdout,
    ) as unknown[];
    const acmeOnly = JSON.parse(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--org', 'org_acme', '--format', 'json').stdout) as unknown[];
    expect(all.length).toBeGreaterThan(acme.length);
    expect(acme.length).toBeGreaterThan(acmeOnly.length);
    const searched = JSON.parse(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--search', 'MÜLLER', '--format', 'json').stdout) as { user_email: string }[];
    expect(searched.map((row) => row.user_email)).toEqual(['zoe.muller@acme.example']);
  });

  it('--sample shifts the data so that the last day is today', () => {
    const { stdout } = run('report', 'user-usage', '--sample', '--now', '2026-12-01T12:00:00Z', '--tz', 'UTC', '--timeframe', 'today', '--format', 'json');
    const rows = JSON.parse(stdout) as { last_request_at: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.last_request_at.startsWith('2026-12-01T'))).toBe(true);
  });

  it('writes --out atomically and never overwrites without --force', () => {
    const out = join(dir, 'models.csv');
    expect(run('report', 'models', '--input', sampleEvents, ...window, '--format', 'csv', '--out', out).code).toBe(0);
    const first = readFileSync(out);
    writeFileSync(out, 'keep me');
    const refused = run('report', 'models', '--input', sampleEvents, ...window, '--format', 'csv', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists; pass --force');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(run('report', 'models', '--input', sampleEvents, ...window, '--format', 'csv', '--out', out, '--force').code).toBe(0);
    expect(readFileSync(out).equals(first)).toBe(true);
  });

  it('prints a daily time series with bucket starts in the report zone', () => {
    const { code, stdout } = run('report', 'timeseries', '--input', sampleEvents, '--from', '2026-11-14', '--to', '2026-11-15', '--tz', 'UTC', '--format', 'csv');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('bucket_start,series,runs,tokens,credits');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['2026-11-14T00:00:00.000+00:00,All', '2026-11-15T00:00:00.000+00:00,All']);
    const berlin = run('report', 'timeseries', '--input', sampleEvents, '--from', '2026-11-14', '--to', '2026-11-14', '--tz', 'Europe/Berlin', '--granularity', 'hour', '--format', 'csv');
    const hours = berlin.stdout.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(hours).toHaveLength(24);
    expect(hours[0]).toBe('2026-11-14T00:00:00.000+01:00');
    expect(hours[23]).toBe('2026-11-14T23:00:00.000+01:00');
  });

  it('bad data exits 1 with file, line and column; bad usage exits 2', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,output_tokens\n2026-11-01T10:00:00Z,5\n2026-11-01T11:00:00Z,1.5\n');
    const failed = run('report', 'agents', '--input', bad);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${bad}:3: column "output_tokens": expected a non-negative integer, got 1.5`);
    const skipped = run('report', 'agents', '--input', bad, '--skip-bad-rows', '--timeframe', 'all-time', '--format', 'json');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('1 imported, 0 duplicates, 1 rejected');
    expect(run('report', 'agents', '--input', bad, '--timeframe', 'last-9-days').code).toBe(2);
    expect(run('report', 'nothing', '--input', bad).code).toBe(2);
    expect(run('report', 'agents').code).toBe(2);
    expect(run('report', 'agents', '--input', join(dir, 'missing.csv')).code).toBe(2);
    expect(existsSync(join(dir, 'missing.csv'))).toBe(false);
  });
});
