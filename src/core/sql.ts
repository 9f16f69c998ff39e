/** The small SQL surface reports need; the store implements it over sql.js. Core never sees sql.js. */
export type SqlValue = string | number | null;

export interface SqlRunner {
  /** all rows, each as an array in SELECT order */
  all(sql: string, params?: readonly SqlValue[]): SqlValue[][];
  /** streams rows without materialising them */
  each(sql: string, params: readonly SqlValue[], onRow: (row: SqlValue[]) => void): void;
}
