/** OpenTelemetry files: GenAI spans (JSONL and one JSON document) and Claude Code's log events. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seenInMemory, type SeenKeys } from '../../../src/core/ingest/local/lineReader';
import { OtelReader, type OtelState } from '../../../src/core/ingest/local/otel';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { feedFile } from './readLines';
import { generateTraces, int, text, type Attribute, type ExpectedSpanEvent } from './otelTraces';

const tmp = mkdtempSync(join(tmpdir(), 'aur-otel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
function writeFile(name: string, content: string): string {
  const path = join(tmp, `case-${++fileCount}`, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}
const jsonl = (objects: readonly object[]) => objects.map((object) => JSON.stringify(object)).join('\n') + '\n';

interface SpanFields {
  trace: string;
  id: string;
  parent?: string;
  name?: string;
  start: string;
  end: string;
  attributes?: Attribute[];
  status?: number;
}
const span = ({ trace, id, parent = '', name = 'span', start, end, attributes = [], status = 0 }: SpanFields) => ({
  traceId: trace, spanId: id, parentSpanId: parent, name, kind: 1, startTimeUnixNano: start, endTimeUnixNano: end, attributes, status: { code: status },
});
const tracesData = (resource: Attribute[], spans: object[]) => ({
  resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'my.agent.sdk', version: '1.0.0' }, spans }] }],
});

const T1 = '5B8EFFF798038103D269B633813FC60C';
const T2 = '5b8efff798038103d269b633813fc60d';
const T3 = '00000000000000000000000000000003';
const T4 = '00000000000000000000000000000004';
const botResource = [text('service.name', 'support-bot'), text('user.id', 'alice@example.com')];
const chat = (model: string) => [text('gen_ai.operation.name', 'chat'), text('gen_ai.provider.name', 'openai'), text('gen_ai.request.model', model)];

/**
 * Trace T1: agent A (root, written last) → calls C1, C2 (failed, no usage), C3 and a tool span; sub-agent
 * B → call D1. A and B repeat their calls' sums. T2: agent E counts its own usage, its call F has none.
 * T3: HTTP spans only. T4: a call whose parent is in another process.
 */
const lines = [
  tracesData(botResource, [
    span({ trace: T1, id: 'C1000000000000C1', parent: 'A00000000000000A', name: 'chat gpt-4o', start: '1768000000000000000', end: '1768000001300000000', attributes: [
      ...chat('gpt-4o'), text('gen_ai.response.model', 'gpt-4o-2024-08-06'),
      int('gen_ai.usage.input_tokens', '1200'), int('gen_ai.usage.output_tokens', '340'), int('gen_ai.usage.cache_read.input_tokens', '800'), int('gen_ai.usage.reasoning.output_tokens', '40'),
    ] }),
    span({ trace: T1, id: '7001000000000001', parent: 'A00000000000000A', name: 'execute_tool search', start: '1768000001400000000', end: '1768000001500000000', attributes: [text('gen_ai.operation.name', 'execute_tool')] }),
    span({ trace: T1, id: 'C2000000000000C2', parent: 'A00000000000000A', name: 'chat gpt-4o', start: '1768000002000000000', end: '1768000002035000000', status: 2, attributes: [...chat('gpt-4o'), text('error.type', 'rate_limit_exceeded')] }),
    span({ trace: T1, id: 'C3000000000000C3', parent: 'A00000000000000A', name: 'chat gpt-4o', start: '1768000003000000000', end: '1768000003500000000', attributes: [
      ...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '500'), int('gen_ai.usage.output_tokens', '60'), { key: 'gen_ai.usage.cache_creation.input_tokens', value: { intValue: 100 } },
    ] }),
  ]),
  tracesData(botResource, [
    span({ trace: T1, id: 'D1000000000000D1', parent: 'B00000000000000B', name: 'chat claude', start: '1768000004000000000', end: '1768000004250000000', attributes: [
      text('gen_ai.operation.name', 'chat'), text('gen_ai.provider.name', 'anthropic'), text('gen_ai.request.model', 'claude-sonnet-4-5'), int('gen_ai.usage.input_tokens', '300'), int('gen_ai.usage.output_tokens', '30'),
    ] }),
    span({ trace: T1, id: 'B00000000000000B', parent: 'A00000000000000A', name: 'invoke_agent Researcher', start: '1768000003900000000', end: '1768000004300000000', attributes: [
      text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.id', 'agent-r'), text('gen_ai.agent.name', 'Researcher'),
      int('gen_ai.usage.input_tokens', '300'), int('gen_ai.usage.output_tokens', '30'),
    ] }),
    span({ trace: T3, id: '3000000000000001', name: 'GET /health', start: '1768000005000000000', end: '1768000005001000000', attributes: [text('http.request.method', 'GET')] }),
  ]),
  tracesData(botResource, [
    span({ trace: T1, id: 'A00000000000000A', name: 'invoke_agent Support Bot', start: '1768000000000000000', end: '1768000004400000000', attributes: [
      text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.id', 'asst_1'), text('gen_ai.agent.name', 'Support Bot'), text('gen_ai.conversation.id', 'conv_1'),
      int('gen_ai.usage.input_tokens', '2000'), int('gen_ai.usage.output_tokens', '430'), int('gen_ai.usage.cache_read.input_tokens', '800'), int('gen_ai.usage.cache_creation.input_tokens', '100'),
    ] }),
    span({ trace: T2, id: 'F00000000000000F', parent: 'E00000000000000E', name: 'chat gpt-4o-mini', start: '1768000010100000000', end: '1768000010900000000', attributes: chat('gpt-4o-mini') }),
    span({ trace: T2, id: 'E00000000000000E', name: 'invoke_agent Triage', start: '1768000010000000000', end: '1768000011000000000', attributes: [
      text('gen_ai.operation.name', 'invoke_agent'), text('gen_ai.agent.name', 'Triage'), text('gen_ai.system', 'openai'), text('gen_ai.request.model', 'gpt-4o-mini'),
      text('enduser.id', 'carol'), int('gen_ai.usage.input_tokens', '1000'), int('gen_ai.usage.output_tokens', '100'),
    ] }),
    span({ trace: T4, id: '4000000000000001', parent: 'ffffffffffffffff', name: 'chat gpt-4o', start: '1768000020000000000', end: '1768000020123456789', attributes: [
      ...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '64'), int('gen_ai.usage.output_tokens', '8'),
    ] }),
  ]),
];

/** The fields the span reader fills, by key. */
function summary(event: EventRecord) {
  return {
    key: event.eventKey, ts: new Date(event.ts).toISOString(), latency: event.latencyMs, agent: event.agentId, agentName: event.agentName,
    session: event.sessionId, user: event.userId, email: event.userEmail, model: event.model, provider: event.provider, requests: event.requests,
    input: event.inputTokens, cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens, output: event.outputTokens, reasoning: event.reasoningTokens,
    cost: event.costReportedUsd, status: event.status, errorType: event.errorType,
  };
}

const base = { requests: 1, cost: null, cacheRead: null, cacheWrite: null, reasoning: null, errorType: null, status: 'ok' };
const bot = { agent: 'asst_1', agentName: 'Support Bot', session: 'conv_1', user: 'alice@example.com', email: 'alice@example.com', provider: 'openai' };
const handEvents = [
  // 1200 input includes 800 cache reads: 400 uncached; reasoning 40 inside output 340; 1.3 s
  { ...base, ...bot, key: 'otlp:5b8efff798038103d269b633813fc60c:c1000000000000c1', ts: '2026-01-09T23:06:40.000Z', latency: 1300, model: 'gpt-4o-2024-08-06', input: 400, cacheRead: 800, output: 340, reasoning: 40 },
  { ...base, ...bot, key: 'otlp:5b8efff798038103d269b633813fc60c:c2000000000000c2', ts: '2026-01-09T23:06:42.000Z', latency: 35, model: 'gpt-4o', input: null, output: null, status: 'error', errorType: 'rate_limit_exceeded' },
  // 500 input includes 100 cache writes: 400 uncached (intValue written as a JSON number)
  { ...base, ...bot, key: 'otlp:5b8efff798038103d269b633813fc60c:c3000000000000c3', ts: '2026-01-09T23:06:43.000Z', latency: 500, model: 'gpt-4o', input: 400, cacheWrite: 100, output: 60 },
  // the sub-agent's call belongs to the sub-agent; session and user come from further up
  { ...base, ...bot, agent: 'agent-r', agentName: 'Researcher', provider: 'anthropic', key: 'otlp:5b8efff798038103d269b633813fc60c:d1000000000000d1', ts: '2026-01-09T23:06:44.000Z', latency: 250, model: 'claude-sonnet-4-5', input: 300, output: 30 },
  // an agent whose call carries no usage is counted itself (its id is its name; the older gen_ai.system names the provider)
  { ...base, agent: 'Triage', agentName: 'Triage', session: null, user: 'carol', email: null, provider: 'openai', key: 'otlp:5b8efff798038103d269b633813fc60d:e00000000000000e', ts: '2026-01-09T23:06:50.000Z', latency: 1000, model: 'gpt-4o-mini', input: 1000, output: 100 },
  // the parent is in another process: decided at the end of input, the agent is the service
  { ...base, agent: 'support-bot', agentName: 'support-bot', session: null, user: 'alice@example.com', email: 'alice@example.com', provider: 'openai', key: 'otlp:00000000000000000000000000000004:4000000000000001', ts: '2026-01-09T23:07:00.000Z', latency: 123.456789, model: 'gpt-4o', input: 64, output: 8 },
];

async function read(path: string, seen: SeenKeys = seenInMemory(), options: { state?: OtelState; maxPendingSpans?: number; fromLine?: number; toLine?: number; endOfInput?: boolean } = {}) {
  const reader = new OtelReader({ seen, state: options.state, maxPendingSpans: options.maxPendingSpans });
  const fed = await feedFile(reader, path, options);
  return { ...fed, reader };
}

describe('OpenTelemetry spans: hand-computed', () => {
  it('JSONL: model calls counted, agents that repeat their calls\' sums not, usage converted, times exact', async () => {
    const { events, rejects, reader } = await read(writeFile('traces.jsonl', jsonl(lines)));
    expect(events.map(summary)).toEqual(handEvents);
    expect(rejects).toEqual([]);
    expect(reader.counters).toMatchObject({ lines: 3, spans: 11, events: 6, coveredByDescendants: 2, coveredByCountedAncestor: 1, decidedEarly: 0, duplicates: 0 });
    expect(events.reduce((sum, event) => sum + (event.inputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheWriteTokens ?? 0), 0)).toBe(1200 + 500 + 300 + 1000 + 64);
  });

  it('events of a trace wait for its root; lines 1–2 alone give nothing until the input ends', async () => {
    const path = writeFile('traces.jsonl', jsonl(lines));
    const early = await read(path, seenInMemory(), { toLine: 2, endOfInput: false });
    expect(early.events).toEqual([]);
    const state = JSON.parse(JSON.stringify(early.reader.exportState())) as OtelState;
    expect(state.pending.length).toBe(6);
    const rest = await read(path, seenInMemory(), { state, fromLine: 3 });
    expect(rest.events.map(summary)).toEqual(handEvents);
  });

  it('one JSON document over many lines gives the same events (line: where the document starts)', async () => {
    const document = { resourceSpans: lines.flatMap((line) => line.resourceSpans) };
    const { events, reader } = await read(writeFile('traces.json', JSON.stringify(document, null, 2)));
    expect(events.map((event) => ({ ...summary(event), line: event.line }))).toEqual(handEvents.map((event) => ({ ...event, line: 1 })));
    expect(reader.exportState().format).toBe('document');
  });

  it('with too few spans held, traces are decided early, and the late root is still not counted twice', async () => {
    const { events, reader } = await read(writeFile('traces.jsonl', jsonl(lines)), seenInMemory(), { maxPendingSpans: 2 });
    expect(events.map((event) => event.eventKey).sort()).toEqual(handEvents.map((event) => event.key).sort());
    expect(reader.counters.decidedEarly).toBe(1);
    // decided before its agent arrived, the first call is attributed to the service and has no session
    const first = events.find((event) => event.eventKey.endsWith('c1000000000000c1'));
    expect([first?.agentId, first?.sessionId]).toEqual(['support-bot', null]);
  });

  it('the same spans in two files are counted once', async () => {
    const seen = seenInMemory();
    const first = await read(writeFile('a.jsonl', jsonl(lines)), seen);
    const second = await read(writeFile('b.jsonl', jsonl(lines)), seen);
    expect(first.events.length).toBe(6);
    expect(second.events).toEqual([]);
    expect(second.reader.counters.duplicates).toBe(6);
  });

  it('bad cells are row errors naming line, attribute and span; other lines still count', async () => {
    const path = writeFile('bad.jsonl', jsonl([
      tracesData([text('service.name', 'batch')], [
        span({ trace: T3, id: '0000000000000b01', name: 'chat', start: '1768000000000000000', end: '1768000001000000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '9007199254740993'), int('gen_ai.usage.output_tokens', '1')] }),
        span({ trace: T3, id: '0000000000000b02', name: 'chat', start: '1768000000000000000', end: '1768000001000000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '100'), int('gen_ai.usage.output_tokens', '1'), int('gen_ai.usage.cache_read.input_tokens', '150')] }),
        span({ trace: T3, id: '0000000000000b03', name: 'chat', start: '1768000002000000000', end: '1768000001000000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '100'), int('gen_ai.usage.output_tokens', '1')] }),
        span({ trace: T3, id: '0000000000000b04', name: 'chat', start: '1768000000000000000', end: '1768000001000000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '100'), int('gen_ai.usage.output_tokens', '7'), int('gen_ai.usage.reasoning.output_tokens', '9')] }),
        span({ trace: T3, id: '0000000000000b05', name: 'chat', start: '17680000', end: '1768000001000000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '100'), int('gen_ai.usage.output_tokens', '1')] }),
        span({ trace: T3, id: '0000000000000b06', name: 'chat', start: '1768000000000000000', end: '1768000000500000000', attributes: [...chat('gpt-4o'), int('gen_ai.usage.input_tokens', '100'), int('gen_ai.usage.output_tokens', '2')] }),
      ]),
    ]) + '{"resourceSpans": [\n');
    const { events, rejects, reader } = await read(path);
    expect(rejects).toEqual([
      { line: 1, column: 'gen_ai.usage.input_tokens', reason: 'span 0000000000000b01: integer 9007199254740993 is larger than 2^53 − 1' },
      { line: 1, column: 'gen_ai.usage.input_tokens', reason: 'span 0000000000000b02: "gen_ai.usage.input_tokens" (100) includes "gen_ai.usage.cache_read.input_tokens" (150) for this source, so it cannot be smaller than them' },
      { line: 1, column: 'endTimeUnixNano', reason: 'span 0000000000000b03: ends 1000000000 ns before it starts' },
      { line: 1, column: 'gen_ai.usage.reasoning.output_tokens', reason: 'span 0000000000000b04: "gen_ai.usage.reasoning.output_tokens" (9) is part of "gen_ai.usage.output_tokens" (7), so it cannot be larger' },
      { line: 1, column: 'startTimeUnixNano', reason: 'span 0000000000000b05: 17680000 ns is not a time between 2000 and 2100' },
    ]);
    expect(events.map((event) => [event.eventKey, event.inputTokens, event.outputTokens, event.latencyMs])).toEqual([['otlp:00000000000000000000000000000003:0000000000000b06', 100, 2, 500]]);
    expect(reader.counters.corrupt).toBe(1);
  });
});

describe('OpenTelemetry spans: generated traces', () => {
  const found = (event: EventRecord): ExpectedSpanEvent => ({
    key: event.eventKey, ts: event.ts, latencyMs: event.latencyMs!, agentId: event.agentId!, agentName: event.agentName!, session: event.sessionId!,
    user: event.userId!, model: event.model, input: event.inputTokens, cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens,
    output: event.outputTokens, reasoning: event.reasoningTokens, status: event.status, errorType: event.errorType,
  });
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

  for (const seed of [3, 11, 99]) {
    it(`JSONL and one JSON document give the generator's events (seed ${seed})`, async () => {
      const generated = generateTraces(seed, 40);
      const jsonlRead = await read(writeFile('gen.jsonl', jsonl(generated.batches)));
      const documentRead = await read(writeFile('gen.json', JSON.stringify({ resourceSpans: generated.batches.flatMap((batch) => (batch as { resourceSpans: object[] }).resourceSpans) }, null, 1)));
      const want = [...generated.expected].sort(byKey);
      expect(jsonlRead.events.map(found).sort(byKey)).toEqual(want);
      expect(documentRead.events.map(found).sort(byKey)).toEqual(want);
      expect(jsonlRead.rejects).toEqual([]);
      expect(jsonlRead.reader.counters).toMatchObject({ coveredByDescendants: generated.coveredByDescendants, coveredByCountedAncestor: generated.coveredByCountedAncestor, decidedEarly: 0 });
      expect(jsonlRead.reader.exportState().pending).toEqual([]);
    });
  }

  it('read in pieces (state carried between scans) gives the same events', async () => {
    const generated = generateTraces(5, 30);
    const path = writeFile('pieces.jsonl', jsonl(generated.batches));
    const seen = seenInMemory();
    const events: EventRecord[] = [];
    let state: OtelState | undefined;
    const count = generated.batches.length;
    for (let from = 1; from <= count; from += 7) {
      const piece = await read(path, seen, { state, fromLine: from, toLine: Math.min(from + 6, count), endOfInput: from + 7 > count });
      events.push(...piece.events);
      state = JSON.parse(JSON.stringify(piece.reader.exportState())) as OtelState;
    }
    expect(events.map(found).sort(byKey)).toEqual([...generated.expected].sort(byKey));
  });
});

describe('Claude Code telemetry logs (resourceLogs)', () => {
  const record = (name: string, attributes: Attribute[], timeUnixNano = '1768000000000000000') => ({
    timeUnixNano, observedTimeUnixNano: timeUnixNano, severityNumber: 9, body: { stringValue: name }, attributes,
  });
  const logs = (records: object[]) => ({
    resourceLogs: [{
      resource: { attributes: [text('service.name', 'claude-code'), text('service.version', '2.1.0')] },
      scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.1.0' }, logRecords: records }],
    }],
  });
  const standard = [text('session.id', 'sess-1'), text('user.account_uuid', 'u-42'), text('user.email', 'Dev@Example.com'), text('organization.id', 'org-7')];

  it('api_request → a request with its tokens (input without cache), reported cost and duration; api_error → an error; others skipped', async () => {
    const path = writeFile('claude-logs.jsonl', jsonl([
      logs([
        record('claude_code.user_prompt', [...standard, text('event.name', 'user_prompt'), text('prompt_length', '42')]),
        record('claude_code.api_request', [
          ...standard, text('event.name', 'api_request'), text('event.timestamp', '2026-01-09T23:06:41.250Z'), text('model', 'claude-sonnet-4-5-20250929'),
          text('cost_usd', '0.0123'), text('duration_ms', '2150'), text('input_tokens', '12'), text('output_tokens', '480'),
          text('cache_read_tokens', '20480'), text('cache_creation_tokens', '1024'), text('request_id', 'req_011abc'),
        ]),
      ]),
      logs([
        record('claude_code.api_error', [...standard, text('event.name', 'api_error'), text('event.timestamp', '2026-01-09T23:06:45.000Z'), text('model', 'claude-sonnet-4-5-20250929'), text('error', 'Overloaded'), text('status_code', '529'), text('duration_ms', '310'), text('attempt', '1'), int('event.sequence', 7)]),
        record('claude_code.api_request', [...standard, text('event.name', 'api_request'), text('model', 'claude-haiku-4-5'), { key: 'cost_usd', value: { doubleValue: 0.001 } }, int('input_tokens', 5), int('output_tokens', 9)], '1768000009000000000'),
      ]),
    ]));
    const { events, rejects } = await read(path);
    expect(rejects).toEqual([]);
    expect(events.map((event) => ({
      key: event.eventKey, ts: new Date(event.ts).toISOString(), agent: event.agentId, session: event.sessionId, user: event.userId, email: event.userEmail, org: event.orgId,
      model: event.model, provider: event.provider, input: event.inputTokens, cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens, output: event.outputTokens,
      cost: event.costReportedUsd, latency: event.latencyMs, status: event.status, errorType: event.errorType,
    }))).toEqual([
      { key: 'otlp:claude-code:request:req_011abc', ts: '2026-01-09T23:06:41.250Z', agent: 'claude-code', session: 'sess-1', user: 'u-42', email: 'Dev@Example.com', org: 'org-7', model: 'claude-sonnet-4-5-20250929', provider: 'anthropic', input: 12, cacheRead: 20480, cacheWrite: 1024, output: 480, cost: 0.0123, latency: 2150, status: 'ok', errorType: null },
      { key: 'otlp:claude-code:error:sess-1:7', ts: '2026-01-09T23:06:45.000Z', agent: 'claude-code', session: 'sess-1', user: 'u-42', email: 'Dev@Example.com', org: 'org-7', model: 'claude-sonnet-4-5-20250929', provider: 'anthropic', input: null, cacheRead: null, cacheWrite: null, output: null, cost: null, latency: 310, status: 'error', errorType: '529' },
      { key: expect.stringMatching(/^otlp:claude-code:request:[\w-]{22}$/) as unknown as string, ts: '2026-01-09T23:06:49.000Z', agent: 'claude-code', session: 'sess-1', user: 'u-42', email: 'Dev@Example.com', org: 'org-7', model: 'claude-haiku-4-5', provider: 'anthropic', input: 5, cacheRead: null, cacheWrite: null, output: 9, cost: 0.001, latency: null, status: 'ok', errorType: null },
    ]);
  });

  it('a bad number is a row error naming the attribute', async () => {
    const path = writeFile('claude-bad.jsonl', jsonl([logs([record('claude_code.api_request', [...standard, text('input_tokens', '12.5'), text('output_tokens', '3')])])]));
    const { events, rejects } = await read(path);
    expect(events).toEqual([]);
    expect(rejects).toEqual([{ line: 1, column: 'input_tokens', reason: 'expected a non-negative integer, got 12.5' }]);
  });
});
