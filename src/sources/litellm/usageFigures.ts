/**
 * The token and money figures of a LiteLLM proxy row, summed where the proxy splits one group over
 * several rows, and turned into the canonical model.
 *
 * Input: LiteLLM reports usage in OpenAI's shape, so `prompt_tokens` is the whole prompt. Its Anthropic
 * adapter adds both `cache_read_input_tokens` and `cache_creation_input_tokens` into `prompt_tokens`
 * (BerriAI/litellm `llms/anthropic/chat/transformation.py`), and OpenAI's own prompt tokens include cache
 * reads (cache writes are 0 there). Uncached input is therefore `prompt − cache read − cache write`, through
 * the shared `uncachedInput`; a cache larger than the prompt is an error naming the fields. A row without the
 * cache fields (an older proxy) leaves uncached input and the cache counts unknown.
 *
 * Money: `spend` is the proxy's own estimate from its model cost map (custom prices included), not an
 * invoice. It is kept as the reported cost because it is the figure the proxy reports, enforces budgets
 * with and shows on its dashboard; our estimate from the price table stays apart in
 * `cost_estimated_usd`, so `--cost-mode` compares the two. LiteLLM writes spend 0 for a model it has no
 * price for, so 0 spend on a row that used tokens is unknown (null), never $0.
 */
import type { EventRecord } from '../../core/ingest/normalise';
import { TokenError, uncachedInput, type TokenColumns, type TokenSemantics } from '../../core/ingest/tokenSemantics';
import { parseUsd } from '../../core/money';
import { ValueError } from '../../core/values';
import { countOf, fieldOf, requiredCount, shapeError, type ResponseObject } from '../openai/responseFields';

/** the raw figures of one row or group; null where the proxy did not give the field */
export interface Tally {
  prompt: number;
  completion: number;
  cacheRead: number | null;
  cacheWrite: number | null;
  spend: number | null;
  /**
   * provisioned-throughput (PTU) cost the proxy attributes to a model's day, apart from `spend`; 0 when the
   * proxy predates the field (it only exists with that feature)
   */
  flatCost: number;
  requests: number;
  failed: number;
}

function dollarsOf(object: ResponseObject, name: string, place: string): number | null {
  try {
    return parseUsd(fieldOf(object, name) ?? null, { unit: 'dollars' });
  } catch (error) {
    if (error instanceof ValueError) throw shapeError(place, `${name}: ${error.message}`);
    throw error;
  }
}

export function spendOf(object: ResponseObject, place: string): number | null {
  return dollarsOf(object, 'spend', place);
}

/** a daily-activity `metrics` object */
export function readTally(metrics: ResponseObject, place: string): Tally {
  const requests = requiredCount(metrics, 'api_requests', place);
  const failed = countOf(metrics, 'failed_requests', place) ?? 0;
  if (failed > requests) throw shapeError(place, `failed_requests (${failed}) exceed api_requests (${requests})`);
  return {
    prompt: requiredCount(metrics, 'prompt_tokens', place),
    completion: requiredCount(metrics, 'completion_tokens', place),
    cacheRead: countOf(metrics, 'cache_read_input_tokens', place),
    cacheWrite: countOf(metrics, 'cache_creation_input_tokens', place),
    spend: spendOf(metrics, place),
    flatCost: dollarsOf(metrics, 'flat_cost', place) ?? 0,
    requests,
    failed,
  };
}

const sumOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

export function addTally(a: Tally, b: Tally): Tally {
  return {
    prompt: a.prompt + b.prompt, completion: a.completion + b.completion,
    cacheRead: sumOrNull(a.cacheRead, b.cacheRead), cacheWrite: sumOrNull(a.cacheWrite, b.cacheWrite),
    spend: sumOrNull(a.spend, b.spend), flatCost: a.flatCost + b.flatCost, requests: a.requests + b.requests, failed: a.failed + b.failed,
  };
}

export const emptyTally: Tally = { prompt: 0, completion: 0, cacheRead: 0, cacheWrite: 0, spend: 0, flatCost: 0, requests: 0, failed: 0 };

/** equal, or unknown on one side (the first shape gives cache counts for the day but not per model) */
const agrees = (a: number | null, b: number | null) => a === null || b === null || a === b;

/** the counts agree (spend and flat cost are float sums and are not compared) */
export function sameCounts(a: Tally, b: Tally): boolean {
  return a.prompt === b.prompt && a.completion === b.completion && agrees(a.cacheRead, b.cacheRead)
    && agrees(a.cacheWrite, b.cacheWrite) && a.requests === b.requests && a.failed === b.failed;
}

/** LiteLLM's prompt tokens hold both kinds of cache tokens (the same declaration as its UI export's) */
export const litellmTokenSemantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

const columns: TokenColumns = {
  input: 'prompt_tokens', cacheRead: 'cache_read_input_tokens', cacheWrite: 'cache_creation_input_tokens', output: 'completion_tokens', total: 'total_tokens',
};

export function figuresOf(tally: Tally, place: string): Pick<EventRecord, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'costReportedUsd'> {
  // one cache count without the other leaves the split unknown
  const [cacheRead, cacheWrite] = tally.cacheRead === null || tally.cacheWrite === null ? [null, null] : [tally.cacheRead, tally.cacheWrite];
  let input: number | null = null;
  if (cacheRead !== null && cacheWrite !== null) {
    try {
      input = uncachedInput({ input: tally.prompt, cacheRead, cacheWrite, output: tally.completion }, litellmTokenSemantics, columns);
    } catch (error) {
      if (error instanceof TokenError) throw shapeError(place, error.message);
      throw error;
    }
  }
  const usedTokens = tally.prompt + tally.completion > 0;
  return {
    inputTokens: input,
    outputTokens: tally.completion,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    costReportedUsd: tally.spend === 0 && usedTokens ? null : tally.spend,
  };
}
