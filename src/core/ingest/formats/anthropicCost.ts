/**
 * Anthropic Console cost export (the Console's cost page, downloaded per month): what each UTC day cost
 * per model, workspace, API key, context window and token type. `cost_usd` is what was billed, in
 * dollars (the Admin API's cost report is in cents; this file is not); `list_price_usd` is the same
 * usage at list prices, not what was billed, so it is not read. Rows are cost only: requests and tokens
 * empty.
 */
import { parseUsd } from '../../money';
import { anthropicModelId } from './anthropicModelNames';
import { dayOrHour } from './consoleDate';
import { requiredCell, text, type SourceFormat } from './format';

export const anthropicCost: SourceFormat = {
  id: 'anthropic-cost',
  label: 'Anthropic Console cost export',
  containers: ['csv'],
  required: ['usage_date_utc', 'model', 'workspace', 'api_key', 'usage_type', 'token_type', 'cost_usd', 'list_price_usd', 'cost_type'],
  // context window, geography and speed are in every file seen so far, the key's id and status only in newer ones
  optional: ['context_window', 'inference_geo', 'speed', 'api_key_id', 'api_key_status'],
  semantics: null,
  notes: ['cost only: runs and tokens empty', 'model display names read as model ids'],
  keyColumns: ['usage_date_utc', 'model', 'workspace', 'api_key', 'api_key_id', 'usage_type', 'context_window', 'token_type', 'cost_type', 'inference_geo', 'speed'],
  toEvent(row) {
    const model = text(row, 'model');
    return {
      ...dayOrHour(row, 'usage_date_utc'),
      model: model === null ? null : anthropicModelId(model),
      provider: 'anthropic',
      project: text(row, 'workspace'),
      requests: null,
      costReportedUsd: requiredCell(row, 'cost_usd', (raw) => parseUsd(raw, { unit: 'dollars' })),
    };
  },
};
