/**
 * Anthropic Console usage export (platform.claude.com/usage, downloaded per month): token sums per UTC
 * day or hour, model, API key (its name, not its id), workspace and context window. Input excludes both
 * kinds of cache, as in the Admin API. Cache writes come as one column in older files and split by
 * lifetime (5 minutes, 1 hour) in newer ones. The export has no request count, and we do not invent
 * one: the rows carry tokens with `requests` empty (unknown).
 */
import { resolveCacheWrites } from '../cacheWriteSplit';
import { uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { dayOrHour } from './consoleDate';
import { count, text, tokenColumns, type SourceFormat, type SourceRow } from './format';

const semantics: TokenSemantics = { inputIncludesCacheRead: false, inputIncludesCacheWrite: false };

const columns = {
  input: 'usage_input_tokens_no_cache',
  cacheRead: 'usage_input_tokens_cache_read',
  cacheWrite: 'usage_input_tokens_cache_write',
  cacheWrite5m: 'usage_input_tokens_cache_write_5m',
  cacheWrite1h: 'usage_input_tokens_cache_write_1h',
  output: 'usage_output_tokens',
};

function tokens(row: SourceRow) {
  const writes = resolveCacheWrites(
    { total: count(row, columns.cacheWrite), fiveMinutes: count(row, columns.cacheWrite5m), oneHour: count(row, columns.cacheWrite1h) },
    { total: columns.cacheWrite, fiveMinutes: columns.cacheWrite5m, oneHour: columns.cacheWrite1h },
  );
  const given = { input: count(row, columns.input), cacheRead: count(row, columns.cacheRead), cacheWrite: writes.total, output: count(row, columns.output) };
  return {
    inputTokens: uncachedInput(given, semantics, tokenColumns(columns)),
    cacheReadTokens: given.cacheRead,
    cacheWriteTokens: writes.total,
    cacheWrite5mTokens: writes.fiveMinutes,
    cacheWrite1hTokens: writes.oneHour,
    outputTokens: given.output,
  };
}

export const anthropicUsage: SourceFormat = {
  id: 'anthropic-usage',
  label: 'Anthropic Console usage export',
  containers: ['csv'],
  required: [
    'usage_date_utc', 'model_version', 'api_key', 'workspace', 'usage_type', 'usage_input_tokens_no_cache', 'usage_input_tokens_cache_read',
    'usage_output_tokens',
  ],
  // generations: one cache-write column or the 5m/1h split; context window, geography and speed came later
  optional: [
    'context_window', 'usage_input_tokens_cache_write', 'usage_input_tokens_cache_write_5m', 'usage_input_tokens_cache_write_1h', 'web_search_count',
    'inference_geo', 'speed',
  ],
  semantics,
  notes: ['input excludes cache: as is', 'no request count: runs empty'],
  keyColumns: ['usage_date_utc', 'model_version', 'api_key', 'workspace', 'usage_type', 'context_window', 'inference_geo', 'speed'],
  toEvent(row) {
    return {
      ...dayOrHour(row, 'usage_date_utc'),
      model: text(row, 'model_version'),
      provider: 'anthropic',
      project: text(row, 'workspace'),
      requests: null,
      ...tokens(row),
    };
  },
};
