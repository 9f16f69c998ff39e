/** Cursor usage export, three header generations: input columns decided per row against Total Tokens, Kind → errors, Cost words → 0. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-cursor-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const tokens = ['Input (w/ Cache Write)', 'Input (w/o Cache Write)', 'Cache Read', 'Output Tokens', 'Total Tokens'];
const v1 = ['Date', 'Model', ...tokens, 'Cost', 'Cost to you'];
const v2 = ['Date', 'Kind', 'Model', 'Max Mode', ...tokens, 'Cost'];
const v3 = ['Date', 'User', 'Cloud Agent ID', 'Automation ID', 'Kind', 'Model', 'Max Mode', ...tokens, 'Cost'];
const v3Requests = ['Date', 'Cloud Agent ID', 'Automation ID', 'Kind', 'Model', 'Max Mode', ...tokens, 'Requests'];

const noTokens = {
  cache_read_tokens: null, cache_write_tokens: null, cache_write_5m_tokens: null, cache_write_1h_tokens: null, input_tokens: null, output_tokens: null,
};
const request = (source: string, ts: string) => ({
  source, ts, user_id: null, user_email: null, agent_id: null, provider: null, project: null, session_id: null, requests: 1, reasoning_tokens: null,
  credits: null, cost_reported_usd: null, latency_ms: null, status: 'ok', error_type: null, ...noTokens,
});
const split = (input: number, cacheWrite: number, cacheRead: number, output: number) => ({
  input_tokens: input, cache_write_tokens: cacheWrite, cache_read_tokens: cacheRead, output_tokens: output,
});

describe('Cursor usage export v2', () => {
  // separate inputs (Total = both inputs + cache read + output), the shape of Cursor's own export
  const separate = ['2025-11-13T18:36:05.846Z', 'Included', 'auto', 'No', 28342, 775, 105891, 21282, 28342 + 775 + 105891 + 21282, '0.19'];
  // nested inputs (Total = w/ + cache read + output): cache write = 5000 − 1200
  const nested = ['2025-11-13T19:00:00.000Z', 'On-Demand', 'claude-4.5-sonnet-thinking', 'Yes', 5000, 1200, 20000, 800, 5000 + 20000 + 800, '$1,234.50'];
  const errored = ['2025-11-13T19:05:00.000Z', 'Errored, No Charge', 'gpt-5', 'No', 0, 0, 0, 0, 0, '$0.00'];
  const aborted = ['2025-11-13T19:10:00.000Z', 'Aborted, Not Charged', 'gpt-5\n(preview)', 'No', '', '', '', '', '', 'Included'];
  const free = ['2025-11-14T08:00:00.000Z', 'Free', 'cursor-small', 'No', 0, 300, 0, 50, 350, 'Free'];
  const body = [separate, nested, errored, aborted, free];

  it('each row is one request; input split decided per row; errored and aborted kinds are errors; Included/Free cost 0', async () => {
    const text = csvText(v2, body, { bom: true });
    const summary = await h.load('usage-events.csv', text);
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'cursor-usage-v2', label: 'Cursor usage export (v2: Kind, Max Mode)', bucket: 'event',
        notes: ['input columns read against Total Tokens', 'errored and aborted requests count as errors'],
      },
      rowsRead: 5, imported: 5, rejected: 0,
    });
    const source = 'cursor-usage-v2';
    expect(h.events()).toEqual([
      { ...request(source, '2025-11-13T18:36:05Z'), model: 'auto', ...split(775, 28342, 105891, 21282), cost_reported_usd: 0.19 },
      { ...request(source, '2025-11-13T19:00:00Z'), model: 'claude-4.5-sonnet-thinking', ...split(1200, 5000 - 1200, 20000, 800), cost_reported_usd: 1234.5 },
      { ...request(source, '2025-11-13T19:05:00Z'), model: 'gpt-5', ...split(0, 0, 0, 0), cost_reported_usd: 0, status: 'error', error_type: 'Errored, No Charge' },
      { ...request(source, '2025-11-13T19:10:00Z'), model: 'gpt-5\n(preview)', cost_reported_usd: 0, status: 'error', error_type: 'Aborted, Not Charged' },
      { ...request(source, '2025-11-14T08:00:00Z'), model: 'cursor-small', ...split(300, 0, 0, 50), cost_reported_usd: 0 },
    ]);
    // by hand: input 775 + 1200 + 0 + 300; cache write 28342 + 3800 + 0 + 0; cache read 105891 + 20000; output 21282 + 800 + 50
    const totals = h.totals();
    expect(totals).toMatchObject({ rows: 5, requests: 5, input_tokens: 2275, cache_write_tokens: 32_142, cache_read_tokens: 125_891, output_tokens: 22_132 });
    expect(totals.cost_reported_usd).toBeCloseTo(0.19 + 1234.5, 9);
    expect(rows(h.db(), "SELECT COUNT(*) AS errors FROM events WHERE status = 'error'")[0]).toEqual({ errors: 2 });

    expect(await h.load('usage-events.csv', text)).toMatchObject({ imported: 0, duplicates: 5 });
  });

  it('token columns that add up under neither reading, or contradict the reading that does, are row errors naming the columns', async () => {
    const neither = await rejection(h.load('neither.csv', csvText(v2, [separate, ['2025-11-13T20:00:00.000Z', 'Included', 'auto', 'No', 100, 40, 0, 60, 170, '0.01']])));
    expect(neither.message).toBe(
      'neither.csv:3: column "Total Tokens": "Total Tokens" is 170 but neither reading of the inputs adds up ("Input (w/ Cache Write)" 100, ' +
        '"Input (w/o Cache Write)" 40, "Cache Read" 0, "Output Tokens" 60): separate inputs give 200, "Input (w/ Cache Write)" including "Input (w/o Cache Write)" gives 160',
    );
    const smaller = await rejection(h.load('smaller.csv', csvText(v2, [['2025-11-13T20:00:00.000Z', 'Included', 'auto', 'No', 40, 100, 0, 60, 40 + 0 + 60, '0.01']])));
    expect(smaller.message).toBe(
      'smaller.csv:2: column "Input (w/ Cache Write)": "Total Tokens" counts "Input (w/ Cache Write)" (40) as including "Input (w/o Cache Write)" (100), but it is smaller',
    );
    const noTotal = await rejection(h.load('no-total.csv', csvText(v2, [['2025-11-13T20:00:00.000Z', 'Included', 'auto', 'No', 100, 40, 0, 60, '', '0.01']])));
    expect(noTotal.message).toBe(
      'no-total.csv:2: column "Total Tokens": "Total Tokens" is empty, so it cannot tell whether "Input (w/ Cache Write)" (100) includes "Input (w/o Cache Write)" (40)',
    );
    expect(h.totals()).toMatchObject({ rows: 0 });
  });

  it('a row without a total is read when one input is 0 (both readings agree), LF line ends', async () => {
    await h.load('partial.csv', csvText(v2, [['2025-11-13T20:00:00.000Z', 'Included', 'auto', 'No', 0, 40, '', 60, '', '0.01']], { eol: '\n' }));
    expect(h.events()[0]).toMatchObject({ input_tokens: 40, cache_write_tokens: 0, cache_read_tokens: null, output_tokens: 60 });
  });

  it('a bad cell is a row error naming file, line (after a multi-line field) and column', async () => {
    const cost = await rejection(h.load('cost.csv', csvText(v2, [aborted, [...free.slice(0, 9), '€0.12']])));
    expect(cost.message).toBe('cost.csv:4: column "Cost": expected an amount in dollars with , between thousands optionally after $ or Included/Free, got "€0.12"');
    const date = await rejection(h.load('date.csv', csvText(v2, [['Nov 13, 2025', ...free.slice(1)]])));
    expect(date.message).toBe('date.csv:2: column "Date": expected an ISO 8601 timestamp or epoch, got "Nov 13, 2025"');
    const count = await rejection(h.load('count.csv', csvText(v2, [[...free.slice(0, 7), '1,200', ...free.slice(8)]])));
    expect(count.message).toBe('count.csv:2: column "Output Tokens": expected a non-negative integer, got 1,200');
  });
});

describe('Cursor usage export v1 and v3', () => {
  it('v1: the charged "Cost to you" is the reported cost', async () => {
    const text = csvText(v1, [
      ['2025-03-01T10:00:00.000Z', 'claude-3.7-sonnet', 1000, 400, 2000, 300, 1000 + 2000 + 300, '$0.05', 'Included'],
      ['2025-03-01T11:00:00.000Z', 'claude-3.7-sonnet\nthinking', 0, 500, 0, 100, 600, '$0.01', '$0.01'],
    ], { bom: true });
    const summary = await h.load('v1.csv', text);
    expect(summary.recognisedAs).toEqual({
      id: 'cursor-usage-v1', label: 'Cursor usage export (v1: Cost to you)', bucket: 'event', notes: ['input columns read against Total Tokens', 'cost is "Cost to you"'],
    });
    expect(h.events()).toEqual([
      { ...request('cursor-usage-v1', '2025-03-01T10:00:00Z'), model: 'claude-3.7-sonnet', ...split(400, 1000 - 400, 2000, 300), cost_reported_usd: 0 },
      { ...request('cursor-usage-v1', '2025-03-01T11:00:00Z'), model: 'claude-3.7-sonnet\nthinking', ...split(500, 0, 0, 100), cost_reported_usd: 0.01 },
    ]);
    expect(await h.load('v1.csv', text)).toMatchObject({ imported: 0, duplicates: 2 });
  });

  it('v3: user (and e-mail when it is one), cloud agent → session, automation → agent; a file ending in Requests keeps them as credits', async () => {
    const withCost = csvText(v3, [
      ['2026-01-05T09:00:00.000Z', 'dev@example.com', 'bc-123', 'auto-7', 'Included', 'composer-2.5', 'No', 0, 1500, 40000, 900, 0 + 1500 + 40000 + 900, '$0.12'],
      ['2026-01-05T09:05:00.000Z', 'Ana Lima\n(contractor)', '', '', 'On-Demand', 'gpt-5', 'No', 100, 40, 0, 60, 100 + 0 + 60, '0.02'],
    ]);
    const summary = await h.load('v3.csv', withCost);
    expect(summary.recognisedAs).toEqual({
      id: 'cursor-usage-v3', label: 'Cursor usage export (v3: Cloud Agent ID, Automation ID)', bucket: 'event',
      notes: ['input columns read against Total Tokens', 'errored and aborted requests count as errors', '"Requests" (where given) are kept as credits'],
    });
    expect(h.events()).toEqual([
      {
        ...request('cursor-usage-v3', '2026-01-05T09:00:00Z'), user_id: 'dev@example.com', user_email: 'dev@example.com', session_id: 'bc-123', agent_id: 'auto-7',
        model: 'composer-2.5', ...split(1500, 0, 40000, 900), cost_reported_usd: 0.12,
      },
      { ...request('cursor-usage-v3', '2026-01-05T09:05:00Z'), user_id: 'Ana Lima\n(contractor)', model: 'gpt-5', ...split(40, 100 - 40, 0, 60), cost_reported_usd: 0.02 },
    ]);
    expect(await h.load('v3.csv', withCost)).toMatchObject({ imported: 0, duplicates: 2 });

    h.reset();
    const withRequests = csvText(v3Requests, [
      ['2026-01-06T10:00:00.000Z', '', '', 'Included', 'claude-4.5-sonnet', 'Yes', 2000, 500, 10000, 700, 2000 + 500 + 10000 + 700, '2'],
      ['2026-01-06T10:30:00.000Z', '', '', 'Errored, No Charge', 'claude-4.5-sonnet', 'No', 0, 0, 0, 0, 0, '0'],
      ['2026-01-06T11:00:00.000Z', '', '', 'On-Demand', 'claude-4.5-sonnet', 'No', 0, 10, 0, 5, 15, '0.5'],
    ]);
    expect((await h.load('v3-requests.csv', withRequests)).recognisedAs).toMatchObject({ id: 'cursor-usage-v3' });
    expect(h.events().map((event) => [event.credits, event.cost_reported_usd, event.status, event.cache_write_tokens])).toEqual([
      [2, null, 'ok', 2000], [0, null, 'error', 0], [0.5, null, 'ok', 0],
    ]);
    // by hand: 2 + 0 + 0.5 request units, three requests
    expect(rows(h.db(), 'SELECT SUM(credits) AS credits, SUM(requests) AS requests FROM events')[0]).toEqual({ credits: 2.5, requests: 3 });
  });

  it('a bad Requests cell is a row error after a multi-line user', async () => {
    const text = csvText(v3Requests, [
      ['2026-01-06T10:00:00.000Z', 'bc-1\nretry', '', 'Included', 'claude-4.5-sonnet', 'No', 0, 10, 0, 5, 15, '1'],
      ['2026-01-06T10:01:00.000Z', '', '', 'Included', 'claude-4.5-sonnet', 'No', 0, 10, 0, 5, 15, 'one'],
    ]);
    expect((await rejection(h.load('requests.csv', text))).message).toBe('requests.csv:4: column "Requests": expected a number, got one');
  });
});

describe('Cursor header generations', () => {
  const generations: [string, string[]][] = [
    ['cursor-usage-v1', v1], ['cursor-usage-v2', v2], ['cursor-usage-v3', v3], ['cursor-usage-v3', v3Requests],
    ['cursor-usage-v3', v3.filter((column) => column !== 'User')],
  ];

  it('each header is its own generation and no other format matches it exactly; non-Cursor formats are not even near', () => {
    for (const [id, header] of generations) {
      expect(recogniseHeader(sourceFormats, header, 'csv'), id).toMatchObject({ kind: 'format', format: { id } });
      for (const other of sourceFormats.filter((format) => format.id !== id)) {
        const match = matchHeader(other, header);
        expect(match.missing.length + match.unexpected.length, `${id} as ${other.id}`).toBeGreaterThan(0);
        if (!other.id.startsWith('cursor-usage')) expect(match.score, `${id} as ${other.id}`).toBeLessThan(0.6);
      }
    }
  });

  it('a damaged header is refused as a near miss of the generation it is closest to', async () => {
    const damaged = v2.filter((column) => column !== 'Max Mode');
    const error = await rejection(h.load('damaged.csv', csvText(damaged, [['2025-11-13T20:00:00.000Z', 'Included', 'auto', 0, 40, 0, 60, 100, '0.01']])));
    expect(error.message).toMatch(/^damaged\.csv:1: the columns look like a Cursor usage export \(v2: Kind, Max Mode\) but the header lacks "Max Mode";/);
  });
});
