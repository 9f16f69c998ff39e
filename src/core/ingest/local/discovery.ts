/**
 * Where the local agent logs are, and which files under those places a scan reads.
 * Claude Code: `CLAUDE_CONFIG_DIR` (comma-separated), else `~/.config/claude` and `~/.claude`, each with a
 * `projects/` folder of `*.jsonl` transcripts (subagents' files included). Codex: `CODEX_HOME`, else
 * `~/.codex`, with `sessions/` and `archived_sessions/`. OpenTelemetry: the files (or folders of `.json` /
 * `.jsonl` files) the user names.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalLogKind } from '../../../shared/sources';

export interface Environment {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The Claude Code config folders that have a `projects/` folder. */
export function defaultClaudeCodeRoots({ env, home }: Environment): string[] {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((dir) => dir.trim()).filter((dir) => dir !== '');
  const candidates = configured.length > 0 ? configured : [join(home, '.config', 'claude'), join(home, '.claude')];
  return candidates.filter((dir) => isDirectory(join(dir, 'projects')));
}

export function defaultCodexRoots({ env, home }: Environment): string[] {
  const codexHome = env.CODEX_HOME?.trim() || join(home, '.codex');
  return isDirectory(codexHome) ? [codexHome] : [];
}

export function defaultRoots(kind: LocalLogKind, environment: Environment): string[] {
  switch (kind) {
    case 'claude-code':
      return defaultClaudeCodeRoots(environment);
    case 'codex':
      return defaultCodexRoots(environment);
    case 'otel':
      return [];
  }
}

/** Synchronous: thousands of session folders make a promise round trip per folder cost more than the listing. */
function walk(dir: string, accept: (name: string) => boolean, onFile: (path: string) => void): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, accept, onFile);
    else if (entry.isFile() && accept(entry.name)) onFile(path);
  }
}

const jsonl = (name: string) => name.endsWith('.jsonl');
const jsonOrJsonl = (name: string) => /\.(jsonl?|ndjson)$/i.test(name);

/**
 * The files a scan of these roots reads, in a stable order, each once, handed over as they are found (a
 * scan thread can start on the first while the walk goes on). A root given as a file is read as it is; a
 * Claude Code root is a config folder (its `projects/`) or a `projects` folder itself; a Codex root is
 * `CODEX_HOME` (its `sessions/` and `archived_sessions/`) or a folder of rollout files.
 */
export function forEachLogFile(kind: LocalLogKind, roots: readonly string[], onFile: (path: string) => void): void {
  const found = new Set<string>();
  const once = (path: string) => {
    if (found.has(path)) return;
    found.add(path);
    onFile(path);
  };
  for (const root of roots) {
    if (!existsSync(root)) continue;
    if (!statSync(root).isDirectory()) {
      once(root);
      continue;
    }
    switch (kind) {
      case 'claude-code': {
        const projects = join(root, 'projects');
        walk(isDirectory(projects) ? projects : root, jsonl, once);
        break;
      }
      case 'codex': {
        const folders = ['sessions', 'archived_sessions'].map((name) => join(root, name)).filter(isDirectory);
        for (const folder of folders.length > 0 ? folders : [root]) walk(folder, jsonl, once);
        break;
      }
      case 'otel':
        walk(root, jsonOrJsonl, once);
        break;
    }
  }
}

/** Every file `forEachLogFile` finds, in its order. */
export function logFiles(kind: LocalLogKind, roots: readonly string[]): string[] {
  const files: string[] = [];
  forEachLogFile(kind, roots, (path) => files.push(path));
  return files;
}
