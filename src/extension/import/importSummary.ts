/** The notification text for finished imports (pure). */
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
  if (summary.duplicates > 0) parts.push(`${plural(summary.duplicates, 'duplicate', 'duplicates')} skipped`);
  if (summary.rejected > 0) {
    const shown = summary.rejects
      .slice(0, maxRejectsShown)
      .map((reject) => escapeControls(`line ${reject.line}${reject.column ? `, column "${reject.column}"` : ''}: ${reject.reason}`));
    const more = summary.rejected > shown.length ? `; … ${summary.rejected - shown.length} more` : '';
    parts.push(`${plural(summary.rejected, 'row', 'rows')} rejected (${shown.join('; ')}${more})`);
  }
  if (summary.unknownColumns.length > 0) parts.push(`ignored columns: ${escapeControls(listSome(summary.unknownColumns))}`);
  return `${escapeControls(baseName(summary.file))}: ${parts.join(', ')}`;
}

export function describeImport(summaries: readonly ImportSummary[]): { severity: 'info' | 'warning'; message: string } {
  if (summaries.length === 0) return { severity: 'info', message: 'Nothing was imported.' };
  const rejected = summaries.some((summary) => summary.rejected > 0);
  return { severity: rejected ? 'warning' : 'info', message: `Import finished. ${summaries.map(describeFile).join('. ')}.` };
}
