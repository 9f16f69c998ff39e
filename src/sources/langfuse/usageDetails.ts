/**
 * Langfuse `usageDetails` → our token columns. Langfuse keeps the keys disjoint (at ingestion it moves
 * `prompt_tokens_details` / `completion_tokens_details` out of `input` / `output` into keys of their own),
 * so the parts add up to `total` and nothing is counted twice:
 * - cache reads: keys naming a cache that is read (`input_cached_tokens`, `cache_read_input_tokens`,
 *   `input_cache_read`); cache writes: keys naming a cache creation or write (`cache_creation_input_tokens`,
 *   `input_cache_creation`, `input_cache_write`);
 * - input: every other key containing "input" (`input`, `input_audio_tokens`, …): uncached input;
 * - output: every key containing "output" (`output`, `output_reasoning_tokens`, …), reasoning included;
 *   reasoning: the keys naming reasoning, a subset of output.
 * A kind with no key is null (unknown), never 0.
 */
import { parseCount, ValueError } from '../../core/values';

export interface LangfuseTokens {
  input: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  output: number | null;
  reasoning: number | null;
}

type Kind = keyof LangfuseTokens;

function kindsOf(key: string): Kind[] {
  const name = key.toLowerCase();
  if (name.includes('cache')) return /creat|write/.test(name) ? ['cacheWrite'] : ['cacheRead'];
  if (name.includes('input')) return ['input'];
  if (name.includes('output')) return name.includes('reasoning') ? ['output', 'reasoning'] : ['output'];
  return [];
}

export function langfuseTokens(raw: unknown): LangfuseTokens {
  const tokens: LangfuseTokens = { input: null, cacheRead: null, cacheWrite: null, output: null, reasoning: null };
  if (raw === undefined || raw === null) return tokens;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValueError('expected an object of token counts');
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const kinds = kindsOf(key);
    if (kinds.length === 0) continue;
    let count: number | null;
    try {
      count = parseCount(value);
    } catch (error) {
      if (error instanceof ValueError) throw new ValueError(`${key}: ${error.message}`);
      throw error;
    }
    if (count === null) continue;
    for (const kind of kinds) tokens[kind] = (tokens[kind] ?? 0) + count;
  }
  return tokens;
}
