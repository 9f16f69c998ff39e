/** The CLI's own failures, by exit code: bad usage is 2, an output file that cannot be written is 1. */
export class UsageError extends Error {}

/** an output file that cannot be written: like bad input, the user's to fix */
export class OutputError extends Error {}
