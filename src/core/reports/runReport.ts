/** Dispatches a report query: resolves the timeframe, runs the report's module, applies the sort. */
import type { SqlRunner } from '../sql';
import { resolveTimeframe, type TimeContext } from '../timeframe';
import { agentReport } from './agents';
import { columnNames, defaultSort } from './columns';
import { modelReport } from './models';
import { orgReport } from './orgs';
import type { ReportQuery, ReportResult } from './query';
import { sortRows } from './sort';
import { userUsageReport } from './userUsage';
import { userReport } from './users';

export function runReport(db: SqlRunner, query: ReportQuery, ctx: TimeContext): ReportResult {
  const range = resolveTimeframe(query.timeframe, ctx);
  const rows = (() => {
    switch (query.report) {
      case 'agents':
        return agentReport(db, query, range);
      case 'users':
        return userReport(db, query, range);
      case 'user-usage':
        return userUsageReport(db, query, range, ctx.timeZone);
      case 'models':
        return modelReport(db, query, range);
      case 'orgs':
        return orgReport(db, query, range);
    }
  })();
  const columns = columnNames(query.report);
  return { report: query.report, columns, rows: sortRows(rows, columns, query.sort ?? defaultSort[query.report]), range };
}
