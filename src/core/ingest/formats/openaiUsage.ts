/**
 * OpenAI Platform usage export (completions), one row per time bucket and group. `input_tokens` includes
 * the cached input (and cache writes, in files that have that column), so uncached input is what is left.
 */
import { TokenError, uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { CellError, text, tokenColumns, utcTime, wholeCount, type Bucket, type SourceFormat, type SourceRow } from './format';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const modalityColumns = [
  'input_text_tokens', 'output_text_tokens', 'input_cached_text_tokens', 'input_audio_tokens', 'input_cached_audio_tokens',
  'output_audio_tokens', 'input_image_tokens', 'input_cached_image_tokens', 'output_image_tokens',
];

const bucketBySeconds = new Map<number, Bucket>([
  [60, 'minute'],
  [3600, 'hour'],
  [86_400, 'day'],
]);

function bucketOf(row: SourceRow): Bucket {
  const start = wholeCount(row, 'start_time');
  const end = wholeCount(row, 'end_time');
  const bucket = start !== null && end !== null ? bucketBySeconds.get(end - start) : undefined;
  if (bucket === undefined) throw new CellError('end_time', `expected a bucket of 1 minute, 1 hour or 1 day after start_time, got ${start}..${end}`);
  return bucket;
}

function tokens(row: SourceRow) {
  const columns = tokenColumns({ input: 'input_tokens', cacheRead: 'input_cached_tokens', cacheWrite: 'input_cache_write_tokens', output: 'output_tokens' });
  const given = {
    input: wholeCount(row, 'input_tokens'),
    cacheRead: wholeCount(row, 'input_cached_tokens'),
    cacheWrite: wholeCount(row, 'input_cache_write_tokens'),
    output: wholeCount(row, 'output_tokens'),
  };
  const uncached = uncachedInput(given, semantics, columns);
  // the export's own split: input = cached + uncached (uncached holds any cache writes)
  const exportUncached = wholeCount(row, 'input_uncached_tokens');
  if (given.input !== null && exportUncached !== null && given.input !== (given.cacheRead ?? 0) + exportUncached) {
    throw new TokenError(
      ['input_uncached_tokens', 'input_tokens', 'input_cached_tokens'],
      `"input_tokens" is ${given.input} but "input_cached_tokens" ${given.cacheRead ?? 'empty'} + "input_uncached_tokens" ${exportUncached} = ${(given.cacheRead ?? 0) + exportUncached}`,
    );
  }
  return { inputTokens: uncached, cacheReadTokens: given.cacheRead, cacheWriteTokens: given.cacheWrite, outputTokens: given.output };
}

export const openaiUsage: SourceFormat = {
  id: 'openai-usage',
  label: 'OpenAI usage export',
  containers: ['csv'],
  required: [
    'start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'project_id', 'num_model_requests', 'user_id', 'api_key_id', 'model',
    'batch', 'service_tier', 'input_tokens', 'output_tokens', 'input_cached_tokens', 'input_uncached_tokens', ...modalityColumns,
  ],
  optional: ['input_cache_write_tokens', 'api_source'],
  semantics,
  notes: ['input included cache: converted'],
  keyColumns: ['start_time', 'end_time', 'project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier', 'api_source'],
  toEvent(row) {
    // the dashboard writes a day without usage as a row with only its times
    if (text(row, 'model') === null && wholeCount(row, 'num_model_requests') === null && wholeCount(row, 'input_tokens') === null) return null;
    return {
      ts: utcTime(row, 'start_time'),
      bucket: bucketOf(row),
      userId: text(row, 'user_id'),
      project: text(row, 'project_id'),
      model: text(row, 'model'),
      provider: 'openai',
      requests: wholeCount(row, 'num_model_requests'),
      ...tokens(row),
    };
  },
};
