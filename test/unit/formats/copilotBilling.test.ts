/** GitHub Copilot usage report (billing CSV): bill lines with net cost, AI credits, no invented request counts. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-copilot-billing-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const base = [
  'date', 'username', 'product', 'sku', 'model', 'quantity', 'unit_type', 'applied_cost_per_quantity', 'gross_amount', 'discount_amount', 'net_amount',
  'total_monthly_quota', 'organization',
];
const header = [...base.slice(0, 11), 'exceeds_quota', ...base.slice(11), 'cost_center_name', 'aic_quantity', 'aic_gross_amount'];

type Line = Record<string, string>;
const cells = (columns: readonly string[], line: Line) => columns.map((column) => line[column] ?? '');

const withinQuota: Line = {
  date: '2026-03-01', username: 'mona', product: 'copilot', sku: 'copilot_premium_request', model: 'Claude Sonnet 4.5', quantity: '2', unit_type: 'requests',
  applied_cost_per_quantity: '0.04', gross_amount: '0.08', discount_amount: '0.08', net_amount: '0', exceeds_quota: 'False', total_monthly_quota: '300',
  organization: 'octodemo', cost_center_name: 'Octocats', aic_quantity: '1.5', aic_gross_amount: '0.015',
};
// premium requests weighted by the model's multiplier: a fraction, billed past the quota; no AI-credit figure
const overQuota: Line = {
  date: '2026-03-01', username: 'hubot', product: 'copilot', sku: 'coding_agent_premium_request', model: 'Claude Opus 4', quantity: '12.5', unit_type: 'requests',
  applied_cost_per_quantity: '0.04', gross_amount: '0.50', discount_amount: '0.10', net_amount: '0.40', exceeds_quota: 'TRUE', total_monthly_quota: '300',
  organization: 'octodemo', cost_center_name: 'Platform\nTeam', aic_quantity: '', aic_gross_amount: '',
};
const creditsFromQuantity: Line = {
  date: '2026-03-02', username: 'mona', product: 'copilot', sku: 'copilot_ai_credit', model: 'GPT-5.6 Terra', quantity: '50', unit_type: 'ai-credits',
  applied_cost_per_quantity: '0.01', gross_amount: '0.50', discount_amount: '0', net_amount: '0.50', exceeds_quota: 'False', total_monthly_quota: '1900',
  organization: 'octodemo', cost_center_name: '', aic_quantity: '', aic_gross_amount: '',
};
const explicitCredits: Line = {
  date: '2026-03-02', username: 'lisa', product: 'spark', sku: 'spark_ai_credit', model: 'Claude Sonnet 4.5', quantity: '50', unit_type: 'ai-credits',
  applied_cost_per_quantity: '0.01', gross_amount: '0.75', discount_amount: '0', net_amount: '0.75', exceeds_quota: 'False', total_monthly_quota: '1900',
  organization: 'octodemo', cost_center_name: 'Octocats', aic_quantity: '75', aic_gross_amount: '0.75',
};

const creditsSum = () => rows(h.db(), 'SELECT SUM(credits) AS credits FROM events')[0]!.credits;

describe('GitHub Copilot usage report', () => {
  it('each line becomes a day of one user, SKU and model: net cost, AI credits, requests empty (no count), agent from the SKU', async () => {
    const text = csvText(header, [withinQuota, overQuota, creditsFromQuantity, explicitCredits].map((line) => cells(header, line)), { bom: true });
    const summary = await h.load('usage-report.csv', text);
    expect(summary).toMatchObject({
      recognisedAs: { id: 'copilot-billing', label: 'GitHub Copilot usage report', bucket: 'day', notes: ['bill lines: cost is net_amount, credits are AI credits, no request counts'] },
      rowsRead: 4, imported: 4, rejected: 0, firstEventAt: Date.UTC(2026, 2, 1), lastEventAt: Date.UTC(2026, 2, 2),
    });
    const day = (ts: string) => ({
      source: 'copilot-billing', ts, user_email: null, provider: null, session_id: null, requests: null, input_tokens: null, output_tokens: null,
      cache_read_tokens: null, cache_write_tokens: null, cache_write_5m_tokens: null, cache_write_1h_tokens: null, reasoning_tokens: null,
      latency_ms: null, status: 'ok', error_type: null,
    });
    const byUser = Object.fromEntries(h.events().map((event) => [`${String(event.user_id)} ${String(event.model)}`, event]));
    expect(byUser).toEqual({
      'mona Claude Sonnet 4.5': { ...day('2026-03-01T00:00:00Z'), user_id: 'mona', agent_id: 'copilot', model: 'Claude Sonnet 4.5', project: 'Octocats', credits: 1.5, cost_reported_usd: 0 },
      'hubot Claude Opus 4': { ...day('2026-03-01T00:00:00Z'), user_id: 'hubot', agent_id: 'coding_agent', model: 'Claude Opus 4', project: 'Platform\nTeam', credits: null, cost_reported_usd: 0.4 },
      'mona GPT-5.6 Terra': { ...day('2026-03-02T00:00:00Z'), user_id: 'mona', agent_id: 'copilot', model: 'GPT-5.6 Terra', project: null, credits: 50, cost_reported_usd: 0.5 },
      'lisa Claude Sonnet 4.5': { ...day('2026-03-02T00:00:00Z'), user_id: 'lisa', agent_id: 'spark', model: 'Claude Sonnet 4.5', project: 'Octocats', credits: 75, cost_reported_usd: 0.75 },
    });
    expect(rows(h.db(), 'SELECT DISTINCT o.org_id FROM events e JOIN orgs o ON o.org_key = e.org_key')).toEqual([{ org_id: 'octodemo' }]);
    // by hand: net 0 + 0.40 + 0.50 + 0.75; AI credits 1.5 + (none) + 50 + 75
    expect(h.totals()).toMatchObject({ rows: 4, requests: null, input_tokens: null, output_tokens: null });
    expect(h.totals().cost_reported_usd).toBeCloseTo(1.65, 12);
    expect(creditsSum()).toBe(126.5);

    expect(await h.load('usage-report.csv', text)).toMatchObject({ imported: 0, updated: 0, duplicates: 4 });
  });

  it('a later report of the same month replaces the lines it repeats', async () => {
    await h.load('march-02.csv', csvText(header, [withinQuota, creditsFromQuantity].map((line) => cells(header, line))));
    const grown = { ...creditsFromQuantity, quantity: '80', gross_amount: '0.80', net_amount: '0.80' };
    const later = await h.load('march-03.csv', csvText(header, [withinQuota, grown, explicitCredits].map((line) => cells(header, line))));
    expect(later).toMatchObject({ imported: 1, updated: 1, duplicates: 1 });
    expect(h.totals().rows).toBe(3);
    expect(h.totals().cost_reported_usd).toBeCloseTo(0 + 0.8 + 0.75, 12);
    expect(creditsSum()).toBe(1.5 + 80 + 75);
  });

  it('a report from before AI credits (no aic columns, no exceeds_quota or cost centre) is the same format, LF line ends', async () => {
    const summary = await h.load('old.csv', csvText(base, [withinQuota, creditsFromQuantity].map((line) => cells(base, line)), { eol: '\n' }));
    expect(summary.recognisedAs).toMatchObject({ id: 'copilot-billing' });
    expect(h.events().map((event) => [event.credits, event.project, event.cost_reported_usd])).toEqual([[null, null, 0], [50, null, 0.5]]);
  });

  it('a bad cell is a row error naming file, line (after a multi-line field) and column', async () => {
    const bad = await rejection(h.load('bad.csv', csvText(header, [overQuota, { ...withinQuota, quantity: 'lots' }].map((line) => cells(header, line)))));
    expect(bad.message).toBe('bad.csv:4: column "quantity": expected a number, got lots');
    const net = await rejection(h.load('net.csv', csvText(header, [cells(header, { ...withinQuota, net_amount: '$0.40' })])));
    expect(net.message).toBe('net.csv:2: column "net_amount": expected an amount in dollars, got "$0.40"');
    const date = await rejection(h.load('date.csv', csvText(header, [cells(header, { ...withinQuota, date: '03/01/2026' })])));
    expect(date.message).toBe('date.csv:2: column "date": expected an ISO 8601 timestamp or epoch, got "03/01/2026"');
  });

  it('its headers are this format and no other; a header lacking net_amount is refused as a near miss', async () => {
    for (const columns of [header, base]) {
      expect(recogniseHeader(sourceFormats, columns, 'csv')).toMatchObject({ kind: 'format', format: { id: 'copilot-billing' } });
      for (const other of sourceFormats.filter((format) => format.id !== 'copilot-billing')) {
        expect(matchHeader(other, columns).score, other.id).toBeLessThan(0.6);
      }
    }
    const noNet = header.filter((column) => column !== 'net_amount');
    const error = await rejection(h.load('no-net.csv', csvText(noNet, [cells(noNet, withinQuota)])));
    expect(error.message).toMatch(/^no-net\.csv:1: the columns look like a GitHub Copilot usage report but the header lacks "net_amount";/);
  });
});
