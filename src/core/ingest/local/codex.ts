/**
 * Codex CLI rollout files (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-…-<thread id>.jsonl` and
 * `archived_sessions/`), one line at a time. Usage comes from `event_msg` lines whose payload is a
 * `token_count`:
 *
 * - `total_token_usage` is cumulative per thread, so an event's usage is its difference to the previous
 *   one. A repeat with unchanged totals (Codex re-emits them for rate-limit refreshes) is no new usage.
 *   A counter that goes down starts a new series: that event's usage is its `last_token_usage` when it
 *   fits within the new totals, else the new totals themselves. `last_token_usage` is only a cross-check
 *   (counted when it disagrees), and the usage when a line has no cumulative totals.
 * - Input includes cached input and cache writes (converted to uncached input); reasoning is part of output.
 * - A fork or a spawned sub-agent starts its file with a copy of the parent's history, `token_count`
 *   lines included (re-stamped or not). Every event is keyed by the turn it belongs to (the latest
 *   `turn_context` turn id; without one, the thread of the latest `session_meta`) and its cumulative
 *   counters, which a copy repeats exactly: the first file read counts it, the `seen` index skips the rest.
 * - Sessions are threads: the file's first `session_meta` id, else the id in the file name. The agent is
 *   `codex`, or `codex/<role>` for a sub-agent.
 *
 * A rejected line changes nothing carried over, so the next event's difference covers its usage.
 */
import { parseTimestamp, ValueError } from '../../values';
import { CellError } from '../formats/format';
import type { EventRecord } from '../normalise';
import { TokenError } from '../tokenSemantics';
import {
  checkCounts, countsSignature, countsSince, fitsWithin, isZero, readCodexCounts, sameCounts, uncachedCodexInput, wentDown,
  type CodexCounts,
} from './codexCounts';
import { folderName, readCodexThread, threadIdFromFileName, type CodexThread } from './codexThread';
import {
  blankEvent, isPlainObject, nothing, parseObjectLine, rejected, type LineOutcome, type LocalLineReader, type SeenKeys,
} from './lineReader';

export const codexSourceId = 'codex';

/** What carries over between scans of one file; small and JSON-able. */
export interface CodexState {
  thread: CodexThread | null;
  /** id of the latest `session_meta` (an ancestor's while reading a replayed copy) */
  segmentId: string | null;
  turnId: string | null;
  model: string | null;
  /** the last cumulative `total_token_usage` */
  totals: CodexCounts | null;
  /** the last `last_token_usage` of a line without cumulative totals */
  lastOnly: CodexCounts | null;
}

export interface CodexCounters {
  lines: number;
  events: number;
  rejected: number;
  corrupt: number;
  /** lines without usage */
  skipped: number;
  /** token_count lines repeating the previous counters */
  repeated: number;
  /** usage another file (or an earlier scan) already counted: replayed history, archived copies */
  duplicates: number;
  /** cumulative counters that went down */
  resets: number;
  /** events whose difference of totals is not their `last_token_usage` */
  lastDisagrees: number;
}

export interface CodexReaderOptions {
  /** the file's path: its name gives the session when no `session_meta` line does */
  path: string;
  seen: SeenKeys;
  state?: CodexState;
}

const relevant = ['"token_count"', '"session_meta"', '"turn_context"'];
const totalPath = 'payload.info.total_token_usage';
const lastPath = 'payload.info.last_token_usage';

function emptyState(): CodexState {
  return { thread: null, segmentId: null, turnId: null, model: null, totals: null, lastOnly: null };
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export class CodexReader implements LocalLineReader<CodexState> {
  readonly counters: CodexCounters = {
    lines: 0, events: 0, rejected: 0, corrupt: 0, skipped: 0, repeated: 0, duplicates: 0, resets: 0, lastDisagrees: 0,
  };
  private state: CodexState;
  private readonly fileThreadId: string;

  constructor(private readonly options: CodexReaderOptions) {
    this.state = options.state ? structuredClone(options.state) : emptyState();
    this.fileThreadId = threadIdFromFileName(options.path);
  }

  exportState(): CodexState {
    return structuredClone(this.state);
  }

  finish(): LineOutcome {
    return nothing;
  }

  push(line: string, lineNo: number): LineOutcome {
    this.counters.lines += 1;
    // most lines are messages and tool output; only three kinds matter, and they say so early
    if (!relevant.some((marker) => line.includes(marker))) return this.skip();
    const record = parseObjectLine(line);
    if (record === 'corrupt') {
      this.counters.corrupt += 1;
      return nothing;
    }
    if (record === null) return this.skip();
    const payload = record.payload;
    try {
      switch (record.type) {
        case 'session_meta':
          this.readSessionMeta(payload);
          return this.skip();
        case 'turn_context':
          this.readTurnContext(payload);
          return this.skip();
        case 'event_msg':
          if (isPlainObject(payload) && payload.type === 'token_count') return this.readTokenCount(record, payload, lineNo);
          return this.skip();
        default:
          return this.skip();
      }
    } catch (error) {
      if (error instanceof CellError) return this.reject(lineNo, error.column, error.message);
      if (error instanceof TokenError) return this.reject(lineNo, error.columns[0] ?? null, error.message);
      throw error;
    }
  }

  private skip(): LineOutcome {
    this.counters.skipped += 1;
    return nothing;
  }

  private reject(lineNo: number, column: string | null, reason: string): LineOutcome {
    this.counters.rejected += 1;
    return rejected(lineNo, column, reason);
  }

  private readSessionMeta(payload: unknown): void {
    const thread = readCodexThread(payload);
    this.state.thread ??= thread;
    this.state.segmentId = thread.id;
    this.state.turnId = null;
  }

  private readTurnContext(payload: unknown): void {
    if (!isPlainObject(payload)) return;
    this.state.model = optionalText(payload.model) ?? this.state.model;
    this.state.turnId = optionalText(payload.turn_id);
  }

  private readTokenCount(record: Record<string, unknown>, payload: Record<string, unknown>, lineNo: number): LineOutcome {
    const info = payload.info;
    // rate-limit refreshes carry `info: null`
    if (!isPlainObject(info)) return this.skip();
    const ts = this.timestamp(record.timestamp);
    const totals = info.total_token_usage === undefined || info.total_token_usage === null ? null : readCodexCounts(info.total_token_usage, totalPath);
    const last = info.last_token_usage === undefined || info.last_token_usage === null ? null : readCodexCounts(info.last_token_usage, lastPath);
    const model = optionalText(info.model) ?? this.state.model;

    if (totals !== null) {
      const previous = this.state.totals;
      if (previous !== null && sameCounts(totals, previous)) {
        this.counters.repeated += 1;
        return nothing;
      }
      const reset = previous !== null && wentDown(totals, previous);
      const usage = previous === null ? totals : reset ? (last !== null && fitsWithin(last, totals) ? last : totals) : countsSince(totals, previous);
      checkCounts(usage, totalPath);
      const event = this.event(usage, totalPath, ts, model, lineNo, `${this.namespace()}:${countsSignature(totals)}`);
      if (reset) this.counters.resets += 1;
      else if (previous !== null && last !== null && !sameCounts(usage, last)) this.counters.lastDisagrees += 1;
      this.state.totals = totals;
      return this.emit(event);
    }
    if (last === null) return this.skip();
    if (this.state.lastOnly !== null && sameCounts(last, this.state.lastOnly)) {
      this.counters.repeated += 1;
      return nothing;
    }
    const event = this.event(last, lastPath, ts, model, lineNo, `${this.namespace()}:last:${ts}:${countsSignature(last)}`);
    this.state.lastOnly = last;
    return this.emit(event);
  }

  private emit(event: EventRecord | null): LineOutcome {
    if (event === null) return nothing;
    if (this.options.seen.seen(event.eventKey)) {
      this.counters.duplicates += 1;
      return nothing;
    }
    this.counters.events += 1;
    return { events: [event], rejects: [] };
  }

  private timestamp(raw: unknown): number {
    try {
      const ts = parseTimestamp(raw);
      if (ts === null) throw new CellError('timestamp', 'required value is empty');
      return ts;
    } catch (error) {
      if (error instanceof ValueError) throw new CellError('timestamp', error.message);
      throw error;
    }
  }

  /** The turn (or, without turn ids, the thread segment) an event's cumulative counters belong to. */
  private namespace(): string {
    return this.state.turnId ?? this.state.segmentId ?? this.fileThreadId;
  }

  private event(usage: CodexCounts, path: string, ts: number, model: string | null, lineNo: number, key: string): EventRecord | null {
    if (isZero(usage)) return null;
    const thread = this.state.thread;
    const agent = thread?.subagent ? `codex/${thread.role ?? 'subagent'}` : 'codex';
    const event = blankEvent(lineNo, `${codexSourceId}:${key}`, ts);
    event.sessionId = thread?.id ?? this.fileThreadId;
    event.agentId = agent;
    event.agentName = agent;
    event.agentType = thread?.originator ?? null;
    event.project = thread?.cwd ? folderName(thread.cwd) : null;
    event.provider = thread?.provider ?? null;
    event.model = model;
    event.inputTokens = uncachedCodexInput(usage, path);
    event.cacheReadTokens = usage.cached;
    event.cacheWriteTokens = usage.cacheWrite;
    event.outputTokens = usage.output;
    event.reasoningTokens = usage.reasoning;
    return event;
  }
}
