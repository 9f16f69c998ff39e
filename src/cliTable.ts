/** Plain-text table for the terminal: numbers right-aligned, long text cut at 40 characters, control characters escaped. */
import type { CsvCell } from './core/csv';
import { escapeControls } from './core/printable';

const maxWidth = 40;

function show(cell: CsvCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? cell.toLocaleString('en-US', { maximumFractionDigits: 6 }) : escapeControls(cell.replace(/\s+/g, ' '));
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}

export function formatTable(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((row) => row.map(show));
  const numeric = header.map((_, i) => rows.some((row) => typeof row[i] === 'number'));
  const widths = header.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values.map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line([...header]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), `(${rows.length} rows)`, ''].join('\n');
}
