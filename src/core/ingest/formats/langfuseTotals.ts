/**
 * Langfuse's total usage counts every usage type of a generation, including ones the trace and session
 * exports do not break out, so it is checked as a floor: a total smaller than the input and output it
 * is said to contain is a row error naming the columns; a larger one is the unsplit rest.
 */
import { TokenError, type SourceTokens, type TokenColumns } from '../tokenSemantics';

export function atLeastParts(tokens: SourceTokens, columns: TokenColumns): void {
  if (tokens.total === null || tokens.total === undefined) return;
  const parts = (tokens.input ?? 0) + (tokens.output ?? 0);
  if (tokens.total >= parts) return;
  throw new TokenError(
    [columns.total, columns.input, columns.output],
    `"${columns.total}" is ${tokens.total}, less than "${columns.input}" ${tokens.input ?? 'empty'} + "${columns.output}" ${tokens.output ?? 'empty'} = ${parts}`,
  );
}
