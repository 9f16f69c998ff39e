/**
 * The CLI's local agent logs: `--claude-code [DIR,...]`, `--codex [DIR]`, `--otel FILE...`. A flag without
 * a value means the default locations; a value is a comma-separated list of folders or files.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { defaultRoots } from './core/ingest/local/discovery';
import { escapeControls } from './core/printable';
import { localLogLabels, type LocalLogKind } from './shared/sources';
import type { LocalScanSummary } from './store/localScan';
import { UsageError } from './cliErrors';

export const localLogFlags: Record<LocalLogKind, string> = { 'claude-code': '--claude-code', codex: '--codex', otel: '--otel' };

/** Flags whose value may be left out: the parser gets an empty value for them, which means "the defaults". */
export function withDefaultValues(argv: readonly string[]): string[] {
  const optional = new Set([localLogFlags['claude-code'], localLogFlags.codex]);
  const out: string[] = [];
  argv.forEach((arg, i) => {
    out.push(arg);
    const next = argv[i + 1];
    if (optional.has(arg) && (next === undefined || next.startsWith('--'))) out.push('');
  });
  return out;
}

export interface LocalLogRequest {
  kind: LocalLogKind;
  roots: string[];
}

/** The scans the options ask for; an empty value is the default locations, which must exist. */
export function localLogRequests(values: Partial<Record<LocalLogKind, string[] | undefined>>): LocalLogRequest[] {
  const requests: LocalLogRequest[] = [];
  for (const kind of ['claude-code', 'codex', 'otel'] as const) {
    const given = values[kind];
    if (given === undefined) continue;
    const listed = given.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
    if (kind === 'otel' && listed.length === 0) throw new UsageError('--otel needs a file or folder');
    const roots = listed.length > 0 ? listed.map((root) => resolve(root)) : defaultRoots(kind, { env: process.env, home: homedir() });
    if (roots.length === 0) {
      const where = kind === 'claude-code' ? 'CLAUDE_CONFIG_DIR, ~/.config/claude/projects or ~/.claude/projects' : 'CODEX_HOME or ~/.codex';
      throw new UsageError(`no ${localLogLabels[kind]} found (looked in ${where}); give the folder: ${localLogFlags[kind]} DIR`);
    }
    requests.push({ kind, roots });
  }
  return requests;
}

export function describeScan(summary: LocalScanSummary): string[] {
  const lines = [
    `${summary.label} (${summary.files} files): ${summary.imported} imported, ${summary.duplicates} duplicates, ` +
      `${summary.skipped} lines without usage, ${summary.corrupt} corrupt, ${summary.rejected} rejected` +
      (summary.longLinesSkipped > 0 ? `, ${summary.longLinesSkipped} over-long lines skipped` : ''),
  ];
  for (const reject of summary.rejects) lines.push(escapeControls(`  ${reject.file}:${reject.line}${reject.column ? ` column "${reject.column}"` : ''}: ${reject.reason}`));
  return lines;
}
