/** Maps a ReportResult's column names to their display specs (label and kind from reportColumns). */
import { reportColumns, type ColumnSpec, type ReportResult } from '../src/protocol';

export function columnSpecs(result: ReportResult): ColumnSpec[] {
  const known = new Map((reportColumns[result.report] ?? []).map((spec) => [spec.name, spec]));
  return result.columns.map((name) => known.get(name) ?? { name, label: name, kind: 'text' });
}
