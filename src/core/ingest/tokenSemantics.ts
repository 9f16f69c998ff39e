/**
 * What a source's token columns mean, and the conversion to ours. Canonical `input_tokens` is uncached
 * input only; sources differ: OpenAI's input includes cache reads and cache writes, OpenRouter's and
 * Codex's include cache reads, Anthropic's and Claude Code's include neither. Each source module declares
 * its semantics and converts through `uncachedInput`, and checks its own total with `checkTotal`.
 * Reasoning tokens are a subset of output everywhere and never take part in these sums.
 */

export interface TokenSemantics {
  inputIncludesCacheRead: boolean;
  inputIncludesCacheWrite: boolean;
}

/** Our canonical files (and Anthropic, Claude Code): input excludes both kinds of cache tokens. */
export const canonicalTokenSemantics: TokenSemantics = { inputIncludesCacheRead: false, inputIncludesCacheWrite: false };

/** Token counts as the source gives them; null when a row does not give one. */
export interface SourceTokens {
  input: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  output: number | null;
  total?: number | null;
}

/** The source's column name for each count, for messages. */
export interface TokenColumns {
  input: string;
  cacheRead: string;
  cacheWrite: string;
  output: string;
  total: string;
}

/** A row whose token columns contradict each other; `columns` are the source columns involved, the first the one to blame. */
export class TokenError extends Error {
  constructor(
    readonly columns: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

function cacheInsideInput(tokens: SourceTokens, semantics: TokenSemantics, columns: TokenColumns): { amount: number; parts: string[] } {
  const parts: string[] = [];
  let amount = 0;
  if (semantics.inputIncludesCacheRead && tokens.cacheRead !== null) {
    amount += tokens.cacheRead;
    parts.push(columns.cacheRead);
  }
  if (semantics.inputIncludesCacheWrite && tokens.cacheWrite !== null) {
    amount += tokens.cacheWrite;
    parts.push(columns.cacheWrite);
  }
  return { amount, parts };
}

/** The source's input without the cache tokens its definition puts inside it; null when the source gives no input. */
export function uncachedInput(tokens: SourceTokens, semantics: TokenSemantics, columns: TokenColumns): number | null {
  if (tokens.input === null) return null;
  const cache = cacheInsideInput(tokens, semantics, columns);
  const uncached = tokens.input - cache.amount;
  if (uncached < 0) {
    const named = cache.parts.map((column) => `"${column}"`).join(' + ');
    throw new TokenError(
      [columns.input, ...cache.parts],
      `"${columns.input}" (${tokens.input}) includes ${named} (${cache.amount}) for this source, so it cannot be smaller than them`,
    );
  }
  return uncached;
}

/**
 * A source's own total against its parts under its definition: input + output, plus the cache tokens its
 * input does not already include. Missing parts count as 0; a row without a total is not checked.
 */
export function checkTotal(tokens: SourceTokens, semantics: TokenSemantics, columns: TokenColumns): void {
  if (tokens.total === null || tokens.total === undefined) return;
  const parts: [string, number | null][] = [[columns.input, tokens.input]];
  if (!semantics.inputIncludesCacheRead) parts.push([columns.cacheRead, tokens.cacheRead]);
  if (!semantics.inputIncludesCacheWrite) parts.push([columns.cacheWrite, tokens.cacheWrite]);
  parts.push([columns.output, tokens.output]);
  const sum = parts.reduce((total, [, value]) => total + (value ?? 0), 0);
  if (sum === tokens.total) return;
  const named = parts.map(([column, value]) => `"${column}" ${value ?? 'empty'}`).join(' + ');
  throw new TokenError(
    [columns.total, ...parts.map(([column]) => column)],
    `"${columns.total}" is ${tokens.total} but ${named} = ${sum}`,
  );
}
