/** Anthropic Console usage export: both header generations, daily and hourly, input as is, cache writes by lifetime, no request count. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicUsageMid2025Header, anthropicUsageSingleHeader, anthropicUsageSplitHeader } from './consoleExportHeaders';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-anthropic-usage-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const splitHeader = anthropicUsageSplitHeader;
const singleHeader = anthropicUsageSingleHeader;

interface Tokens {
  input: number | string;
  write5m: number | string;
  write1h: number | string;
  read: number | string;
  output: number | string;
}

function splitRow(date: string, model: string, key: string, workspace: string, t: Tokens, contextWindow = '≤ 200k') {
  return [date, model, key, workspace, 'standard', contextWindow, t.input, t.write5m, t.write1h, t.read, t.output, 0, 'not_available', ''];
}

const sonnet = 'claude-sonnet-4-20250514';
const dayOf = (i: number) => new Date(Date.UTC(2026, 2, 1 + i)).toISOString().slice(0, 10);

describe('Anthropic Console usage export', () => {
  it('a month of daily rows (split cache writes): input as is, writes kept by lifetime and summed, requests empty (no count)', async () => {
    const body = Array.from({ length: 30 }, (_, i) =>
      splitRow(dayOf(i), sonnet, i % 3 ? 'ci-key' : 'claude_code_key_ann', 'Default', { input: 1000 + i, write5m: 200, write1h: i % 2 ? 0 : 50, read: 300 * i, output: 40 }),
    );
    const summary = await h.load('usage.csv', csvText(splitHeader, body, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'anthropic-usage', label: 'Anthropic Console usage export', bucket: 'day', notes: ['input excludes cache: as is', 'no request count: runs empty'],
      },
      rowsRead: 30, imported: 30, rejected: 0, firstEventAt: Date.UTC(2026, 2, 1), lastEventAt: Date.UTC(2026, 2, 30),
    });
    // by hand: input 1000..1029 → 30 000 + 435 = 30 435; 5m 30·200 = 6000; 1h 15 even days·50 = 750; read 300·435 = 130 500; output 30·40
    expect(h.totals()).toEqual({
      rows: 30, requests: null, input_tokens: 30_435, output_tokens: 1200, cache_read_tokens: 130_500, cache_write_tokens: 6000 + 750,
      reasoning_tokens: null, cost_reported_usd: null,
    });
    expect(h.events()[0]).toEqual({
      source: 'anthropic-usage', ts: '2026-03-01T00:00:00Z', user_id: null, user_email: null, agent_id: null, model: sonnet, provider: 'anthropic',
      project: 'Default', session_id: null, requests: null, input_tokens: 1000, output_tokens: 40, cache_read_tokens: 0, cache_write_tokens: 250,
      cache_write_5m_tokens: 200, cache_write_1h_tokens: 50, reasoning_tokens: null, credits: null, cost_reported_usd: null, latency_ms: null,
      status: 'ok', error_type: null,
    });
  });

  it('the older generation: one cache-write column, read as the total with no lifetime split', async () => {
    const body = [
      ['2025-06-12', 'claude-3-5-haiku-20241022', 'claude_code_key_user_abc', 'Claude Code', 'standard', '≤ 200k', 8, 120, 3000, 1, 0],
      ['2025-06-13', 'claude-3-5-haiku-20241022', 'claude_code_key_user_abc', 'Claude Code', 'batch', '≤ 200k', 10, 0, 0, 2, 0],
    ];
    const summary = await h.load('old.csv', csvText(singleHeader, body, { eol: '\n' }));
    expect(summary).toMatchObject({ recognisedAs: { id: 'anthropic-usage', bucket: 'day' }, imported: 2 });
    expect(h.events().map((event) => [event.input_tokens, event.cache_write_tokens, event.cache_write_5m_tokens, event.cache_write_1h_tokens])).toEqual([
      [8, 120, null, null],
      [10, 0, null, null],
    ]);
  });

  it('the header without context window, geography and speed (mid-2025) is the same export', async () => {
    const summary = await h.load('mid2025.csv', csvText(anthropicUsageMid2025Header, [['2025-06-12', sonnet, 'k', 'Default', 'standard', 5, 1, 2, 3, 4, 0]]));
    expect(summary.recognisedAs).toMatchObject({ id: 'anthropic-usage' });
    expect(h.totals()).toMatchObject({ input_tokens: 5, cache_write_tokens: 1 + 2, cache_read_tokens: 3, output_tokens: 4 });
  });

  it('hourly files: a date with the hour is an hourly bucket at that UTC hour', async () => {
    const body = [
      splitRow('2026-03-22 14:00', sonnet, 'k', 'Default', { input: 1, write5m: 0, write1h: 0, read: 0, output: 1 }),
      splitRow('2026-03-22T15:00:00Z', sonnet, 'k', 'Default', { input: 2, write5m: 0, write1h: 0, read: 0, output: 1 }),
    ];
    const summary = await h.load('hourly.csv', csvText(splitHeader, body));
    expect(summary.recognisedAs).toMatchObject({ bucket: 'hour' });
    expect(h.events().map((event) => event.ts)).toEqual(['2026-03-22T14:00:00Z', '2026-03-22T15:00:00Z']);
    const offHour = csvText(splitHeader, [splitRow('2026-03-22 14:30', sonnet, 'k', 'Default', { input: 1, write5m: 0, write1h: 0, read: 0, output: 1 })]);
    expect((await rejection(h.load('half.csv', offHour))).message).toBe(
      'half.csv:2: column "usage_date_utc": expected a UTC date (2026-03-22) or the start of a UTC hour (2026-03-22 14:00), got "2026-03-22 14:30"',
    );
  });

  it('empty cells stay empty (not 0); the context window keeps its ≤; a quoted multi-line workspace name', async () => {
    const body = [
      splitRow('2026-03-01', sonnet, 'k', 'Team\r\nAlpha', { input: 7, write5m: '', write1h: '', read: '', output: 3 }, '> 200k'),
      splitRow('2026-03-01', sonnet, 'k', 'Team\r\nAlpha', { input: 9, write5m: 4, write1h: '', read: 1, output: 2 }),
    ];
    await h.load('empty.csv', csvText(splitHeader, body));
    const byInput = h.events().sort((a, b) => Number(a.input_tokens) - Number(b.input_tokens));
    expect(byInput.map((event) => [event.project, event.cache_read_tokens, event.cache_write_tokens, event.cache_write_5m_tokens, event.cache_write_1h_tokens])).toEqual([
      ['Team\r\nAlpha', null, null, null, null],
      // one lifetime given: the other is 0 and the total is their sum
      ['Team\r\nAlpha', 1, 4, 4, 0],
    ]);
  });

  it('re-importing adds nothing; a newer export of the same day and key replaces it; context windows are separate rows', async () => {
    const t = { input: 100, write5m: 0, write1h: 0, read: 0, output: 10 };
    const first = csvText(splitHeader, [splitRow('2026-03-01', sonnet, 'k', 'Default', t), splitRow('2026-03-01', sonnet, 'k', 'Default', t, '> 200k')]);
    expect(await h.load('first.csv', first)).toMatchObject({ imported: 2 });
    expect(await h.load('first.csv', first)).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
    const later = csvText(splitHeader, [splitRow('2026-03-01', sonnet, 'k', 'Default', { ...t, input: 150 })]);
    expect(await h.load('later.csv', later)).toMatchObject({ imported: 0, updated: 1, duplicates: 0 });
    // by hand: 150 (replaced 100) + 100 for the > 200k row
    expect(h.totals()).toMatchObject({ rows: 2, input_tokens: 250 });
  });

  it('bad token cells are row errors naming file, line and column', async () => {
    const cases: [string, Tokens, string][] = [
      ['fraction.csv', { input: 1, write5m: 0, write1h: 0, read: 0, output: '1.5' }, 'fraction.csv:2: column "usage_output_tokens": expected a non-negative integer, got 1.5'],
      ['grouped.csv', { input: '1,234', write5m: 0, write1h: 0, read: 0, output: 1 }, 'grouped.csv:2: column "usage_input_tokens_no_cache": expected a non-negative integer, got 1,234'],
      ['negative.csv', { input: 1, write5m: 0, write1h: 0, read: '-3', output: 1 }, 'negative.csv:2: column "usage_input_tokens_cache_read": expected a non-negative integer, got -3'],
    ];
    for (const [name, tokens, message] of cases) {
      h.reset();
      const text = csvText(splitHeader, [splitRow('2026-03-01', sonnet, 'k', 'Default', tokens)]);
      expect((await rejection(h.load(name, text))).message).toBe(message);
    }
  });

  it('a file with both generations of cache-write columns must agree: total = 5m + 1h', async () => {
    const both = [...splitHeader.slice(0, 9), 'usage_input_tokens_cache_write', ...splitHeader.slice(9)];
    const row = (total: number) => ['2026-03-01', sonnet, 'k', 'Default', 'standard', '≤ 200k', 1, 30, 12, total, 0, 1, 0, 'us', ''];
    await h.load('agree.csv', csvText(both, [row(42)]));
    expect(h.totals()).toMatchObject({ cache_write_tokens: 42 });
    h.reset();
    expect((await rejection(h.load('disagree.csv', csvText(both, [row(40)])))).message).toBe(
      'disagree.csv:2: column "usage_input_tokens_cache_write": "usage_input_tokens_cache_write" is 40 but "usage_input_tokens_cache_write_5m" 30 + "usage_input_tokens_cache_write_1h" 12 = 42',
    );
  });
});
