/**
 * `AGENT_USAGE_TRACE=1`: each thread writes to stderr when a step of an import or scan starts or ends, in
 * epoch milliseconds (one clock across threads), so a slow run shows which thread waited for which.
 */
const enabled = process.env.AGENT_USAGE_TRACE === '1';

export function trace(thread: string, step: string): void {
  if (enabled) process.stderr.write(`trace ${(performance.timeOrigin + performance.now()).toFixed(1)} ${thread}: ${step}\n`);
}
