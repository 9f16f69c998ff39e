import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const rawControlCharacter = /[\u0000-\u0008\u000b-\u001f]/;

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
    const report = (JSON.parse(stdout) as { rows: Record<string, number>[] }).rows;
    expect(report.reduce((sum, row) => sum + row.total_runs!, 0)).toBe(inWindow.length);
    expect(report.reduce((sum, row) => sum + row.input_tokens_total!, 0)).toBe(inWindow.reduce((sum, row) => sum + Number(row.input_tokens), 0));
  });

  it('filters, searches and limits to an organisation with its sub-organisations', () => {
    const rowsOf = (stdout: string) => (JSON.parse(stdout) as { rows: unknown[] }).rows;
    const all = rowsOf(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--format', 'json').stdout);
    const acme = rowsOf(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--org', 'org_acme', '--include-sub-orgs', '--format', 'json').stdout);
    const acmeOnly = rowsOf(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--tz', 'UTC', '--org', 'org_acme', '--format', 'json').stdout);
    expect(all.length).toBeGreaterThan(acme.length);
    expect(acme.length).toBeGreaterThan(acmeOnly.length);
    const searched = rowsOf(run('report', 'users', '--sample', '--now', '2026-11-22T12:00:00Z', '--search', 'MÜLLER', '--format', 'json').stdout) as { user_email: string }[];
    expect(searched.map((row) => row.user_email)).toEqual(['zoe.muller@acme.example']);
  });

  it('--sample shifts the data so that the last day is today', () => {
    const { stdout } = run('report', 'user-usage', '--sample', '--now', '2026-12-01T12:00:00Z', '--tz', 'UTC', '--timeframe', 'today', '--format', 'json');
    const { rows } = JSON.parse(stdout) as { rows: { last_request_at: string }[] };
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
    expect(lines[0]).toBe(
      'bucket_start,series,runs,tokens,credits,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['2026-11-14T00:00:00.000+00:00,All', '2026-11-15T00:00:00.000+00:00,All']);
    const berlin = run('report', 'timeseries', '--input', sampleEvents, '--from', '2026-11-14', '--to', '2026-11-14', '--tz', 'Europe/Berlin', '--granularity', 'hour', '--format', 'csv');
    const hours = berlin.stdout.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(hours).toHaveLength(24);
    expect(hours[0]).toBe('2026-11-14T00:00:00.000+01:00');
    expect(hours[23]).toBe('2026-11-14T23:00:00.000+01:00');
  });

  it('time series: tokens of a day whose runs report none are an empty cell, a day without runs 0', () => {
    const events = join(dir, 'no-tokens.csv');
    writeFileSync(events, 'timestamp,input_tokens,output_tokens,credits\n2026-11-14T10:00:00Z,,,0.5\n');
    const { code, stdout } = run('report', 'timeseries', '--input', events, '--from', '2026-11-14', '--to', '2026-11-15', '--tz', 'UTC', '--format', 'csv');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'bucket_start,series,runs,tokens,credits,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd\r\n' +
        '2026-11-14T00:00:00.000+00:00,All,1,,0.5,,,,,,\r\n2026-11-15T00:00:00.000+00:00,All,0,0,0,0,0,0,0,0,0\r\n',
    );
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

describe('agent-usage CLI on bad input (issue 7)', () => {
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const allTime = ['--timeframe', 'all-time', '--tz', 'UTC'];

  it('huge credits are a rejected row at import, so csv and json exports stay finite', () => {
    const path = csv('huge.csv', 'timestamp,agent_id,credits\n2026-11-01T10:00:00Z,a1,2\n2026-11-01T11:00:00Z,a1,1.8e302\n2026-11-01T12:00:00Z,a1,1.8e302\n');
    const strict = run('report', 'agents', '--input', path, ...allTime);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${path}:3: column "credits": number 1.8e302 is larger than 10^15`);
    const json = run('report', 'agents', '--input', path, ...allTime, '--skip-bad-rows', '--format', 'json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { rows: { credits_consumed: number }[] }).rows[0]!.credits_consumed).toBe(2);
    expect(run('report', 'agents', '--input', path, ...allTime, '--skip-bad-rows', '--format', 'csv').code).toBe(0);
  });

  it('lists 20 rejected rows and counts the rest', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `2026-11-01T10:00:${String(i).padStart(2, '0')}Z,x${i}`);
    const path = csv('many-bad.csv', `timestamp,input_tokens\n${lines.join('\n')}\n2026-11-01T11:00:00Z,1\n`);
    const { code, stderr } = run('report', 'agents', '--input', path, ...allTime, '--skip-bad-rows', '--format', 'csv');
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((line) => line.includes('expected a non-negative integer'))).toHaveLength(20);
    expect(stderr).toContain('  … and 5 more rejected rows\n');
  });

  it('escapes control characters from cells and headers instead of sending them to the terminal', () => {
    const path = csv('control.csv', 'timestamp,input_tokens,\u001b]0;title\u0007\n2026-11-01T10:00:00Z,\u001b[2J\u0000,x\n');
    const { stderr } = run('report', 'agents', '--input', path, ...allTime, '--skip-bad-rows', '--format', 'csv');
    expect(stderr).toContain('got \\x1b[2J\\x00');
    expect(stderr).toContain('ignored columns: \\x1b]0;title\\x07');
    expect(stderr).not.toMatch(rawControlCharacter);
  });

  it('summarises 100k unknown columns in one short line', () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `extra_${i}`);
    const path = csv('wide.csv', `timestamp,${extra.join(',')}\n2026-11-01T10:00:00Z,${extra.map(() => '').join(',')}\n`);
    const { code, stderr } = run('report', 'agents', '--input', path, ...allTime, '--format', 'csv');
    expect(code).toBe(0);
    const line = stderr.split('\n').find((text) => text.includes('ignored columns'))!;
    expect(line).toBe('  ignored columns: extra_0, extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8, extra_9 and 99990 more');
  });

  it('an --input value that starts with a dash is a usage error naming it; --input=-x works', () => {
    csv('-dash.csv', 'timestamp,input_tokens\n2026-11-01T10:00:00Z,3\n');
    const spawn = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
    const refused = spawn('report', 'agents', '--input', '-dash.csv', ...allTime);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('agent-usage: --input value "-dash.csv" starts with a dash; write --input=-dash.csv (or ./-dash.csv for a file)\n');
    const taken = spawn('report', 'agents', '--input=-dash.csv', ...allTime, '--format', 'csv');
    expect(taken.status).toBe(0);
    expect(taken.stderr).toContain('-dash.csv: 1 imported');
  });

  it('a folder with nothing readable, or a FIFO, as --input is refused naming it (exit 1), without blocking', () => {
    const folder = join(dir, 'x.json');
    mkdirSync(folder);
    const fifo = join(dir, 'in.json');
    execFileSync('mkfifo', [fifo]);
    const a = run('report', 'agents', '--input', folder, ...allTime);
    expect(a.code).toBe(1);
    expect(a.stderr).toBe(`agent-usage: ${folder}: no data file in it could be read\n`);
    const b = spawnSync(process.execPath, [cli, 'report', 'agents', '--input', fifo, ...allTime], { encoding: 'utf8', timeout: 20_000 });
    expect(b.status).toBe(1);
    expect(b.stderr).toBe(`agent-usage: ${fifo}: cannot read the file (it is a named pipe (FIFO), not a regular file)\n`);
  });

  it('--out /dev/null and --out FIFO are written to directly; only regular files are "exists"', async () => {
    expect(run('report', 'agents', '--input', sampleEvents, ...window, '--format', 'csv', '--out', '/dev/null')).toMatchObject({ code: 0, stderr: expect.not.stringContaining('exists') });
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((resolveClosed) => reader.on('close', resolveClosed));
    const writer = spawn(process.execPath, [cli, 'report', 'agents', '--input', sampleEvents, ...window, '--format', 'csv', '--out', fifo]);
    const code = await new Promise((resolveCode) => writer.on('close', resolveCode));
    await closed;
    expect(code).toBe(0);
    expect(received.split('\r\n')[0]).toMatch(/^agent_name,agent_id,/);
    expect(readdirSync(dir).filter((name) => name.includes('out.fifo') && name.endsWith('.tmp'))).toEqual([]);
    const folder = join(dir, 'out-dir');
    mkdirSync(folder);
    expect(run('report', 'agents', '--input', sampleEvents, ...window, '--out', folder)).toMatchObject({ code: 2 });
  });

  it('under a virtual-memory limit sql.js cannot start: an internal error with exit 3 that says so', () => {
    const limited = spawnSync('bash', ['-c', `ulimit -v 4194304 && exec "${process.execPath}" "${cli}" report agents --input "${sampleEvents}"`], { encoding: 'utf8' });
    expect(limited.status).toBe(3);
    expect(limited.stderr).toContain('agent-usage: internal error: the SQLite engine (WebAssembly) could not get memory');
    expect(limited.stderr).toContain('ulimit -v');
  });
});

describe('agent-usage --input folders, --source-format and sources (issue 8)', () => {
  const openaiHeader =
    'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,' +
    'input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,' +
    'output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens';
  // 2026-11-02 and 2026-11-03 UTC, one daily bucket each
  const openaiRows = [
    '1793577600,1793664000,2026-11-02T00:00:00+00:00,2026-11-03T00:00:00+00:00,p,6.0,user_a,k,gpt-4o,FALSE,default,900.0,90.0,300.0,600.0,900.0,90.0,300.0,0.0,0.0,0.0,0.0,0.0,0.0',
    '1793664000,1793750400,2026-11-03T00:00:00+00:00,2026-11-04T00:00:00+00:00,p,4.0,user_a,k,gpt-4o,FALSE,default,100.0,10.0,0.0,100.0,100.0,10.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0',
  ];
  const folder = join(dir, 'exports');
  mkdirSync(join(folder, 'nested'), { recursive: true });
  writeFileSync(join(folder, 'nested', 'openai.csv'), `${openaiHeader}\n${openaiRows.join('\n')}\n`);
  writeFileSync(join(folder, 'own.csv'), 'ts,agent_id,input_tokens\n2026-11-02T10:00:00Z,bot,5\n');
  writeFileSync(join(folder, 'unknown.csv'), 'colour,weight\nred,1\n');
  writeFileSync(join(folder, 'notes.md'), '# notes\n');
  const nov = ['--from', '2026-11-01', '--to', '2026-11-30', '--tz', 'UTC'];

  it('a folder is walked: recognised files are imported, the others listed as skipped', () => {
    const { code, stdout, stderr } = run('report', 'models', '--input', folder, ...nov, '--format', 'json');
    expect(code).toBe(0);
    expect(stderr).toContain(`skipped ${join(folder, 'notes.md')}: not a data file`);
    expect(stderr).toContain(`skipped ${join(folder, 'unknown.csv')}: ${join(folder, 'unknown.csv')}:1: cannot tell what this file holds from its columns`);
    expect(stderr).toContain(`${join(folder, 'nested', 'openai.csv')}: 2 imported, 0 duplicates, 0 rejected (events)\n  read as OpenAI usage export · daily · 2 rows · 2026-11-02..03 (UTC) · input included cache: converted`);
    const models = (JSON.parse(stdout) as { rows: Record<string, unknown>[] }).rows;
    // gpt-4o: uncached input (900 − 300) + (100 − 0) = 700, cache reads 300, runs 6 + 4
    expect(models.find((row) => row.model === 'gpt-4o')).toMatchObject({ total_runs: 10, input_tokens_total: 700, cache_read_tokens_total: 300, output_tokens_total: 100 });
  });

  it('sources prints what each file was read as, with rows and UTC days; unrecognised files are rows too', () => {
    const { code, stdout } = run('sources', '--input', folder, '--format', 'csv');
    expect(code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((row) => [row.file, row.read_as, row.format_id, row.bucket, row.rows, row.first_day_utc, row.last_day_utc])).toEqual([
      [join(folder, 'nested', 'openai.csv'), 'OpenAI usage export', 'openai-usage', 'day', '2', '2026-11-02', '2026-11-03'],
      [join(folder, 'own.csv'), 'events (our columns)', 'own-events', '', '1', '2026-11-02', '2026-11-02'],
      [join(folder, 'notes.md'), 'unrecognised', '', '', '', '', ''],
      [join(folder, 'unknown.csv'), 'unrecognised', '', '', '', '', ''],
    ]);
  });

  it('--source-format reads a file as the named format; an unknown id is a usage error (exit 2)', () => {
    const forced = run('report', 'models', '--input', join(folder, 'nested', 'openai.csv'), '--source-format', 'openai-usage', ...nov, '--format', 'csv');
    expect(forced.code).toBe(0);
    const wrong = run('report', 'models', '--input', join(folder, 'own.csv'), '--source-format', 'openai-usage', ...nov);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^agent-usage: .*own\.csv:1: not an OpenAI usage export: the header lacks "start_time", "end_time"/);
    const unknown = run('report', 'models', '--input', folder, '--source-format', 'nope', ...nov);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^agent-usage: --source-format must be one of openai-usage/);
  });
});

describe('agent-usage CLI: cost modes and price overrides (issue 8)', () => {
  // USD per million tokens from the bundled price table: claude-sonnet-4 input 3, cache read 0.30, cache write 3.75,
  // output 15; gpt-4o input 2.50, cache read 1.25, output 10. acme-llm-9 is in no price table.
  //   c1: 1000×3 + 2000×0.30 + 400×3.75 + 500×15 = 3000 + 600 + 1500 + 7500 = 12600 → $0.0126 (reported $0.02)
  //   c2: 800×2.50 + 200×1.25 + 100×10 = 2000 + 250 + 1000 = 3250 → $0.00325 (nothing reported)
  //   c3, c4: no price (c4 reported $0.5)
  const events = join(dir, 'costs.csv');
  writeFileSync(
    events,
    [
      'event_id,timestamp,model,provider,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd',
      'c1,2026-11-14T10:00:00Z,claude-sonnet-4,anthropic,1000,2000,400,500,100,0.02',
      'c2,2026-11-14T11:00:00Z,gpt-4o,openai,800,200,0,100,0,',
      'c3,2026-11-15T09:00:00Z,acme-llm-9,,1000,0,0,1000,0,',
      'c4,2026-11-15T10:00:00Z,acme-llm-9,,10,0,0,10,0,0.5',
    ].join('\n'),
  );
  const days = ['--input', events, '--from', '2026-11-14', '--to', '2026-11-15', '--tz', 'UTC'];
  const costColumns = (stdout: string) =>
    (JSON.parse(stdout) as { rows: Record<string, unknown>[] }).rows.map((row) => [row.model, row.cost_usd, row.cost_reported_usd, row.cost_estimated_usd]);
  const noPrice = { unpricedModels: ['acme-llm-9'], unpricedTokenKinds: [], sentence: '1 model has no price: totals are a floor' };

  it('--cost-mode picks cost_usd; Usage by Model shows reported and estimated beside it; JSON carries the coverage', () => {
    const estimated = run('report', 'models', ...days, '--cost-mode', 'estimated', '--format', 'json');
    expect(estimated.code).toBe(0);
    expect(costColumns(estimated.stdout)).toEqual([
      ['acme-llm-9', null, 0.5, null],
      ['claude-sonnet-4', 0.0126, 0.02, 0.0126],
      ['gpt-4o', 0.00325, null, 0.00325],
    ]);
    expect((JSON.parse(estimated.stdout) as { cost: unknown }).cost).toEqual({ mode: 'estimated', coverage: noPrice });
    expect(estimated.stderr).not.toContain('totals are a floor');

    const auto = run('report', 'models', ...days, '--format', 'json');
    expect(costColumns(auto.stdout).map((row) => row[1])).toEqual([0.5, 0.02, 0.00325]);
    expect((JSON.parse(auto.stdout) as { cost: unknown }).cost).toEqual({ mode: 'auto', coverage: noPrice });

    const reported = run('report', 'models', ...days, '--cost-mode', 'reported', '--format', 'json');
    expect(costColumns(reported.stdout).map((row) => row[1])).toEqual([0.5, 0.02, null]);
    expect((JSON.parse(reported.stdout) as { cost: unknown }).cost).toEqual({ mode: 'reported', coverage: null });
  });

  it('prints the coverage sentence on stderr beside a table, never in it', () => {
    const table = run('report', 'models', ...days);
    expect(table.code).toBe(0);
    expect(table.stderr).toContain('note: 1 model has no price: totals are a floor\n');
    expect(table.stdout).not.toContain('floor');
    // in reported mode no estimate is used, so there is nothing to say
    expect(run('report', 'models', ...days, '--cost-mode', 'reported').stderr).not.toContain('floor');
  });

  it('--price-overrides prices a model the table lacks (acme-llm-9 at $1 / $2 per MTok)', () => {
    const overrides = join(dir, 'prices.json');
    writeFileSync(overrides, JSON.stringify({ 'ACME-llm-9': { inputPerMTok: 1, outputPerMTok: 2 } }));
    const { code, stdout, stderr } = run('report', 'models', ...days, '--cost-mode', 'estimated', '--price-overrides', overrides, '--format', 'json');
    expect(code).toBe(0);
    // c3: 1000×1 + 1000×2 = 3000; c4: 10×1 + 10×2 = 30 → 3030 per million
    expect(costColumns(stdout)[0]).toEqual(['acme-llm-9', 0.00303, 0.5, 0.00303]);
    expect((JSON.parse(stdout) as { cost: unknown }).cost).toEqual({ mode: 'estimated', coverage: { unpricedModels: [], unpricedTokenKinds: [], sentence: null } });
    expect(stderr).not.toContain('floor');
  });

  it('report timeseries: each token kind and the cost in the cost mode beside runs, tokens and credits', () => {
    const header = 'bucket_start,series,runs,tokens,credits,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd';
    // 14th: c1 + c2 (tokens = input + output = 1000 + 500 + 800 + 100); no credits column, so credits are empty
    // 15th: c3 + c4; estimated: neither has a price, auto: c4's reported $0.5
    const estimated = run('report', 'timeseries', ...days, '--cost-mode', 'estimated', '--format', 'csv');
    expect(estimated.code).toBe(0);
    expect(estimated.stdout).toBe(
      `${header}\r\n` +
        '2026-11-14T00:00:00.000+00:00,All,2,2400,,1800,600,2200,400,100,0.01585\r\n' +
        '2026-11-15T00:00:00.000+00:00,All,2,2020,,1010,1010,0,0,0,\r\n',
    );
    expect(estimated.stderr).toContain('note: 1 model has no price: totals are a floor\n');
    const auto = run('report', 'timeseries', ...days, '--format', 'json');
    const parsed = JSON.parse(auto.stdout) as { rows: Record<string, unknown>[]; cost: unknown };
    expect(parsed.rows.map((row) => [row.bucket_start, row.cost_usd, row.reasoning_tokens])).toEqual([
      ['2026-11-14T00:00:00.000+00:00', 0.02325, 100],
      ['2026-11-15T00:00:00.000+00:00', 0.5, 0],
    ]);
    expect(parsed.cost).toEqual({ mode: 'auto', coverage: noPrice });
  });

  it('bad --cost-mode or --price-overrides is bad usage (exit 2) with a clear message', () => {
    const cheap = run('report', 'models', ...days, '--cost-mode', 'cheap');
    expect(cheap).toMatchObject({ code: 2, stdout: '' });
    expect(cheap.stderr).toBe('agent-usage: --cost-mode must be one of reported, estimated, auto; got "cheap"\n');
    const missing = join(dir, 'no-prices.json');
    expect(run('report', 'models', ...days, '--price-overrides', missing)).toMatchObject({ code: 2, stderr: `agent-usage: --price-overrides file not found: ${missing}\n` });
    const notJson = join(dir, 'prices.txt');
    writeFileSync(notJson, 'gpt-4o = 3');
    const unreadable = run('report', 'models', ...days, '--price-overrides', notJson);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(new RegExp(`^agent-usage: --price-overrides ${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not JSON \\(`));
    const invalid = join(dir, 'bad-prices.json');
    writeFileSync(invalid, JSON.stringify({ 'gpt-4o': { inputPerMTok: 2.5 }, o3: { inputPerMTok: -1, outputPerMTok: 8 } }));
    expect(run('report', 'models', ...days, '--price-overrides', invalid)).toMatchObject({
      code: 2,
      stderr:
        `agent-usage: --price-overrides ${invalid}: price override "gpt-4o": outputPerMTok is missing; ` +
        'price override "o3": inputPerMTok must be a non-negative number of USD per million tokens, got -1\n',
    });
  });
});
