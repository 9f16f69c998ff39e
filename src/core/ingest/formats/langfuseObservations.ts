/**
 * Langfuse observations export (UI: Observations/Generations → Export, CSV, JSON or JSONL): one row per
 * observation. Only model calls (GENERATION, EMBEDDING) become events; spans, events, tools and the
 * other step types carry no usage and are skipped. `inputUsage` and `outputUsage` sum the usage types
 * whose names start with `input` / `output`, so cache reads and writes named `input_…` sit inside
 * `inputUsage` and are taken out; Anthropic-style `cache_read_input_tokens` keys sit outside it.
 * Latency comes from `startTime`/`endTime` (the `latency` column's unit has changed between versions).
 */
import { canonicalTokenSemantics, checkTotal, TokenError, uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { tokenColumns, type SourceFormat, type SourceRow } from './format';
import { lfCount, lfOptionalTime, lfText, lfTime, lfUsd, nested, nestedCount } from './langfuseCells';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const modelCalls = new Set(['GENERATION', 'EMBEDDING']);

/** Usage-type names Langfuse's integrations use for cache tokens. */
const cacheReadKeys = ['input_cached_tokens', 'input_cache_read', 'cache_read_input_tokens'];
const cacheWriteKeys = ['input_cache_creation', 'input_cache_write', 'cache_creation_input_tokens'];
const reasoningKeys = ['output_reasoning_tokens', 'output_reasoning'];

/** The listed usage types present in `usageDetails`, split by whether `inputUsage` already counts them. */
function usageSum(row: SourceRow, keys: readonly string[]): { inside: number | null; outside: number | null } {
  let inside: number | null = null;
  let outside: number | null = null;
  for (const key of keys) {
    const value = nestedCount(row, 'usageDetails', key);
    if (value === null) continue;
    if (key.startsWith('input')) inside = (inside ?? 0) + value;
    else outside = (outside ?? 0) + value;
  }
  return { inside, outside };
}

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

function tokens(row: SourceRow) {
  const read = usageSum(row, cacheReadKeys);
  const write = usageSum(row, cacheWriteKeys);
  const input = uncachedInput(
    { input: lfCount(row, 'inputUsage'), cacheRead: read.inside, cacheWrite: write.inside, output: null },
    semantics,
    tokenColumns({ input: 'inputUsage', cacheRead: 'usageDetails (input cache reads)', cacheWrite: 'usageDetails (input cache writes)' }),
  );
  const result = {
    input,
    cacheRead: add(read.inside, read.outside),
    cacheWrite: add(write.inside, write.outside),
    output: lfCount(row, 'outputUsage'),
    total: lfCount(row, 'totalUsage'),
  };
  checkTotal(result, canonicalTokenSemantics, tokenColumns({
    input: 'inputUsage (uncached)', cacheRead: 'usageDetails (cache reads)', cacheWrite: 'usageDetails (cache writes)', output: 'outputUsage', total: 'totalUsage',
  }));
  return result;
}

function reasoning(row: SourceRow): number | null {
  return reasoningKeys.reduce<number | null>((sum, key) => add(sum, nestedCount(row, 'usageDetails', key)), null);
}

/** `totalCost` is 0 when Langfuse has no cost at all: only a cost with a total in `costDetails` is one. */
function cost(row: SourceRow): number | null {
  const total = nested(row, 'costDetails', 'total');
  return total === undefined || total === null ? null : lfUsd(row, 'totalCost');
}

function latencyMs(row: SourceRow, start: number): number | null {
  const end = lfOptionalTime(row, 'endTime');
  return end === null ? null : end - start;
}

/** The first line of the status message, short enough to group errors by. */
function errorType(row: SourceRow): string {
  const message = lfText(row, 'statusMessage')?.split(/\r?\n/)[0]?.trim();
  return message ? message.slice(0, 120) : 'ERROR';
}

export const langfuseObservations: SourceFormat = {
  id: 'langfuse-observations',
  label: 'Langfuse observations export',
  containers: ['csv', 'json', 'jsonl'],
  required: [
    'id', 'traceId', 'type', 'startTime', 'endTime', 'name', 'level', 'statusMessage', 'model', 'latency', 'inputUsage', 'outputUsage',
    'totalUsage', 'inputCost', 'outputCost', 'totalCost', 'traceName', 'userId',
  ],
  extraColumnsAllowed: true,
  semantics,
  notes: ['model calls only (spans and events skipped)', 'input included cache: converted'],
  toEvent(row) {
    if (!modelCalls.has(lfText(row, 'type') ?? '')) return null;
    const ts = lfTime(row, 'startTime');
    const usage = tokens(row);
    const reasoningTokens = reasoning(row);
    if (reasoningTokens !== null && usage.output !== null && reasoningTokens > usage.output) {
      throw new TokenError(['usageDetails', 'outputUsage'], `reasoning tokens (${reasoningTokens}) are part of "outputUsage" (${usage.output}) and cannot be more`);
    }
    const failed = lfText(row, 'level') === 'ERROR';
    return {
      id: lfText(row, 'id'),
      ts,
      bucket: 'event',
      agentId: lfText(row, 'traceName'),
      userId: lfText(row, 'userId'),
      sessionId: row.get('sessionId') === undefined ? null : lfText(row, 'sessionId'),
      model: lfText(row, 'model'),
      inputTokens: usage.input,
      cacheReadTokens: usage.cacheRead,
      cacheWriteTokens: usage.cacheWrite,
      outputTokens: usage.output,
      reasoningTokens,
      costReportedUsd: cost(row),
      latencyMs: latencyMs(row, ts),
      status: failed ? 'error' : 'ok',
      errorType: failed ? errorType(row) : null,
    };
  },
};
