/**
 * Claude Code transcripts (`~/.claude/projects/**.jsonl`, `~/.config/claude/projects/**.jsonl`) as
 * canonical events: one event per assistant message with usage, fed one line at a time.
 *
 * - agent: `claude-code` ("Claude Code"); a subagent's file (under `subagents/`, or a legacy `agent-*.jsonl`)
 *   is `claude-code/<type>` with the type from its `agent-<id>.meta.json` (`claude-code/Explore`), or
 *   `claude-code/subagent` when the caller has no type, as are agent-progress lines (a subagent's message logged in
 *   the parent's file, without its type); agent type `claude-code` for all of them;
 * - session: the line's `sessionId` (a subagent's lines name the parent session), else the path's session;
 * - project: see `claudeCodeProject.ts`; `gitBranch` and `version` are not kept (no column holds them, and a
 *   branch inside `project` would split one project's totals);
 * - tokens: `input_tokens` is uncached input, cache reads and writes apart (5-minute and 1-hour writes where
 *   `cache_creation` gives them); output includes thinking, which Claude Code does not count apart, so
 *   reasoning is empty; `costUSD` (written by older versions) is the reported cost;
 * - `isApiErrorMessage` → status error; `<synthetic>` placeholder messages without tokens are not requests
 *   and are passed over, with tokens they are kept without a model;
 * - copies of one message count once (`claudeCodeCopies.ts`), so an event may replace one kept earlier.
 *
 * A line stands alone: the reader carries nothing from one line to the next, so a later scan resumes at any
 * byte offset with a fresh reader; the copies kept by earlier scans come from the store (`StoredClaudeCodeCopies`).
 */
import type { EventRecord } from '../normalise';
import type { RawReject } from '../rawRecord';
import { claudeCodeEventKey, type ClaudeCodeMessages } from './claudeCodeCopies';
import { claudeCodeFile, type ClaudeCodeFile } from './claudeCodeFile';
import { readClaudeCodeLine, type ClaudeCodeEntry } from './claudeCodeLine';
import { claudeCodeProject } from './claudeCodeProject';
import { createHash } from 'node:crypto';

export const claudeCodeSource = 'claude-code';

export interface ClaudeCodeFileOptions {
  /** the transcript's path as found (absolute, or from a `projects` folder down) */
  path: string;
  /** a subagent's type from its `agent-<id>.meta.json` (`subagentTypeOf`), when the caller read it */
  subagentType?: string | null;
  /** shared by every file of one scan */
  messages: ClaudeCodeMessages;
}

export type ClaudeCodeOutcome =
  /** a new event; `replaces` is the key of a kept copy of the same message that this one supersedes (remove it first) */
  | { kind: 'event'; event: EventRecord; replaces: string | null }
  /** a copy of a message already kept, no better than it */
  | { kind: 'duplicate'; of: string }
  /** no `message.usage`: user turns, tool results, snapshots; or a `<synthetic>` placeholder without tokens */
  | { kind: 'skipped' }
  /** not a JSON object (a torn or garbled line): counted and passed over */
  | { kind: 'corrupt'; reject: RawReject }
  /** a value that breaks the rules (a negative count, a bad timestamp): the line is left out and reported */
  | { kind: 'rejected'; reject: RawReject };

export interface ClaudeCodeCounts {
  lines: number;
  events: number;
  /** events that superseded a kept copy */
  replacements: number;
  duplicates: number;
  skipped: number;
  corrupt: number;
  rejected: number;
}

function tokenSum(entry: ClaudeCodeEntry): number {
  const t = entry.tokens;
  return (t.input ?? 0) + (t.output ?? 0) + (t.cacheRead ?? 0) + (t.cacheWrite ?? 0);
}

/**
 * Lines without a message id cannot be matched with their copies: keyed by their text, so a re-read finds the
 * same key. The empty message-id part keeps these keys out of every message's key range.
 */
function lineKey(text: string): string {
  return `${claudeCodeSource}::line:${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
}

interface Agent {
  agentId: string;
  agentName: string;
}

const mainAgent: Agent = { agentId: claudeCodeSource, agentName: 'Claude Code' };

function subagent(type: string | null): Agent {
  return { agentId: `${claudeCodeSource}/${type ?? 'subagent'}`, agentName: `Claude Code ${type ?? 'subagent'}` };
}

export class ClaudeCodeFileReader {
  readonly counts: ClaudeCodeCounts = { lines: 0, events: 0, replacements: 0, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0 };
  private readonly file: ClaudeCodeFile;
  private readonly agent: Agent;
  private readonly projects = new Map<string | null, string | null>();

  constructor(private readonly options: ClaudeCodeFileOptions) {
    this.file = claudeCodeFile(options.path);
    this.agent = this.file.subagent ? subagent(options.subagentType?.trim() || null) : mainAgent;
  }

  push(text: string, lineNo: number): ClaudeCodeOutcome {
    this.counts.lines++;
    const line = readClaudeCodeLine(lineNo === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text);
    switch (line.kind) {
      case 'no-usage':
        this.counts.skipped++;
        return { kind: 'skipped' };
      case 'corrupt':
        this.counts.corrupt++;
        return { kind: 'corrupt', reject: { line: lineNo, column: null, reason: line.reason } };
      case 'rejected':
        this.counts.rejected++;
        return { kind: 'rejected', reject: { line: lineNo, column: line.column, reason: line.reason } };
    }
    const entry = line.entry;
    if (entry.synthetic && !entry.apiError && tokenSum(entry) === 0) {
      this.counts.skipped++;
      return { kind: 'skipped' };
    }
    const eventKey = entry.messageId === null ? lineKey(text) : claudeCodeEventKey(entry.messageId, entry.requestId, entry.sidechain);
    let replaces: string | null = null;
    if (entry.messageId !== null) {
      const verdict = this.options.messages.offer({
        messageId: entry.messageId, eventKey, requestId: entry.requestId, sidechain: entry.sidechain, tokens: tokenSum(entry), costUsd: entry.costUsd,
      });
      if (verdict.kind === 'duplicate') {
        this.counts.duplicates++;
        return { kind: 'duplicate', of: verdict.of };
      }
      if (verdict.kind === 'replaces') {
        replaces = verdict.eventKey;
        this.counts.replacements++;
      }
    }
    this.counts.events++;
    return { kind: 'event', event: this.event(entry, eventKey, lineNo), replaces };
  }

  private project(cwd: string | null): string | null {
    let project = this.projects.get(cwd);
    if (project === undefined) {
      project = claudeCodeProject(this.file.projectFolder, cwd);
      this.projects.set(cwd, project);
    }
    return project;
  }

  private event(entry: ClaudeCodeEntry, eventKey: string, lineNo: number): EventRecord {
    const t = entry.tokens;
    return {
      kind: 'events', line: lineNo, eventKey, ts: entry.ts,
      orgId: null, orgName: null, parentOrgId: null, userId: null, userEmail: null, userName: null, role: null,
      ...(entry.progress && !this.file.subagent ? subagent(null) : this.agent), agentType: claudeCodeSource, agentCreatedBy: null,
      sessionId: entry.sessionId ?? this.file.session, model: entry.model, provider: entry.model === null ? null : 'anthropic',
      project: this.project(entry.cwd), requests: 1,
      inputTokens: t.input, outputTokens: t.output, cacheReadTokens: t.cacheRead, cacheWriteTokens: t.cacheWrite,
      cacheWrite5mTokens: t.cacheWrite5m, cacheWrite1hTokens: t.cacheWrite1h, reasoningTokens: null,
      credits: null, costReportedUsd: entry.costUsd, latencyMs: null,
      status: entry.apiError ? 'error' : 'ok', errorType: entry.errorType,
    };
  }
}
