/** Sorts report rows by any column; empty cells always last, text compared with locale rules. */
import type { SortSpec } from '../../shared/reports';
import type { Cell } from './query';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Timestamp cells (local ISO time with offset): compared as instants, since text order breaks in a DST fall-back hour. */
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string' && isoWithOffset.test(a) && isoWithOffset.test(b)) {
    return Date.parse(a) - Date.parse(b) || collator.compare(a, b);
  }
  return collator.compare(String(a), String(b));
}

export function sortRows(rows: Cell[][], columns: readonly string[], sort: SortSpec | null): Cell[][] {
  if (!sort) return rows;
  const index = columns.indexOf(sort.column);
  if (index === -1) throw new Error(`unknown sort column "${sort.column}"; expected one of ${columns.join(', ')}`);
  const direction = sort.direction === 'desc' ? -1 : 1;
  return rows
    .map((row, position) => ({ row, position }))
    .sort((x, y) => {
      const a = x.row[index] ?? null;
      const b = y.row[index] ?? null;
      if (a === null || b === null) return a === b ? x.position - y.position : a === null ? 1 : -1;
      return direction * compareCells(a, b) || x.position - y.position;
    })
    .map(({ row }) => row);
}
