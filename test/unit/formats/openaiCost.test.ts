/** OpenAI cost export (dashboard cost CSV): billed dollars per UTC day and line item, cost-only rows, empty days skipped. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { modelFromLineItem } from '../../../src/core/ingest/formats/openaiLineItem';
import { rows } from '../helpers/db';
import { openaiCostHeader } from './consoleExportHeaders';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-openai-cost-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const header = openaiCostHeader;
const day = 86_400;
const oct5 = Date.UTC(2025, 9, 5) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');

/** One daily row as the dashboard writes it: epoch seconds, ISO times with +00:00, the amount as text. */
function row(dayIndex: number, amount: string, lineItem = '', project = '', org = 'org-Hp9m', orgName = 'Personal', currency = 'usd') {
  const start = oct5 + dayIndex * day;
  return [start, start + day, iso(start), iso(start + day), amount, currency, lineItem, project, org, orgName];
}

/** A day without spend: the times, then nothing. */
function emptyDay(dayIndex: number) {
  const start = oct5 + dayIndex * day;
  return [start, start + day, iso(start), iso(start + day), '', '', '', '', '', ''];
}

const orgs = () => rows(h.db(), 'SELECT org_id, name FROM orgs ORDER BY org_id');

describe('OpenAI cost export', () => {
  it('daily totals: billed dollars kept to 16 decimals, requests and tokens empty, a day without spend skipped', async () => {
    const body = [
      row(0, '0.8958740000000000'),
      row(1, '0.5617712500000000'),
      row(2, '0.569788'),
      emptyDay(3),
      row(4, '0.34090000000000000'),
      row(5, '0'),
    ];
    const summary = await h.load('cost.csv', csvText(header, body, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: { id: 'openai-cost', label: 'OpenAI cost export', bucket: 'day', notes: ['cost only: runs and tokens empty'] },
      rowsRead: 6, imported: 5, skipped: 1, rejected: 0, firstEventAt: Date.UTC(2025, 9, 5), lastEventAt: Date.UTC(2025, 9, 10),
    });
    const events = h.events();
    expect(events.map((event) => [event.ts, event.cost_reported_usd])).toEqual([
      ['2025-10-05T00:00:00Z', 0.895874],
      ['2025-10-06T00:00:00Z', 0.56177125],
      ['2025-10-07T00:00:00Z', 0.569788],
      ['2025-10-09T00:00:00Z', 0.3409],
      // a day billed at $0 is a $0 row, not an unknown one
      ['2025-10-10T00:00:00Z', 0],
    ]);
    expect(events[0]).toEqual({
      source: 'openai-cost', ts: '2025-10-05T00:00:00Z', user_id: null, user_email: null, agent_id: null, model: null, provider: 'openai', project: null,
      session_id: null, requests: null, input_tokens: null, output_tokens: null, cache_read_tokens: null, cache_write_tokens: null,
      cache_write_5m_tokens: null, cache_write_1h_tokens: null, reasoning_tokens: null, credits: null, cost_reported_usd: 0.895874, latency_ms: null,
      status: 'ok', error_type: null,
    });
    expect(h.totals()).toMatchObject({ rows: 5, requests: null, input_tokens: null, output_tokens: null });
    expect(orgs()).toEqual([{ org_id: 'org-Hp9m', name: 'Personal' }]);
  });

  it('per line item and project: the model comes from "<model>, <kind>" items, other items have none; LF, quoted multi-line name', async () => {
    const body = [
      row(0, '1.25', 'gpt-4o-2024-08-06, input', 'proj_a', 'org-1', 'Acme\nResearch'),
      row(0, '2.5', 'gpt-4o-2024-08-06, output', 'proj_a', 'org-1', 'Acme\nResearch'),
      row(0, '0.125', 'gpt-4o-2024-08-06, cached input', 'proj_b', 'org-1', 'Acme\nResearch'),
      row(1, '0.5', 'Image models', 'proj_a', 'org-1', 'Acme\nResearch'),
      row(1, '0.0625', 'web search tool calls', '', 'org-1', 'Acme\nResearch'),
    ];
    const summary = await h.load('items.csv', csvText(header, body, { eol: '\n' }));
    expect(summary).toMatchObject({ rowsRead: 5, imported: 5, skipped: 0 });
    // events of one day come in key (hash) order: compare them ordered by day, then amount
    const byDayThenAmount = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0])) || Number(a[3]) - Number(b[3]);
    expect(h.events().map((event) => [event.ts, event.model, event.project, event.cost_reported_usd]).sort(byDayThenAmount)).toEqual([
      ['2025-10-05T00:00:00Z', 'gpt-4o-2024-08-06', 'proj_b', 0.125],
      ['2025-10-05T00:00:00Z', 'gpt-4o-2024-08-06', 'proj_a', 1.25],
      ['2025-10-05T00:00:00Z', 'gpt-4o-2024-08-06', 'proj_a', 2.5],
      ['2025-10-06T00:00:00Z', null, null, 0.0625],
      ['2025-10-06T00:00:00Z', null, 'proj_a', 0.5],
    ]);
    // by hand: 1.25 + 2.5 + 0.125 + 0.5 + 0.0625 = 4.4375 (every part is exact in binary)
    expect(h.totals()).toMatchObject({ rows: 5, requests: null, cost_reported_usd: 4.4375 });
    expect(orgs()).toEqual([{ org_id: 'org-1', name: 'Acme\nResearch' }]);
  });

  it('re-importing the same export adds nothing; a newer export of the same days replaces their amounts', async () => {
    const first = csvText(header, [row(0, '1.5', 'gpt-4o, input'), row(1, '2', 'gpt-4o, input')]);
    await h.load('first.csv', first);
    expect(await h.load('first.csv', first)).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
    const later = await h.load('later.csv', csvText(header, [row(1, '3.25', 'gpt-4o, input'), row(2, '0.75', 'gpt-4o, input')]));
    expect(later).toMatchObject({ imported: 1, updated: 1, duplicates: 0 });
    // by hand: day 0 1.5 + day 1 3.25 (replacing 2) + day 2 0.75 = 5.5
    expect(h.totals()).toMatchObject({ rows: 3, cost_reported_usd: 5.5 });
  });

  it('a bad amount is a row error naming file, physical line and column (a multi-line cell above counts its lines)', async () => {
    const text = csvText(header, [row(0, '1', '', '', 'org-1', 'Two\r\nLines'), row(1, '0.12abc')]);
    const error = await rejection(h.load('bad.csv', text));
    expect(error.message).toBe('bad.csv:4: column "amount_value": expected an amount in dollars, got "0.12abc"');
    expect(h.totals()).toMatchObject({ rows: 0 });
  });

  it('thousands separators, another currency, an amount without currency and a bucket other than a day are row errors', async () => {
    const cases: [string, (string | number)[], string][] = [
      ['grouped.csv', row(0, '1,234.50'), 'grouped.csv:2: column "amount_value": expected an amount in dollars, got "1,234.50"'],
      ['eur.csv', row(0, '3.5', '', '', 'org-1', 'Personal', 'eur'), 'eur.csv:2: column "amount_currency": expected "usd", got "eur"'],
      ['nocurrency.csv', row(0, '3.5', '', '', 'org-1', 'Personal', ''), 'nocurrency.csv:2: column "amount_currency": required value is empty (the row has an amount)'],
      ['noamount.csv', row(0, '', '', '', 'org-1', 'Personal', 'usd'), 'noamount.csv:2: column "amount_value": required value is empty (the row names a currency)'],
      ['negative.csv', row(0, '-0.5'), 'negative.csv:2: column "amount_value": expected an amount in dollars, got "-0.5"'],
    ];
    const hourly = row(0, '1');
    hourly[1] = Number(hourly[0]) + 3600;
    cases.push(['hourly.csv', hourly, `hourly.csv:2: column "end_time": expected the end of the UTC day that starts at start_time (start_time + 86400), got ${oct5}..${oct5 + 3600}`]);
    for (const [name, bad, message] of cases) {
      h.reset();
      expect((await rejection(h.load(name, csvText(header, [bad])))).message).toBe(message);
    }
  });

  it('with skip bad rows the good rows import and the bad ones are listed with line and column', async () => {
    const summary = await h.load('mixed.csv', csvText(header, [row(0, '1'), row(1, 'lots'), emptyDay(2), row(3, '2')]), { skipBadRows: true });
    expect(summary).toMatchObject({ rowsRead: 4, imported: 2, skipped: 1, rejected: 1 });
    expect(summary.rejects).toEqual([{ line: 3, column: 'amount_value', reason: 'expected an amount in dollars, got "lots"' }]);
    expect(h.totals()).toMatchObject({ rows: 2, cost_reported_usd: 3 });
  });
});

describe('the model in a line item', () => {
  it.each([
    ['gpt-4o-2024-08-06, input', 'gpt-4o-2024-08-06'],
    ['gpt-5.5-2026-04-23, cached input', 'gpt-5.5-2026-04-23'],
    ['gpt-4o-2024-08-06, Output', 'gpt-4o-2024-08-06'],
    ['gpt-audio-mini-2025-12-15 audio, input', 'gpt-audio-mini-2025-12-15'],
    ['priority | gpt-5.6-sol, output, long context', 'gpt-5.6-sol'],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123, training', 'ft:gpt-4o-mini-2024-07-18:acme::abc123'],
    ['whisper-1, audio', 'whisper-1'],
  ])('%s → %s', (lineItem, model) => {
    expect(modelFromLineItem(lineItem)).toBe(model);
  });

  it.each([['Image models'], ['web search tool calls'], ['gpt-4o'], ['GPT-4 Turbo'], ['Vector storage'], ['gpt-4o,'], ['gpt 4o, input'], ['']])(
    '%j names no model',
    (lineItem) => {
      expect(modelFromLineItem(lineItem)).toBeNull();
    },
  );

  it('an empty cell names no model', () => {
    expect(modelFromLineItem(null)).toBeNull();
  });
});
