/** Labels of cost figures with the cost mode they are in: "Cost (USD, estimated)", so an estimate is never taken for a bill. */
import type { ColumnSpec, CostMode } from '../src/protocol';

export function costLabel(label: string, mode: CostMode): string {
  return `${label} (USD, ${mode})`;
}

/** The columns as the table heads them: costs in the result's mode get the mode in their label. */
export function labelledInMode(columns: readonly ColumnSpec[], mode: CostMode): ColumnSpec[] {
  return columns.map((column) => (column.costMode ? { ...column, label: costLabel(column.label, mode) } : column));
}
