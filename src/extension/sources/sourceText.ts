/** The texts of the Sources list's actions on the host: the Remove question and the outcomes (pure). */
import { escapeControls } from '../../core/printable';
import type { SourceInfo } from '../../shared/sources';

const counts = new Intl.NumberFormat('en-US');
const rows = (count: number) => `${counts.format(count)} ${count === 1 ? 'row' : 'rows'}`;

function baseName(path: string): string {
  return path.split(/[/\\]/).pop() || path;
}

/** The source as a person names it: its label, and the file's name for an imported file ("OpenAI usage export (usage.csv)"). */
export function sourceName(source: Pick<SourceInfo, 'kind' | 'label' | 'location'>): string {
  const file = source.kind === 'file' && source.location[0] ? ` (${baseName(source.location[0])})` : '';
  return escapeControls(`${source.label}${file}`);
}

export function removeQuestion(source: SourceInfo): { message: string; detail: string; action: string } {
  return {
    message: `Remove ${sourceName(source)} and its ${rows(source.rows)} from Agent Usage?`,
    detail: 'The rows this source brought leave the reports; every other source stays. Your files are not touched.',
    action: 'Remove',
  };
}

export function removedMessage(source: SourceInfo, removed: number): string {
  return `Removed ${sourceName(source)}: ${rows(removed)}.`;
}

export const keptMessage = (source: SourceInfo) => `${sourceName(source)} was kept.`;

export function fileGoneMessage(path: string): string {
  return `${escapeControls(path)} is no longer there, so there is nothing to read again. Remove the source to drop its rows.`;
}

export const untrackedRefreshMessage = 'Rows imported before sources were kept cannot be read again: it is not known which files they came from.';

export const unknownSourceMessage = 'That source is not in the store any more; the list was out of date.';
