/** Langfuse UI exports of traces, observations and sessions, as CSV, JSON and JSONL. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFormats } from '../../../src/core/ingest/formats';
import { matchHeader, recogniseHeader } from '../../../src/core/ingest/formats/recognise';
import type { Container } from '../../../src/core/ingest/formats/format';
import { rows } from '../helpers/db';
import { csvText, formatHarness, rejection } from './formatHelpers';

const h = formatHarness('aur-langfuse-');
beforeEach(() => h.reset());
afterAll(() => h.tmp.remove());

/** A decimal.js value: Langfuse's JSON writes it as a string, its CSV as that string in JSON quotes. */
class Decimal {
  constructor(readonly text: string) {}
  toJSON() {
    return this.text;
  }
}
const dec = (text: string) => new Decimal(text);

type Row = Record<string, unknown>;

/**
 * CSV the way Langfuse's exporter writes it: header from the first row's keys, strings as they are
 * (`legacy`: JSON-quoted, as older versions did), everything else through JSON.stringify.
 */
function langfuseCsv(records: Row[], options: { legacy?: boolean; bom?: boolean } = {}): string {
  const header = Object.keys(records[0]!);
  const cell = (value: unknown) =>
    value === null || value === undefined ? '' : typeof value === 'string' && !options.legacy ? value : JSON.stringify(value);
  return csvText(header, records.map((record) => header.map((key) => cell(record[key]))), { bom: options.bom });
}

const jsonl = (records: Row[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

/** The keys our JSON reader sees: nested objects flattened with dots. */
function flatKeys(record: Row, prefix = ''): string[] {
  return Object.entries(record).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Decimal) && !(value instanceof Date) ? flatKeys(value as Row, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function langfuseEvents() {
  return rows(h.db(), `
    SELECT e.source, strftime('%Y-%m-%dT%H:%M:%SZ', e.ts / 1000, 'unixepoch') AS ts, a.agent_id, u.user_id, e.session_id, m.name AS model, e.requests,
           e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.output_tokens, e.reasoning_tokens, e.cost_reported_usd, e.latency_ms,
           e.status, e.error_type
    FROM events e
    LEFT JOIN agents a ON a.agent_key = e.agent_key
    LEFT JOIN users u ON u.user_key = e.user_key
    LEFT JOIN models m ON m.model_key = e.model_key
    ORDER BY e.ts, e.event_key`);
}

/** A trace as the current exporter builds it (worker trace stream), plus one score column. */
function trace(fields: Row): Row {
  return {
    id: 'tr-?', timestamp: new Date(Date.UTC(2026, 9, 1, 9)), name: 'support-agent', userId: 'alice', sessionId: 's-1', release: null, version: null,
    environment: 'default', tags: ['prod'], bookmarked: false, public: false, input: null, output: null, metadata: null, latency: null,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, inputCost: null, outputCost: null, totalCost: null, level: 'DEFAULT',
    errorCount: 0, warningCount: 0, defaultCount: 1, debugCount: 0, observationCount: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0, accuracy: null,
    ...fields,
  };
}

const traces = [
  trace({
    id: 'tr-1',
    input: { messages: [{ role: 'user', content: 'line one,\nline "two"' }] },
    output: 'Sure,\n"done"',
    metadata: { env: 'prod' },
    latency: 1.005,
    usage: { promptTokens: 1_200, completionTokens: 300, totalTokens: 1_500 },
    inputCost: dec('0.003'), outputCost: dec('0.0045'), totalCost: dec('0.0075'),
    observationCount: 3,
    accuracy: [0.9],
  }),
  // usage types beyond input and output (80 here) count in the total only
  trace({
    id: 'tr-2', timestamp: new Date(Date.UTC(2026, 9, 1, 10)), userId: 'bob', sessionId: null, latency: 0.25, level: 'ERROR', errorCount: 1,
    usage: { promptTokens: 100, completionTokens: 0, totalTokens: 180 }, totalCost: dec('1.5e-7'),
  }),
  trace({ id: 'tr-3', timestamp: new Date(Date.UTC(2026, 9, 2, 8)), name: '' }),
];

const expectedTraces = [
  {
    source: 'langfuse-traces', ts: '2026-10-01T09:00:00Z', agent_id: 'support-agent', user_id: 'alice', session_id: 's-1', model: null, requests: 1,
    input_tokens: 1_200, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 300, reasoning_tokens: null, cost_reported_usd: 0.0075,
    latency_ms: 1_005, status: 'ok', error_type: null,
  },
  {
    source: 'langfuse-traces', ts: '2026-10-01T10:00:00Z', agent_id: 'support-agent', user_id: 'bob', session_id: null, model: null, requests: 1,
    input_tokens: 100, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 0, reasoning_tokens: null, cost_reported_usd: 1.5e-7,
    latency_ms: 250, status: 'error', error_type: 'ERROR',
  },
  {
    source: 'langfuse-traces', ts: '2026-10-02T08:00:00Z', agent_id: null, user_id: 'alice', session_id: 's-1', model: null, requests: 1,
    input_tokens: 0, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 0, reasoning_tokens: null, cost_reported_usd: null,
    latency_ms: null, status: 'ok', error_type: null,
  },
];

describe('Langfuse traces export', () => {
  it('CSV (BOM, JSON-quoted dates and decimals, multi-line input): trace name → agent, seconds → ms, ERROR → error', async () => {
    const summary = await h.load('lf-traces-export.csv', langfuseCsv(traces, { bom: true }));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'langfuse-traces', label: 'Langfuse traces export', bucket: 'event',
        notes: ['latency in seconds: converted', 'input tokens include cache tokens (the export does not split them)'],
      },
      rowsRead: 3, imported: 3, rejected: 0,
    });
    expect(langfuseEvents()).toEqual(expectedTraces);
  });

  it('JSONL and JSON read the same; the same traces again are duplicates whatever the container', async () => {
    expect((await h.load('traces.jsonl', jsonl(traces))).recognisedAs).toMatchObject({ id: 'langfuse-traces' });
    expect(langfuseEvents()).toEqual(expectedTraces);
    expect(await h.load('traces.csv', langfuseCsv(traces))).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await h.load('traces.json', JSON.stringify(traces, null, 2))).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it('an older CSV (every string JSON-quoted, dotted usage columns, no errorCount) reads the same', async () => {
    // the columns of the Postgres-era exporter (worker batchExport types)
    const legacyColumns = ['bookmarked', 'id', 'timestamp', 'name', 'userId', 'level', 'observationCount', 'latency', 'release', 'version', 'sessionId', 'input', 'output', 'metadata', 'tags'];
    const legacy = traces.map((record) => {
      const usage = record.usage as Row;
      return {
        ...Object.fromEntries(legacyColumns.map((column) => [column, record[column]])),
        'usage.promptTokens': usage.promptTokens, 'usage.completionTokens': usage.completionTokens, 'usage.totalTokens': usage.totalTokens,
        inputCost: record.inputCost, outputCost: record.outputCost, totalCost: record.totalCost,
      };
    });
    expect((await h.load('legacy.csv', langfuseCsv(legacy, { legacy: true }))).recognisedAs).toMatchObject({ id: 'langfuse-traces' });
    expect(langfuseEvents()).toEqual(expectedTraces);
  });

  it('a bad cell or a total below its parts is a row error naming file, line and column', async () => {
    // the first record spans lines 2–3 (its output holds a line break)
    const badLatency = [traces[0]!, { ...traces[1]!, latency: '1,5' }];
    expect((await rejection(h.load('latency.csv', langfuseCsv(badLatency)))).message).toBe('latency.csv:4: column "latency": expected a number, got 1,5');
    const small = [trace({ id: 'tr-9', usage: { promptTokens: 100, completionTokens: 50, totalTokens: 120 } })];
    expect((await rejection(h.load('total.jsonl', jsonl(small)))).message).toBe(
      'total.jsonl:1: column "usage.totalTokens": "usage.totalTokens" is 120, less than "usage.promptTokens" 100 + "usage.completionTokens" 50 = 150',
    );
  });
});

/** An observation as the current exporter builds it (convertObservation plus trace and model fields). */
function observation(fields: Row): Row {
  return {
    id: 'ob-?', traceId: 'tr-1', projectId: 'p-1', type: 'GENERATION', environment: 'default', parentObservationId: null,
    startTime: new Date(Date.UTC(2026, 9, 1, 9)), endTime: null, name: 'llm-call', metadata: null, level: 'DEFAULT', statusMessage: null,
    version: null, input: null, output: null, modelParameters: null, completionStartTime: null, promptId: null,
    createdAt: new Date(Date.UTC(2026, 9, 1, 9)), updatedAt: new Date(Date.UTC(2026, 9, 1, 9)), usageDetails: {}, costDetails: {}, providedCostDetails: {},
    model: 'gpt-4o', internalModelId: null, promptName: null, promptVersion: null, latency: null, timeToFirstToken: null, inputCost: null,
    outputCost: null, totalCost: 0, inputUsage: 0, outputUsage: 0, totalUsage: 0, traceName: 'support-agent', traceTags: [],
    traceTimestamp: new Date(Date.UTC(2026, 9, 1, 9)), userId: 'alice', modelId: null, inputPrice: null, outputPrice: null, totalPrice: null, comments: [],
    ...fields,
  };
}

const observations = [
  // OpenAI through Langfuse: input 700 uncached + 300 cached; output 200 + 50 reasoning
  observation({
    id: 'ob-1', endTime: new Date(Date.UTC(2026, 9, 1, 9, 0, 1, 250)), latency: 1_250,
    usageDetails: { input: 700, input_cached_tokens: 300, output: 200, output_reasoning_tokens: 50, total: 1_250 },
    costDetails: { input: 0.002, output: 0.0025, total: 0.0045 }, inputCost: 0.002, outputCost: 0.0025, totalCost: 0.0045,
    inputUsage: 1_000, outputUsage: 250, totalUsage: 1_250,
  }),
  observation({ id: 'ob-2', type: 'SPAN', name: 'retrieve', model: null, startTime: new Date(Date.UTC(2026, 9, 1, 9, 0, 2)) }),
  // Anthropic-style keys sit outside inputUsage; no cost known, so Langfuse writes totalCost 0
  observation({
    id: 'ob-3', startTime: new Date(Date.UTC(2026, 9, 1, 9, 0, 3)), model: 'claude-sonnet-4', level: 'ERROR', statusMessage: 'Rate limit exceeded\nretry after 20s',
    usageDetails: { input: 50, cache_read_input_tokens: 1_000, cache_creation_input_tokens: 200, output: 10, total: 1_260 },
    inputUsage: 50, outputUsage: 10, totalUsage: 1_260,
  }),
];

describe('Langfuse observations export', () => {
  const expected = [
    {
      source: 'langfuse-observations', ts: '2026-10-01T09:00:00Z', agent_id: 'support-agent', user_id: 'alice', session_id: null, model: 'gpt-4o',
      requests: 1, input_tokens: 1_000 - 300, cache_read_tokens: 300, cache_write_tokens: null, output_tokens: 250, reasoning_tokens: 50,
      cost_reported_usd: 0.0045, latency_ms: 1_250, status: 'ok', error_type: null,
    },
    {
      source: 'langfuse-observations', ts: '2026-10-01T09:00:03Z', agent_id: 'support-agent', user_id: 'alice', session_id: null, model: 'claude-sonnet-4',
      requests: 1, input_tokens: 50, cache_read_tokens: 1_000, cache_write_tokens: 200, output_tokens: 10, reasoning_tokens: null,
      cost_reported_usd: null, latency_ms: null, status: 'error', error_type: 'Rate limit exceeded',
    },
  ];

  it('CSV: model calls only, cache taken out of input, latency from start and end, the status message as error type', async () => {
    const summary = await h.load('observations.csv', langfuseCsv(observations));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'langfuse-observations', label: 'Langfuse observations export', bucket: 'event',
        notes: ['model calls only (spans and events skipped)', 'input included cache: converted'],
      },
      rowsRead: 3, imported: 2, skipped: 1,
    });
    expect(langfuseEvents()).toEqual(expected);
    expect(await h.load('observations.csv', langfuseCsv(observations))).toMatchObject({ imported: 0, duplicates: 2, skipped: 1 });
  });

  it('JSONL reads the same', async () => {
    await h.load('observations.jsonl', jsonl(observations));
    expect(langfuseEvents()).toEqual(expected);
  });

  it('usage that does not add up to totalUsage is a row error', async () => {
    const broken = [observation({ id: 'ob-9', usageDetails: { input: 10, output: 5, total: 99 }, inputUsage: 10, outputUsage: 5, totalUsage: 99 })];
    expect((await rejection(h.load('broken.jsonl', jsonl(broken)))).message).toBe(
      'broken.jsonl:1: column "totalUsage": "totalUsage" is 99 but "inputUsage (uncached)" 10 + "usageDetails (cache reads)" empty + "usageDetails (cache writes)" empty + "outputUsage" 5 = 15',
    );
  });
});

/** A session as the current exporter builds it. */
function session(fields: Row): Row {
  return {
    id: 's-?', userIds: ['alice'], countTraces: 1, sessionDuration: 12.5, inputCost: dec('0'), outputCost: dec('0'), totalCost: dec('0'),
    totalTokens: 0, traceTags: [], createdAt: new Date(Date.UTC(2026, 9, 1, 9)), bookmarked: false, public: false, totalCount: 2, comments: [],
    ...fields,
  };
}

const sessions = [
  session({ id: 's-1', countTraces: 4, totalCost: dec('0.03'), totalTokens: 5_000 }),
  session({ id: 's-2', userIds: ['alice', 'bob'], countTraces: 2, totalCost: dec('1234.5'), createdAt: new Date(Date.UTC(2026, 9, 2, 9)) }),
];

describe('Langfuse sessions export', () => {
  it('one row per session: its traces are its requests, one user only when there is one, tokens empty', async () => {
    const summary = await h.load('sessions.csv', langfuseCsv(sessions));
    expect(summary).toMatchObject({
      recognisedAs: {
        id: 'langfuse-sessions', label: 'Langfuse sessions export', bucket: 'session',
        notes: ['one row per session (its traces counted as requests)', 'do not also import the same traces: they would count twice'],
      },
      rowsRead: 2, imported: 2,
    });
    expect(langfuseEvents()).toEqual([
      expect.objectContaining({ source: 'langfuse-sessions', ts: '2026-10-01T09:00:00Z', session_id: 's-1', user_id: 'alice', requests: 4, input_tokens: null, output_tokens: null, cost_reported_usd: 0.03, latency_ms: null }),
      expect.objectContaining({ ts: '2026-10-02T09:00:00Z', session_id: 's-2', user_id: null, requests: 2, cost_reported_usd: 1234.5 }),
    ]);
  });

  it('the same export again is all duplicates; a later export of a grown session replaces it', async () => {
    await h.load('sessions.jsonl', jsonl(sessions));
    expect(await h.load('sessions.jsonl', jsonl(sessions))).toMatchObject({ imported: 0, updated: 0, duplicates: 2 });
    expect(await h.load('later.jsonl', jsonl([session({ id: 's-1', countTraces: 5, totalCost: dec('0.04'), totalTokens: 6_000 })]))).toMatchObject({ updated: 1 });
    expect(h.totals()).toMatchObject({ rows: 2, requests: 5 + 2 });
  });

  it('older exports split the tokens; a bad count is a row error', async () => {
    await h.load('old.csv', langfuseCsv([session({ id: 's-3', inputTokens: 4_000, outputTokens: 900, totalTokens: 5_000 })], { legacy: true }));
    expect(langfuseEvents()).toEqual([expect.objectContaining({ session_id: 's-3', input_tokens: 4_000, output_tokens: 900 })]);
    expect((await rejection(h.load('bad.csv', langfuseCsv([session({ id: 's-4', countTraces: 2.5 })])))).message).toBe(
      'bad.csv:2: column "countTraces": expected a non-negative integer, got 2.5',
    );
  });
});

describe('Langfuse headers are recognised as exactly one format', () => {
  const legacyTrace = { ...traces[0]!, usage: undefined, 'usage.promptTokens': 1, 'usage.completionTokens': 1, 'usage.totalTokens': 2 };
  const cases: [string, string[], Container, string][] = [
    ['traces CSV', Object.keys(traces[0]!), 'csv', 'langfuse-traces'],
    ['older traces CSV', Object.keys(legacyTrace).filter((key) => key !== 'usage'), 'csv', 'langfuse-traces'],
    ['traces JSON', flatKeys(traces[0]!), 'jsonl', 'langfuse-traces'],
    ['observations CSV', Object.keys(observations[0]!), 'csv', 'langfuse-observations'],
    ['observations JSON', flatKeys(observations[0]!), 'json', 'langfuse-observations'],
    ['sessions CSV', Object.keys(sessions[0]!), 'csv', 'langfuse-sessions'],
    ['sessions JSON', flatKeys(sessions[0]!), 'jsonl', 'langfuse-sessions'],
  ];

  it.each(cases)('%s is %s', (_, header, container, id) => {
    const recognition = recogniseHeader(sourceFormats, header, container);
    expect(recognition.kind === 'format' ? recognition.format.id : recognition.kind).toBe(id);
    const exact = sourceFormats.filter((format) => {
      const match = matchHeader(format, header);
      return format.containers.includes(container) && match.missing.length === 0 && match.unexpected.length === 0;
    });
    expect(exact.map((format) => format.id)).toEqual([id]);
  });
});
