/**
 * Token totals equal ccusage's on the same folder: a generated Claude Code folder with the hard cases, read
 * by our reader and by ccusage 20.0.24, summed per day and model in three time zones, and both checked
 * against the generator's own record of the messages it wrote.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { writeClaudeCodeFolder, type ClaudeCodeFolderSummary } from '../../../src/tools/sample/claudeCodeFolder';
import { ccusageDaily, findCcusage } from './ccusage';
import { readClaudeCodeFolder, type FolderRead } from './readClaudeCodeFolder';

/** [input, output, cache write, cache read] */
type Totals = [number, number, number, number];

interface Tokens {
  ts: number;
  model: string | null;
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Per `day model` (and per `day` for all models, model-less messages included) in the zone. */
function byDayAndModel(items: readonly Tokens[], timeZone: string): Map<string, Totals> {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const totals = new Map<string, Totals>();
  const add = (key: string, item: Tokens) => {
    const t = totals.get(key) ?? [0, 0, 0, 0];
    totals.set(key, [t[0] + item.input, t[1] + item.output, t[2] + item.cacheWrite, t[3] + item.cacheRead]);
  };
  for (const item of items) {
    const date = day.format(item.ts);
    add(date, item);
    if (item.model !== null) add(`${date} ${item.model}`, item);
  }
  return totals;
}

function ours(read: FolderRead): Tokens[] {
  return [...read.events.values()].map((e: EventRecord) => ({
    ts: e.ts, model: e.model, input: e.inputTokens ?? 0, output: e.outputTokens ?? 0, cacheWrite: e.cacheWriteTokens ?? 0, cacheRead: e.cacheReadTokens ?? 0,
  }));
}

/** The generator's record; fast-mode messages under `<model>-fast`, the name ccusage (and our reader) give them. */
function generated(summary: ClaudeCodeFolderSummary): Tokens[] {
  return summary.counted.map((m) => ({
    ts: m.ts, model: m.model === null ? null : m.fast ? `${m.model}-fast` : m.model, input: m.input, output: m.output, cacheWrite: m.cacheWrite, cacheRead: m.cacheRead,
  }));
}

function sorted(map: Map<string, Totals>): [string, Totals][] {
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const ccusage = findCcusage();
const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'];

let root: string;
let summary: ClaudeCodeFolderSummary;
let read: FolderRead;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-code-parity-'));
  summary = await writeClaudeCodeFolder({ root, lines: 4000, seed: 20260328, startDay: '2026-03-26', days: 6, snapshotBytes: 3 << 20 });
  read = await readClaudeCodeFolder(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the generated folder', () => {
  it('holds every hard case, so that parity means something', () => {
    const w = summary.written;
    for (const kind of ['streamedCopies', 'resumedCopies', 'progressCopies', 'sidechainReplays', 'apiErrors', 'interruptions', 'corrupt', 'withoutUsage', 'snapshot'] as const) {
      expect(w[kind], kind).toBeGreaterThan(0);
    }
    const counted = summary.counted;
    expect(counted.some((m) => m.agentId.startsWith('claude-code/'))).toBe(true);
    expect(counted.some((m) => m.cacheWrite1h !== null && m.cacheWrite1h > 0)).toBe(true);
    expect(counted.some((m) => m.cacheWrite5m === null && m.cacheWrite > 0)).toBe(true);
    expect(counted.some((m) => m.fast)).toBe(true);
    expect(counted.some((m) => m.costUsd !== null)).toBe(true);
    // days split differently by zone: messages within an hour of midnight UTC
    expect(counted.filter((m) => new Date(m.ts).getUTCHours() === 23 || new Date(m.ts).getUTCHours() === 0).length).toBeGreaterThan(50);
    const models = byDayAndModel(generated(summary), 'UTC');
    const perDay = new Map<string, number>();
    for (const key of models.keys()) if (key.includes(' ')) perDay.set(key.split(' ')[0]!, (perDay.get(key.split(' ')[0]!) ?? 0) + 1);
    expect(Math.min(...perDay.values())).toBeGreaterThan(1);
  });

  it('is read by our reader into exactly the messages the generator counted', () => {
    const w = summary.written;
    expect(read.counts).toEqual({
      lines: summary.lines + w.snapshot,
      events: w.messages + w.apiErrors + read.counts.replacements,
      replacements: read.counts.replacements,
      // every extra copy is a duplicate or was superseded by a fuller one
      duplicates: w.streamedCopies + w.resumedCopies + w.progressCopies + w.sidechainReplays - read.counts.replacements,
      skipped: w.withoutUsage + w.interruptions + w.snapshot,
      corrupt: w.corrupt,
      rejected: 0,
    });
    expect(read.events.size).toBe(summary.counted.length);
    expect(sorted(byDayAndModel(ours(read), 'UTC'))).toEqual(sorted(byDayAndModel(generated(summary), 'UTC')));
  });

  it('keeps the generator\'s project, session, agent and cost for each message', () => {
    const expected = summary.counted.filter((m) => !m.alsoInProgressLine && !m.apiError).map((m) => [m.ts, m.project, m.sessionId, m.agentId, m.costUsd]);
    const actual = new Set([...read.events.values()].map((e) => JSON.stringify([e.ts, e.project, e.sessionId, e.agentId, e.costReportedUsd])));
    expect(expected.filter((row) => !actual.has(JSON.stringify(row)))).toEqual([]);
  });
});

describe.skipIf('reason' in ccusage)(`ccusage parity${'reason' in ccusage ? ` (skipped: ccusage cannot run here: ${ccusage.reason})` : ''}`, () => {
  it.each(zones)('per day and model in %s: input, output, cache write and cache read equal ccusage\'s', (zone) => {
    const command = (ccusage as { command: string[] }).command;
    const theirs = new Map<string, Totals>();
    for (const day of ccusageDaily(command, root, zone)) {
      theirs.set(day.date, [day.inputTokens, day.outputTokens, day.cacheCreationTokens, day.cacheReadTokens]);
      for (const m of day.modelBreakdowns) theirs.set(`${day.date} ${m.modelName}`, [m.inputTokens, m.outputTokens, m.cacheCreationTokens, m.cacheReadTokens]);
    }
    const mine = byDayAndModel(ours(read), zone);
    expect(sorted(mine)).toEqual(sorted(theirs));
    expect(sorted(theirs)).toEqual(sorted(byDayAndModel(generated(summary), zone)));
    expect(theirs.size).toBeGreaterThan(10);
  });

  it('splits days differently by zone (the fixture crosses midnight)', () => {
    const utc = byDayAndModel(ours(read), 'UTC');
    const newYork = byDayAndModel(ours(read), 'America/New_York');
    expect(sorted(utc)).not.toEqual(sorted(newYork));
  });
});
