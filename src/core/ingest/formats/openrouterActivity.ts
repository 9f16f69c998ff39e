/**
 * OpenRouter Activity export (CSV from openrouter.ai/activity), one row per generation. `tokens_prompt`
 * includes the cached prompt tokens, so uncached input is what is left; reasoning is part of
 * `tokens_completion`. `cost_total` is what OpenRouter charged; BYOK inference billed by the upstream
 * provider (`byok_usage_inference`, an estimate at market rates) is not part of it and is not read.
 */
import { parseBoolean, parseText } from '../../values';
import { TokenError, uncachedInput, type TokenSemantics } from '../tokenSemantics';
import { amount, cell, count, requiredCell, text, tokenColumns, usd, utcTime, type SourceFormat, type SourceRow } from './format';

const semantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: false };

const columns = tokenColumns({ input: 'tokens_prompt', cacheRead: 'tokens_cached', output: 'tokens_completion' });

function tokens(row: SourceRow) {
  const given = {
    input: count(row, 'tokens_prompt'),
    cacheRead: count(row, 'tokens_cached'),
    cacheWrite: null,
    output: count(row, 'tokens_completion'),
  };
  const reasoning = count(row, 'tokens_reasoning');
  if (reasoning !== null && reasoning > (given.output ?? 0)) {
    throw new TokenError(
      ['tokens_reasoning', 'tokens_completion'],
      `"tokens_reasoning" (${reasoning}) is part of "tokens_completion" (${given.output ?? 'empty'}), so it cannot be larger`,
    );
  }
  return {
    inputTokens: uncachedInput(given, semantics, columns),
    cacheReadTokens: given.cacheRead,
    outputTokens: given.output,
    reasoningTokens: reasoning,
  };
}

/** A cancelled generation, or one OpenRouter finished with `error`, is an error row. */
function outcome(row: SourceRow): { status: 'ok' | 'error'; errorType: string | null } {
  if (cell(row, 'cancelled', parseBoolean) === true) return { status: 'error', errorType: 'cancelled' };
  if (text(row, 'finish_reason_normalized')?.toLowerCase() === 'error') {
    return { status: 'error', errorType: text(row, 'finish_reason_raw') ?? 'error' };
  }
  return { status: 'ok', errorType: null };
}

export const openrouterActivity: SourceFormat = {
  id: 'openrouter-activity',
  label: 'OpenRouter activity export',
  containers: ['csv'],
  required: ['generation_id', 'created_at', 'cost_total', 'tokens_prompt', 'tokens_completion', 'model_permaslug'],
  optional: [
    'cost_web_search', 'cost_cache', 'cost_file_processing', 'byok_usage_inference', 'tokens_reasoning', 'tokens_cached', 'variant',
    'provider_name', 'api_key_name', 'app_name', 'finish_reason_normalized', 'finish_reason_raw', 'generation_time_ms',
    'time_to_first_token_ms', 'cancelled', 'streamed',
  ],
  semantics,
  notes: ['prompt included cached tokens: converted', 'cancelled generations count as errors'],
  toEvent(row) {
    return {
      id: requiredCell(row, 'generation_id', parseText),
      ts: utcTime(row, 'created_at'),
      bucket: 'event',
      model: requiredCell(row, 'model_permaslug', parseText),
      provider: 'openrouter',
      project: text(row, 'api_key_name'),
      agentId: text(row, 'app_name'),
      costReportedUsd: usd(row, 'cost_total', { unit: 'dollars' }),
      latencyMs: amount(row, 'generation_time_ms'),
      ...tokens(row),
      ...outcome(row),
    };
  },
};
