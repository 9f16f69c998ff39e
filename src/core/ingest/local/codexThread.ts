/**
 * The `session_meta` line of a Codex rollout file: the thread's id, where it was forked or spawned from,
 * the sub-agent's role, the app that wrote it (`originator`), the working folder and the model provider. Codex writes it as the file's first line; a fork or a spawned sub-agent also carries
 * copies of its ancestors' `session_meta` lines in the history it replays.
 */
import { parseText, ValueError } from '../../values';
import { CellError } from '../formats/format';
import { isPlainObject } from './lineReader';

export interface CodexThread {
  id: string;
  /** the thread this one was forked or spawned from */
  parentId: string | null;
  subagent: boolean;
  /** the sub-agent's role (`agent_role`, older `agent_type`), or the kind of built-in sub-agent (`review`, `compact`) */
  role: string | null;
  originator: string | null;
  cwd: string | null;
  provider: string | null;
}

function text(object: Record<string, unknown>, path: string, field: string): string | null {
  try {
    return parseText(object[field]);
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(`${path}.${field}`, error.message);
    throw error;
  }
}

function objectAt(object: Record<string, unknown>, field: string): Record<string, unknown> | null {
  const value = object[field];
  return isPlainObject(value) ? value : null;
}

/** `source` is `"cli"`, `"vscode"`, `"exec"`, … or `{ "subagent": "review" | { "thread_spawn": { "parent_thread_id": … } } | { "other": … } }`. */
function subagentSource(payload: Record<string, unknown>): { subagent: boolean; kind: string | null; parentId: string | null } {
  const source = objectAt(payload, 'source');
  if (source === null || !('subagent' in source)) return { subagent: false, kind: null, parentId: null };
  const subagent = source.subagent;
  if (typeof subagent === 'string') return { subagent: true, kind: subagent, parentId: null };
  if (!isPlainObject(subagent)) return { subagent: true, kind: null, parentId: null };
  const spawn = objectAt(subagent, 'thread_spawn');
  if (spawn !== null) {
    return { subagent: true, kind: text(spawn, 'payload.source.subagent.thread_spawn', 'agent_role'), parentId: text(spawn, 'payload.source.subagent.thread_spawn', 'parent_thread_id') };
  }
  return { subagent: true, kind: typeof subagent.other === 'string' ? subagent.other : null, parentId: null };
}

export function readCodexThread(payload: unknown): CodexThread {
  if (!isPlainObject(payload)) throw new CellError('payload', 'expected the session_meta object');
  const id = text(payload, 'payload', 'id');
  if (id === null) throw new CellError('payload.id', 'required value is empty');
  const source = subagentSource(payload);
  const threadSource = text(payload, 'payload', 'thread_source');
  return {
    id,
    parentId: text(payload, 'payload', 'forked_from_id') ?? source.parentId ?? text(payload, 'payload', 'parent_thread_id'),
    subagent: source.subagent || threadSource === 'subagent',
    role: text(payload, 'payload', 'agent_role') ?? text(payload, 'payload', 'agent_type') ?? source.kind,
    originator: text(payload, 'payload', 'originator'),
    cwd: text(payload, 'payload', 'cwd'),
    provider: text(payload, 'payload', 'model_provider'),
  };
}

/** The last folder name of a path written on any OS. */
export function folderName(path: string): string | null {
  const parts = path.split(/[\\/]+/).filter((part) => part !== '');
  return parts.length === 0 ? null : parts[parts.length - 1]!;
}

const uuidAtEnd = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** `rollout-2026-05-13T09-00-00-<uuid>.jsonl` → the uuid (the thread id); else the name without `.jsonl`. */
export function threadIdFromFileName(path: string): string {
  const name = folderName(path) ?? path;
  const match = uuidAtEnd.exec(name);
  if (match) return match[1]!.toLowerCase();
  return name.replace(/\.jsonl$/i, '');
}
