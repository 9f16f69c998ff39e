/** OpenRouter activity export: recognised by its columns in any order, prompt converted to uncached input, cancelled → error. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { keyLiteral } from '../helpers/eventKeys';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-openrouter-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

const header = [
  'generation_id', 'created_at', 'cost_total', 'cost_web_search', 'cost_cache', 'cost_file_processing', 'byok_usage_inference', 'tokens_prompt',
  'tokens_completion', 'tokens_reasoning', 'tokens_cached', 'model_permaslug', 'variant', 'provider_name', 'api_key_name', 'app_name',
  'finish_reason_normalized', 'finish_reason_raw', 'generation_time_ms', 'time_to_first_token_ms', 'cancelled', 'streamed',
];

type Row = Record<string, string | number>;

const blank: Row = Object.fromEntries(header.map((column) => [column, '']));

function generation(fields: Row): Row {
  return { ...blank, cost_web_search: '0', cost_cache: '0', cost_file_processing: '0', byok_usage_inference: '0', cancelled: 'false', streamed: 'true', ...fields };
}

const cells = (columns: readonly string[], row: Row) => columns.map((column) => row[column] ?? '');

const answered = generation({
  generation_id: 'gen-A1', created_at: '2026-02-06 18:54:30.040', cost_total: '0.0123', cost_cache: '0.001', tokens_prompt: 1200, tokens_completion: 300,
  tokens_reasoning: 100, tokens_cached: 200, model_permaslug: 'anthropic/claude-4-sonnet-20250522', variant: 'standard', provider_name: 'Anthropic',
  api_key_name: 'prod', app_name: 'Support Bot', finish_reason_normalized: 'stop', finish_reason_raw: 'end_turn', generation_time_ms: '1534.5',
  time_to_first_token_ms: '420',
});
// a free model: empty cells stay empty (no cache figure, no latency, no app)
const free = {
  ...blank, generation_id: 'gen-B2', created_at: '2026-02-06 19:00:00.000', cost_total: '0', tokens_prompt: 50, tokens_completion: 20,
  model_permaslug: 'meta-llama/llama-3.3-70b-instruct:free', variant: 'free', provider_name: 'Chutes', finish_reason_normalized: 'stop', finish_reason_raw: 'stop',
};
const failed = generation({
  generation_id: 'gen-C3', created_at: '2026-02-07 08:15:02.5', cost_total: '2.5e-05', tokens_prompt: 400, tokens_completion: 0, tokens_reasoning: 0,
  tokens_cached: 0, model_permaslug: 'openai/gpt-4o-2024-11-20', provider_name: 'OpenAI', api_key_name: 'prod', app_name: 'Support Bot',
  finish_reason_normalized: 'error', finish_reason_raw: 'upstream error:\nrate limited', generation_time_ms: '88',
});
const cancelled = generation({
  generation_id: 'gen-D4', created_at: '2026-02-07 09:00:00.000', cost_total: '0.002', tokens_prompt: 300, tokens_completion: 40, tokens_reasoning: 0,
  tokens_cached: 100, model_permaslug: 'openai/gpt-4o-2024-11-20', provider_name: 'OpenAI', api_key_name: 'ci', app_name: 'Nightly Triage',
  finish_reason_normalized: 'length', finish_reason_raw: 'length', generation_time_ms: '2000', cancelled: 'true',
});

describe('OpenRouter activity export', () => {
  it('imports every generation: uncached input = prompt − cached, reasoning kept inside output, cost as charged, errors and cancels', async () => {
    const text = csvText(header, [answered, free, failed, cancelled].map((row) => cells(header, row)), { bom: true });
    const summary = await h.load('activity.csv', text);
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'openrouter-activity', label: 'OpenRouter activity export', bucket: 'event',
        notes: ['prompt included cached tokens: converted', 'cancelled generations count as errors'],
      },
      rowsRead: 4, imported: 4, rejected: 0, firstEventAt: Date.UTC(2026, 1, 6, 18, 54, 30, 40), lastEventAt: Date.UTC(2026, 1, 7, 9),
    });
    expect(h.events()).toEqual([
      {
        source: 'openrouter-activity', ts: '2026-02-06T18:54:30Z', user_id: null, user_email: null, agent_id: 'Support Bot',
        model: 'anthropic/claude-4-sonnet-20250522', provider: 'openrouter', project: 'prod', session_id: null, requests: 1,
        input_tokens: 1200 - 200, output_tokens: 300, cache_read_tokens: 200, cache_write_tokens: null, cache_write_5m_tokens: null,
        cache_write_1h_tokens: null, reasoning_tokens: 100, credits: null, cost_reported_usd: 0.0123, latency_ms: 1534.5, status: 'ok', error_type: null,
      },
      {
        source: 'openrouter-activity', ts: '2026-02-06T19:00:00Z', user_id: null, user_email: null, agent_id: null,
        model: 'meta-llama/llama-3.3-70b-instruct:free', provider: 'openrouter', project: null, session_id: null, requests: 1,
        input_tokens: 50, output_tokens: 20, cache_read_tokens: null, cache_write_tokens: null, cache_write_5m_tokens: null,
        cache_write_1h_tokens: null, reasoning_tokens: null, credits: null, cost_reported_usd: 0, latency_ms: null, status: 'ok', error_type: null,
      },
      {
        source: 'openrouter-activity', ts: '2026-02-07T08:15:02Z', user_id: null, user_email: null, agent_id: 'Support Bot',
        model: 'openai/gpt-4o-2024-11-20', provider: 'openrouter', project: 'prod', session_id: null, requests: 1,
        input_tokens: 400, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: null, cache_write_5m_tokens: null,
        cache_write_1h_tokens: null, reasoning_tokens: 0, credits: null, cost_reported_usd: 0.000025, latency_ms: 88, status: 'error',
        error_type: 'upstream error:\nrate limited',
      },
      {
        source: 'openrouter-activity', ts: '2026-02-07T09:00:00Z', user_id: null, user_email: null, agent_id: 'Nightly Triage',
        model: 'openai/gpt-4o-2024-11-20', provider: 'openrouter', project: 'ci', session_id: null, requests: 1,
        input_tokens: 300 - 100, output_tokens: 40, cache_read_tokens: 100, cache_write_tokens: null, cache_write_5m_tokens: null,
        cache_write_1h_tokens: null, reasoning_tokens: 0, credits: null, cost_reported_usd: 0.002, latency_ms: 2000, status: 'error', error_type: 'cancelled',
      },
    ]);
    // by hand: input 1000 + 50 + 400 + 200; output 300 + 20 + 0 + 40; cached 200 + 0 + 100 (the free row has none)
    const totals = h.totals();
    expect(totals).toMatchObject({ rows: 4, requests: 4, input_tokens: 1650, output_tokens: 360, cache_read_tokens: 300, cache_write_tokens: null, reasoning_tokens: 100 });
    expect(totals.cost_reported_usd).toBeCloseTo(0.0123 + 0 + 0.000025 + 0.002, 12);
    // the fraction of a second is kept: .040 and .5
    expect(rows(h.db(), `SELECT ts FROM events WHERE event_key IN (${keyLiteral('openrouter-activity:id:gen-A1')}, ${keyLiteral('openrouter-activity:id:gen-C3')}) ORDER BY ts`).map((row) => row.ts)).toEqual([
      Date.UTC(2026, 1, 6, 18, 54, 30, 40), Date.UTC(2026, 1, 7, 8, 15, 2, 500),
    ]);

    const again = await h.load('activity.csv', text);
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });
  });

  it('columns in another order and only some optional ones, LF line ends: still this export', async () => {
    const columns = ['model_permaslug', 'tokens_cached', 'app_name', 'cost_total', 'tokens_completion', 'created_at', 'tokens_prompt', 'generation_id'];
    const summary = await h.load('reordered.csv', csvText(columns, [cells(columns, answered)], { eol: '\n' }));
    expect(summary.recognisedAs).toMatchObject({ id: 'openrouter-activity' });
    expect(h.events()[0]).toMatchObject({ input_tokens: 1000, cache_read_tokens: 200, output_tokens: 300, reasoning_tokens: null, latency_ms: null, status: 'ok' });
  });

  it('a bad cell is a row error naming file, line (after a multi-line field) and column; contradicting token columns name both', async () => {
    const broken = { ...free, generation_id: 'gen-X', tokens_prompt: '12x' };
    const bad = await rejection(h.load('bad.csv', csvText(header, [failed, broken].map((row) => cells(header, row)))));
    expect(bad.message).toBe('bad.csv:4: column "tokens_prompt": expected a non-negative integer, got 12x');

    const date = await rejection(h.load('date.csv', csvText(header, [cells(header, { ...free, created_at: '06/02/2026 18:54' })])));
    expect(date.message).toBe('date.csv:2: column "created_at": expected an ISO 8601 timestamp or epoch, got "06/02/2026 18:54"');

    const reasoning = await rejection(h.load('reasoning.csv', csvText(header, [cells(header, { ...cancelled, tokens_reasoning: 50 })])));
    expect(reasoning.message).toBe('reasoning.csv:2: column "tokens_reasoning": "tokens_reasoning" (50) is part of "tokens_completion" (40), so it cannot be larger');

    const cached = await rejection(h.load('cached.csv', csvText(header, [cells(header, { ...cancelled, tokens_cached: 301 })])));
    expect(cached.message).toBe('cached.csv:2: column "tokens_prompt": "tokens_prompt" (300) includes "tokens_cached" (301) for this source, so it cannot be smaller than them');

    const cost = await rejection(h.load('cost.csv', csvText(header, [cells(header, { ...cancelled, cost_total: '$0.002' })])));
    expect(cost.message).toBe('cost.csv:2: column "cost_total": expected an amount in dollars, got "$0.002"');

    const flag = await rejection(h.load('flag.csv', csvText(header, [cells(header, { ...cancelled, cancelled: 'maybe' })])));
    expect(flag.message).toBe('flag.csv:2: column "cancelled": expected true or false, got maybe');
  });

  it('a header that is nearly this export is refused as a near miss', async () => {
    const renamed = header.map((column) => (column === 'tokens_prompt' ? 'prompt_tokens' : column));
    const error = await rejection(h.load('renamed.csv', csvText(renamed, [cells(renamed, { ...answered, prompt_tokens: 1200 })])));
    expect(error.message).toMatch(/^renamed\.csv:1: the columns look like an OpenRouter activity export but the header lacks "tokens_prompt" and has "prompt_tokens" it does not know/);
  });

  it('its headers are this format and no other: no other format matches them or comes near', () => {
    const minimal = ['generation_id', 'created_at', 'cost_total', 'tokens_prompt', 'tokens_completion', 'model_permaslug'];
    for (const columns of [header, minimal]) {
      expect(recogniseHeader(sourceFormats, columns, 'csv')).toMatchObject({ kind: 'format', format: { id: 'openrouter-activity' } });
      for (const other of sourceFormats.filter((format) => format.id !== 'openrouter-activity')) {
        expect(matchHeader(other, columns).score, other.id).toBeLessThan(0.6);
      }
    }
  });
});
