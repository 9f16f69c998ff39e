import { describe, expect, it } from 'vitest';
import { reportComputations, type ReportCompute } from '../../src/core/reports/registry';
import { orderReport } from '../../src/core/reports/runReport';
import { reportIds, reportSpecs } from '../../src/shared/reports';
import type { ReportResult } from '../../src/shared/results';

describe('report registry', () => {
  it('binds exactly the spec ids to compute functions (a missing one fails to compile)', () => {
    expect(Object.keys(reportComputations).sort()).toEqual([...reportIds].sort());
    const compute: ReportCompute = () => [];
    // @ts-expect-error the table needs an entry for every spec
    const partial: typeof reportComputations = { agents: compute };
    // @ts-expect-error and no entry without a spec
    const stray: typeof reportComputations = { ...reportComputations, secrets: compute };
    expect([partial, stray]).toHaveLength(2);
  });

  it('orderReport sorts only when a request asks for an order other than the spec default', () => {
    const spec = reportSpecs.find((candidate) => candidate.id === 'users')!;
    const rows = [['b@x', null, 'b', 1], ['a@x', null, 'a', 3], ['c@x', null, 'c', 2]];
    const base: ReportResult = { report: 'users', columns: spec.columns.map((column) => column.name), rows, range: { start: 0, end: 1 }, cost: { mode: 'auto', coverage: null } };
    expect(orderReport(base, undefined)).toBe(base);
    expect(orderReport(base, { column: 'total_runs', direction: 'desc' })).toBe(base);
    expect(orderReport(base, { column: 'user_id', direction: 'asc' }).rows.map((row) => row[2])).toEqual(['a', 'b', 'c']);
    expect(orderReport(base, { column: 'total_runs', direction: 'asc' }).rows.map((row) => row[3])).toEqual([1, 2, 3]);
    expect(() => orderReport(base, { column: 'nope', direction: 'asc' })).toThrow(/unknown sort column "nope"/);
  });
});
