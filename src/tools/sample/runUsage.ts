/** The measured side of one run: tokens, latency, outcome, credits and cost. */

import { ERROR_CUM, ERROR_TYPES, TRICKY_ERROR_MESSAGES, type ModelInfo } from './catalog';
import type { EventAgent } from './population';
import type { Rng } from './random';

export interface RunUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /** Rounded ms, or '' when the latency was not recorded. */
  latencyMs: string;
  status: 'ok' | 'error';
  /** '' for successful runs. */
  errorType: string;
  credits: number;
  costUsd: number;
}

function clampInt(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : Math.round(x);
}

/**
 * Draws the usage of one run of `agent` on `model`. `runInSession` grows the
 * prompt of conversational agents as their history accumulates; `tricky` swaps
 * error types for comma- and quote-laden messages.
 */
export function drawRunUsage(rng: Rng, agent: EventAgent, model: ModelInfo, runInSession: number, tricky: boolean): RunUsage {
  // Tokens
  const growth = agent.conversational ? 1 + 0.35 * runInSession : 1;
  let input = clampInt(rng.logNormal(agent.inputMedian * growth, 0.9), 200, 50_000);
  let output = clampInt(rng.logNormal(agent.outputMedian, 0.8), 50, 8000);
  let cacheRead = 0;
  let cacheWrite = 0;
  const cu = rng.next();
  if (model.provider === 'anthropic') {
    if (cu < 0.55) cacheRead = Math.round(input * rng.range(0.5, 3));
    if (rng.next() < 0.3) cacheWrite = Math.round(input * rng.range(0.1, 0.6));
  } else if (model.provider === 'openai') {
    if (cu < 0.4) cacheRead = Math.round(input * rng.range(0.2, 0.8));
  } else if (cu < 0.25) cacheRead = Math.round(input * rng.range(0.2, 0.9));
  let reasoning = 0;
  if (model.reasoning === 'always') reasoning = Math.round(output * rng.range(0.5, 4));
  else if (model.reasoning === 'sometimes' && rng.next() < 0.5) reasoning = Math.round(output * rng.range(0.3, 2));

  let latency = agent.latencyMedian * model.speed * Math.exp(agent.latencySigma * rng.normal());

  // Status
  let status: RunUsage['status'] = 'ok';
  let errorType = '';
  if (rng.next() < agent.errorRate) {
    status = 'error';
    const eu = rng.next();
    const et = eu < ERROR_CUM[0] ? 0 : eu < ERROR_CUM[1] ? 1 : eu < ERROR_CUM[2] ? 2 : 3;
    const alt = rng.next() < 0.5 ? 0 : 1;
    errorType = tricky ? TRICKY_ERROR_MESSAGES[et]![alt]! : ERROR_TYPES[et]!;
    if (et === 0) {
      // timeout: partial output, long wait
      output = Math.round(output * rng.range(0, 0.3));
      reasoning = Math.round(reasoning * 0.3);
      latency = rng.range(30_000, 120_000);
    } else if (et === 1) {
      // rate_limit: rejected before any tokens were processed
      input = 0;
      output = 0;
      cacheRead = 0;
      cacheWrite = 0;
      reasoning = 0;
      latency = rng.range(40, 400);
    } else if (et === 3) {
      // context_length: huge prompt, nothing generated
      input = clampInt(rng.range(45_000, 50_000), 0, 50_000);
      output = 0;
      cacheWrite = 0;
      reasoning = 0;
      latency = rng.range(150, 900);
    }
  }
  if (latency < 120) latency = 120 + rng.int(80);
  if (latency > 180_000) latency = 180_000;
  const latencyMs = rng.next() < 0.03 ? '' : String(Math.round(latency));

  const credits = ((input + output + reasoning + cacheWrite + cacheRead * 0.1) / 1000) * model.creditFactor;
  const costUsd =
    (input * model.input +
      (output + reasoning) * model.output +
      cacheRead * model.cacheRead +
      cacheWrite * model.cacheWrite) /
    1e6;

  // reasoning is part of output, as every provider counts it
  return { input, output: output + reasoning, cacheRead, cacheWrite, reasoning, latencyMs, status, errorType, credits, costUsd };
}
