/** Report ids and their columns, read from the report specs in src/shared/reports. */
import { columnNames, reportIds, reportSpec, reportSpecs, type ColumnSpec, type ReportId, type SortSpec } from '../../shared/reports';

export { columnNames, reportIds };
export type { ColumnKind, ColumnSpec, ReportId, SortSpec } from '../../shared/reports';

const byReport = <T>(pick: (id: ReportId) => T): Record<ReportId, T> =>
  Object.fromEntries(reportSpecs.map((spec) => [spec.id, pick(spec.id)])) as Record<ReportId, T>;

export const reportColumns: Record<ReportId, readonly ColumnSpec[]> = byReport((id) => reportSpec(id).columns);
export const reportTitles: Record<ReportId, string> = byReport((id) => reportSpec(id).title);
export const reportDescriptions: Record<ReportId, string> = byReport((id) => reportSpec(id).description);
export const defaultSort: Record<ReportId, SortSpec | null> = byReport((id) => reportSpec(id).defaultSort);
