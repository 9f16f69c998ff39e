/** The texts of local log scans: the notification after a scan, the output lines, where we looked (pure). */
import { join } from 'node:path';
import { escapeControls } from '../../core/printable';
import { localLogLabels, type LocalLogKind } from '../../shared/sources';
import type { LocalScanSummary } from '../../store/localScan';

const counts = new Intl.NumberFormat('en-US');
const plural = (count: number, one: string, many: string) => `${counts.format(count)} ${count === 1 ? one : many}`;

/**
 * One sentence for the notification, e.g. "Claude Code logs: 1,234 new requests from 56 files (12
 * unchanged); 3 corrupt lines skipped". Lines that break the rules make it a warning; the lines
 * themselves go to the output channel (`scanProblemLines`).
 */
export function describeScan(summary: LocalScanSummary, roots: readonly string[]): { severity: 'info' | 'warning'; message: string } {
  const label = summary.label;
  if (summary.files === 0) {
    return { severity: 'info', message: `${label}: no log files in ${escapeControls(roots.join(', '))}.` };
  }
  const unchanged = summary.filesUnchanged > 0 ? ` (${counts.format(summary.filesUnchanged)} unchanged)` : '';
  const head = `${label}: ${plural(summary.imported, 'new request', 'new requests')} from ${plural(summary.files, 'file', 'files')}${unchanged}`;
  const notes: string[] = [];
  if (summary.replaced > 0) notes.push(`${plural(summary.replaced, 'request', 'requests')} replaced by a fuller copy`);
  if (summary.duplicates > 0) notes.push(`${plural(summary.duplicates, 'duplicate copy', 'duplicate copies')} skipped`);
  if (summary.filesRestarted > 0) notes.push(`${plural(summary.filesRestarted, 'file', 'files')} truncated or replaced, read again from the start`);
  if (summary.corrupt > 0) notes.push(`${plural(summary.corrupt, 'corrupt line', 'corrupt lines')} skipped`);
  if (summary.rejected > 0) notes.push(`${plural(summary.rejected, 'line', 'lines')} rejected`);
  if (summary.longLinesSkipped > 0) notes.push(`${plural(summary.longLinesSkipped, 'over-long line', 'over-long lines')} skipped`);
  const details = summary.rejects.length > 0 ? ' (details in the Agent Usage output)' : '';
  return {
    severity: summary.rejected > 0 ? 'warning' : 'info',
    message: `${[head, ...notes].join('; ')}${details}.`,
  };
}

/** The first rejected or corrupt lines with their file, one output line each. */
export function scanProblemLines(summary: LocalScanSummary): string[] {
  return summary.rejects.map((reject) =>
    escapeControls(`  ${reject.file}:${reject.line}${reject.column ? ` column "${reject.column}"` : ''}: ${reject.reason}`),
  );
}

/** Where the default locations of a kind are looked for (discovery.ts), for the "not found" message. */
export function defaultPlaces(kind: Exclude<LocalLogKind, 'otel'>, env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  if (kind === 'codex') return [env.CODEX_HOME?.trim() || join(home, '.codex')];
  const configured = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((dir) => dir.trim()).filter((dir) => dir !== '');
  return (configured.length > 0 ? configured : [join(home, '.config', 'claude'), join(home, '.claude')]).map((dir) => join(dir, 'projects'));
}

export function notFoundMessage(kind: Exclude<LocalLogKind, 'otel'>, places: readonly string[]): string {
  return `No ${localLogLabels[kind]} found (looked in ${escapeControls(places.join(' and '))}). Choose the folder that holds them?`;
}

export function scanFailedMessage(label: string, error: unknown): string {
  return `${label}: the scan failed, nothing was imported: ${error instanceof Error ? error.message : String(error)}`;
}

export const scanCancelledMessage = (label: string) => `${label}: scan cancelled; nothing was imported.`;
