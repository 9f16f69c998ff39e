/**
 * Lyzr Agent Studio, EXPERIMENTAL: `GET /v3/traces/dashboard` is not a documented Lyzr API. It is the call
 * Lyzr Studio's own web frontend makes (header `x-api-key`), so its shape may change without notice; the
 * documented way to get Lyzr usage stays the Reports CSV download and its import.
 *
 * One answer per window: `daily_metrics[{date, credits_consumed, total_traces, success_count, error_count,
 * error_rate, total_input_tokens, total_output_tokens, …}]`. Each day becomes two events (successes and
 * failures, told apart by `part` in the key) so the reports' error rate is errors ÷ runs, a proportion 0–1.
 * When a day lacks `error_count`, errors come from `error_rate`, which the Studio charts as a percent
 * (0–100): errors = round(error_rate ÷ 100 × total_traces).
 *
 * Credits: the Studio divides the raw value by 100 before showing it (raw = centi-credits); the divisor is
 * an option. Dollars only when the user gives a USD-per-credit rate; otherwise cost is empty, never 0.
 * Tokens have no cache split and are stored as the source gives them. Latency (a daily average) is not
 * kept: an aggregate row carries no latency.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseAmount, ValueError } from '../../core/values';
import type { JsonGetter } from '../http/types';
import { arrayOf, countOf, fieldOf, objectOf, requiredCount, shapeError, textOf, type ResponseObject } from '../openai/responseFields';

export const lyzrBaseUrl = 'https://agent-prod.studio.lyzr.ai';
export const defaultCreditsDivisor = 100;

const dayMs = 86_400_000;

export interface LyzrRequest {
  apiKey: string;
  baseUrl?: string;
  /** half-open, epoch ms on UTC day boundaries */
  window: { from: number; to: number };
  /** raw credits ÷ this = credits; default 100 */
  creditsDivisor?: number;
  /** USD per credit; absent: no cost */
  usdPerCredit?: number;
  signal?: AbortSignal;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function dayStart(text: string | null, place: string): number {
  if (text === null || !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw shapeError(place, `date: expected YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || isoDay(ms) !== text) throw shapeError(place, `date: ${text} is not a calendar day`);
  return ms;
}

function amountOf(object: ResponseObject, name: string, place: string): number | null {
  try {
    return parseAmount(fieldOf(object, name) ?? null);
  } catch (error) {
    if (error instanceof ValueError) throw shapeError(place, `${name}: ${error.message}`);
    throw error;
  }
}

/** errors of the day: the count when given, else the percent rate applied to the runs */
function errorsOf(metric: ResponseObject, runs: number, place: string): number {
  const count = countOf(metric, 'error_count', place);
  if (count !== null) {
    if (count > runs) throw shapeError(place, `error_count (${count}) exceeds total_traces (${runs})`);
    return count;
  }
  const percent = amountOf(metric, 'error_rate', place);
  if (percent === null) throw shapeError(place, 'neither error_count nor error_rate is given');
  if (percent > 100) throw shapeError(place, `error_rate ${percent} is not a percent (0–100)`);
  return Math.round((percent / 100) * runs);
}

function dayEvents(metric: ResponseObject, request: LyzrRequest, place: string): EventRecord[] {
  const date = textOf(metric, 'date', place);
  const ts = dayStart(date, place);
  const runs = requiredCount(metric, 'total_traces', place);
  const errors = errorsOf(metric, runs, place);
  const raw = amountOf(metric, 'credits_consumed', place);
  const credits = raw === null ? null : raw / (request.creditsDivisor ?? defaultCreditsDivisor);
  const cost = credits === null || request.usdPerCredit === undefined ? null : Number((credits * request.usdPerCredit).toPrecision(15));
  const common = { provider: 'lyzr', agentType: 'lyzr' };
  const ok: EventRecord = {
    ...blankEvent(0, `lyzr:${date}:ok`, ts), ...common, requests: runs - errors,
    inputTokens: countOf(metric, 'total_input_tokens', place), outputTokens: countOf(metric, 'total_output_tokens', place),
    credits, costReportedUsd: cost,
  };
  const failed: EventRecord = { ...blankEvent(0, `lyzr:${date}:failed`, ts), ...common, requests: errors, status: 'error', errorType: 'failed' };
  return [ok, failed];
}

export async function fetchLyzrDashboard(get: JsonGetter, request: LyzrRequest): Promise<EventRecord[]> {
  const url = new URL('/v3/traces/dashboard', request.baseUrl ?? lyzrBaseUrl);
  // the Studio sends UTC calendar days; the last day is asked for inclusively and the answer is cut to the window
  url.searchParams.set('start_time', isoDay(request.window.from));
  url.searchParams.set('end_time', isoDay(request.window.to - dayMs));
  const body = await get({ url, headers: { 'x-api-key': request.apiKey } }, request.signal);
  const place = 'traces/dashboard';
  const answer = objectOf(body, place, 'the response');
  const events: EventRecord[] = [];
  const seen = new Set<number>();
  arrayOf(fieldOf(answer, 'daily_metrics'), place, 'daily_metrics').forEach((raw, index) => {
    const dayPlace = `${place}, daily_metrics ${index + 1}`;
    const dayEventsOf = dayEvents(objectOf(raw, dayPlace, 'a day'), request, dayPlace);
    const ts = dayEventsOf[0]!.ts;
    if (seen.has(ts)) throw shapeError(dayPlace, `the day ${isoDay(ts)} appears twice`);
    seen.add(ts);
    if (ts >= request.window.from && ts < request.window.to) events.push(...dayEventsOf);
  });
  return events;
}

/** A positive decimal option ("0.01"); `name` is the CLI flag, for the message. */
export function positiveOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  let value: number | null;
  try {
    value = parseAmount(raw);
  } catch {
    value = null;
  }
  if (value === null || value === 0) throw new ValueError(`--${name} must be a positive number, got "${raw}"`);
  return value;
}
