/** Which local log scans the store's sources stand for, and what the watcher watches (pure). */
import { join } from 'node:path';
import type { LocalLogKind, SourceInfo } from '../../shared/sources';

/** One scan: a kind of log and the folders or files it reads (a source's location). */
export interface LocalLogTarget {
  kind: LocalLogKind;
  roots: string[];
}

export type DefaultLogKind = Exclude<LocalLogKind, 'otel'>;

/** The kind of log a local-logs source reads (its id is `claude-code`, `codex` or `otel:<paths>`); undefined for other sources. */
export function localLogKindOf(source: Pick<SourceInfo, 'id' | 'kind'>): LocalLogKind | undefined {
  if (source.kind !== 'local-logs') return undefined;
  if (source.id === 'claude-code' || source.id === 'codex') return source.id;
  return source.id.startsWith('otel:') ? 'otel' : undefined;
}

export function targetOf(source: Pick<SourceInfo, 'id' | 'kind' | 'location'>): LocalLogTarget | undefined {
  const kind = localLogKindOf(source);
  return kind && source.location.length > 0 ? { kind, roots: [...source.location] } : undefined;
}

/**
 * What the watcher watches: every local-logs source at the roots it was last scanned from, and the
 * default Claude Code and Codex locations that exist when no source of that kind is in the store yet.
 */
export function watchTargets(sources: readonly SourceInfo[], defaults: Readonly<Record<DefaultLogKind, readonly string[]>>): LocalLogTarget[] {
  const targets = sources.map(targetOf).filter((target) => target !== undefined);
  for (const kind of ['claude-code', 'codex'] as const) {
    if (defaults[kind].length > 0 && !targets.some((target) => target.kind === kind)) targets.push({ kind, roots: [...defaults[kind]] });
  }
  return targets;
}

export function targetKey(target: LocalLogTarget): string {
  return JSON.stringify([target.kind, target.roots]);
}

/** Whether a change to this file (a name or a path under a watched folder) matters: what discovery.ts reads. */
export function isWatchedFile(kind: LocalLogKind, name: string): boolean {
  return kind === 'otel' ? /\.(jsonl?|ndjson)$/i.test(name) : name.endsWith('.jsonl');
}

/**
 * The folders to watch for one root, narrowed like discovery.ts reads it: a Claude Code config folder's
 * `projects/`, a Codex home's `sessions/` and `archived_sessions/` (not the caches and settings beside
 * them); any other root as it is.
 */
export function watchFolders(kind: LocalLogKind, root: string, isDirectory: (path: string) => boolean): string[] {
  if (kind === 'claude-code') {
    const projects = join(root, 'projects');
    return [isDirectory(projects) ? projects : root];
  }
  if (kind === 'codex') {
    const folders = ['sessions', 'archived_sessions'].map((name) => join(root, name)).filter(isDirectory);
    return folders.length > 0 ? folders : [root];
  }
  return [root];
}
