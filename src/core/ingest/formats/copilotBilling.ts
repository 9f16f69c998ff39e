/**
 * GitHub Copilot usage report (billing settings → usage report CSV): one bill line per day, user, SKU and
 * model. `net_amount` is what was billed after discounts (included quota shows as a discount).
 *
 * A line is not a count of calls: premium requests are weighted by the model's multiplier (0.33, 1.25,
 * 10 …) and are often fractional, so `requests` stays empty (unknown) as for any bill line. `credits` holds AI credits
 * only: `aic_quantity` where the report gives it (on AI-credit lines and, in newer reports, as the AI
 * credits of premium-request lines), else the quantity of an AI-credit line; a premium-request line of a
 * report without AI-credit columns has no credits.
 */
import { parseText } from '../../values';
import { amount, requiredCell, text, usd, utcTime, type SourceFormat, type SourceRow } from './format';

/** The agent a SKU bills for: `coding_agent_premium_request` → `coding_agent`; an unknown SKU names itself. */
function agentOf(sku: string | null): string | null {
  return sku?.replace(/_(premium_request|ai_credit)$/, '') ?? null;
}

function aiCredits(row: SourceRow): number | null {
  const quantity = amount(row, 'quantity');
  const unit = requiredCell(row, 'unit_type', parseText);
  return amount(row, 'aic_quantity') ?? (unit === 'requests' ? null : quantity);
}

export const copilotBilling: SourceFormat = {
  id: 'copilot-billing',
  label: 'GitHub Copilot usage report',
  containers: ['csv'],
  required: [
    'date', 'username', 'product', 'sku', 'model', 'quantity', 'unit_type', 'applied_cost_per_quantity', 'gross_amount', 'discount_amount',
    'net_amount', 'total_monthly_quota', 'organization',
  ],
  optional: ['exceeds_quota', 'cost_center_name', 'aic_quantity', 'aic_gross_amount'],
  semantics: null,
  notes: ['bill lines: cost is net_amount, credits are AI credits, no request counts'],
  keyColumns: ['date', 'username', 'product', 'sku', 'model', 'unit_type', 'organization', 'cost_center_name'],
  toEvent(row) {
    return {
      ts: utcTime(row, 'date'),
      bucket: 'day',
      userId: text(row, 'username'),
      orgId: text(row, 'organization'),
      project: text(row, 'cost_center_name'),
      agentId: agentOf(text(row, 'sku')),
      model: text(row, 'model'),
      requests: null,
      credits: aiCredits(row),
      costReportedUsd: usd(row, 'net_amount', { unit: 'dollars' }),
    };
  },
};
