import { describe, expect, it } from 'vitest';
import { reportSpec } from '../../../src/shared/reports';
import type { ReportResult } from '../../../src/shared/results';
import { costLabel } from '../../../webview/costLabels';
import { columnSpecs } from '../../../webview/reportTable';

function result(report: ReportResult['report'], mode: ReportResult['cost']['mode']): ReportResult {
  return { report, columns: reportSpec(report).columns.map((column) => column.name), rows: [], range: { start: 0, end: 1 }, cost: { mode, coverage: null } };
}

describe('cost labels in the panel', () => {
  it('name the mode after the unit', () => {
    expect(['reported', 'estimated', 'auto'].map((mode) => costLabel('Cost', mode as 'auto'))).toEqual(['Cost (USD, reported)', 'Cost (USD, estimated)', 'Cost (USD, auto)']);
  });

  it('Usage by Model: cost_usd in the mode, its reported and estimated neighbours keep their own names', () => {
    const labels = columnSpecs(result('models', 'estimated')).map((column) => column.label);
    expect(labels.slice(11, 14)).toEqual(['Cost (USD, estimated)', 'Reported cost (USD)', 'Estimated cost (USD)']);
  });

  it('Usage by Sub-Account: both cost columns follow the mode; nothing else changes', () => {
    const specs = columnSpecs(result('orgs', 'reported'));
    expect(specs.filter((column) => column.label.includes('(USD')).map((column) => [column.name, column.label])).toEqual([
      ['cost_usd', 'Cost (USD, reported)'],
      ['cost_usd_incl_sub_orgs', 'Cost incl. sub-orgs (USD, reported)'],
    ]);
    expect(specs.filter((column) => !column.costMode)).toEqual(reportSpec('orgs').columns.filter((column) => !column.costMode));
  });
});
