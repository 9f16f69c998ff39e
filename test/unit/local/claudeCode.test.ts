import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaudeCodeFileReader } from '../../../src/core/ingest/local/claudeCode';
import { claudeCodeEventKey, claudeCodeKeyRange, ClaudeCodeMessages, keptCopyOfStoredEvent } from '../../../src/core/ingest/local/claudeCodeCopies';
import { claudeCodeFile, subagentTypeOf } from '../../../src/core/ingest/local/claudeCodeFile';
import { claudeCodeProject } from '../../../src/core/ingest/local/claudeCodeProject';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import { readClaudeCodeFolder } from './readClaudeCodeFolder';

interface Line {
  ts: string;
  id?: string | null;
  req?: string | null;
  model?: string;
  input?: number;
  output?: number;
  read?: number;
  write?: number;
  split?: [number, number];
  side?: boolean;
  cost?: number;
  speed?: string;
  cwd?: string | null;
  session?: string;
}

/** An assistant line as Claude Code writes it. */
function assistant(l: Line): string {
  const usage: Record<string, unknown> = { input_tokens: l.input ?? 0, cache_creation_input_tokens: l.write ?? 0, cache_read_input_tokens: l.read ?? 0 };
  if (l.split) usage.cache_creation = { ephemeral_5m_input_tokens: l.split[0], ephemeral_1h_input_tokens: l.split[1] };
  usage.output_tokens = l.output ?? 0;
  if (l.speed) usage.speed = l.speed;
  const line: Record<string, unknown> = {
    parentUuid: null, isSidechain: l.side ?? false, userType: 'external', sessionId: l.session ?? 'sess-1', version: '2.0.14', gitBranch: 'main', type: 'assistant',
    message: { ...(l.id === null ? {} : { id: l.id ?? 'msg_A' }), type: 'message', role: 'assistant', model: l.model ?? 'claude-sonnet-4-5-20250929', content: [], usage },
    uuid: 'u', timestamp: l.ts,
  };
  if (l.cwd !== null) line.cwd = l.cwd ?? '/home/me/my_app';
  if (l.req !== null) line.requestId = l.req ?? 'req_A';
  if (l.cost !== undefined) line.costUSD = l.cost;
  return JSON.stringify(line);
}

const user = JSON.stringify({ type: 'user', sessionId: 'sess-1', cwd: '/home/me/my_app', message: { role: 'user', content: 'hi' }, timestamp: '2026-03-28T10:00:00.000Z' });
const snapshot = JSON.stringify({ type: 'file-history-snapshot', messageId: 'x', snapshot: { trackedFileBackups: {} } });
const project = '-home-me-my-app';

let root: string;

/** Writes `<root>/<folder>/projects/<relative>`: each test reads its own Claude Code folder. */
function write(folder: string, relative: string, lines: readonly string[]): string {
  const file = path.join(root, folder, 'projects', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((line) => line + '\n').join(''));
  return file;
}

function reader(file = `/x/projects/${project}/sess-1.jsonl`, messages = new ClaudeCodeMessages(), subagentType: string | null = null) {
  return new ClaudeCodeFileReader({ path: file, messages, subagentType });
}

function only(outcome: ReturnType<ClaudeCodeFileReader['push']>): EventRecord {
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-code-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('Claude Code line → event', () => {
  it('fills every field of an assistant message with usage', () => {
    const event = only(reader().push(assistant({
      ts: '2026-03-28T23:59:59.500Z', id: 'msg_01X', req: 'req_01Y', model: 'claude-opus-4-6', input: 12, output: 340, read: 50_000, write: 1_500, split: [1_000, 500], cost: 0.125,
      cwd: '/home/me/my_app/src/lib',
    }), 7));
    expect(event).toEqual({
      kind: 'events', line: 7, eventKey: 'claude-code:msg_01X:req_01Y', ts: Date.UTC(2026, 2, 28, 23, 59, 59, 500),
      orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
      agentId: 'claude-code', agentName: 'Claude Code', agentType: 'claude-code', agentCreatedBy: null,
      sessionId: 'sess-1', model: 'claude-opus-4-6', provider: 'anthropic', project: '/home/me/my_app', requests: 1,
      inputTokens: 12, outputTokens: 340, cacheReadTokens: 50_000, cacheWriteTokens: 1_500, cacheWrite5mTokens: 1_000, cacheWrite1hTokens: 500,
      reasoningTokens: null, credits: null, costReportedUsd: 0.125, latencyMs: null, status: 'ok', errorType: null,
    });
  });

  it('keeps unknown counts empty, not 0, and a flat cache write without its split', () => {
    const line = JSON.stringify({ timestamp: '2026-03-28T10:00:00Z', sessionId: 's', message: { id: 'm', model: 'claude-haiku-4-5', usage: { input_tokens: 3, output_tokens: 4, cache_creation_input_tokens: 9 } }, requestId: 'r' });
    const event = only(reader().push(line, 1));
    expect([event.inputTokens, event.outputTokens, event.cacheReadTokens, event.cacheWriteTokens, event.cacheWrite5mTokens, event.cacheWrite1hTokens, event.costReportedUsd])
      .toEqual([3, 4, null, 9, null, null, null]);
  });

  it('names fast mode as ccusage does, and an API error placeholder as an error without a model', () => {
    expect(only(reader().push(assistant({ ts: '2026-03-28T10:00:00Z', model: 'claude-opus-4-6', speed: 'fast', output: 1 }), 1)).model).toBe('claude-opus-4-6-fast');
    expect(only(reader().push(assistant({ ts: '2026-03-28T10:00:00Z', model: 'claude-opus-4-6', speed: 'standard', output: 1 }), 1)).model).toBe('claude-opus-4-6');
    const error = JSON.parse(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_E', model: '<synthetic>' })) as Record<string, unknown>;
    const event = only(reader().push(JSON.stringify({ ...error, isApiErrorMessage: true, error: 'rate_limit' }), 3));
    expect([event.status, event.errorType, event.model, event.provider, event.inputTokens]).toEqual(['error', 'rate_limit', null, null, 0]);
    const withoutWord = only(reader().push(JSON.stringify({ ...error, isApiErrorMessage: true }), 4));
    expect(withoutWord.errorType).toBe('api_error');
  });

  it('passes over lines without usage before parsing them, and interruption placeholders', () => {
    const r = reader();
    // not JSON at all, but without "usage": skipped, never parsed, so not counted as corrupt
    expect(r.push('{"type":"summary", this is not json', 1)).toEqual({ kind: 'skipped' });
    expect(r.push(user, 2)).toEqual({ kind: 'skipped' });
    expect(r.push(snapshot, 3)).toEqual({ kind: 'skipped' });
    // a Task result: "usage" outside message
    expect(r.push(JSON.stringify({ type: 'user', message: { role: 'user', content: [] }, toolUseResult: { usage: { input_tokens: 5, output_tokens: 5 } } }), 4)).toEqual({ kind: 'skipped' });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', model: '<synthetic>' }), 5)).toEqual({ kind: 'skipped' });
    expect(r.counts).toEqual({ lines: 5, events: 0, replacements: 0, duplicates: 0, skipped: 5, corrupt: 0, rejected: 0 });
  });

  it('counts a torn line as corrupt and a bad value as a rejected line naming its JSON path', () => {
    const r = reader();
    const torn = assistant({ ts: '2026-03-28T10:00:00Z', output: 5 });
    expect(r.push(torn.slice(0, torn.indexOf('"output_tokens"')), 9)).toMatchObject({ kind: 'corrupt', reject: { line: 9, column: null } });
    expect(r.push('\u001b[31m"usage"', 10)).toMatchObject({ kind: 'corrupt', reject: { reason: expect.not.stringContaining('\u001b') } });
    expect(r.push('["usage"]', 11)).toEqual({ kind: 'corrupt', reject: { line: 11, column: null, reason: 'not a JSON object' } });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', input: -5 }), 12)).toEqual({
      kind: 'rejected', reject: { line: 12, column: 'message.usage.input_tokens', reason: 'expected a non-negative integer, got -5' },
    });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 1.5 }), 13)).toMatchObject({ kind: 'rejected', reject: { column: 'message.usage.output_tokens' } });
    expect(r.push(assistant({ ts: '28/03/2026' }), 14)).toMatchObject({ kind: 'rejected', reject: { column: 'timestamp' } });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', write: 100, split: [60, 30] }), 15)).toEqual({
      kind: 'rejected',
      reject: {
        line: 15, column: 'message.usage.cache_creation_input_tokens',
        reason: '"message.usage.cache_creation_input_tokens" is 100 but "message.usage.cache_creation.ephemeral_5m_input_tokens" 60 + "message.usage.cache_creation.ephemeral_1h_input_tokens" 30 = 90',
      },
    });
    const oddSplit = JSON.parse(assistant({ ts: '2026-03-28T10:00:00Z', output: 1 })) as { message: { usage: Record<string, unknown> } };
    oddSplit.message.usage.cache_creation = 12;
    expect(r.push(JSON.stringify(oddSplit), 16)).toMatchObject({ kind: 'rejected', reject: { column: 'message.usage.cache_creation' } });
    expect(r.counts).toMatchObject({ lines: 8, corrupt: 3, rejected: 5, events: 0 });
  });

  it('reads the subagent message of an agent-progress line', () => {
    const progress = JSON.stringify({
      type: 'progress', sessionId: 'sess-1', cwd: '/home/me/my_app', timestamp: '2026-03-28T10:00:05Z',
      data: { type: 'agent_progress', message: { type: 'assistant', timestamp: '2026-03-28T10:00:04Z', requestId: 'req_P', isSidechain: true, message: { id: 'msg_P', model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 2, output_tokens: 30 } } } },
    });
    const event = only(reader().push(progress, 1));
    expect([event.eventKey, event.ts, event.agentId, event.sessionId, event.outputTokens]).toEqual([
      'claude-code:msg_P:req_P:sidechain', Date.UTC(2026, 2, 28, 10, 0, 4), 'claude-code/subagent', 'sess-1', 30,
    ]);
  });

  it('strips a byte-order mark from the first line only', () => {
    const line = assistant({ ts: '2026-03-28T10:00:00Z', output: 1 });
    expect(reader().push('\uFEFF' + line, 1).kind).toBe('event');
    expect(reader().push('\uFEFF' + line, 2).kind).toBe('corrupt');
  });

  it('keys a message without an id by its text', () => {
    const line = assistant({ ts: '2026-03-28T10:00:00Z', id: null, output: 3 });
    const first = only(reader().push(line, 1));
    expect(first.eventKey).toMatch(/^claude-code::line:[A-Za-z0-9_-]{22}$/);
    const { from, to } = claudeCodeKeyRange('line');
    expect(first.eventKey >= from && first.eventKey < to).toBe(false);
    expect(only(reader().push(line, 5)).eventKey).toBe(first.eventKey);
  });
});

describe('what the path and cwd say', () => {
  it('finds project folder, session and subagent in the layouts Claude Code writes', () => {
    expect(claudeCodeFile('/home/me/.claude/projects/-home-me-app/0a1b.jsonl')).toEqual({ projectFolder: '-home-me-app', session: '0a1b', subagent: false });
    expect(claudeCodeFile('/home/me/.claude/projects/-home-me-app/0a1b/subagents/agent-f00.jsonl')).toEqual({ projectFolder: '-home-me-app', session: '0a1b', subagent: true });
    expect(claudeCodeFile('C:\\Users\\me\\.claude\\projects\\C--Users-me-app\\agent-f00.jsonl')).toEqual({ projectFolder: 'C--Users-me-app', session: null, subagent: true });
    expect(claudeCodeFile('/home/me/projects/work/.config/claude/projects/-srv-x/0a1b/chat.jsonl')).toEqual({ projectFolder: '-srv-x', session: '0a1b', subagent: false });
    expect(claudeCodeFile('elsewhere/s9/subagents/agent-1.jsonl')).toEqual({ projectFolder: null, session: 's9', subagent: true });
    expect(claudeCodeFile('loose.jsonl')).toEqual({ projectFolder: null, session: 'loose', subagent: false });
  });

  it('reads a subagent type from its meta file', () => {
    expect(subagentTypeOf('{"agentType":"Explore","spawnDepth":1}')).toBe('Explore');
    expect(subagentTypeOf('{"agentType":""}')).toBeNull();
    expect(subagentTypeOf('{"agentType":7}')).toBeNull();
    expect(subagentTypeOf('not json')).toBeNull();
  });

  it('takes the part of cwd that Claude Code encoded into the folder name as the project', () => {
    expect(claudeCodeProject('-home-me-my-app', '/home/me/my_app')).toBe('/home/me/my_app');
    expect(claudeCodeProject('-home-me-my-app', '/home/me/my_app/src/lib')).toBe('/home/me/my_app');
    // same length prefix but not at a directory boundary
    expect(claudeCodeProject('-home-me-my-app', '/home/me/my_apple')).toBe('-home-me-my-app');
    expect(claudeCodeProject('-home-me-my-app', '/srv/other')).toBe('-home-me-my-app');
    expect(claudeCodeProject('C--Users-me-app-v2', 'C:\\Users\\me\\app.v2\\src')).toBe('C:\\Users\\me\\app.v2');
    expect(claudeCodeProject('-home-me-my-app', null)).toBe('-home-me-my-app');
    expect(claudeCodeProject(null, '/home/me/my_app/src')).toBe('/home/me/my_app/src');
    expect(claudeCodeProject(null, null)).toBeNull();
  });

  it('names agents from the path and the meta type', () => {
    const line = assistant({ ts: '2026-03-28T10:00:00Z', side: true, output: 1 });
    const sub = only(reader(`/x/projects/${project}/sess-1/subagents/agent-1.jsonl`, new ClaudeCodeMessages(), 'Explore').push(line, 1));
    expect([sub.agentId, sub.agentName, sub.agentType]).toEqual(['claude-code/Explore', 'Claude Code Explore', 'claude-code']);
    const untyped = only(reader(`/x/projects/${project}/agent-2.jsonl`).push(line, 1));
    expect([untyped.agentId, untyped.agentName]).toEqual(['claude-code/subagent', 'Claude Code subagent']);
  });

  it('takes the session from the path when the line has none', () => {
    const line = JSON.parse(assistant({ ts: '2026-03-28T10:00:00Z', output: 1 })) as Record<string, unknown>;
    delete line.sessionId;
    expect(only(reader(`/x/projects/${project}/from-path.jsonl`).push(JSON.stringify(line), 1)).sessionId).toBe('from-path');
  });
});

describe('copies of one message count once', () => {
  it('keeps the fullest streamed copy and replaces the one kept before', () => {
    const r = reader();
    const first = r.push(assistant({ ts: '2026-03-28T10:00:00.000Z', output: 5, read: 100 }), 1);
    expect(first).toMatchObject({ kind: 'event', replaces: null });
    const fuller = r.push(assistant({ ts: '2026-03-28T10:00:00.040Z', output: 40, read: 100 }), 2);
    expect(fuller).toMatchObject({ kind: 'event', replaces: 'claude-code:msg_A:req_A', event: { outputTokens: 40, line: 2 } });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00.080Z', output: 40, read: 100 }), 3)).toEqual({ kind: 'duplicate', of: 'claude-code:msg_A:req_A' });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00.080Z', output: 39, read: 100 }), 4)).toEqual({ kind: 'duplicate', of: 'claude-code:msg_A:req_A' });
    expect(r.counts).toMatchObject({ events: 2, replacements: 1, duplicates: 2 });
  });

  it('with equal tokens prefers a copy with a reported cost, then the higher cost', () => {
    const messages = new ClaudeCodeMessages();
    const r = reader(undefined, messages);
    r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 5 }), 1);
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 5, cost: 0.01 }), 2)).toMatchObject({ kind: 'event' });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 5, cost: 0.02 }), 3)).toMatchObject({ kind: 'event' });
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 5, cost: 0.01 }), 4).kind).toBe('duplicate');
    expect(r.push(assistant({ ts: '2026-03-28T10:00:00Z', output: 5 }), 5).kind).toBe('duplicate');
  });

  it('counts two main-chain requests of one message id apart, but a sidechain replay of it not at all (#913)', async () => {
    const parent = write('dedupe', `${project}/sess-1.jsonl`, [
      assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_M', req: 'req_1', input: 10, output: 20, read: 30 }),
      assistant({ ts: '2026-03-28T10:01:00Z', id: 'msg_M', req: 'req_2', input: 1, output: 2, read: 3 }),
    ]);
    const replay = write('dedupe', `${project}/sess-1/subagents/agent-aside_question-1.jsonl`, [
      assistant({ ts: '2026-03-28T10:05:00Z', id: 'msg_M', req: 'req_9', input: 10, output: 20, read: 70_030, side: true }),
      assistant({ ts: '2026-03-28T10:05:30Z', id: 'msg_S', req: 'req_S', input: 4, output: 6, side: true }),
    ]);
    for (const order of [[parent, replay], [replay, parent]]) {
      const read = await readClaudeCodeFolder(path.join(root, 'dedupe'), order);
      const events = [...read.events.values()].sort((a, b) => a.ts - b.ts);
      expect(events.map((e) => [e.eventKey, e.inputTokens, e.outputTokens, e.cacheReadTokens])).toEqual([
        ['claude-code:msg_M:req_1', 10, 20, 30],
        ['claude-code:msg_M:req_2', 1, 2, 3],
        ['claude-code:msg_S:req_S:sidechain', 4, 6, 0],
      ]);
    }
  });

  it('across scans asks the store for the copies kept before and replaces a worse one', () => {
    const stored = new Map<string, EventRecord>();
    const storeLookup = {
      copiesOf(messageId: string) {
        const { from, to } = claudeCodeKeyRange(messageId);
        return [...stored.values()].filter((e) => e.eventKey >= from && e.eventKey < to).map(keptCopyOfStoredEvent);
      },
    };
    const apply = (outcome: ReturnType<ClaudeCodeFileReader['push']>) => {
      if (outcome.kind !== 'event') return outcome.kind;
      if (outcome.replaces) stored.delete(outcome.replaces);
      stored.set(outcome.event.eventKey, outcome.event);
      return outcome.replaces === null ? 'new' : `replaces ${outcome.replaces}`;
    };
    // scan 1 saw the sidechain replay and a partly streamed message
    const scan1 = reader(undefined, new ClaudeCodeMessages(storeLookup));
    expect(apply(scan1.push(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_B', req: 'req_x', output: 9, read: 90_000, side: true }), 1))).toBe('new');
    expect(apply(scan1.push(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_C', req: 'req_C', output: 1 }), 2))).toBe('new');
    // scan 2, a new ClaudeCodeMessages: the parent's copy and the rest of the stream arrive
    const scan2 = reader(undefined, new ClaudeCodeMessages(storeLookup));
    expect(apply(scan2.push(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_B', req: 'req_B', output: 9 }), 1))).toBe('replaces claude-code:msg_B:req_x:sidechain');
    expect(apply(scan2.push(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_C', req: 'req_C', output: 70 }), 2))).toBe('replaces claude-code:msg_C:req_C');
    expect(apply(scan2.push(assistant({ ts: '2026-03-28T10:00:00Z', id: 'msg_C', req: 'req_C', output: 70 }), 3))).toBe('duplicate');
    expect([...stored.keys()].sort()).toEqual(['claude-code:msg_B:req_B', 'claude-code:msg_C:req_C']);
    expect(stored.get('claude-code:msg_C:req_C')!.outputTokens).toBe(70);
  });

  it('names a stored copy by the key it was stored under, also for ids that need encoding', () => {
    const storedKey = claudeCodeEventKey('msg:B/1', 'req x%', true);
    const messages = new ClaudeCodeMessages({
      copiesOf: (messageId) => (messageId === 'msg:B/1'
        ? [keptCopyOfStoredEvent({ eventKey: storedKey, inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4, costReportedUsd: null })]
        : []),
    });
    const offered = (requestId: string, sidechain: boolean, tokens: number) => ({
      messageId: 'msg:B/1', eventKey: claudeCodeEventKey('msg:B/1', requestId, sidechain), requestId, sidechain, tokens, costUsd: null,
    });
    expect(messages.offer(offered('req y', true, 10))).toEqual({ kind: 'duplicate', of: 'claude-code:msg%3AB%2F1:req%20x%25:sidechain' });
    expect(messages.offer(offered('req z', false, 1))).toEqual({ kind: 'replaces', eventKey: 'claude-code:msg%3AB%2F1:req%20x%25:sidechain' });
    // the main-chain copy now kept is named by its own key
    expect(messages.offer(offered('req z', false, 1))).toEqual({ kind: 'duplicate', of: 'claude-code:msg%3AB%2F1:req%20z' });
  });

  it('encodes ids so that the key range of one message holds exactly its copies', () => {
    expect(claudeCodeEventKey('msg:1', 'req/2', true)).toBe('claude-code:msg%3A1:req%2F2:sidechain');
    expect(claudeCodeEventKey('m', null, false)).toBe('claude-code:m:');
    const { from, to } = claudeCodeKeyRange('msg_1');
    const inside = (key: string) => key >= from && key < to;
    expect([claudeCodeEventKey('msg_1', 'r', false), claudeCodeEventKey('msg_1', null, true)].every(inside)).toBe(true);
    expect([claudeCodeEventKey('msg_10', 'r', false), claudeCodeEventKey('msg_', 'r', false), claudeCodeEventKey('msg_1x', 'r', false)].some(inside)).toBe(false);
    expect(keptCopyOfStoredEvent({ eventKey: 'claude-code:msg%3A1:req%2F2:sidechain', inputTokens: 1, outputTokens: 2, cacheReadTokens: null, cacheWriteTokens: 4, costReportedUsd: null }))
      .toEqual({ eventKey: 'claude-code:msg%3A1:req%2F2:sidechain', requestId: 'req/2', sidechain: true, tokens: 7, costUsd: null });
    expect(keptCopyOfStoredEvent({ eventKey: 'claude-code:m:', inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, costReportedUsd: 0.5 }))
      .toMatchObject({ requestId: null, sidechain: false, tokens: 0, costUsd: 0.5 });
  });
});

describe('a small folder, totals by hand', () => {
  it('sums per UTC day and model, and per New York day', async () => {
    write('totals', `${project}/s1.jsonl`, [
      user,
      assistant({ ts: '2026-03-28T23:30:00Z', id: 'a', req: 'a', model: 'claude-opus-4-6', input: 100, output: 10, read: 1000, write: 50, split: [50, 0] }),
      assistant({ ts: '2026-03-28T23:30:00Z', id: 'a', req: 'a', model: 'claude-opus-4-6', input: 100, output: 25, read: 1000, write: 50, split: [50, 0] }),
      assistant({ ts: '2026-03-29T00:10:00Z', id: 'b', req: 'b', model: 'claude-sonnet-4-5-20250929', input: 7, output: 70, read: 700, write: 7, split: [0, 7] }),
      snapshot,
      assistant({ ts: '2026-03-29T04:00:00Z', id: 'c', req: 'c', model: 'claude-opus-4-6', input: 1, output: 2, read: 3, write: 4 }),
      '{"usage": broken',
    ]);
    write('totals', `${project}/s1/subagents/agent-9.jsonl`, [
      assistant({ ts: '2026-03-29T00:20:00Z', id: 'd', req: 'd', model: 'claude-haiku-4-5-20251001', input: 5, output: 50, side: true }),
      // a replay of the parent's message a
      assistant({ ts: '2026-03-29T00:21:00Z', id: 'a', req: 'a2', model: 'claude-opus-4-6', input: 100, output: 25, read: 9000, write: 50, split: [50, 0], side: true }),
    ]);
    const read = await readClaudeCodeFolder(path.join(root, 'totals'));
    // s1.jsonl is read before s1/subagents/: the replay of a comes after a
    expect(read.counts).toEqual({ lines: 9, events: 5, replacements: 1, duplicates: 1, skipped: 2, corrupt: 1, rejected: 0 });
    const events = [...read.events.values()];
    const totals = (dayOf: (ts: number) => string) => {
      const out: Record<string, number[]> = {};
      for (const e of events) {
        const key = `${dayOf(e.ts)} ${e.model}`;
        const [input, output, write, read] = out[key] ?? [0, 0, 0, 0];
        out[key] = [input! + (e.inputTokens ?? 0), output! + (e.outputTokens ?? 0), write! + (e.cacheWriteTokens ?? 0), read! + (e.cacheReadTokens ?? 0)];
      }
      return out;
    };
    // UTC: message a (its fuller copy) on the 28th; b, c, d on the 29th
    expect(totals((ts) => new Date(ts).toISOString().slice(0, 10))).toEqual({
      '2026-03-28 claude-opus-4-6': [100, 25, 50, 1000],
      '2026-03-29 claude-sonnet-4-5-20250929': [7, 70, 7, 700],
      '2026-03-29 claude-opus-4-6': [1, 2, 4, 3],
      '2026-03-29 claude-haiku-4-5-20251001': [5, 50, 0, 0],
    });
    // New York is UTC−4 on these days: a, b and d fall on the 28th, c (04:00Z = 00:00 EDT) on the 29th
    const newYork = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(totals((ts) => newYork.format(ts))).toEqual({
      '2026-03-28 claude-opus-4-6': [100, 25, 50, 1000],
      '2026-03-28 claude-sonnet-4-5-20250929': [7, 70, 7, 700],
      '2026-03-28 claude-haiku-4-5-20251001': [5, 50, 0, 0],
      '2026-03-29 claude-opus-4-6': [1, 2, 4, 3],
    });
    const d = events.find((e) => e.eventKey.startsWith('claude-code:d:'))!;
    expect([d.agentId, d.project, d.sessionId, d.cacheWriteTokens]).toEqual(['claude-code/subagent', '/home/me/my_app', 'sess-1', 0]);
  });
});
