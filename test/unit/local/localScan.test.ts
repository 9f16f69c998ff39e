/**
 * Local log sources through the store: a Claude Code folder scanned into the database equals the
 * generator's record (and ccusage, through the CLI's day-by-model view); re-scans read only what is new,
 * re-read truncated files, survive a snapshot; a cancelled scan changes nothing; Remove takes exactly the
 * source's rows.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportCancelled } from '../../../src/core/ingest/errors';
import { loadEngine } from '../../../src/store/sqlite';
import { UsageStore } from '../../../src/store/usageStore';
import { writeClaudeCodeFolder, type ClaudeCodeFolderSummary } from '../../../src/tools/sample/claudeCodeFolder';
import { rows, wasmPath } from '../helpers/db';
import { ccusageDaily, findCcusage } from './ccusage';

type Totals = [number, number, number, number];

const dir = mkdtempSync(join(tmpdir(), 'aur-local-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let SQL: SqlJsStatic;
let folder: string;
let summary: ClaudeCodeFolderSummary;
beforeAll(async () => {
  SQL = await loadEngine(wasmPath);
  folder = join(dir, 'claude');
  summary = await writeClaudeCodeFolder({ root: folder, lines: 3000, seed: 7, startDay: '2026-10-01', days: 5, snapshotBytes: 1 << 20 });
});

/** [input, output, cache write, cache read] per `day model` in UTC, model-less messages left out. */
function generatedTotals(): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const m of summary.counted) {
    if (m.model === null) continue;
    const key = `${new Date(m.ts).toISOString().slice(0, 10)} ${m.fast ? `${m.model}-fast` : m.model}`;
    const t = totals.get(key) ?? [0, 0, 0, 0];
    totals.set(key, [t[0] + m.input, t[1] + m.output, t[2] + m.cacheWrite, t[3] + m.cacheRead]);
  }
  return totals;
}

function storedTotals(store: UsageStore): Map<string, Totals> {
  const result = rows(
    (store as unknown as { db: Database }).db,
    `SELECT date(e.ts / 1000, 'unixepoch') AS day, m.name AS model, SUM(e.input_tokens) AS i, SUM(e.output_tokens) AS o,
            SUM(e.cache_write_tokens) AS w, SUM(e.cache_read_tokens) AS r
     FROM events e JOIN models m USING (model_key) WHERE e.source = 'claude-code' GROUP BY day, model`,
  );
  return new Map(result.map((row) => [`${row.day} ${row.model}`, [row.i, row.o, row.w, row.r] as Totals]));
}

const sorted = (map: Map<string, Totals>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
const db = (store: UsageStore) => (store as unknown as { db: Database }).db;

describe('scanning a Claude Code folder into the store', () => {
  it('imports exactly the messages the generator counted, per day and model; a second scan reads nothing', async () => {
    const store = UsageStore.open(SQL);
    const first = await store.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
    expect(first).toMatchObject({ sourceId: 'claude-code', label: 'Claude Code logs', corrupt: summary.written.corrupt, rejected: 0 });
    expect(first.files).toBe(summary.files.length + (summary.snapshotFile ? 1 : 0));
    expect(first.imported).toBe(summary.counted.length);
    expect(sorted(storedTotals(store))).toEqual(sorted(generatedTotals()));
    const again = await store.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
    expect(again).toMatchObject({ imported: 0, filesUnchanged: again.files, lines: 0 });
  });

  it('a one-shot read (end of input, as the CLI reads) keeps no file states; a scan after it reads every line again and counts none twice', async () => {
    const store = UsageStore.open(SQL);
    const oneShot = await store.scanLocalLogs({ kind: 'claude-code', roots: [folder], endOfInput: true });
    expect(oneShot.imported).toBe(summary.counted.length);
    expect(rows(db(store), 'SELECT COUNT(*) AS n FROM scanned_files')).toEqual([{ n: 0 }]);
    const after = await store.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
    expect(after).toMatchObject({ imported: 0, filesUnchanged: 0, lines: oneShot.lines });
    // every line with usage is now a copy of a stored message, none better than it
    expect(after).toMatchObject({ replaced: 0, duplicates: oneShot.imported + oneShot.replaced + oneShot.duplicates });
    expect(sorted(storedTotals(store))).toEqual(sorted(generatedTotals()));
  });

  it('a re-scan reads only appended lines; a truncated file is read again from the start; state survives a snapshot', async () => {
    const root = join(dir, 'grow');
    const projects = join(root, 'projects', '-home-dev-demo');
    execFileSync('mkdir', ['-p', projects]);
    const file = join(projects, 'session-1.jsonl');
    const line = (n: number, input: number) =>
      JSON.stringify({
        type: 'assistant', timestamp: `2026-10-0${n}T10:00:00.000Z`, sessionId: 'session-1', requestId: `req-${n}`, cwd: '/home/dev/demo',
        message: { id: `msg-${n}`, role: 'assistant', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: input, output_tokens: 10, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
      }) + '\n';
    writeFileSync(file, line(1, 100) + line(2, 200));
    const store = UsageStore.open(SQL);
    expect(await store.scanLocalLogs({ kind: 'claude-code', roots: [root] })).toMatchObject({ imported: 2, lines: 2 });
    appendFileSync(file, line(3, 300));
    expect(await store.scanLocalLogs({ kind: 'claude-code', roots: [root] })).toMatchObject({ imported: 1, lines: 1, filesRestarted: 0 });

    // a reload: the snapshot keeps the scan state, so nothing is read twice
    const reopened = UsageStore.open(SQL, await store.snapshot());
    appendFileSync(file, line(4, 400));
    expect(await reopened.scanLocalLogs({ kind: 'claude-code', roots: [root] })).toMatchObject({ imported: 1, lines: 1 });

    // truncated to its first line, then a new line: read from the start; the first message is a duplicate
    const text = readFileSync(file, 'utf8');
    truncateSync(file, text.indexOf('\n') + 1);
    appendFileSync(file, line(5, 500));
    expect(await reopened.scanLocalLogs({ kind: 'claude-code', roots: [root] })).toMatchObject({ imported: 1, duplicates: 1, filesRestarted: 1 });
    expect(rows(db(reopened), "SELECT SUM(input_tokens) AS input, COUNT(*) AS n FROM events WHERE source = 'claude-code'")).toEqual([{ input: 1500, n: 5 }]);
  });

  it('a cancelled scan leaves the store as it was; Remove takes exactly the source\'s rows', async () => {
    const store = UsageStore.open(SQL);
    await store.importFile(join(process.cwd(), 'media', 'sample', 'events.csv'), { kind: 'events' });
    const controller = new AbortController();
    const scan = store.scanLocalLogs({ kind: 'claude-code', roots: [folder] }, controller.signal, (index) => {
      if (index === 5) controller.abort();
    });
    await expect(scan).rejects.toBeInstanceOf(ImportCancelled);
    expect(rows(db(store), 'SELECT COUNT(*) AS n FROM events')).toEqual([{ n: 4000 }]);
    expect(rows(db(store), 'SELECT COUNT(*) AS n FROM scanned_files')).toEqual([{ n: 0 }]);

    await store.scanLocalLogs({ kind: 'claude-code', roots: [folder] });
    const sources = await store.listSources();
    expect(sources.map((s) => [s.id, s.kind, s.rows])).toEqual([
      [`file:${join(process.cwd(), 'media', 'sample', 'events.csv')}`, 'file', 4000],
      ['claude-code', 'local-logs', summary.counted.length],
    ]);
    expect(await store.removeSource('claude-code')).toBe(summary.counted.length);
    expect(rows(db(store), 'SELECT COUNT(*) AS n FROM events')).toEqual([{ n: 4000 }]);
    expect(rows(db(store), 'SELECT COUNT(*) AS n FROM scanned_files')).toEqual([{ n: 0 }]);
    expect(await store.removeSource('claude-code')).toBeNull();
  });
});

const ccusage = findCcusage();

describe.skipIf('reason' in ccusage)('the CLI day-by-model view equals ccusage on the same folder', () => {
  it('agent-usage report timeseries --claude-code DIR --granularity day --split model --tz UTC', () => {
    const output = execFileSync(
      process.execPath,
      [join(process.cwd(), 'dist', 'cli.js'), 'report', 'timeseries', '--claude-code', folder, '--timeframe', 'all-time', '--granularity', 'day', '--split', 'model', '--tz', 'UTC', '--format', 'json'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ours = new Map<string, Totals>();
    for (const row of (JSON.parse(output) as { rows: Record<string, number | string | null>[] }).rows) {
      // empty buckets, and API errors (no model, no tokens), which ccusage does not list
      if (!row.input_tokens && !row.output_tokens && !row.cache_write_tokens && !row.cache_read_tokens) continue;
      ours.set(`${String(row.bucket_start).slice(0, 10)} ${String(row.series)}`, [Number(row.input_tokens), Number(row.output_tokens), Number(row.cache_write_tokens), Number(row.cache_read_tokens)]);
    }
    const theirs = new Map<string, Totals>();
    for (const day of ccusageDaily((ccusage as { command: string[] }).command, folder, 'UTC')) {
      for (const m of day.modelBreakdowns) theirs.set(`${day.date} ${m.modelName}`, [m.inputTokens, m.outputTokens, m.cacheCreationTokens, m.cacheReadTokens]);
    }
    expect(sorted(ours)).toEqual(sorted(theirs));
    expect(theirs.size).toBeGreaterThan(8);
  });
});

describe('Codex and OpenTelemetry through the store and the CLI', () => {
  it('--codex DIR and --otel FILE import what the generators wrote (uncached input, output incl. reasoning)', async () => {
    const { writeCodexHome } = await import('./codexHome');
    const { generateTraces } = await import('./otelTraces');
    const home = writeCodexHome(join(dir, 'codex-home'), 5);
    const traces = generateTraces(9, 40);
    const otelFile = join(dir, 'spans.jsonl');
    writeFileSync(otelFile, traces.batches.map((batch) => JSON.stringify(batch)).join('\n') + '\n');
    const cli = join(process.cwd(), 'dist', 'cli.js');
    const run = (...args: string[]) =>
      JSON.parse(execFileSync(process.execPath, [cli, 'report', 'models', ...args, '--timeframe', 'all-time', '--tz', 'UTC', '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
        rows: Record<string, number | string | null>[];
      };
    const sum = (rows: Record<string, number | string | null>[], column: string) => rows.reduce((total, row) => total + Number(row[column] ?? 0), 0);

    const codex = run('--codex', home.home).rows;
    // the generator's own record of the requests each thread made; Codex counts cached input inside input
    const expectedInput = home.requests.reduce((total, r) => total + r.input - r.cached - (r.cacheWrite ?? 0), 0);
    expect(sum(codex, 'input_tokens_total')).toBe(expectedInput);
    expect(sum(codex, 'output_tokens_total')).toBe(home.requests.reduce((total, r) => total + r.output, 0));
    expect(sum(codex, 'total_runs')).toBe(home.requests.length);

    const otel = run('--otel', otelFile).rows;
    expect(sum(otel, 'total_runs')).toBe(traces.expected.length);
    expect(sum(otel, 'output_tokens_total')).toBe(traces.expected.reduce((total, e) => total + (e.output ?? 0), 0));
  });
});

describe('a 500 MB transcript without usage', () => {
  const memory = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

  it('is read in bounded memory: the peak stays far below the file size, every line is counted as without usage', async () => {
    const root = join(dir, 'snapshot');
    const written = await writeClaudeCodeFolder({ root, lines: 10, seed: 3, startDay: '2026-10-01', days: 1, snapshotBytes: 500 * 1024 * 1024, bookkeeping: false });
    expect(written.snapshotBytes).toBeGreaterThanOrEqual(500 * 1024 * 1024);
    const store = UsageStore.open(SQL);
    const before = memory('VmRSS');
    const scan = await store.scanLocalLogs({ kind: 'claude-code', roots: [root] });
    const peakGrowth = memory('VmHWM') - before;
    expect(scan.skipped).toBeGreaterThanOrEqual(written.written.snapshot);
    expect(scan.longLinesSkipped).toBe(0);
    // holding the file, or its text, would add at least 500 MB
    expect(peakGrowth).toBeLessThan(200 * 1024 * 1024);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);
});
