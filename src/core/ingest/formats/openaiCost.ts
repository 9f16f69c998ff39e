/**
 * OpenAI Platform cost export (the usage dashboard's cost CSV): one row per UTC day, optionally per
 * line item and project, with the billed amount in dollars. Rows are cost only: no tokens and no
 * request count (requests and tokens empty). A day without spend is a row of empty cells: skipped.
 */
import { CellError, text, usd, utcTime, wholeCount, type SourceFormat, type SourceRow } from './format';
import { modelFromLineItem } from './openaiLineItem';

const dayInSeconds = 86_400;

/** The costs endpoint only has daily buckets; anything else is not this export. */
function checkDailyBucket(row: SourceRow): void {
  const start = wholeCount(row, 'start_time');
  const end = wholeCount(row, 'end_time');
  if (start === null || end === null || end - start !== dayInSeconds) {
    throw new CellError('end_time', `expected the end of the UTC day that starts at start_time (start_time + 86400), got ${start}..${end}`);
  }
}

function checkCurrency(row: SourceRow): void {
  const currency = text(row, 'amount_currency');
  if (currency === null) throw new CellError('amount_currency', 'required value is empty (the row has an amount)');
  if (currency.toLowerCase() !== 'usd') throw new CellError('amount_currency', `expected "usd", got "${currency}"`);
}

export const openaiCost: SourceFormat = {
  id: 'openai-cost',
  label: 'OpenAI cost export',
  containers: ['csv'],
  required: [
    'start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'amount_value', 'amount_currency', 'line_item', 'project_id', 'organization_id',
    'organization_name',
  ],
  semantics: null,
  notes: ['cost only: runs and tokens empty'],
  keyColumns: ['start_time', 'end_time', 'line_item', 'project_id', 'organization_id'],
  toEvent(row) {
    const ts = utcTime(row, 'start_time');
    checkDailyBucket(row);
    const cost = usd(row, 'amount_value', { unit: 'dollars' });
    if (cost === null && text(row, 'amount_currency') === null) return null;
    if (cost === null) throw new CellError('amount_value', 'required value is empty (the row names a currency)');
    checkCurrency(row);
    return {
      ts,
      bucket: 'day',
      orgId: text(row, 'organization_id'),
      orgName: text(row, 'organization_name'),
      project: text(row, 'project_id'),
      model: modelFromLineItem(text(row, 'line_item')),
      provider: 'openai',
      requests: null,
      costReportedUsd: cost,
    };
  },
};
