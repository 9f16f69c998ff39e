/**
 * Codex's token counters (`TokenUsage` in its rollout files): `input_tokens` includes the cached input
 * (`cached_input_tokens`) and, where a log gives it, the cache writes (`cache_creation_input_tokens`, as the
 * Codex app-server counts them inside input); `reasoning_output_tokens` is part of `output_tokens`;
 * `total_tokens` = input + output. `total_token_usage` is cumulative per thread, `last_token_usage` is
 * the latest request.
 */
import { parseCount, ValueError } from '../../values';
import { CellError } from '../formats/format';
import { checkTotal, uncachedInput, type TokenColumns, type TokenSemantics } from '../tokenSemantics';
import { isPlainObject } from './lineReader';

export const codexTokenSemantics: TokenSemantics = { inputIncludesCacheRead: true, inputIncludesCacheWrite: true };

export interface CodexCounts {
  input: number;
  cached: number | null;
  cacheWrite: number | null;
  output: number;
  reasoning: number | null;
  total: number | null;
}

const fields = {
  input: 'input_tokens',
  cached: 'cached_input_tokens',
  cacheWrite: 'cache_creation_input_tokens',
  output: 'output_tokens',
  reasoning: 'reasoning_output_tokens',
  total: 'total_tokens',
} as const;

export function codexColumns(path: string): TokenColumns {
  return {
    input: `${path}.${fields.input}`, cacheRead: `${path}.${fields.cached}`, cacheWrite: `${path}.${fields.cacheWrite}`,
    output: `${path}.${fields.output}`, total: `${path}.${fields.total}`,
  };
}

function count(object: Record<string, unknown>, path: string, field: string): number | null {
  try {
    return parseCount(object[field]);
  } catch (error) {
    if (error instanceof ValueError) throw new CellError(`${path}.${field}`, error.message);
    throw error;
  }
}

/** One usage object as written; its own total, reasoning and cache are checked against its input and output. */
export function readCodexCounts(raw: unknown, path: string): CodexCounts {
  if (!isPlainObject(raw)) throw new CellError(path, 'expected an object of token counts');
  const input = count(raw, path, fields.input);
  const output = count(raw, path, fields.output);
  if (input === null) throw new CellError(`${path}.${fields.input}`, 'required value is empty');
  if (output === null) throw new CellError(`${path}.${fields.output}`, 'required value is empty');
  const counts: CodexCounts = {
    input, output,
    cached: count(raw, path, fields.cached),
    cacheWrite: count(raw, path, fields.cacheWrite),
    reasoning: count(raw, path, fields.reasoning),
    total: count(raw, path, fields.total),
  };
  checkCounts(counts, path);
  return counts;
}

/** Throws TokenError when the counts contradict Codex's definitions (also used on deltas). */
export function checkCounts(counts: CodexCounts, path: string): void {
  const columns = codexColumns(path);
  const tokens = { input: counts.input, cacheRead: counts.cached, cacheWrite: counts.cacheWrite, output: counts.output, total: counts.total };
  checkTotal(tokens, codexTokenSemantics, columns);
  uncachedInput(tokens, codexTokenSemantics, columns);
  if (counts.reasoning !== null && counts.reasoning > counts.output) {
    throw new CellError(`${path}.${fields.reasoning}`, `"${path}.${fields.reasoning}" (${counts.reasoning}) is part of "${columns.output}" (${counts.output}), so it cannot be larger`);
  }
}

export function uncachedCodexInput(counts: CodexCounts, path: string): number {
  return uncachedInput({ input: counts.input, cacheRead: counts.cached, cacheWrite: counts.cacheWrite, output: counts.output }, codexTokenSemantics, codexColumns(path))!;
}

const keys = ['input', 'cached', 'cacheWrite', 'output', 'reasoning', 'total'] as const;

export function sameCounts(a: CodexCounts, b: CodexCounts): boolean {
  return keys.every((key) => a[key] === b[key]);
}

/** A counter that went down: the cumulative series restarted. */
export function wentDown(current: CodexCounts, previous: CodexCounts): boolean {
  return keys.some((key) => {
    const now = current[key];
    const before = previous[key];
    return now !== null && before !== null && now < before;
  });
}

/** `part` could be a piece of `whole`: no counter larger. */
export function fitsWithin(part: CodexCounts, whole: CodexCounts): boolean {
  return keys.every((key) => {
    const piece = part[key];
    const all = whole[key];
    return piece === null || all === null || piece <= all;
  });
}

/** current − previous per counter; a counter the previous record lacked counts from zero. */
export function countsSince(current: CodexCounts, previous: CodexCounts): CodexCounts {
  const minus = (now: number | null, before: number | null) => (now === null ? null : now - (before ?? 0));
  return {
    input: current.input - previous.input,
    cached: minus(current.cached, previous.cached),
    cacheWrite: minus(current.cacheWrite, previous.cacheWrite),
    output: current.output - previous.output,
    reasoning: minus(current.reasoning, previous.reasoning),
    total: minus(current.total, previous.total),
  };
}

export function isZero(counts: CodexCounts): boolean {
  return keys.every((key) => !counts[key]);
}

/** The counters as text, in a fixed order: part of an event's natural key. */
export function countsSignature(counts: CodexCounts): string {
  return keys.map((key) => counts[key] ?? '').join('/');
}
