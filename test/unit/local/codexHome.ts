/**
 * A seeded `$CODEX_HOME` for tests: rollout files written the way Codex writes them, with the hard cases
 * (re-emitted counters, rate-limit refreshes, a counter reset, a spawned sub-agent whose file starts
 * with a re-stamped copy of its parent's history, an archived copy of a whole file, a legacy file
 * without `session_meta` or turn ids, noise and corrupt lines). Alongside the files it keeps its own
 * account of every request it invented: what the reader must find, computed from the generator's
 * arithmetic, never from the reader.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from '../../../src/tools/sample/random';

export interface CodexRequest {
  file: string;
  line: number;
  ts: number;
  session: string;
  agent: string;
  model: string;
  /** input as Codex counts it: including cached input and cache writes */
  input: number;
  cached: number;
  cacheWrite: number | null;
  output: number;
  reasoning: number;
}

export interface CodexHome {
  home: string;
  /** every file written, relative to home */
  files: string[];
  /** the requests each thread really made, in the order written */
  requests: CodexRequest[];
  /** lines the reader must refuse */
  rejects: { file: string; line: number; column: string }[];
  corruptLines: number;
  parentId: string;
  childId: string;
  /** the parent's lines before this one were copied into the sub-agent's file */
  forkLine: number;
}

interface Counts {
  input_tokens: number;
  cached_input_tokens: number;
  cache_creation_input_tokens?: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

const startMs = Date.UTC(2026, 4, 13, 9, 0, 0);

function uuid(rng: Rng, stamp: number): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(16).toString(16)).join('');
  return `${stamp.toString(16).padStart(12, '0').slice(-12, -4)}-${stamp.toString(16).slice(-4)}-7${hex(3)}-8${hex(3)}-${hex(12)}`;
}

function plus(a: Counts, b: Counts): Counts {
  const sum: Counts = {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
  if (a.cache_creation_input_tokens !== undefined || b.cache_creation_input_tokens !== undefined) {
    sum.cache_creation_input_tokens = (a.cache_creation_input_tokens ?? 0) + (b.cache_creation_input_tokens ?? 0);
  }
  return sum;
}

const zero: Counts = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };

/** One thread's rollout file being written, with its cumulative counters. */
class Rollout {
  readonly lines: string[] = [];
  totals: Counts = zero;
  clock: number;

  constructor(readonly file: string, readonly out: CodexHome, readonly session: string, readonly agent: string, start: number) {
    this.clock = start;
  }

  tick(rng: Rng): string {
    this.clock += 1_000 + rng.int(20_000);
    return new Date(this.clock).toISOString();
  }

  write(record: object): number {
    this.lines.push(JSON.stringify(record));
    return this.lines.length;
  }

  meta(payload: object, rng: Rng): void {
    this.write({ timestamp: this.tick(rng), type: 'session_meta', payload: { timestamp: new Date(this.clock).toISOString(), cli_version: '0.145.0', base_instructions: { text: 'You are Codex…' }, ...payload } });
  }

  turn(turnId: string | null, model: string, rng: Rng): void {
    const payload: Record<string, unknown> = { cwd: '/home/dev/shop-api', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' }, model, summary: 'auto' };
    if (turnId !== null) payload.turn_id = turnId;
    this.write({ timestamp: this.tick(rng), type: 'turn_context', payload });
  }

  /** A model request: its usage is added to the thread's totals and written as a token_count. */
  request(rng: Rng, model: string, options: { cacheWrites?: boolean; small?: boolean } = {}): void {
    const input = options.small ? 500 + rng.int(1_000) : 2_000 + rng.int(60_000);
    const cached = rng.next() < 0.2 ? 0 : rng.int(input);
    const cacheWrite = options.cacheWrites ? rng.int(input - cached + 1) : undefined;
    const output = options.small ? 1 + rng.int(19) : 20 + rng.int(3_000);
    const reasoning = rng.next() < 0.3 ? 0 : rng.int(output + 1);
    const last: Counts = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output };
    if (cacheWrite !== undefined) last.cache_creation_input_tokens = cacheWrite;
    this.totals = plus(this.totals, last);
    const ts = this.tick(rng);
    const line = this.tokenCount(ts, this.totals, last);
    this.out.requests.push({
      file: this.file, line, ts: Date.parse(ts), session: this.session, agent: this.agent, model,
      input, cached, cacheWrite: cacheWrite ?? null, output, reasoning,
    });
  }

  tokenCount(ts: string, totals: Counts, last: Counts): number {
    return this.write({
      timestamp: ts, type: 'event_msg',
      payload: { type: 'token_count', info: { total_token_usage: totals, last_token_usage: last, model_context_window: 272_000 }, rate_limits: { primary: { used_percent: 12.5 } } },
    });
  }

  /** Codex repeats the last counters on rate-limit refreshes. */
  reemit(rng: Rng): void {
    const last = JSON.parse(this.lines.filter((line) => line.includes('"token_count"')).at(-1)!).payload.info.last_token_usage as Counts;
    this.tokenCount(this.tick(rng), this.totals, last);
  }

  rateLimitsOnly(rng: Rng): void {
    this.write({ timestamp: this.tick(rng), type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: { primary: { used_percent: 13 } } } });
  }

  noise(rng: Rng): void {
    this.write({ timestamp: this.tick(rng), type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The "token_count" event is emitted after each response.' }] } });
    this.write({ timestamp: this.tick(rng), type: 'event_msg', payload: { type: 'agent_message', message: 'Done.' } });
  }

  corrupt(rng: Rng): void {
    this.lines.push(`{"timestamp":"${this.tick(rng)}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usa`);
    this.out.corruptLines += 1;
  }

  save(home: string): void {
    const path = join(home, this.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.lines.join('\n') + '\n');
    this.out.files.push(this.file);
  }
}

function rolloutName(ms: number, id: string): string {
  const stamp = new Date(ms).toISOString().slice(0, 19).replace(/:/g, '-');
  const day = stamp.slice(0, 10).replace(/-/g, '/');
  return `sessions/${day}/rollout-${stamp}-${id}.jsonl`;
}

export function writeCodexHome(home: string, seed: number): CodexHome {
  const rng = new Rng(seed);
  const parentId = uuid(rng, startMs);
  const childId = uuid(rng, startMs + 600_000);
  const out: CodexHome = { home, files: [], requests: [], rejects: [], corruptLines: 0, parentId, childId, forkLine: 0 };
  const models = ['gpt-5.2-codex', 'gpt-5.1-codex-mini'];

  // the parent thread: two turns, re-emits, refreshes, noise and a corrupt line
  const parent = new Rollout(rolloutName(startMs, parentId), out, parentId, 'codex', startMs);
  const parentMeta = { id: parentId, cwd: '/home/dev/shop-api', originator: 'codex_cli_rs', source: 'cli', model_provider: 'openai', git: { branch: 'main', commit_hash: 'abc123' } };
  parent.meta(parentMeta, rng);
  const firstTurn = uuid(rng, startMs + 1);
  parent.turn(firstTurn, models[0]!, rng);
  const firstTurnRequests = 3 + rng.int(3);
  for (let i = 0; i < firstTurnRequests; i++) {
    parent.request(rng, models[0]!);
    if (rng.next() < 0.6) parent.reemit(rng);
    if (i === 1) parent.rateLimitsOnly(rng);
    parent.noise(rng);
  }
  const linesBeforeFork = parent.lines.length;
  out.forkLine = linesBeforeFork + 1;
  const totalsAtFork = parent.totals;
  parent.corrupt(rng);
  const secondTurn = uuid(rng, startMs + 2);
  parent.turn(secondTurn, models[1]!, rng);
  for (let i = 0; i < 2 + rng.int(3); i++) {
    parent.request(rng, models[1]!, { cacheWrites: true });
    parent.noise(rng);
  }
  parent.save(home);

  // a spawned sub-agent: its own meta, then the parent's history up to the spawn re-stamped at the spawn, then its own turn
  const spawnMs = parent.clock + 5_000;
  const child = new Rollout(rolloutName(spawnMs, childId), out, childId, 'codex/explorer', spawnMs);
  child.meta({ id: childId, cwd: '/home/dev/shop-api', originator: 'codex_cli_rs', model_provider: 'openai', agent_role: 'explorer', agent_nickname: 'Gauss', thread_source: 'subagent', source: { subagent: { thread_spawn: { parent_thread_id: parentId, depth: 1 } } } }, rng);
  const restamped = new Date(child.clock).toISOString();
  for (const line of parent.lines.slice(0, linesBeforeFork)) {
    const record = JSON.parse(line);
    record.timestamp = restamped;
    child.lines.push(JSON.stringify(record));
  }
  child.totals = totalsAtFork;
  child.turn(uuid(rng, spawnMs + 1), models[1]!, rng);
  for (let i = 0; i < 2 + rng.int(2); i++) child.request(rng, models[1]!);
  child.save(home);

  // a thread whose counters restart: after the reset the first event's last_token_usage is the new series
  const resetStart = startMs + 3_600_000;
  const resetId = uuid(rng, resetStart);
  const resetting = new Rollout(rolloutName(resetStart, resetId), out, resetId, 'codex', resetStart);
  resetting.meta({ id: resetId, cwd: 'C:\\Users\\dev\\billing', originator: 'codex_vscode', source: 'vscode', model_provider: 'openai' }, rng);
  resetting.turn(uuid(rng, resetStart + 1), models[0]!, rng);
  for (let i = 0; i < 3; i++) resetting.request(rng, models[0]!);
  // smaller than the three before it together, so the drop shows
  resetting.totals = zero;
  resetting.turn(uuid(rng, resetStart + 2), models[0]!, rng);
  resetting.request(rng, models[0]!, { small: true });
  resetting.request(rng, models[0]!);
  // a line whose counters are not numbers: refused, and the next line's difference carries on from the last good one
  const badLine = resetting.write({ timestamp: resetting.tick(rng), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { ...resetting.totals, input_tokens: '12x' }, last_token_usage: null } } });
  out.rejects.push({ file: resetting.file, line: badLine, column: 'payload.info.total_token_usage.input_tokens' });
  resetting.request(rng, models[0]!);
  resetting.save(home);

  // an older log: no session_meta, no turn ids; the session comes from the file name
  const legacyStart = startMs + 7_200_000;
  const legacyId = uuid(rng, legacyStart);
  const legacy = new Rollout(rolloutName(legacyStart, legacyId), out, legacyId, 'codex', legacyStart);
  legacy.turn(null, models[0]!, rng);
  for (let i = 0; i < 3; i++) legacy.request(rng, models[0]!);
  legacy.save(home);

  // the parent's file archived while its copy is still in sessions/: the same usage twice on disk
  const archived = `archived_sessions/${parent.file.split('/').at(-1)}`;
  mkdirSync(join(home, 'archived_sessions'), { recursive: true });
  copyFileSync(join(home, parent.file), join(home, archived));
  out.files.push(archived);

  return out;
}
