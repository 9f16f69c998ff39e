/** Every report's spec, in tab order. A new report adds its spec file and one line here. */
import { agentsSpec } from './agents';
import { modelsSpec } from './models';
import { orgsSpec } from './orgs';
import { reconciliationSpec } from './reconciliation';
import type { ReportSpec } from './spec';
import { userUsageSpec } from './userUsage';
import { usersSpec } from './users';

export const reportSpecs = [agentsSpec, usersSpec, userUsageSpec, modelsSpec, orgsSpec, reconciliationSpec] as const;

export type ReportId = (typeof reportSpecs)[number]['id'];

export const reportIds: readonly ReportId[] = reportSpecs.map((spec) => spec.id);

const byId = new Map<string, ReportSpec<ReportId>>(reportSpecs.map((spec) => [spec.id, spec]));

export function reportSpec(id: ReportId): ReportSpec<ReportId> {
  const spec = byId.get(id);
  if (!spec) throw new Error(`unknown report ${id}`);
  return spec;
}

export function isReportId(value: unknown): value is ReportId {
  return typeof value === 'string' && byId.has(value);
}

export function columnNames(id: ReportId): string[] {
  return reportSpec(id).columns.map((column) => column.name);
}

export type { ColumnKind, ColumnSpec, ColumnUnit, FilterKey, ReportFilters, ReportSpec, SearchTarget, SortSpec } from './spec';
