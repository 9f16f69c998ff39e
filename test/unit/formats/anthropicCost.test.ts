/** Anthropic Console cost export: billed dollars per day, model, key and token type; display names read as model ids; cost-only rows. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicModelId } from '../../../src/core/ingest/formats/anthropicModelNames';
import { anthropicCostHeader, anthropicCostOlderHeader } from './consoleExportHeaders';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-anthropic-cost-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const header = anthropicCostHeader;

function row(date: string, model: string, key: string, tokenType: string, cost: string, listPrice = cost, workspace = 'Default') {
  return [date, model, workspace, key, 'message', '≤ 200k', tokenType, cost, listPrice, 'token', 'not_available', '', `apikey_01${key.length}`, 'active'];
}

describe('Anthropic Console cost export', () => {
  it('billed dollars per row, the list price left aside, display names read as ids, requests empty (no count) and no tokens', async () => {
    const body = [
      row('2026-08-04', 'Claude Haiku 4.5', 'demo-key', 'input_no_cache', '0.25', '0.25'),
      row('2026-08-04', 'Claude Haiku 4.5', 'demo-key', 'output', '0.125', '0.125'),
      // a discounted line: billed 0.5 of a 2.0 list price
      row('2026-08-05', 'Claude Sonnet 3.7', 'demo-key', 'input_cache_read', '0.5', '2.0'),
      row('2026-08-05', 'Claude Opus 4.5', 'other-key', 'output', '1.75', '1.75'),
      // a free line, billed $0: a $0 row, not an unknown one
      row('2026-08-06', 'Claude Opus 5', 'other-key', 'output', '0.00', '0.00'),
    ];
    const summary = await h.load('cost.csv', csvText(header, body, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'anthropic-cost', label: 'Anthropic Console cost export', bucket: 'day',
        notes: ['cost only: runs and tokens empty', 'model display names read as model ids'],
      },
      rowsRead: 5, imported: 5, skipped: 0, rejected: 0, firstEventAt: Date.UTC(2026, 7, 4), lastEventAt: Date.UTC(2026, 7, 6),
    });
    // by hand: 0.25 + 0.125 + 0.5 + 1.75 + 0 = 2.625 (the 2.0 list price is not a cost)
    expect(h.totals()).toEqual({
      rows: 5, requests: null, input_tokens: null, output_tokens: null, cache_read_tokens: null, cache_write_tokens: null, reasoning_tokens: null,
      cost_reported_usd: 2.625,
    });
    const byDayThenCost = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0])) || Number(a[2]) - Number(b[2]);
    expect(h.events().map((event) => [event.ts, event.model, event.cost_reported_usd, event.provider, event.project]).sort(byDayThenCost)).toEqual([
      ['2026-08-04T00:00:00Z', 'claude-haiku-4-5', 0.125, 'anthropic', 'Default'],
      ['2026-08-04T00:00:00Z', 'claude-haiku-4-5', 0.25, 'anthropic', 'Default'],
      ['2026-08-05T00:00:00Z', 'claude-3-7-sonnet', 0.5, 'anthropic', 'Default'],
      ['2026-08-05T00:00:00Z', 'claude-opus-4-5', 1.75, 'anthropic', 'Default'],
      ['2026-08-06T00:00:00Z', 'claude-opus-5', 0, 'anthropic', 'Default'],
    ]);
    expect(h.events()[0]).toMatchObject({ source: 'anthropic-cost', requests: null, user_id: null, agent_id: null, latency_ms: null, status: 'ok' });
  });

  it('the older header without api_key_id and api_key_status is the same export (LF, a quoted multi-line workspace)', async () => {
    const body = [row('2026-03-15', 'Claude Opus 4.6', 'OB-1', 'input_no_cache', '1.5', '1.5', 'Team\nOne').slice(0, 12)];
    const summary = await h.load('older.csv', csvText(anthropicCostOlderHeader, body, { eol: '\n' }));
    expect(summary).toMatchObject({ recognisedAs: { id: 'anthropic-cost' }, imported: 1 });
    expect(h.events()[0]).toMatchObject({ model: 'claude-opus-4-6', project: 'Team\nOne', cost_reported_usd: 1.5 });
  });

  it('re-importing adds nothing; a newer export of the same day, key and token type replaces the amount', async () => {
    const first = csvText(header, [row('2026-08-04', 'Claude Haiku 4.5', 'k', 'output', '1'), row('2026-08-04', 'Claude Haiku 4.5', 'k', 'input_no_cache', '2')]);
    await h.load('first.csv', first);
    expect(await h.load('first.csv', first)).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
    const later = csvText(header, [row('2026-08-04', 'Claude Haiku 4.5', 'k', 'output', '1.5')]);
    expect(await h.load('later.csv', later)).toMatchObject({ imported: 0, updated: 1 });
    // by hand: 1.5 (replacing 1) + 2
    expect(h.totals()).toMatchObject({ rows: 2, cost_reported_usd: 3.5 });
  });

  it('a bad cost or date is a row error naming file, physical line and column', async () => {
    const cases: [string, (string | number)[], string, string][] = [
      ['grouped.csv', row('2026-08-04', 'Claude Haiku 4.5', 'k', 'output', '1,234.50'), 'cost_usd', 'expected an amount in dollars, got "1,234.50"'],
      ['dollar.csv', row('2026-08-04', 'Claude Haiku 4.5', 'k', 'output', '$1.00'), 'cost_usd', 'expected an amount in dollars, got "$1.00"'],
      ['empty.csv', row('2026-08-04', 'Claude Haiku 4.5', 'k', 'output', ''), 'cost_usd', 'required value is empty'],
      ['date.csv', row('2026-02-30', 'Claude Haiku 4.5', 'k', 'output', '1'), 'usage_date_utc', '"2026-02-30" is not a calendar date'],
      ['slash.csv', row('2026/8/4', 'Claude Haiku 4.5', 'k', 'output', '1'), 'usage_date_utc', 'expected an ISO 8601 timestamp or epoch, got "2026/8/4"'],
    ];
    // a key name written over two lines before the bad row moves it from line 3 to line 4
    const twoLines = row('2026-08-04', 'Claude Haiku 4.5', 'key with\r\ntwo lines', 'output', '1');
    for (const [name, bad, column, reason] of cases) {
      h.reset();
      expect((await rejection(h.load(name, csvText(header, [bad])))).message).toBe(`${name}:2: column "${column}": ${reason}`);
      h.reset();
      expect((await rejection(h.load(name, csvText(header, [twoLines, bad])))).message).toBe(`${name}:4: column "${column}": ${reason}`);
    }
  });
});

describe('model display names', () => {
  it.each([
    ['Claude Haiku 4.5', 'claude-haiku-4-5'],
    ['Claude Sonnet 4.5', 'claude-sonnet-4-5'],
    ['Claude Opus 4.1', 'claude-opus-4-1'],
    ['Claude Sonnet 4', 'claude-sonnet-4'],
    ['Claude Opus 5', 'claude-opus-5'],
    // the table: before Claude 4 the version comes first in the id
    ['Claude Sonnet 3.7', 'claude-3-7-sonnet'],
    ['Claude Haiku 3.5', 'claude-3-5-haiku'],
    ['Claude Haiku 3', 'claude-3-haiku'],
    ['Claude Opus 3', 'claude-3-opus'],
    ['Claude 2.1', 'claude-2.1'],
    ['Claude Instant 1.2', 'claude-instant-1.2'],
    // names written the old way already follow the rule
    ['Claude 3.5 Sonnet', 'claude-3-5-sonnet'],
    // the rule for names nobody listed: lower case, runs of spaces and dots become one "-"
    ['  Claude   Nova 6.1 ', 'claude-nova-6-1'],
    ['CLAUDE HAIKU 3.5', 'claude-3-5-haiku'],
  ])('%j → %s', (name, id) => {
    expect(anthropicModelId(name)).toBe(id);
  });
});
