/**
 * One file's reader for a local log scan, whatever the source: lines in, events written through the
 * scan's EventWriter, counts kept, carried state out. Copies of usage already stored (a Claude Code
 * message seen in another file, a Codex fork's replayed history) are found in the store.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import { ClaudeCodeFileReader } from '../core/ingest/local/claudeCode';
import { claudeCodeKeyRange, claudeCodeKeysCondition, keptCopyOfStoredEvent, type ClaudeCodeMessages, type KeptCopy, type StoredClaudeCodeCopies } from '../core/ingest/local/claudeCodeCopies';
import { claudeCodeFile, subagentMetaPath, subagentTypeOf } from '../core/ingest/local/claudeCodeFile';
import { CodexReader, codexSourceId, type CodexState } from '../core/ingest/local/codex';
import type { LineOutcome, SeenKeys } from '../core/ingest/local/lineReader';
import { OtelReader, type OtelState } from '../core/ingest/local/otel';
import { otlpSourceId } from '../core/ingest/local/otlpTraces';
import type { EventRecord } from '../core/ingest/normalise';
import type { RawReject } from '../core/ingest/rawRecord';
import { moneyOfCode } from '../core/moneyCodes';
import type { LocalLogKind } from '../shared/sources';
import type { EventSink, EventWriter } from './eventWriter';

export interface ScanCounts {
  lines: number;
  imported: number;
  /** stored copies replaced by a fuller copy of the same usage */
  replaced: number;
  duplicates: number;
  /** lines without usage */
  skipped: number;
  /** lines that are not JSON */
  corrupt: number;
  /** lines with a value that breaks the rules */
  rejected: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
}

export function emptyCounts(): ScanCounts {
  return { lines: 0, imported: 0, replaced: 0, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0, firstEventAt: null, lastEventAt: null };
}

export interface FileReader {
  push(line: string, lineNo: number): void;
  finish(endOfInput: boolean): void;
  exportState(): unknown;
}

export interface ScanContext {
  writer: EventSink;
  counts: ScanCounts;
  /** rejected and corrupt lines, with their file */
  onReject(reject: RawReject): void;
  /** Claude Code messages kept in this scan, shared by its files */
  messages: ClaudeCodeMessages;
  seen: SeenKeys;
  /**
   * Claude Code events kept so far in this scan, written when the scan ends (or the map grows large):
   * a message streams as several copies, each fuller than the last, and only the fullest is stored.
   */
  pendingCopies: Map<string, EventRecord>;
  /** Claude Code subagent types already read, by transcript path (a scan thread gets them from the walk) */
  subagentTypes?: ReadonlyMap<string, string | null>;
}

/** A subagent transcript's type from the meta file beside it; null for other transcripts or without one. */
export function readSubagentType(path: string): string | null {
  if (!claudeCodeFile(path).subagent) return null;
  const meta = subagentMetaPath(path);
  return existsSync(meta) ? subagentTypeOf(readFileSync(meta, 'utf8')) : null;
}

/** Kept copies held before they are written; more are flushed at once. */
const maxPendingCopies = 100_000;

export function flushPendingCopies(context: ScanContext): void {
  for (const event of context.pendingCopies.values()) record(context, event, 'claude-code');
  context.pendingCopies.clear();
}

function record(context: ScanContext, event: EventRecord, source: string): void {
  const outcome = context.writer.write(event, source, false);
  const counts = context.counts;
  if (outcome === 'duplicate') {
    counts.duplicates++;
    return;
  }
  counts.imported++;
  if (counts.firstEventAt === null || event.ts < counts.firstEventAt) counts.firstEventAt = event.ts;
  if (counts.lastEventAt === null || event.ts > counts.lastEventAt) counts.lastEventAt = event.ts;
}

/** The stored copies of a message: its key range (claudeCodeKeyRange), read through the index of Claude Code's keys. */
export const claudeCodeCopiesSql = `SELECT event_key, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_reported_code FROM event_rows
  WHERE ${claudeCodeKeysCondition} AND event_key >= ? AND event_key < ?`;

/** Claude Code's copies of a message kept by earlier scans, from the event keys in the store. */
export function storedClaudeCodeCopies(db: Database): StoredClaudeCodeCopies & { free(): void } {
  const query = db.prepare(claudeCodeCopiesSql);
  return {
    copiesOf(messageId: string): KeptCopy[] {
      const { from, to } = claudeCodeKeyRange(messageId);
      query.bind([from, to]);
      const copies: KeptCopy[] = [];
      while (query.step()) {
        const [eventKey, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costReported] = query.get() as [string, number | null, number | null, number | null, number | null, number | null];
        copies.push(keptCopyOfStoredEvent({ eventKey, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costReportedUsd: moneyOfCode(costReported) }));
      }
      query.reset();
      return copies;
    },
    free: () => query.free(),
  };
}

/** Keys claimed in this scan or stored by an earlier one (`stored`: the scan's writer, when the store may hold some). */
export function storedSeenKeys(stored: Pick<EventWriter, 'has'> | null): SeenKeys {
  const claimed = new Set<string>();
  return {
    seen(key) {
      if (claimed.has(key)) return true;
      if (stored?.has(key)) return true;
      claimed.add(key);
      return false;
    },
  };
}

function claudeCodeReader(path: string, context: ScanContext): FileReader {
  const known = context.subagentTypes;
  const subagentType = known?.has(path) ? known.get(path)! : readSubagentType(path);
  const reader = new ClaudeCodeFileReader({ path, subagentType, messages: context.messages });
  return {
    push(line, lineNo) {
      context.counts.lines++;
      const outcome = reader.push(line, lineNo);
      switch (outcome.kind) {
        case 'event':
          if (outcome.replaces !== null) {
            context.counts.replaced++;
            // a copy kept earlier in this scan is simply dropped; one stored by an earlier scan is deleted
            if (!context.pendingCopies.delete(outcome.replaces)) {
              context.writer.delete(outcome.replaces);
              context.counts.imported--;
            }
          }
          context.pendingCopies.set(outcome.event.eventKey, outcome.event);
          if (context.pendingCopies.size >= maxPendingCopies) flushPendingCopies(context);
          break;
        case 'duplicate':
          context.counts.duplicates++;
          break;
        case 'skipped':
          context.counts.skipped++;
          break;
        case 'corrupt':
          context.counts.corrupt++;
          context.onReject(outcome.reject);
          break;
        case 'rejected':
          context.counts.rejected++;
          context.onReject(outcome.reject);
          break;
      }
    },
    finish() {},
    exportState: () => null,
  };
}

function lineReader<State>(
  reader: { push(line: string, lineNo: number): LineOutcome; finish(endOfInput: boolean): LineOutcome; exportState(): State; counters: { skipped: number; corrupt: number; duplicates: number } },
  source: string,
  context: ScanContext,
): FileReader {
  const apply = (outcome: LineOutcome) => {
    for (const event of outcome.events) record(context, event, source);
    for (const reject of outcome.rejects) {
      context.counts.rejected++;
      context.onReject(reject);
    }
  };
  let before = { skipped: 0, corrupt: 0, duplicates: 0 };
  const settle = () => {
    const { skipped, corrupt, duplicates } = reader.counters;
    context.counts.skipped += skipped - before.skipped;
    context.counts.corrupt += corrupt - before.corrupt;
    context.counts.duplicates += duplicates - before.duplicates;
    before = { skipped, corrupt, duplicates };
  };
  return {
    push(line, lineNo) {
      context.counts.lines++;
      apply(reader.push(line, lineNo));
    },
    finish(endOfInput) {
      apply(reader.finish(endOfInput));
      settle();
    },
    exportState: () => reader.exportState(),
  };
}

/** The reader for one file; `state` is what the last scan of it carried (null: read from the start). */
export function fileReader(kind: LocalLogKind, path: string, state: unknown, context: ScanContext): FileReader {
  switch (kind) {
    case 'claude-code':
      return claudeCodeReader(path, context);
    case 'codex':
      return lineReader(new CodexReader({ path, seen: context.seen, state: (state ?? undefined) as CodexState | undefined }), codexSourceId, context);
    case 'otel':
      return lineReader(new OtelReader({ seen: context.seen, state: (state ?? undefined) as OtelState | undefined }), otlpSourceId, context);
  }
}
