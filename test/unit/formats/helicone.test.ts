/** Helicone request export (`npx @helicone/export`): CSV and JSONL of the request rows. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import type { Container } from '../../../src/core/ingest/formats/format';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import { rows } from '../helpers/db';
import { formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-helicone-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

type Row = Record<string, unknown>;

const csvColumns = [
  'response_id', 'response_created_at', 'response_status', 'request_created_at', 'request_body', 'request_properties', 'request_user_id', 'model',
  'prompt_tokens', 'completion_tokens', 'latency', 'cost',
];
const csvColumnsUsd = [...csvColumns.slice(0, -1), 'cost_usd'];

/**
 * CSV the way the export tool writes it: every value quoted, objects as JSON whose quotes are doubled
 * once more before the CSV quoting doubles them again; LF line ends.
 */
function heliconeCsv(records: Row[], columns = csvColumns, options: { bom?: boolean } = {}): string {
  const field = (raw: unknown) => {
    const value = typeof raw === 'object' && raw !== null ? JSON.stringify(raw).replace(/"/g, '""') : raw;
    return value === undefined || value === null ? '' : `"${String(value).replace(/"/g, '""')}"`;
  };
  const lines = [columns.join(','), ...records.map((record) => columns.map((column) => field(record[column])).join(','))];
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\n')}\n`;
}

const jsonl = (records: Row[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

/** A request row as `/v1/request/query-clickhouse` returns it. */
function request(fields: Row): Row {
  return {
    response_id: 'resp-?', response_body: { choices: [] }, response_created_at: '2026-10-01 09:00:01.200', response_status: 200, request_id: 'req-?',
    request_body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, request_created_at: '2026-10-01 09:00:00.000',
    request_user_id: 'alice', request_properties: {}, provider: 'OPENAI', delay_ms: null, request_model: 'gpt-4o', time_to_first_token: null,
    total_tokens: 0, completion_tokens: 0, prompt_tokens: 0, prompt_cache_read_tokens: 0, prompt_cache_write_tokens: 0, country_code: 'DE',
    scores: {}, properties: {}, asset_ids: [], target_url: 'https://api.openai.com/v1/chat/completions', cache_reference_id: null,
    request_referrer: null, cache_enabled: false, cost: 0, prompt_id: null, prompt_version: null, updated_at: '2026-10-01 09:00:02',
    storage_location: 's3',
    ...fields,
  };
}

const answered = request({
  response_id: 'resp-1', request_id: 'req-1', request_properties: { 'Helicone-Session-Id': 'sess-9', appname: 'MyApp' },
  prompt_tokens: 1_200, completion_tokens: 300, total_tokens: 1_500, prompt_cache_read_tokens: 800, delay_ms: 1_200, cost: 0.0045,
  // the CSV tool reads these names, which the API rows may lack
  model: 'gpt-4o', latency: 1_200,
});
const limited = request({
  response_id: 'resp-2', request_id: 'req-2', response_status: 429, request_body: 'line one\nline two', request_user_id: 'bob',
  request_created_at: '2026-10-01T10:00:00Z', request_model: 'claude-sonnet-4', model: 'claude-sonnet-4', provider: 'ANTHROPIC', delay_ms: 35, latency: 35,
});
const unanswered = request({
  response_id: null, request_id: 'req-3', response_status: -1, response_created_at: null, request_created_at: '2026-10-02T08:00:00Z', request_user_id: '',
  request_properties: null, prompt_tokens: null, completion_tokens: null, total_tokens: null, prompt_cache_read_tokens: null, prompt_cache_write_tokens: null,
  cost: null, model: undefined,
});

function heliconeEvents() {
  return rows(h.db(), `
    SELECT e.source, strftime('%Y-%m-%dT%H:%M:%SZ', e.ts / 1000, 'unixepoch') AS ts, u.user_id, e.session_id, m.name AS model, e.provider,
           e.requests, e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.output_tokens, e.cost_reported_usd, e.latency_ms, e.status, e.error_type
    FROM events e
    LEFT JOIN users u ON u.user_key = e.user_key
    LEFT JOIN models m ON m.model_key = e.model_key
    ORDER BY e.ts, e.event_key`);
}

describe('Helicone request export', () => {
  it('CSV (BOM, multi-line body, empty cells): status ≥ 400 and no response are errors, the session comes from the properties', async () => {
    const summary = await h.load('output.csv', heliconeCsv([answered, limited, unanswered], csvColumns, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: { id: 'helicone-requests', label: 'Helicone request export', bucket: 'event', notes: ["cost checked against Helicone's × 10^9 storage"] },
      rowsRead: 3, imported: 3, rejected: 0,
    });
    expect(heliconeEvents()).toEqual([
      {
        source: 'helicone-requests', ts: '2026-10-01T09:00:00Z', user_id: 'alice', session_id: 'sess-9', model: 'gpt-4o', provider: null, requests: 1,
        input_tokens: 1_200, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 300, cost_reported_usd: 0.0045, latency_ms: 1_200,
        status: 'ok', error_type: null,
      },
      {
        source: 'helicone-requests', ts: '2026-10-01T10:00:00Z', user_id: 'bob', session_id: null, model: 'claude-sonnet-4', provider: null, requests: 1,
        input_tokens: 0, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 0, cost_reported_usd: 0, latency_ms: 35,
        status: 'error', error_type: 'HTTP 429',
      },
      {
        source: 'helicone-requests', ts: '2026-10-02T08:00:00Z', user_id: null, session_id: null, model: null, provider: null, requests: 1,
        input_tokens: null, cache_read_tokens: null, cache_write_tokens: null, output_tokens: null, cost_reported_usd: null, latency_ms: null,
        status: 'error', error_type: 'no response (status -1)',
      },
    ]);
    expect(await h.load('output.csv', heliconeCsv([answered, limited, unanswered]))).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it('JSONL of the API rows adds cache tokens and the provider; requests already imported from the CSV are duplicates', async () => {
    await h.load('output.csv', heliconeCsv([answered, limited]));
    const summary = await h.load('output.jsonl', jsonl([answered, limited, unanswered]));
    expect(summary).toMatchObject({ recognisedAs: { id: 'helicone-requests' }, rowsRead: 3, imported: 1, duplicates: 2 });
    h.reset();
    await h.load('output.jsonl', jsonl([answered]));
    expect(heliconeEvents()).toEqual([
      expect.objectContaining({ session_id: 'sess-9', provider: 'openai', input_tokens: 1_200, cache_read_tokens: 800, cache_write_tokens: 0, output_tokens: 300, latency_ms: 1_200 }),
    ]);
  });

  it('the newer CSV names the cost cost_usd', async () => {
    await h.load('usd.csv', heliconeCsv([{ ...answered, cost_usd: 0.25 }], csvColumnsUsd));
    expect(h.totals()).toMatchObject({ rows: 1, cost_reported_usd: 0.25 });
  });

  it('a cost in Helicone\'s stored unit (× 10^9), a bad count or a wrong total is a row error naming file, line and column', async () => {
    expect((await rejection(h.load('raw.csv', heliconeCsv([{ ...answered, cost: 4_500_000 }])))).message).toBe(
      "raw.csv:2: column \"cost\": 4500000 dollars for one request looks like Helicone's stored cost (dollars × 10^9), not dollars; export again with a current @helicone/export",
    );
    expect((await rejection(h.load('raw.jsonl', jsonl([{ ...answered, cost: 2 }])))).message).toBe(
      "raw.jsonl:1: column \"cost\": 2 dollars for one request looks like Helicone's stored cost (dollars × 10^9), not dollars; export again with a current @helicone/export",
    );
    // the multi-line body of the first record ends on line 3
    expect((await rejection(h.load('count.csv', heliconeCsv([limited, { ...answered, prompt_tokens: '12.5' }])))).message).toBe(
      'count.csv:4: column "prompt_tokens": expected a non-negative integer, got 12.5',
    );
    expect((await rejection(h.load('total.jsonl', jsonl([{ ...answered, total_tokens: 1_400 }])))).message).toBe(
      'total.jsonl:1: column "total_tokens": "total_tokens" is 1400 but "prompt_tokens" 1200 + "completion_tokens" 300 = 1500',
    );
  });
});

describe('Helicone headers are recognised as exactly one format', () => {
  const flatKeys = (record: Row, prefix = ''): string[] =>
    Object.entries(record).flatMap(([key, value]) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? flatKeys(value as Row, `${prefix}${key}.`) : [`${prefix}${key}`],
    );
  const cases: [string, string[], Container][] = [
    ['CSV', csvColumns, 'csv'],
    ['CSV with cost_usd', csvColumnsUsd, 'csv'],
    ['JSONL', flatKeys(answered), 'jsonl'],
  ];

  it.each(cases)('%s', (_, header, container) => {
    const recognition = recogniseHeader(sourceFormats, header, container);
    expect(recognition.kind === 'format' ? recognition.format.id : recognition.kind).toBe('helicone-requests');
    const exact = sourceFormats.filter((format) => {
      const match = matchHeader(format, header);
      return format.containers.includes(container) && match.missing.length === 0 && match.unexpected.length === 0;
    });
    expect(exact.map((format) => format.id)).toEqual(['helicone-requests']);
  });
});
