/**
 * A seeded Claude Code data folder (`<root>/projects/<project>/…`) with the cases that make counting hard,
 * and the generator's own record of what should count: one entry per assistant message, taken from the copy
 * that carries its final usage. Written as it is generated, through bounded buffers, so a transcript of any
 * size (the `file-history-snapshot` file of hundreds of MB) never sits in memory.
 *
 * Cases: a message streamed as several lines with a growing output count (the fullest copy counts);
 * resumed sessions that start with lines copied from an earlier session (counted once); subagents
 * (`<session>/subagents/agent-<id>.jsonl` with `agent-<id>.meta.json`), some of whose messages the parent also
 * logs as agent-progress lines (counted once); side questions whose sidechain file replays parent messages
 * under new request ids with larger cache reads (not counted) before its own answer (counted); Task results
 * carrying a `usage` object outside `message` (not counted); API-error and interruption placeholders; torn and
 * garbled lines; cache writes with and without the 5m/1h split; fast mode; `costUSD` in 1.0 sessions; several
 * models a day; sessions around midnight UTC, so that days differ by time zone; a `cwd` in a subdirectory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  agentProgressLine, assistantLine, snapshotLine, summaryLine, syntheticLine, taskResultLine, userLine,
  type AssistantMessage, type Envelope, type Usage,
} from './claudeCodeLines';
import { LineSink } from './lineSink';
import { Rng, streamSeed } from './random';

export interface ClaudeCodeFolderOptions {
  /** the folder to fill: transcripts go to `<root>/projects/` */
  root: string;
  /** transcript lines to write, at least (the session in progress is finished) */
  lines: number;
  seed?: number;
  /** first UTC day, YYYY-MM-DD */
  startDay?: string;
  days?: number;
  /** size of one more transcript holding nothing but `file-history-snapshot` lines; 0 for none */
  snapshotBytes?: number;
  /** keep the list of counted messages (turn off for very large folders) */
  bookkeeping?: boolean;
}

/** A message as it should count: the values of its fullest copy. */
export interface CountedMessage {
  ts: number;
  /** as written; null for an API-error placeholder */
  model: string | null;
  fast: boolean;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** null when the line had no 5m/1h split */
  cacheWrite5m: number | null;
  cacheWrite1h: number | null;
  costUsd: number | null;
  sessionId: string;
  /** the directory the session started in */
  project: string;
  /** `claude-code` or `claude-code/<subagent type>` of the file the message was written to */
  agentId: string;
  /** the parent session also logged it as an agent-progress line */
  alsoInProgressLine: boolean;
  apiError: boolean;
}

export interface WrittenLines {
  /** first copies of messages (assistant lines that count) */
  messages: number;
  /** earlier copies of streamed messages */
  streamedCopies: number;
  resumedCopies: number;
  progressCopies: number;
  sidechainReplays: number;
  apiErrors: number;
  /** `<synthetic>` interruptions: zero usage, no request */
  interruptions: number;
  /** torn or garbled lines */
  corrupt: number;
  /** user turns, tool results (Task results with their `usage`), summaries */
  withoutUsage: number;
  snapshot: number;
}

export interface ClaudeCodeFolderSummary {
  /** transcripts, relative to root */
  files: string[];
  lines: number;
  bytes: number;
  snapshotFile: string | null;
  snapshotBytes: number;
  written: WrittenLines;
  counted: CountedMessage[];
}

interface Project {
  root: string;
  models: readonly string[];
}

const projects: readonly Project[] = [
  { root: '/home/dev/acme_app', models: ['claude-sonnet-4-5-20250929', 'claude-opus-4-6', 'claude-haiku-4-5-20251001'] },
  { root: '/home/dev/tools/cli.v2', models: ['claude-opus-4-6', 'claude-sonnet-4-5-20250929'] },
  { root: '/srv/work/data pipeline', models: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'] },
];
const subagentModels = ['claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929'];
const subagentTypes = ['Explore', 'general-purpose', 'code-reviewer'];
const branches = ['main', 'feature/login', 'fix/cache-keys'];
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function folderName(directory: string): string {
  return directory.replace(/[^a-zA-Z0-9]/g, '-');
}

class Ids {
  constructor(private readonly rng: Rng) {}
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.rng.int(alphabet.length)];
    return s;
  }
  uuid(): string {
    const h = this.chars(32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  message(): string {
    return `msg_01${this.chars(22, base62)}`;
  }
  request(): string {
    return `req_011C${this.chars(20, base62)}`;
  }
  agent(): string {
    return this.chars(17, '0123456789abcdef');
  }
}

const emptyWritten = (): WrittenLines => ({
  messages: 0, streamedCopies: 0, resumedCopies: 0, progressCopies: 0, sidechainReplays: 0, apiErrors: 0, interruptions: 0, corrupt: 0, withoutUsage: 0, snapshot: 0,
});

/** One transcript being written: counts its lines for the summary. */
class Transcript {
  private readonly sink: LineSink;
  constructor(
    readonly relative: string,
    root: string,
    private readonly totals: { lines: number; bytes: number; files: string[] },
  ) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    this.sink = new LineSink(path.join(root, relative));
    totals.files.push(relative);
  }
  async line(text: string): Promise<void> {
    this.totals.lines++;
    await this.sink.write(text);
  }
  async close(): Promise<void> {
    this.totals.bytes += await this.sink.close();
  }
}

class FolderWriter {
  readonly written = emptyWritten();
  readonly counted: CountedMessage[] = [];
  readonly totals = { lines: 0, bytes: 0, files: [] as string[] };
  private readonly rng: Rng;
  private readonly ids: Ids;
  private readonly start: number;
  /** the last assistant lines of each project's latest session, for resumed sessions to copy */
  private readonly tails = new Map<string, string[]>();

  constructor(private readonly options: ClaudeCodeFolderOptions) {
    const seed = options.seed ?? 1;
    this.rng = new Rng(streamSeed(seed, 41));
    this.ids = new Ids(new Rng(streamSeed(seed, 42)));
    this.start = Date.parse(`${options.startDay ?? '2026-03-26'}T00:00:00Z`);
    if (!Number.isFinite(this.start)) throw new Error(`startDay must be YYYY-MM-DD, got ${String(options.startDay)}`);
  }

  private chance(p: number): boolean {
    return this.rng.next() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  /** Sessions start at any hour, a third of them within an hour of midnight UTC. */
  private sessionStart(): number {
    const day = this.rng.int(this.options.days ?? 7);
    const minute = this.chance(0.35) ? (23 * 60 + this.rng.int(120)) % 1440 : this.rng.int(1440);
    return this.start + day * 86_400_000 + minute * 60_000 + this.rng.int(60_000);
  }

  private usage(splitCache: boolean, fastAllowed: boolean): Usage {
    const cacheWrite = this.chance(0.6) ? this.rng.int(15_000) : 0;
    const oneHour = splitCache && this.chance(0.3) ? this.rng.int(cacheWrite + 1) : 0;
    return {
      input: this.chance(0.8) ? 1 + this.rng.int(30) : 500 + this.rng.int(20_000),
      output: 1 + this.rng.int(3000),
      cacheRead: this.chance(0.85) ? this.rng.int(120_000) : 0,
      cacheWrite,
      split: splitCache ? { fiveMinutes: cacheWrite - oneHour, oneHour } : null,
      speed: fastAllowed && this.chance(0.15) ? 'fast' : splitCache ? 'standard' : null,
    };
  }

  private record(message: AssistantMessage, envelope: Envelope, project: string, agentId: string, inProgress: boolean): void {
    this.written.messages++;
    if (this.options.bookkeeping === false) return;
    const u = message.usage;
    this.counted.push({
      ts: Date.parse(message.timestamp), model: message.model, fast: u.speed === 'fast', input: u.input, output: u.output, cacheRead: u.cacheRead,
      cacheWrite: u.cacheWrite, cacheWrite5m: u.split?.fiveMinutes ?? null, cacheWrite1h: u.split?.oneHour ?? null, costUsd: message.costUsd,
      sessionId: envelope.sessionId, project, agentId, alsoInProgressLine: inProgress, apiError: false,
    });
  }

  /** Writes a message as 1–3 streamed lines (the output count growing to its final value); returns the final copy. */
  private async message(file: Transcript, envelope: Envelope, at: number, model: string, parentUuid: string | null, withCost: boolean): Promise<AssistantMessage> {
    const usage = this.usage(!withCost, model.includes('opus'));
    const copies = withCost || usage.output < 4 ? 1 : 1 + this.rng.int(3);
    const messageId = this.ids.message();
    const requestId = this.ids.request();
    let last: AssistantMessage | null = null;
    for (let copy = 0; copy < copies; copy++) {
      const final = copy === copies - 1;
      // earlier copies carry a smaller output count, as Claude Code writes them while the answer streams
      const output = final ? usage.output : Math.max(1, Math.floor((usage.output * (copy + 1)) / (copies + 1)));
      last = {
        uuid: this.ids.uuid(), parentUuid, timestamp: new Date(at + copy * 37).toISOString(), messageId, requestId, model,
        usage: { ...usage, output }, costUsd: withCost ? Math.round((usage.input * 3 + usage.output * 15 + usage.cacheRead * 0.3 + usage.cacheWrite * 3.75)) / 1e6 : null,
        text: `step ${copy + 1}`,
      };
      if (!final) this.written.streamedCopies++;
      await file.line(assistantLine(envelope, last));
    }
    return last!;
  }

  async session(): Promise<void> {
    const project = this.pick(projects);
    const folder = folderName(project.root);
    const sessionId = this.ids.uuid();
    const legacy = this.chance(0.2);
    const envelope: Envelope = {
      sessionId, cwd: project.root, gitBranch: this.pick(branches), version: legacy ? `1.0.${40 + this.rng.int(30)}` : `2.0.${this.rng.int(40)}`, sidechain: false, agentId: null,
    };
    const file = new Transcript(`projects/${folder}/${sessionId}.jsonl`, this.options.root, this.totals);
    let at = this.sessionStart();
    let parent: string | null = null;
    const tail = this.tails.get(folder);
    if (tail && this.chance(0.3)) {
      // a resumed session begins with the earlier session's last lines, copied as they were
      for (const line of tail) {
        await file.line(line);
        this.written.resumedCopies++;
      }
    }
    const kept: string[] = [];
    const parentMessages: AssistantMessage[] = [];
    const turns = 3 + this.rng.int(10);
    for (let turn = 0; turn < turns; turn++) {
      envelope.cwd = this.chance(0.2) ? `${project.root}/src/lib` : project.root;
      const userUuid = this.ids.uuid();
      await file.line(userLine(envelope, userUuid, parent, new Date(at).toISOString(), 'please look at the "usage" numbers'));
      this.written.withoutUsage++;
      parent = userUuid;
      const count = 1 + this.rng.int(4);
      for (let m = 0; m < count; m++) {
        at += 2_000 + this.rng.int(60_000);
        const message = await this.message(file, envelope, at, this.pick(project.models), parent, legacy);
        this.record(message, envelope, project.root, 'claude-code', false);
        kept.push(assistantLine(envelope, message));
        parentMessages.push(message);
        parent = message.uuid;
        await this.oddLine(file, envelope, at, parent, project.root);
      }
      if (!legacy && this.chance(0.25)) at = await this.subagent(file, envelope, folder, project.root, at, parent);
      if (!legacy && this.chance(0.1)) at = await this.sideQuestion(envelope, folder, project.root, at, parentMessages.slice(-3));
    }
    if (this.chance(0.3)) {
      await file.line(summaryLine(parent ?? this.ids.uuid(), 'Reviewed the usage numbers'));
      this.written.withoutUsage++;
    }
    await file.close();
    this.tails.set(folder, kept.slice(-3));
  }

  /** Now and then: an API error, an interruption, a torn or a garbled line. */
  private async oddLine(file: Transcript, envelope: Envelope, at: number, parent: string, project: string): Promise<void> {
    const roll = this.rng.next();
    const when = new Date(at + 500).toISOString();
    if (roll < 0.02) {
      const id = this.ids.message();
      await file.line(syntheticLine(envelope, this.ids.uuid(), parent, when, id, 'rate_limit'));
      this.written.apiErrors++;
      if (this.options.bookkeeping !== false) {
        this.counted.push({
          ts: Date.parse(when), model: null, fast: false, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite5m: null, cacheWrite1h: null, costUsd: null,
          sessionId: envelope.sessionId, project, agentId: 'claude-code', alsoInProgressLine: false, apiError: true,
        });
      }
    } else if (roll < 0.03) {
      await file.line(syntheticLine(envelope, this.ids.uuid(), parent, when, this.ids.message(), null));
      this.written.interruptions++;
    } else if (roll < 0.04) {
      // a line cut short, as a crash mid-write leaves it: it still holds "usage", so only JSON.parse can tell
      const torn = assistantLine(envelope, {
        uuid: this.ids.uuid(), parentUuid: parent, timestamp: when, messageId: this.ids.message(), requestId: this.ids.request(), model: 'claude-opus-4-6',
        usage: this.usage(true, false), costUsd: null, text: 'torn',
      });
      await file.line(torn.slice(0, torn.indexOf('"output_tokens"') + 17));
      this.written.corrupt++;
    } else if (roll < 0.045) {
      await file.line('\u0000\u0000{"usage" garbage');
      this.written.corrupt++;
    }
  }

  /** A subagent's own transcript; the parent logs some of its messages as progress lines, then the Task result. */
  private async subagent(parentFile: Transcript, parentEnvelope: Envelope, folder: string, project: string, at: number, parent: string): Promise<number> {
    const agentId = this.ids.agent();
    const type = this.pick(subagentTypes);
    const relative = `projects/${folder}/${parentEnvelope.sessionId}/subagents/agent-${agentId}`;
    const file = new Transcript(`${relative}.jsonl`, this.options.root, this.totals);
    fs.writeFileSync(path.join(this.options.root, `${relative}.meta.json`), JSON.stringify({ agentType: type, spawnDepth: 1 }));
    const envelope: Envelope = { ...parentEnvelope, sidechain: true, agentId };
    let last: AssistantMessage | null = null;
    let subParent: string | null = null;
    const count = 2 + this.rng.int(5);
    for (let m = 0; m < count; m++) {
      at += 1_000 + this.rng.int(20_000);
      const message = await this.message(file, envelope, at, this.pick(subagentModels), subParent, false);
      const inProgress = this.chance(0.5);
      if (inProgress) {
        // ccusage's fixtures write the flag inside the progress line; real ones may not: both are read
        await parentFile.line(agentProgressLine(parentEnvelope, this.ids.uuid(), agentId, message, this.chance(0.5) ? true : null));
        this.written.progressCopies++;
      }
      this.record(message, envelope, project, `claude-code/${type}`, inProgress);
      subParent = message.uuid;
      last = message;
    }
    await file.close();
    await parentFile.line(taskResultLine(parentEnvelope, this.ids.uuid(), parent, new Date(at + 100).toISOString(), agentId, last!.usage));
    this.written.withoutUsage++;
    return at + 200;
  }

  /** A side question (`/btw`): its sidechain file replays parent messages under new request ids, then answers. */
  private async sideQuestion(parentEnvelope: Envelope, folder: string, project: string, at: number, replayed: readonly AssistantMessage[]): Promise<number> {
    const agentId = this.ids.agent();
    const relative = `projects/${folder}/${parentEnvelope.sessionId}/subagents/agent-aside_question-${agentId}`;
    const file = new Transcript(`${relative}.jsonl`, this.options.root, this.totals);
    fs.writeFileSync(path.join(this.options.root, `${relative}.meta.json`), JSON.stringify({ agentType: 'aside_question' }));
    const envelope: Envelope = { ...parentEnvelope, sidechain: true, agentId };
    for (const message of replayed) {
      await file.line(assistantLine(envelope, {
        ...message, uuid: this.ids.uuid(), requestId: this.ids.request(), timestamp: new Date(at).toISOString(),
        usage: { ...message.usage, cacheRead: message.usage.cacheRead + 40_000 },
      }));
      this.written.sidechainReplays++;
    }
    at += 3_000;
    const answer = await this.message(file, envelope, at, 'claude-haiku-4-5-20251001', null, false);
    this.record(answer, envelope, project, 'claude-code/aside_question', false);
    await file.close();
    return at + 1_000;
  }

  async snapshot(bytes: number): Promise<{ file: string; bytes: number }> {
    const relative = `projects/${folderName(projects[0]!.root)}/${this.ids.uuid()}.jsonl`;
    fs.mkdirSync(path.dirname(path.join(this.options.root, relative)), { recursive: true });
    const sink = new LineSink(path.join(this.options.root, relative));
    let written = 0;
    let at = this.start;
    while (written < bytes) {
      const line = snapshotLine(this.ids.uuid(), new Date(at).toISOString(), 24);
      written += Buffer.byteLength(line) + 1;
      at += 1_000;
      await sink.write(line);
      this.written.snapshot++;
    }
    return { file: relative, bytes: await sink.close() };
  }
}

export async function writeClaudeCodeFolder(options: ClaudeCodeFolderOptions): Promise<ClaudeCodeFolderSummary> {
  const writer = new FolderWriter(options);
  while (writer.totals.lines < options.lines) await writer.session();
  const snapshot = options.snapshotBytes ? await writer.snapshot(options.snapshotBytes) : null;
  return {
    files: writer.totals.files, lines: writer.totals.lines, bytes: writer.totals.bytes,
    snapshotFile: snapshot?.file ?? null, snapshotBytes: snapshot?.bytes ?? 0,
    written: writer.written, counted: writer.counted,
  };
}
