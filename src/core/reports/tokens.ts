/**
 * An event's tokens (input + output): the known one of the two when the other is unknown, empty when both
 * are, so that a sum over events that report no tokens stays empty instead of 0.
 */
export function knownTokens(input: number | null, output: number | null): number | null {
  return input === null && output === null ? null : (input ?? 0) + (output ?? 0);
}

/** `knownTokens` as SQL over `events e`, for sums SQLite adds up itself. */
export const knownTokensSql =
  'CASE WHEN e.input_tokens IS NULL AND e.output_tokens IS NULL THEN NULL ELSE COALESCE(e.input_tokens, 0) + COALESCE(e.output_tokens, 0) END';
