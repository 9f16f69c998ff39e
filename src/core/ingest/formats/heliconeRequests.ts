/**
 * Helicone request export (`npx @helicone/export`): CSV with a fixed set of columns, or JSON/JSONL of
 * the full rows of Helicone's `/v1/request/query-clickhouse`. One row per request. Helicone keeps
 * prompt, cache-read and cache-write tokens apart (its cost is priced from them separately), so
 * `prompt_tokens` is uncached input; its `total_tokens` is computed as prompt + completion. Latency is
 * in ms. Helicone stores cost × 10^9 and divides when it answers; a cost that is a whole number of
 * dollars (or $1,000 and more) for one request is taken for the undivided value and refused.
 */
import { parseUsd, type UsdFormat } from '../../money';
import { parseText, ValueError } from '../../values';
import { canonicalTokenSemantics, checkTotal, type TokenSemantics } from '../tokenSemantics';
import { amount, cell, CellError, count, requiredCell, text, tokenColumns, utcTime, type SourceFormat, type SourceRow } from './format';

const dollars: UsdFormat = { unit: 'dollars' };

/** Only for checking `total_tokens`, which Helicone's query computes as prompt + completion, leaving the cache out. */
const totalParts: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

/** The first of these columns the file has: the CSV and the API rows name some fields differently. */
function firstColumn(row: SourceRow, columns: readonly string[]): string | null {
  return columns.find((column) => row.get(column) !== undefined) ?? null;
}

function parseStatusCode(raw: unknown): number | null {
  const value = parseText(raw);
  if (value === null) return null;
  if (!/^-?\d+$/.test(value)) throw new ValueError(`expected an HTTP status code, got ${value}`);
  return Number(value);
}

/** Helicone marks a request that never got a response with a status below 100 (0, -1, …). */
function outcome(status: number): { status: 'ok' | 'error'; errorType: string | null } {
  if (status >= 400) return { status: 'error', errorType: `HTTP ${status}` };
  if (status < 100) return { status: 'error', errorType: `no response (status ${status})` };
  return { status: 'ok', errorType: null };
}

const undividedCost = (value: number) => value >= 1000 || (value >= 1 && Number.isInteger(value));

function cost(row: SourceRow): number | null {
  const column = firstColumn(row, ['cost', 'cost_usd', 'costUSD']);
  if (column === null) return null;
  return cell(row, column, (raw) => {
    const value = parseUsd(raw, dollars);
    if (value !== null && undividedCost(value)) {
      throw new ValueError(
        `${value} dollars for one request looks like Helicone's stored cost (dollars × 10^9), not dollars; export again with a current @helicone/export`,
      );
    }
    return value;
  });
}

/**
 * The export's CSV doubles the quotes of object cells twice (once as JSON, once as CSV), so
 * `request_properties` arrives as `{""Helicone-Session-Id"":""s1""}`; JSON rows have it flattened.
 */
function sessionId(row: SourceRow): string | null {
  const flat = row.get('request_properties.Helicone-Session-Id');
  if (flat !== undefined) return text(row, 'request_properties.Helicone-Session-Id');
  const raw = row.get('request_properties');
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  for (const candidate of [raw, raw.replaceAll('""', '"')]) {
    try {
      const properties: unknown = JSON.parse(candidate);
      if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) break;
      const value = (properties as Record<string, unknown>)['Helicone-Session-Id'];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    } catch {
      // try the next reading
    }
  }
  throw new CellError('request_properties', 'expected a JSON object of properties');
}

function tokens(row: SourceRow) {
  const given = {
    input: count(row, 'prompt_tokens'),
    cacheRead: row.get('prompt_cache_read_tokens') === undefined ? null : count(row, 'prompt_cache_read_tokens'),
    cacheWrite: row.get('prompt_cache_write_tokens') === undefined ? null : count(row, 'prompt_cache_write_tokens'),
    output: count(row, 'completion_tokens'),
  };
  const total = row.get('total_tokens') === undefined ? null : count(row, 'total_tokens');
  checkTotal({ ...given, total }, totalParts, tokenColumns({ input: 'prompt_tokens', output: 'completion_tokens', total: 'total_tokens' }));
  return { inputTokens: given.input, cacheReadTokens: given.cacheRead, cacheWriteTokens: given.cacheWrite, outputTokens: given.output };
}

export const heliconeRequests: SourceFormat = {
  id: 'helicone-requests',
  label: 'Helicone request export',
  containers: ['csv', 'json', 'jsonl'],
  // columns the CSV and the API rows share
  required: ['response_id', 'response_created_at', 'response_status', 'request_created_at', 'request_user_id', 'prompt_tokens', 'completion_tokens'],
  // the CSV's other columns; API rows carry many more (bodies, properties, scores)
  optional: ['request_body', 'request_properties', 'model', 'latency', 'cost', 'cost_usd'],
  extraColumnsAllowed: true,
  semantics: canonicalTokenSemantics,
  notes: ['cost checked against Helicone\'s × 10^9 storage'],
  toEvent(row) {
    const modelColumn = firstColumn(row, ['model', 'request_model', 'response_model']);
    const latencyColumn = firstColumn(row, ['latency', 'delay_ms']);
    const provider = row.get('provider') === undefined ? null : text(row, 'provider');
    return {
      id: text(row, 'response_id') ?? (row.get('request_id') === undefined ? null : text(row, 'request_id')),
      ts: utcTime(row, 'request_created_at'),
      bucket: 'event',
      userId: text(row, 'request_user_id'),
      sessionId: sessionId(row),
      model: modelColumn === null ? null : text(row, modelColumn),
      provider: provider === null ? null : provider.toLowerCase(),
      ...tokens(row),
      costReportedUsd: cost(row),
      latencyMs: latencyColumn === null ? null : amount(row, latencyColumn),
      ...outcome(requiredCell(row, 'response_status', parseStatusCode)),
    };
  },
};
