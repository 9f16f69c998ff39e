/** The notification text for finished imports (pure). */
import { recognitionLine } from '../../core/ingest/recognitionLine';
import { escapeControls, listSome } from '../../core/printable';
import type { ImportSummary } from '../../store/importer';

export const maxRejectsShown = 3;

const nouns: Record<ImportSummary['kind'], [string, string]> = {
  events: ['event', 'events'],
  agents: ['agent', 'agents'],
  users: ['user', 'users'],
  orgs: ['organisation', 'organisations'],
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function baseName(file: string): string {
  return file.split(/[/\\]/).pop() || file;
}

function describeFile(summary: ImportSummary): string {
  const [one, many] = nouns[summary.kind];
  const parts = [`${plural(summary.imported, one, many)} imported`];
  if (summary.updated > 0) parts.push(`${summary.updated} updated from a newer export`);
  if (summary.skipped > 0) parts.push(`${plural(summary.skipped, 'empty row', 'empty rows')} left out`);
  if (summary.duplicates > 0) parts.push(`${plural(summary.duplicates, 'duplicate', 'duplicates')} skipped`);
  if (summary.rejected > 0) {
    const shown = summary.rejects
      .slice(0, maxRejectsShown)
      .map((reject) => escapeControls(`line ${reject.line}${reject.column ? `, column "${reject.column}"` : ''}: ${reject.reason}`));
    const more = summary.rejected > shown.length ? `; … ${summary.rejected - shown.length} more` : '';
    parts.push(`${plural(summary.rejected, 'row', 'rows')} rejected (${shown.join('; ')}${more})`);
  }
  if (summary.unknownColumns.length > 0) parts.push(`ignored columns: ${escapeControls(listSome(summary.unknownColumns))}`);
  const readAs = summary.recognisedAs ? ` (read as ${escapeControls(recognitionLine(summary))})` : '';
  return `${escapeControls(baseName(summary.file))}${readAs}: ${parts.join(', ')}`;
}

const maxSkippedShown = 5;

function describeSkipped(skipped: readonly SkippedFile[]): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, maxSkippedShown).map((file) => escapeControls(`${file.displayName} (${file.reason})`));
  const more = skipped.length > shown.length ? `; … ${skipped.length - shown.length} more` : '';
  return ` Skipped ${plural(skipped.length, 'file', 'files')}: ${shown.join('; ')}${more}.`;
}

export interface SkippedFile {
  displayName: string;
  reason: string;
}

export function describeImport(summaries: readonly ImportSummary[], skipped: readonly SkippedFile[] = []): { severity: 'info' | 'warning'; message: string } {
  if (summaries.length === 0) return { severity: 'info', message: `Nothing was imported.${describeSkipped(skipped)}` };
  const warn = summaries.some((summary) => summary.rejected > 0) || skipped.length > 0;
  return { severity: warn ? 'warning' : 'info', message: `Import finished. ${summaries.map(describeFile).join('. ')}.${describeSkipped(skipped)}` };
}
