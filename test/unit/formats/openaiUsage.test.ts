/** OpenAI usage export (completions CSV): recognised by its header, input converted to uncached, floats read as counts. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-openai-usage-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const header = [
  'start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'project_id', 'num_model_requests', 'user_id', 'api_key_id', 'model', 'batch',
  'service_tier', 'input_tokens', 'output_tokens', 'input_cached_tokens', 'input_uncached_tokens', 'input_text_tokens', 'output_text_tokens',
  'input_cached_text_tokens', 'input_audio_tokens', 'input_cached_audio_tokens', 'output_audio_tokens', 'input_image_tokens',
  'input_cached_image_tokens', 'output_image_tokens',
];
const day = 86_400;
const oct1 = Date.UTC(2026, 9, 1) / 1000;

/** One daily bucket row; counts written as floats, the way the dashboard exports them. */
function row(dayIndex: number, user: string, model: string, requests: number, input: number, cached: number, output: number) {
  const start = oct1 + dayIndex * day;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');
  const f = (n: number) => `${n}.0`;
  return [
    start, start + day, iso(start), iso(start + day), 'proj_abc', f(requests), user, 'key_1', model, 'FALSE', 'default', f(input), f(output),
    f(cached), f(input - cached), f(input), f(output), f(cached), '0.0', '0.0', '0.0', '0.0', '0.0', '0.0',
  ];
}

describe('OpenAI usage export', () => {
  it('a 31-day export: uncached input = input − cached, requests kept per bucket, UTC days, summary line says so', async () => {
    const body = Array.from({ length: 31 }, (_, i) => row(i, i % 2 ? 'user_b' : 'user_a', 'gpt-4.1-2025-04-14', 3 + i, 1000 + i, 400, 50));
    const summary = await h.load('usage.csv', csvText(header, body, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: { id: 'openai-usage', label: 'OpenAI usage export', bucket: 'day', notes: ['input included cache: converted'] },
      rowsRead: 31, imported: 31, rejected: 0, firstEventAt: Date.UTC(2026, 9, 1), lastEventAt: Date.UTC(2026, 9, 31),
    });
    // by hand: requests 3..33 → 31·3 + 465 = 558; input 1000..1030 → 31 000 + 465 = 31 465, minus 31·400 cached = 19 065
    expect(h.totals()).toEqual({
      rows: 31, requests: 558, input_tokens: 19_065, output_tokens: 1550, cache_read_tokens: 12_400, cache_write_tokens: null,
      reasoning_tokens: null, cost_reported_usd: null,
    });
    expect(h.events()[0]).toMatchObject({
      source: 'openai-usage', ts: '2026-10-01T00:00:00Z', user_id: 'user_a', model: 'gpt-4.1-2025-04-14', provider: 'openai', project: 'proj_abc',
      requests: 3, input_tokens: 600, cache_read_tokens: 400, output_tokens: 50, latency_ms: null, status: 'ok',
    });
  });

  it('a newer export of the same days replaces the rows instead of adding to them; the same export again changes nothing', async () => {
    await h.load('first.csv', csvText(header, [row(0, 'u', 'gpt-4o', 2, 100, 0, 10), row(1, 'u', 'gpt-4o', 2, 100, 0, 10)]));
    const again = await h.load('first.csv', csvText(header, [row(0, 'u', 'gpt-4o', 2, 100, 0, 10), row(1, 'u', 'gpt-4o', 2, 100, 0, 10)]));
    expect(again).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
    const later = await h.load('later.csv', csvText(header, [row(1, 'u', 'gpt-4o', 5, 300, 100, 30), row(2, 'u', 'gpt-4o', 1, 10, 0, 1)]));
    expect(later).toMatchObject({ imported: 1, updated: 1, duplicates: 0 });
    expect(h.totals()).toMatchObject({ rows: 3, requests: 2 + 5 + 1, input_tokens: 100 + 200 + 10, cache_read_tokens: 0 + 100 + 0 });
  });

  it('an empty num_model_requests cell is an unknown count (requests empty), never 0 and never the canonical default 1', async () => {
    const noCount = row(1, 'u', 'gpt-4o', 0, 100, 0, 10);
    noCount[5] = '';
    await h.load('no-count.csv', csvText(header, [row(0, 'u', 'gpt-4o', 2, 100, 0, 10), noCount]));
    expect(h.events().map((event) => [event.ts, event.requests, event.input_tokens])).toEqual([
      ['2026-10-01T00:00:00Z', 2, 100],
      ['2026-10-02T00:00:00Z', null, 100],
    ]);
    expect(h.totals()).toMatchObject({ rows: 2, requests: 2 });
  });

  it('input smaller than its cached part, or a split that does not add up, is a row error naming the columns', async () => {
    const small = await rejection(h.load('small.csv', csvText(header, [row(0, 'u', 'gpt-4o', 1, 100, 0, 1), row(1, 'u', 'gpt-4o', 1, 10, 20, 1)])));
    expect(small.message).toBe('small.csv:3: column "input_tokens": "input_tokens" (10) includes "input_cached_tokens" (20) for this source, so it cannot be smaller than them');
    const broken = row(0, 'u', 'gpt-4o', 1, 100, 40, 1);
    broken[14] = '70.0';
    const split = await rejection(h.load('split.csv', csvText(header, [broken])));
    expect(split.message).toBe('split.csv:2: column "input_uncached_tokens": "input_tokens" is 100 but "input_cached_tokens" 40 + "input_uncached_tokens" 70 = 110');
    expect(h.totals()).toMatchObject({ rows: 0 });
  });

  it('a real fraction in a count is refused; hourly buckets are recognised as hourly', async () => {
    const fraction = row(0, 'u', 'gpt-4o', 1, 100, 0, 1);
    fraction[12] = '1.5';
    expect((await rejection(h.load('fraction.csv', csvText(header, [fraction])))).message).toBe(
      'fraction.csv:2: column "output_tokens": expected a non-negative integer, got 1.5',
    );
    const hourly = row(0, 'u', 'gpt-4o', 1, 100, 0, 1);
    hourly[1] = Number(hourly[0]) + 3600;
    expect((await h.load('hourly.csv', csvText(header, [hourly]))).recognisedAs).toMatchObject({ bucket: 'hour' });
  });

  it('a day without usage (only its times) is left out and counted; two rows for one bucket are an error naming the first', async () => {
    const empty = row(1, '', '', 0, 0, 0, 0).map((cell, i) => (i < 4 ? cell : ''));
    const summary = await h.load('gaps.csv', csvText(header, [row(0, 'u', 'gpt-4o', 1, 10, 0, 1), empty]));
    expect(summary).toMatchObject({ rowsRead: 2, imported: 1, skipped: 1 });
    h.reset();
    const twice = await rejection(h.load('twice.csv', csvText(header, [row(0, 'u', 'gpt-4o', 1, 10, 0, 1), row(0, 'u', 'gpt-4o', 2, 20, 0, 2)])));
    expect(twice.message).toBe(
      'twice.csv:3: same bucket and dimensions (start_time, end_time, project_id, user_id, api_key_id, model, batch, service_tier, api_source) as line 2; an export has one row per bucket',
    );
  });

  it('a header that is nearly this export is refused with what differs, not read by column names', async () => {
    const renamed = header.map((column) => (column === 'input_cached_tokens' ? 'cached_tokens' : column));
    const error = await rejection(h.load('renamed.csv', csvText(renamed, [row(0, 'u', 'gpt-4o', 1, 100, 40, 1)])));
    expect(error.message).toBe(
      'renamed.csv:1: the columns look like an OpenAI usage export but the header lacks "input_cached_tokens" and has "cached_tokens" it does not know; ' +
        'it was not imported, since reading it by column names alone could misread its units (if it is one, pass --source-format openai-usage to read it as that format)',
    );
  });
});
