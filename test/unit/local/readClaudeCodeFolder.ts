/**
 * Test driver: reads every transcript under `<root>/projects` line by line with node:readline through the
 * Claude Code reader, and applies its changes to a map of events by key (the store's part, done by hand).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { ClaudeCodeFileReader, type ClaudeCodeCounts } from '../../../src/core/ingest/local/claudeCode';
import { ClaudeCodeMessages } from '../../../src/core/ingest/local/claudeCodeCopies';
import { subagentMetaPath, subagentTypeOf } from '../../../src/core/ingest/local/claudeCodeFile';
import type { EventRecord } from '../../../src/core/ingest/normalise';
import type { RawReject } from '../../../src/core/ingest/rawRecord';

export interface FolderRead {
  events: Map<string, EventRecord>;
  counts: ClaudeCodeCounts;
  rejects: (RawReject & { file: string })[];
}

export function transcriptsUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.jsonl')) found.push(full);
    }
  };
  walk(path.join(root, 'projects'));
  return found.sort();
}

export async function readClaudeCodeFolder(root: string, files = transcriptsUnder(root), messages = new ClaudeCodeMessages(), into?: FolderRead): Promise<FolderRead> {
  const result: FolderRead = into ?? {
    events: new Map(), counts: { lines: 0, events: 0, replacements: 0, duplicates: 0, skipped: 0, corrupt: 0, rejected: 0 }, rejects: [],
  };
  for (const file of files) {
    const meta = subagentMetaPath(file);
    const subagentType = fs.existsSync(meta) ? subagentTypeOf(fs.readFileSync(meta, 'utf8')) : null;
    const reader = new ClaudeCodeFileReader({ path: file, subagentType, messages });
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      const outcome = reader.push(line, ++lineNo);
      if (outcome.kind === 'event') {
        if (outcome.replaces !== null) result.events.delete(outcome.replaces);
        result.events.set(outcome.event.eventKey, outcome.event);
      } else if (outcome.kind === 'corrupt' || outcome.kind === 'rejected') {
        result.rejects.push({ ...outcome.reject, file });
      }
    }
    for (const [name, value] of Object.entries(reader.counts)) result.counts[name as keyof ClaudeCodeCounts] += value;
  }
  return result;
}
