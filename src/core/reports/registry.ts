/**
 * Each report's compute function, bound to its spec id. A new report adds one line here; a spec
 * without a compute function (or a stray id) fails to compile.
 */
import type { ReportId } from '../../shared/reports';
import type { Cell, ReportQuery, TimeRange } from '../../shared/results';
import type { PriceOverrides } from '../pricing';
import type { SqlRunner } from '../sql';
import type { TimeContext } from '../timeframe';
import { agentReport } from './agents';
import { modelReport } from './models';
import { orgReport } from './orgs';
import { reconciliationReport } from './reconciliation';
import { userUsageReport } from './userUsage';
import { userReport } from './users';

/**
 * The report's rows over an already resolved range, in any order (the caller sorts). `overrides` are the
 * prices the store's estimates were made with, for a report that says what they could not price.
 */
export type ReportCompute = (db: SqlRunner, query: ReportQuery, range: TimeRange, ctx: TimeContext, overrides?: PriceOverrides) => Cell[][];

export const reportComputations: { readonly [Id in ReportId]: ReportCompute } = {
  agents: agentReport,
  users: userReport,
  'user-usage': (db, query, range, ctx) => userUsageReport(db, query, range, ctx.timeZone),
  models: modelReport,
  orgs: orgReport,
  reconciliation: (db, query, range, _ctx, overrides) => reconciliationReport(db, query, range, overrides),
};
