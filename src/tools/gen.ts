/**
 * Synthetic data CLI:
 *   node dist/tools/gen.js --events N [--seed S] [--out DIR] [--end-day YYYY-MM-DD] [--days D] [--tricky]
 *                    [--agents A] [--users U] [--models M]
 * Writes events.csv, agents.csv, users.csv and orgs.csv into DIR (default bench-data/).
 *   node dist/tools/gen.js --claude-code-folder DIR --lines N [--seed S] [--end-day YYYY-MM-DD] [--days D] [--snapshot-mb M]
 * Writes a Claude Code data folder (DIR/projects/…) of at least N transcript lines instead, plus a
 * `file-history-snapshot`-only transcript of M MiB when asked.
 */

import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  agentHeader,
  eventHeader,
  generateDimensions,
  generateEvents,
  orgHeader,
  userHeader,
  type GeneratorOptions,
} from './sample/generate';
import { writeClaudeCodeFolder } from './sample/claudeCodeFolder';

const USAGE =
  'usage: gen --events N [--seed S] [--out DIR] [--end-day YYYY-MM-DD] [--days D] [--tricky] [--agents A] [--users U] [--models M]\n' +
  '       gen --claude-code-folder DIR --lines N [--seed S] [--end-day YYYY-MM-DD] [--days D] [--snapshot-mb M]';

const NEEDS_QUOTE = /[",\r\n]/;

function quote(field: string): string {
  return NEEDS_QUOTE.test(field) ? '"' + field.replace(/"/g, '""') + '"' : field;
}

function csvLine(row: readonly string[]): string {
  let s = quote(row[0] ?? '');
  for (let i = 1; i < row.length; i++) s += ',' + quote(row[i]!);
  return s + '\n';
}

interface Args {
  opts: GeneratorOptions;
  out: string;
  claudeCode: { folder: string; lines: number; snapshotMb: number } | null;
}

function parseArgs(argv: string[]): Args {
  const opts: GeneratorOptions = { events: NaN, seed: 42, endDay: '2026-11-15', days: 365 };
  let out = 'bench-data';
  let claudeCodeFolder: string | null = null;
  let lines = NaN;
  let snapshotMb = 0;
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^-?\d+$/.test(v)) throw new Error(`${flag} needs an integer, got ${String(v)}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const val = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--events':
        opts.events = int(flag, val());
        break;
      case '--seed':
        opts.seed = int(flag, val());
        break;
      case '--out': {
        const v = val();
        if (!v) throw new Error('--out needs a directory');
        out = v;
        break;
      }
      case '--end-day': {
        const v = val();
        if (!v) throw new Error('--end-day needs YYYY-MM-DD');
        opts.endDay = v;
        break;
      }
      case '--days':
        opts.days = int(flag, val());
        break;
      case '--agents':
        opts.agents = int(flag, val());
        break;
      case '--users':
        opts.users = int(flag, val());
        break;
      case '--models':
        opts.models = int(flag, val());
        break;
      case '--claude-code-folder': {
        const v = val();
        if (!v) throw new Error('--claude-code-folder needs a directory');
        claudeCodeFolder = v;
        break;
      }
      case '--lines':
        lines = int(flag, val());
        break;
      case '--snapshot-mb':
        snapshotMb = int(flag, val());
        break;
      case '--tricky':
        opts.tricky = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE + '\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  if (claudeCodeFolder !== null) {
    if (!Number.isInteger(lines) || lines < 0) throw new Error('--lines N is required with --claude-code-folder');
    if (snapshotMb < 0) throw new Error('--snapshot-mb must not be negative');
    return { opts, out, claudeCode: { folder: claudeCodeFolder, lines, snapshotMb } };
  }
  if (!Number.isInteger(opts.events) || opts.events < 0) throw new Error('--events N is required');
  return { opts, out, claudeCode: null };
}

function writeSmall(file: string, header: readonly string[], rows: readonly string[][]): number {
  let s = csvLine(header);
  for (const r of rows) s += csvLine(r);
  fs.writeFileSync(file, s, 'utf8');
  return Buffer.byteLength(s, 'utf8');
}

async function writeEvents(file: string, rows: Iterable<string[]>): Promise<{ rows: number; bytes: number }> {
  const ws = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, reject) => ws.once('error', reject));
  failed.catch(() => undefined);
  const CHUNK = 1 << 20;
  let chunk = Buffer.allocUnsafe(CHUNK);
  let off = 0;
  let bytes = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    bytes += off;
    const ok = ws.write(chunk.subarray(0, off));
    chunk = Buffer.allocUnsafe(CHUNK); // the stream keeps the old one until written
    off = 0;
    if (!ok) await Promise.race([once(ws, 'drain'), failed]);
  };
  const put = async (line: string): Promise<void> => {
    // A UTF-16 code unit encodes to at most 3 UTF-8 bytes.
    if (off + line.length * 3 > CHUNK) {
      if (off > 0) await flush();
      if (line.length * 3 > CHUNK) {
        const big = Buffer.from(line, 'utf8');
        bytes += big.length;
        if (!ws.write(big)) await Promise.race([once(ws, 'drain'), failed]);
        return;
      }
    }
    off += chunk.write(line, off, 'utf8');
  };
  await put(csvLine(eventHeader));
  for (const row of rows) {
    const line = csvLine(row);
    count++;
    if (off + line.length * 3 <= CHUNK) off += chunk.write(line, off, 'utf8');
    else await put(line);
  }
  if (off > 0) await flush();
  ws.end();
  await Promise.race([once(ws, 'finish'), failed]);
  return { rows: count, bytes };
}

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

async function writeClaudeCode(target: NonNullable<Args['claudeCode']>, opts: GeneratorOptions, t0: number): Promise<void> {
  const startDay = new Date(Date.parse(`${opts.endDay}T00:00:00Z`) - (opts.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const summary = await writeClaudeCodeFolder({
    root: target.folder, lines: target.lines, seed: opts.seed, startDay, days: opts.days, snapshotBytes: target.snapshotMb * 1024 * 1024, bookkeeping: false,
  });
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(`seed ${String(opts.seed)}, ${startDay}..${opts.endDay} (${opts.days} days, UTC)\n`);
  process.stdout.write(`  ${path.join(target.folder, 'projects')}  ${summary.files.length} transcripts  ${summary.lines} lines  ${fmtBytes(summary.bytes)} (${summary.bytes} bytes)\n`);
  process.stdout.write(`  ${JSON.stringify(summary.written)}\n`);
  if (summary.snapshotFile) process.stdout.write(`  ${path.join(target.folder, summary.snapshotFile)}  ${fmtBytes(summary.snapshotBytes)} of file-history-snapshot lines\n`);
  process.stdout.write(`wrote ${summary.lines + summary.written.snapshot} lines in ${secs.toFixed(2)} s\n`);
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { opts, out } = args;
  const t0 = performance.now();
  if (args.claudeCode) {
    await writeClaudeCode(args.claudeCode, opts, t0);
    return;
  }
  const dims = generateDimensions(opts);
  const events = generateEvents(opts, dims);
  fs.mkdirSync(out, { recursive: true });

  const report: { file: string; rows: number; bytes: number }[] = [];
  const small: [string, readonly string[], string[][]][] = [
    ['orgs.csv', orgHeader, dims.orgs],
    ['users.csv', userHeader, dims.users],
    ['agents.csv', agentHeader, dims.agents],
  ];
  for (const [name, header, rows] of small) {
    const file = path.join(out, name);
    report.push({ file, rows: rows.length, bytes: writeSmall(file, header, rows) });
  }
  const evFile = path.join(out, 'events.csv');
  const ev = await writeEvents(evFile, events);
  report.push({ file: evFile, ...ev });
  const secs = (performance.now() - t0) / 1000;

  const lastDay = opts.endDay;
  const firstDay = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (opts.days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  process.stdout.write(
    `seed ${String(opts.seed)}, ${firstDay}..${lastDay} (${opts.days} days, UTC)${opts.tricky ? ', tricky' : ''}\n`,
  );
  for (const r of report) {
    process.stdout.write(`  ${r.file}  ${r.rows} rows  ${fmtBytes(r.bytes)} (${r.bytes} bytes)\n`);
  }
  process.stdout.write(
    `wrote ${ev.rows} events in ${secs.toFixed(2)} s (${Math.round(ev.rows / Math.max(secs, 1e-9)).toLocaleString('en-US')} rows/s)\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`gen failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
