/**
 * An event's tokens (input + output) as SQL: the known one of the two when the other is unknown,
 * NULL when both are, so that SUM over events that report no tokens stays empty instead of 0.
 */
export const knownTokens =
  'CASE WHEN e.input_tokens IS NULL AND e.output_tokens IS NULL THEN NULL ELSE COALESCE(e.input_tokens, 0) + COALESCE(e.output_tokens, 0) END';
