/** Codex CLI rollout files: cumulative counters to per-request events, replays and copies counted once. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodexReader, type CodexState } from '../../../src/core/ingest/local/codex';
import { seenInMemory, type SeenKeys } from '../../../src/core/ingest/local/lineReader';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import type { RawReject } from '../../../src/core/ingest/rawRecord';
import { writeCodexHome, type CodexRequest } from './codexHome';
import { feedFile } from './readLines';

const tmp = mkdtempSync(join(tmpdir(), 'aur-codex-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
function writeLines(name: string, records: readonly (object | string)[]): string {
  const path = join(tmp, `case-${++fileCount}`, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n');
  return path;
}

function tokenCount(timestamp: string, total: object | null, last: object | null = total, extra: object = {}): object {
  return { timestamp, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total, last_token_usage: last, model_context_window: 272000, ...extra }, rate_limits: null } };
}

const usage = (input: number, cached: number, output: number, reasoning: number, more: object = {}) => ({
  input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output, ...more,
});

/** Every field the Codex reader fills, for comparing whole events. */
function summary(event: EventRecord) {
  return {
    line: event.line, ts: new Date(event.ts).toISOString(), session: event.sessionId, agent: event.agentId, type: event.agentType,
    project: event.project, provider: event.provider, model: event.model, requests: event.requests,
    input: event.inputTokens, cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens, output: event.outputTokens, reasoning: event.reasoningTokens,
    cost: event.costReportedUsd, latency: event.latencyMs, status: event.status,
  };
}

const metaLine = { timestamp: '2026-05-13T09:00:00.000Z', type: 'session_meta', payload: { id: 'thread-a', timestamp: '2026-05-13T09:00:00.000Z', cwd: '/work/shop', originator: 'codex_cli_rs', cli_version: '0.145.0', source: 'cli', model_provider: 'openai' } };

/** Hand-written session: deltas, a re-emit, a refresh without info, a model switch, a reset, a corrupt line, cache writes. */
const handSession = [
  metaLine,
  { timestamp: '2026-05-13T09:00:01.000Z', type: 'turn_context', payload: { turn_id: 'turn-1', cwd: '/work/shop', model: 'gpt-5.2-codex' } },
  tokenCount('2026-05-13T09:01:00.000Z', usage(1000, 250, 125, 75)),
  tokenCount('2026-05-13T09:01:05.000Z', usage(1000, 250, 125, 75)),
  tokenCount('2026-05-13T09:02:00.000Z', usage(2600, 1050, 325, 95), usage(1600, 800, 200, 20)),
  { timestamp: '2026-05-13T09:02:01.000Z', type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: { primary: { used_percent: 3 } } } },
  { timestamp: '2026-05-13T09:03:00.000Z', type: 'turn_context', payload: { turn_id: 'turn-2', cwd: '/work/shop', model: 'gpt-5.1-codex-mini' } },
  tokenCount('2026-05-13T09:03:30.000Z', usage(500, 0, 40, 0)),
  '{"timestamp":"2026-05-13T09:03:31.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_tok',
  tokenCount('2026-05-13T09:04:00.000Z', usage(3100, 300, 100, 10, { cache_creation_input_tokens: 200 }), usage(2600, 300, 60, 10, { cache_creation_input_tokens: 200 })),
];

const handEvents = [
  // 1000 input of which 250 cached: 750 uncached; reasoning 75 stays inside output 125
  { line: 3, ts: '2026-05-13T09:01:00.000Z', model: 'gpt-5.2-codex', input: 750, cacheRead: 250, cacheWrite: null, output: 125, reasoning: 75 },
  // totals 2600/1050/325/95 minus 1000/250/125/75: 1600 input, 800 cached → 800 uncached, output 200, reasoning 20
  { line: 5, ts: '2026-05-13T09:02:00.000Z', model: 'gpt-5.2-codex', input: 800, cacheRead: 800, cacheWrite: null, output: 200, reasoning: 20 },
  // totals dropped to 500/0/40/0: a new series, whose first event is its last_token_usage
  { line: 8, ts: '2026-05-13T09:03:30.000Z', model: 'gpt-5.1-codex-mini', input: 500, cacheRead: 0, cacheWrite: null, output: 40, reasoning: 0 },
  // 3100 − 500 = 2600 input, of which 300 cached and 200 cache writes: 2100 uncached; output 60, reasoning 10
  { line: 10, ts: '2026-05-13T09:04:00.000Z', model: 'gpt-5.1-codex-mini', input: 2100, cacheRead: 300, cacheWrite: 200, output: 60, reasoning: 10 },
].map((event) => ({
  session: 'thread-a', agent: 'codex', type: 'codex_cli_rs', project: 'shop', provider: 'openai', requests: 1, cost: null, latency: null, status: 'ok', ...event,
}));

async function readOne(path: string, seen: SeenKeys = seenInMemory(), state?: CodexState) {
  const reader = new CodexReader({ path, seen, state });
  const fed = await feedFile(reader, path);
  return { ...fed, reader };
}

describe('Codex reader: one session', () => {
  it('turns cumulative totals into per-request events: uncached input, reasoning inside output, re-emits and refreshes skipped, a reset starts a new series', async () => {
    const { events, rejects, reader } = await readOne(writeLines('rollout-2026-05-13T09-00-00-x.jsonl', handSession));
    expect(events.map(summary)).toEqual(handEvents);
    expect(rejects).toEqual([]);
    expect(reader.counters).toEqual({
      lines: 10, events: 4, rejected: 0, corrupt: 1, skipped: 4, repeated: 1, duplicates: 0, resets: 1, lastDisagrees: 0,
    });
    // 750 + 800 + 500 + 2100 uncached input; 125 + 200 + 40 + 60 output
    expect(events.reduce((sum, event) => sum + event.inputTokens!, 0)).toBe(4150);
    expect(events.reduce((sum, event) => sum + event.outputTokens!, 0)).toBe(425);
  });

  it('resumes from exported state at any line as if read in one pass', async () => {
    const path = writeLines('rollout-2026-05-13T09-00-00-y.jsonl', handSession);
    for (const splitAfter of [1, 3, 4, 6, 7, 9]) {
      const seen = seenInMemory();
      const first = new CodexReader({ path, seen });
      const head = await feedFile(first, path, { toLine: splitAfter, endOfInput: false });
      const state = JSON.parse(JSON.stringify(first.exportState())) as CodexState;
      expect(JSON.stringify(state).length).toBeLessThan(1000);
      const second = new CodexReader({ path, seen, state });
      const tail = await feedFile(second, path, { fromLine: splitAfter + 1 });
      expect([...head.events, ...tail.events].map(summary), `split after line ${splitAfter}`).toEqual(handEvents);
    }
  });

  it('cross-checks last_token_usage against the difference of totals and counts disagreements', async () => {
    const path = writeLines('rollout-z.jsonl', [
      metaLine,
      tokenCount('2026-05-13T09:01:00.000Z', usage(1000, 0, 100, 0)),
      // the totals grew by 500/50 but the line says the last request was 400/40 (an event in between was lost)
      tokenCount('2026-05-13T09:02:00.000Z', usage(1500, 0, 150, 0), usage(400, 0, 40, 0)),
    ]);
    const { events, reader } = await readOne(path);
    expect(events.map((event) => [event.inputTokens, event.outputTokens])).toEqual([[1000, 100], [500, 50]]);
    expect(reader.counters.lastDisagrees).toBe(1);
  });

  it('a reset whose last_token_usage does not fit the new totals counts the new totals', async () => {
    const path = writeLines('rollout-r.jsonl', [
      metaLine,
      tokenCount('2026-05-13T09:01:00.000Z', usage(5000, 1000, 300, 0)),
      tokenCount('2026-05-13T09:02:00.000Z', usage(700, 100, 30, 0), usage(900, 100, 30, 0)),
    ]);
    const { events, reader } = await readOne(path);
    expect(events.map((event) => [event.inputTokens, event.cacheReadTokens, event.outputTokens])).toEqual([[4000, 1000, 300], [600, 100, 30]]);
    expect(reader.counters.resets).toBe(1);
  });

  it('lines with only last_token_usage (no cumulative totals) count it, an identical repeat once', async () => {
    const path = writeLines('rollout-l.jsonl', [
      metaLine,
      tokenCount('2026-05-13T09:01:00.000Z', null, usage(800, 200, 50, 10)),
      tokenCount('2026-05-13T09:01:02.000Z', null, usage(800, 200, 50, 10)),
      tokenCount('2026-05-13T09:02:00.000Z', null, usage(900, 0, 70, 0)),
    ]);
    const { events, reader } = await readOne(path);
    expect(events.map((event) => [event.line, event.inputTokens, event.cacheReadTokens, event.outputTokens, event.reasoningTokens])).toEqual([[2, 600, 200, 50, 10], [4, 900, 0, 70, 0]]);
    expect(reader.counters.repeated).toBe(1);
  });

  it('takes info.model over the turn model, and the session from the file name without session_meta', async () => {
    const path = writeLines('rollout-2025-11-02T10-00-00-0199aa00-1111-7222-8333-444455556666.jsonl', [
      { timestamp: '2025-11-02T10:00:00.000Z', type: 'turn_context', payload: { cwd: '/x', model: 'gpt-5-codex' } },
      tokenCount('2025-11-02T10:01:00.000Z', usage(100, 0, 10, 0)),
      tokenCount('2025-11-02T10:02:00.000Z', usage(300, 0, 30, 0), usage(200, 0, 20, 0), { model: 'gpt-5.1-codex' }),
    ]);
    const { events } = await readOne(path);
    expect(events.map((event) => [event.sessionId, event.model, event.agentId, event.project, event.provider])).toEqual([
      ['0199aa00-1111-7222-8333-444455556666', 'gpt-5-codex', 'codex', null, null],
      ['0199aa00-1111-7222-8333-444455556666', 'gpt-5.1-codex', 'codex', null, null],
    ]);
  });
});

describe('Codex reader: bad lines are row errors naming line and column', () => {
  const cases: [string, object, string, string][] = [
    ['a count that is not a number', tokenCount('2026-05-13T09:02:00.000Z', { ...usage(2000, 0, 200, 0), output_tokens: '2OO' }), 'payload.info.total_token_usage.output_tokens', 'expected a non-negative integer, got 2OO'],
    ['a fraction', tokenCount('2026-05-13T09:02:00.000Z', { ...usage(2000, 0, 200, 0), input_tokens: 2000.5 }), 'payload.info.total_token_usage.input_tokens', 'expected an integer, got fraction 2000.5'],
    ['a total that is not input + output', tokenCount('2026-05-13T09:02:00.000Z', { ...usage(2000, 0, 200, 50), total_tokens: 2250 }), 'payload.info.total_token_usage.total_tokens', '"payload.info.total_token_usage.total_tokens" is 2250 but "payload.info.total_token_usage.input_tokens" 2000 + "payload.info.total_token_usage.output_tokens" 200 = 2200'],
    ['cached input larger than input', tokenCount('2026-05-13T09:02:00.000Z', usage(2000, 2100, 200, 0)), 'payload.info.total_token_usage.input_tokens', '"payload.info.total_token_usage.input_tokens" (2000) includes "payload.info.total_token_usage.cached_input_tokens" (2100) for this source, so it cannot be smaller than them'],
    ['reasoning larger than output', tokenCount('2026-05-13T09:02:00.000Z', usage(2000, 0, 200, 300)), 'payload.info.total_token_usage.reasoning_output_tokens', '"payload.info.total_token_usage.reasoning_output_tokens" (300) is part of "payload.info.total_token_usage.output_tokens" (200), so it cannot be larger'],
    ['a missing timestamp', { ...tokenCount('x', usage(2000, 0, 200, 0)), timestamp: undefined }, 'timestamp', 'required value is empty'],
    ['a timestamp that is not a date', tokenCount('2026-13-01T00:00:00Z', usage(2000, 0, 200, 0)), 'timestamp', '"2026-13-01T00:00:00Z" is not a calendar date'],
  ];
  for (const [what, line, column, reason] of cases) {
    it(what, async () => {
      const path = writeLines('rollout-bad.jsonl', [
        metaLine,
        tokenCount('2026-05-13T09:01:00.000Z', usage(1000, 0, 100, 0)),
        line,
        tokenCount('2026-05-13T09:03:00.000Z', usage(3000, 0, 300, 0), usage(1000, 0, 100, 0)),
      ]);
      const { events, rejects, reader } = await readOne(path);
      expect(rejects).toEqual<RawReject[]>([{ line: 3, column, reason }]);
      // the refused line changed nothing: the next event covers the difference since line 2
      expect(events.map((event) => [event.line, event.inputTokens, event.outputTokens])).toEqual([[2, 1000, 100], [4, 2000, 200]]);
      expect(reader.counters.rejected).toBe(1);
    });
  }
});

describe('Codex reader: a sub-agent replaying its parent', () => {
  const parentLines = [
    { timestamp: '2026-05-13T09:00:00.000Z', type: 'session_meta', payload: { id: 'parent', cwd: '/work/shop', originator: 'codex_cli_rs', model_provider: 'openai' } },
    { timestamp: '2026-05-13T09:00:01.000Z', type: 'turn_context', payload: { turn_id: 'turn-p1', model: 'gpt-5.2-codex' } },
    tokenCount('2026-05-13T09:01:00.000Z', usage(1000, 200, 100, 0)),
    tokenCount('2026-05-13T09:02:00.000Z', usage(2500, 900, 180, 30), usage(1500, 700, 80, 30)),
  ];
  const childLines = [
    { timestamp: '2026-05-13T09:10:00.000Z', type: 'session_meta', payload: { id: 'child', cwd: '/work/shop', originator: 'codex_cli_rs', agent_role: 'explorer', source: { subagent: { thread_spawn: { parent_thread_id: 'parent', depth: 1 } } } } },
    // the parent's history, re-stamped at the spawn
    ...parentLines.map((line) => ({ ...line, timestamp: '2026-05-13T09:10:00.000Z' })),
    { timestamp: '2026-05-13T09:10:01.000Z', type: 'turn_context', payload: { turn_id: 'turn-c1', model: 'gpt-5.1-codex-mini' } },
    tokenCount('2026-05-13T09:11:00.000Z', usage(3700, 1500, 230, 30), usage(1200, 600, 50, 0)),
  ];

  it('counts the copied history once, whichever file is read first; totals agree', async () => {
    const parentPath = writeLines('rollout-parent.jsonl', parentLines);
    const childPath = writeLines('rollout-child.jsonl', childLines);

    const seen = seenInMemory();
    const parentFirst = [...(await readOne(parentPath, seen)).events, ...(await readOne(childPath, seen)).events];
    expect(parentFirst.map((event) => [event.sessionId, event.agentId, event.ts, event.inputTokens, event.cacheReadTokens, event.outputTokens, event.reasoningTokens])).toEqual([
      ['parent', 'codex', Date.parse('2026-05-13T09:01:00.000Z'), 800, 200, 100, 0],
      ['parent', 'codex', Date.parse('2026-05-13T09:02:00.000Z'), 800, 700, 80, 30],
      // 3700 − 2500 = 1200 input, 600 cached → 600 uncached
      ['child', 'codex/explorer', Date.parse('2026-05-13T09:11:00.000Z'), 600, 600, 50, 0],
    ]);

    const otherSeen = seenInMemory();
    const child = await readOne(childPath, otherSeen);
    const parent = await readOne(parentPath, otherSeen);
    expect(child.reader.counters.duplicates).toBe(0);
    expect(parent.reader.counters.duplicates).toBe(2);
    const childFirst = [...child.events, ...parent.events];
    // read first, the copy counts under the child's session at the re-stamped time; the totals are the same
    expect(childFirst.map((event) => [event.sessionId, event.inputTokens])).toEqual([['child', 800], ['child', 800], ['child', 600]]);
    const total = (events: EventRecord[]) => events.reduce((sum, event) => sum + event.inputTokens! + event.cacheReadTokens! + event.outputTokens!, 0);
    expect(total(childFirst)).toBe(total(parentFirst));
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  }).sort();
}

async function readHome(home: string, seen = seenInMemory()) {
  const events: (EventRecord & { file: string })[] = [];
  const rejects: (RawReject & { file: string })[] = [];
  const counters: Record<string, number> = {};
  for (const path of filesUnder(home)) {
    const file = relative(home, path);
    const { events: found, rejects: refused, reader } = await readOne(path, seen);
    events.push(...found.map((event) => ({ ...event, file })));
    rejects.push(...refused.map((reject) => ({ ...reject, file })));
    for (const [name, value] of Object.entries(reader.counters)) counters[name] = (counters[name] ?? 0) + value;
  }
  return { events, rejects, counters };
}

/** The generator's own account of a request, in the canonical token model. */
function expected(request: CodexRequest) {
  return {
    ts: request.ts, session: request.session, agent: request.agent, model: request.model,
    input: request.input - request.cached - (request.cacheWrite ?? 0), cacheRead: request.cached, cacheWrite: request.cacheWrite,
    output: request.output, reasoning: request.reasoning,
  };
}

function found(event: EventRecord) {
  return {
    ts: event.ts, session: event.sessionId, agent: event.agentId, model: event.model,
    input: event.inputTokens, cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens, output: event.outputTokens, reasoning: event.reasoningTokens,
  };
}

describe('Codex reader: a generated CODEX_HOME', () => {
  for (const seed of [1, 7, 42]) {
    it(`finds every request once (seed ${seed}): re-emits, replay, archived copy, reset, legacy file`, async () => {
      const home = join(tmp, `home-${seed}`);
      const written = writeCodexHome(home, seed);
      const { events, rejects, counters } = await readHome(home);

      const byTime = (a: { ts: number; input: number | null }, b: { ts: number; input: number | null }) => a.ts - b.ts || a.input! - b.input!;
      expect(events.map(found).sort(byTime)).toEqual(written.requests.map(expected).sort(byTime));
      expect(rejects.map(({ file, line, column }) => ({ file, line, column }))).toEqual(written.rejects);
      expect(counters.corrupt).toBe(2 * written.corruptLines);
      // the archived file and the sessions/ file are one history: every event of the second one is a duplicate
      // and the sub-agent's copy of the parent's first turn repeats those requests once more
      const parentRequests = written.requests.filter((request) => request.session === written.parentId);
      const copiedToChild = parentRequests.filter((request) => request.line < written.forkLine);
      expect(counters.duplicates).toBe(parentRequests.length + copiedToChild.length);

      const sum = (pick: (event: ReturnType<typeof expected>) => number | null) => written.requests.map(expected).reduce((total, request) => total + (pick(request) ?? 0), 0);
      const sumFound = (pick: (event: EventRecord) => number | null) => events.reduce((total, event) => total + (pick(event) ?? 0), 0);
      expect(sumFound((event) => event.inputTokens)).toBe(sum((request) => request.input));
      expect(sumFound((event) => event.cacheReadTokens)).toBe(sum((request) => request.cacheRead));
      expect(sumFound((event) => event.outputTokens)).toBe(sum((request) => request.output));
    });
  }
});
