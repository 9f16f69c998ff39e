/** Maps a ReportResult's column names to their display specs (label and kind from the report spec, costs labelled with the result's cost mode). */
import type { ColumnSpec, ReportResult } from '../src/protocol';
import { reportSpec } from '../src/shared/reports';
import { labelledInMode } from './costLabels';

export function columnSpecs(result: ReportResult): ColumnSpec[] {
  const known = new Map((reportSpec(result.report).columns ?? []).map((spec) => [spec.name, spec]));
  return labelledInMode(result.columns.map((name) => known.get(name) ?? { name, label: name, kind: 'text' }), result.cost.mode);
}
