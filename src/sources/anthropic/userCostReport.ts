/**
 * Anthropic Enterprise Analytics per-user dollars and requests → canonical cost events, one per
 * day × user × model, plus what no seat user accounts for.
 *
 * `user_cost_report` (daily buckets, grouped by model) carries only seat-user traffic: API-key and
 * automation traffic is missing from it. So the organisation's `cost_report` is fetched for the same
 * days and models, and the difference (amount and requests) becomes a row of the user
 * `(unattributed: API key)` — kept, never dropped. Amounts are decimal strings in fractional cents,
 * post-discount (`amount`, what is billed; `list_amount` is not kept); the difference is computed
 * exactly in decimal. Per-user rows that exceed the organisation's total are an error, not a clamp.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { parseCount, parseText, parseTimestamp, ValueError } from '../../core/values';
import { FetchError, type JsonGetter } from '../http/types';
import {
  assertUniqueKeys, fetchDailyBuckets, fetchDailyPages, isObject, readEnvelope, resultField, rfc3339,
  type AnthropicAdminConfig, type FetchWindow,
} from './adminReport';
import { formatNanoCents, parseNanoCents } from './decimalCents';

export const userCostPath = '/v1/organizations/analytics/user_cost_report';
export const orgCostPath = '/v1/organizations/analytics/cost_report';
export const usersKeyPrefix = 'anthropic-users';
export const unattributedUser = '(unattributed: API key)';
/** the documented maximum of rows per page */
const pageLimit = 1000;

/** One day × model share of spend: exact nano-cents and a request count. */
interface Share {
  day: number;
  model: string | null;
  nanoCents: bigint;
  requests: number;
}

function field<T>(where: string, row: Record<string, unknown>, name: string, parse: (raw: unknown) => T): T {
  try {
    return parse(row[name]);
  } catch (error) {
    if (error instanceof ValueError) throw new FetchError(`${where}: ${name}: ${error.message}`, null);
    throw error;
  }
}

function usd(raw: unknown): null {
  const currency = parseText(raw);
  if (currency !== null && currency !== 'USD') throw new ValueError(`expected USD, got "${currency}"`);
  return null;
}

function requiredCount(raw: unknown): number {
  const count = parseCount(raw);
  if (count === null) throw new ValueError('required count is empty');
  return count;
}

function requiredTimestamp(raw: unknown): number {
  const ts = parseTimestamp(raw);
  if (ts === null) throw new ValueError('required time is empty');
  return ts;
}

function actorOf(raw: unknown): { userId: string; email: string | null; name: string | null } {
  if (!isObject(raw)) throw new ValueError('expected an object');
  const email = parseText(raw.email);
  const userId = parseText(raw.user_id) ?? email?.toLowerCase() ?? null;
  if (userId === null) throw new ValueError('neither user_id nor email is given');
  return { userId, email, name: parseText(raw.name) };
}

const shareKey = (day: number, model: string | null) => JSON.stringify([day, model]);
const describeShare = (share: Share) => `${rfc3339(share.day)} (model ${share.model ?? 'not given'})`;

/** A per-user row → its event and its share of the day's spend. */
export function userCostEvent(row: Record<string, unknown>, where: string): { event: EventRecord; share: Share } {
  const actor = field(where, row, 'actor', actorOf);
  const day = field(where, row, 'starting_at', requiredTimestamp);
  const model = field(where, row, 'model', parseText);
  field(where, row, 'currency', usd);
  const nanoCents = field(where, row, 'amount', parseNanoCents);
  const requests = field(where, row, 'requests', requiredCount);
  const event: EventRecord = {
    ...blankEvent(0, [usersKeyPrefix, rfc3339(day), actor.userId, model ?? ''].join(':'), day),
    userId: actor.userId,
    userEmail: actor.email,
    userName: actor.name,
    model,
    provider: 'anthropic',
    requests,
    costReportedUsd: parseUsd(row.amount, { unit: 'cents' }),
  };
  return { event, share: { day, model, nanoCents, requests } };
}

function fetchUserRows(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal) {
  const readRows = (body: unknown, where: string) => {
    const { data, next } = readEnvelope(body, where);
    const items = data.map((row, r) => {
      if (!isObject(row)) throw new FetchError(`${where}, row ${r + 1}: expected an object`, null);
      return userCostEvent(row, `${where}, row ${r + 1}`);
    });
    return { items, next };
  };
  return fetchDailyPages(get, config, { path: userCostPath, groupBy: ['model'], limit: pageLimit, readPage: readRows }, window, signal);
}

async function fetchOrgShares(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal): Promise<Share[]> {
  const buckets = await fetchDailyBuckets(get, config, orgCostPath, ['model'], window, signal);
  return buckets.flatMap((bucket) => bucket.results.map((result, index): Share => {
    const at = <T>(name: string, parse: (raw: unknown) => T) => resultField(bucket, index, result, name, parse);
    at('currency', usd);
    return { day: bucket.start, model: at('model', parseText), nanoCents: at('amount', parseNanoCents), requests: at('requests', requiredCount) };
  }));
}

/** The organisation's spend minus the seat users' spend, per day and model: one event where anything is left. */
export function unattributedEvents(org: readonly Share[], users: readonly Share[]): EventRecord[] {
  const attributed = new Map<string, { nanoCents: bigint; requests: number }>();
  for (const share of users) {
    const key = shareKey(share.day, share.model);
    const sum = attributed.get(key) ?? { nanoCents: 0n, requests: 0 };
    attributed.set(key, { nanoCents: sum.nanoCents + share.nanoCents, requests: sum.requests + share.requests });
  }
  const totals = new Map<string, Share>();
  for (const share of org) {
    const key = shareKey(share.day, share.model);
    const total = totals.get(key);
    totals.set(key, total ? { ...total, nanoCents: total.nanoCents + share.nanoCents, requests: total.requests + share.requests } : { ...share });
  }
  for (const share of users) {
    if (!totals.has(shareKey(share.day, share.model))) throw new FetchError(`${orgCostPath}: seat users spent on ${describeShare(share)} but the organisation's report has no such day and model`, null);
  }
  const events: EventRecord[] = [];
  for (const [key, total] of totals) {
    const seats = attributed.get(key) ?? { nanoCents: 0n, requests: 0 };
    const nanoCents = total.nanoCents - seats.nanoCents;
    const requests = total.requests - seats.requests;
    if (nanoCents < 0n || requests < 0) {
      throw new FetchError(`${orgCostPath}: on ${describeShare(total)} the seat users' ${formatNanoCents(seats.nanoCents)} cents / ${seats.requests} requests exceed the organisation's ${formatNanoCents(total.nanoCents)} cents / ${total.requests} requests (fetch again once the data is refreshed)`, null);
    }
    if (nanoCents === 0n && requests === 0) continue;
    events.push({
      ...blankEvent(0, [usersKeyPrefix, rfc3339(total.day), unattributedUser, total.model ?? ''].join(':'), total.day),
      userId: unattributedUser,
      model: total.model,
      provider: 'anthropic',
      requests,
      costReportedUsd: parseUsd(formatNanoCents(nanoCents), { unit: 'cents' }),
    });
  }
  return events;
}

/** Per-user cost events over the window, and the unattributed remainder of each day and model. */
export async function fetchUserCostReport(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal): Promise<EventRecord[]> {
  const rows = await fetchUserRows(get, config, window, signal);
  const org = await fetchOrgShares(get, config, window, signal);
  const events = [...rows.map((row) => row.event), ...unattributedEvents(org, rows.map((row) => row.share))];
  assertUniqueKeys(events.map((event) => event.eventKey), userCostPath);
  return events;
}
