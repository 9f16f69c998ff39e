import { column as c, defineReport } from './spec';

/**
 * Billed against estimated, per UTC day and model. Its days are UTC days whatever the panel's zone:
 * provider bills are bucketed by UTC day, and a bill day is never re-split.
 */
export const reconciliationSpec = defineReport({
  id: 'reconciliation',
  title: 'Reconciliation',
  description:
    'Billed cost next to our estimates from local rows and from the provider\u2019s token counts, per UTC day and model — where the tool and the bill disagree.',
  rowNoun: 'day \u00d7 model rows',
  dayZone: 'UTC',
  columns: [
    c('day_utc', 'Day (UTC)', 'text'),
    c('model', 'Model', 'text'),
    c('provider', 'Provider', 'text'),
    c('billed_usd', 'Billed (USD)', 'decimal', 'usd'),
    c('estimated_local_usd', 'Estimate, local rows (USD)', 'decimal', 'usd'),
    c('estimated_provider_usd', 'Estimate, provider tokens (USD)', 'decimal', 'usd'),
    c('local_minus_billed_usd', 'Local − billed (USD)', 'decimal', 'usd'),
    c('provider_minus_billed_usd', 'Provider − billed (USD)', 'decimal', 'usd'),
    c('local_coverage_pct', 'Local coverage (%)', 'decimal'),
    c('provider_coverage_pct', 'Provider coverage (%)', 'decimal'),
    c('unpriced', 'Unpriced', 'text'),
  ],
  defaultSort: null,
  totalRow: true,
  search: { target: 'model', placeholder: 'Search models by name' },
  filters: [],
  export: { fileStem: 'reconciliation', command: 'agentUsage.exportReconciliation' },
});
