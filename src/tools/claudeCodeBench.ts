/**
 * Our CLI and ccusage 20.0.24 on the same generated Claude Code folder, end to end (process start,
 * reading every transcript, the per-day per-model view): `agent-usage report timeseries --claude-code DIR
 * --granularity day --split model` against `ccusage claude daily --json --offline --breakdown`. Each is run
 * three times alternately; the ratio is of the fastest runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { logFiles } from '../core/ingest/local/discovery';
import { loadEngine } from '../store/sqlite';
import { UsageStore } from '../store/usageStore';
import { writeClaudeCodeFolder } from './sample/claudeCodeFolder';

export interface ClaudeCodeBench {
  lines: number;
  files: number;
  oursMs: number;
  ccusageMs: number | null;
  /** ours ÷ ccusage (goal: at most 2) */
  ratio: number | null;
  /** the events the folder gives and the database bytes per event after a scan of it (keys and session ids as these logs have them) */
  events: number;
  dbBytesPerEvent: number;
  ccusageMissing?: string;
}

function ccusageCli(): string | null {
  try {
    const manifest = createRequire(join(process.cwd(), 'package.json')).resolve('ccusage/package.json');
    return join(manifest, '..', 'src', 'cli.js');
  } catch {
    return null;
  }
}

function timedRun(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} failed: ${run.stderr.toString().slice(0, 500)}`);
  return ms;
}

/** The folder scanned into a store of its own: its events and database size. */
async function scannedStore(folder: string): Promise<{ events: number; bytes: number }> {
  const store = UsageStore.open(await loadEngine(join(__dirname, '..', 'sql-wasm.wasm')));
  try {
    await store.scanLocalLogs({ kind: 'claude-code', roots: [folder], endOfInput: true });
    const { events, bytes } = await store.stats();
    return { events, bytes };
  } finally {
    store.close();
  }
}

export async function benchClaudeCode(dataDir: string, lines: number): Promise<ClaudeCodeBench> {
  const folder = join(dataDir, `claude-code-${lines}`);
  const marker = join(folder, 'projects');
  if (!existsSync(marker)) await writeClaudeCodeFolder({ root: folder, lines, seed: 11, bookkeeping: false });
  const files = logFiles('claude-code', [folder]).length;
  const ours = ['report', 'timeseries', '--claude-code', folder, '--timeframe', 'all-time', '--granularity', 'day', '--split', 'model', '--tz', 'UTC', '--format', 'json'];
  const cli = join(__dirname, '..', 'cli.js');
  const ccusage = ccusageCli();
  const sealed = mkdtempSync(join(tmpdir(), 'ccusage-bench-'));
  const ccusageEnv = { ...process.env, HOME: sealed, XDG_CACHE_HOME: join(sealed, 'cache'), CLAUDE_CONFIG_DIR: folder, NO_COLOR: '1' };
  const oursTimes: number[] = [];
  const theirTimes: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      oursTimes.push(timedRun([cli, ...ours], process.env));
      if (ccusage) theirTimes.push(timedRun([ccusage, 'claude', 'daily', '--json', '--offline', '--breakdown', '--timezone', 'UTC'], ccusageEnv));
    }
  } finally {
    rmSync(sealed, { recursive: true, force: true });
  }
  const { events, bytes } = await scannedStore(folder);
  const oursMs = Math.round(Math.min(...oursTimes));
  const ccusageMs = ccusage ? Math.round(Math.min(...theirTimes)) : null;
  return {
    lines, files, oursMs, ccusageMs, ratio: ccusageMs ? Math.round((oursMs / ccusageMs) * 100) / 100 : null,
    events, dbBytesPerEvent: Math.round((bytes / events) * 10) / 10,
    ...(ccusage ? {} : { ccusageMissing: 'ccusage is not installed (npm install)' }),
  };
}
