/**
 * Each report's compute function, bound to its spec id. A new report adds one line here; a spec
 * without a compute function (or a stray id) fails to compile.
 */
import type { ReportId } from '../../shared/reports';
import type { Cell, ReportQuery, TimeRange } from '../../shared/results';
import type { SqlRunner } from '../sql';
import type { TimeContext } from '../timeframe';
import { agentReport } from './agents';
import { modelReport } from './models';
import { orgReport } from './orgs';
import { userUsageReport } from './userUsage';
import { userReport } from './users';

/** The report's rows over an already resolved range, in any order (the caller sorts). */
export type ReportCompute = (db: SqlRunner, query: ReportQuery, range: TimeRange, ctx: TimeContext) => Cell[][];

export const reportComputations: { readonly [Id in ReportId]: ReportCompute } = {
  agents: agentReport,
  users: userReport,
  'user-usage': (db, query, range, ctx) => userUsageReport(db, query, range, ctx.timeZone),
  models: modelReport,
  orgs: orgReport,
};
