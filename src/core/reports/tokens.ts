/**
 * An event's tokens (input + output): the known one of the two when the other is unknown, empty when both
 * are, so that a sum over events that report no tokens stays empty instead of 0.
 */
export function knownTokens(input: number | null, output: number | null): number | null {
  return input === null && output === null ? null : (input ?? 0) + (output ?? 0);
}
