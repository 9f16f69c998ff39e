/** The small SQL surface reports need; the store implements it over sql.js. Core never sees sql.js. */
import type { ReportFilters } from '../shared/reports';
import type { SearchScope } from '../shared/results';

export type SqlValue = string | number | null;

export interface SqlRunner {
  /** all rows, each as an array in SELECT order */
  all(sql: string, params?: readonly SqlValue[]): SqlValue[][];
  /** streams rows without materialising them */
  each(sql: string, params: readonly SqlValue[], onRow: (row: SqlValue[]) => void): void;
  /**
   * The events a report scope selects, as `eachTotalsRow` passes them, read from a faster copy than the
   * table (the store's columnar index); absent, the reports query the table.
   */
  totalsPass?: TotalsPass;
}

/** See `eachTotalsRow` (`reports/totalsPass.ts`). */
export type TotalsPass = (scope: PassScope, extra: TotalsExtra, onRow: (row: readonly SqlValue[]) => void) => void;

export interface PassScope {
  range: { start: number; end: number };
  filters?: ReportFilters;
  search?: SearchScope;
}

/** A column a report reads after the totals columns: the event's provider, or its own organisation. */
export type TotalsExtra = 'provider' | 'org_key' | null;
