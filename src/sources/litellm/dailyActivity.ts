/**
 * LiteLLM proxy `GET /user/daily/activity` (response `SpendAnalyticsPaginatedResponse`) → one event per
 * UTC day × model × API key, from `results[].breakdown.models[model].api_key_breakdown[key].metrics`.
 *
 * With an admin key the endpoint covers every user; with a user's own key, only that user. No `timezone`
 * is sent, so days are the proxy's UTC days (widened local days over-counted, BerriAI/litellm#27780); a
 * day outside the asked window is refused, since storing it would escape the window the store replaces.
 *
 * Pages cut the proxy's daily table rows, not days: one day, model and key can come back on several
 * pages, so figures are summed over all pages before events are made (as the proxy's own dashboard does).
 *
 * Totals are kept exact: a day is split by model only when its models' counts add up to the day's (rows
 * without a model, such as MCP calls, would otherwise be lost), and a model by key only when its keys add
 * up to the model's (a proxy may cut the key split to its top keys, or leave it out); otherwise the coarser
 * row stands alone, with the model or key empty.
 *
 * Provisioned-throughput cost (`flat_cost`, only with LiteLLM's PTU cost attribution) is an event of its own per
 * model and day: the proxy books it under no key, and it is not part of `spend`.
 *
 * Requests: `api_requests − failed_requests` on the usage event, and the failed ones as a second event
 * with status error (tokens and spend stay on the first: the proxy does not split them). No latency.
 * Tokens and spend: see `usageFigures.ts`. The hashed key (never the secret) stands in for the agent,
 * named by its alias; the key's user and team become the user and the organisation.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import type { JsonGetter } from '../http/types';
import { arrayOf, fieldOf, isResponseObject, objectOf, shapeError, textOf, type ResponseObject } from '../openai/responseFields';
import { fetchAllPages, type LitellmRequest } from './pagedEndpoint';
import { addTally, emptyTally, figuresOf, readTally, sameCounts, type Tally } from './usageFigures';

const dayMs = 86_400_000;

interface KeyOwner {
  alias: string | null;
  userId: string | null;
  userEmail: string | null;
  teamId: string | null;
}

interface Group<T> {
  tally: Tally;
  parts: Map<string, T>;
}

type KeyGroup = { tally: Tally; owner: KeyOwner };
type ModelGroup = Group<KeyGroup>;
type DayGroup = Group<ModelGroup>;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** entries of an object-valued field (`models`, `api_key_breakdown`), in the response's order */
function entriesOf(object: ResponseObject, name: string, place: string): [string, ResponseObject][] {
  const value = fieldOf(object, name);
  if (value === undefined || value === null) return [];
  const map = objectOf(value, place, name);
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  return entries.map(([key, entry]) => [key, objectOf(entry, `${place}, ${name} "${key}"`, 'an entry')]);
}

/** the current shape nests figures under `metrics`; the first one (PR 9603) put them on the entry itself */
function tallyOf(entry: ResponseObject, place: string): Tally {
  const metrics = fieldOf(entry, 'metrics');
  return readTally(metrics === undefined ? entry : objectOf(metrics, place, 'metrics'), place);
}

function ownerOf(entry: ResponseObject, place: string): KeyOwner {
  const meta = fieldOf(entry, 'metadata');
  if (!isResponseObject(meta)) return { alias: null, userId: null, userEmail: null, teamId: null };
  return {
    alias: textOf(meta, 'key_alias', place), userId: textOf(meta, 'user_id', place),
    userEmail: textOf(meta, 'user_email', place), teamId: textOf(meta, 'team_id', place),
  };
}

function groupIn<T extends { tally: Tally }>(parts: Map<string, T>, key: string, make: () => T): T {
  let group = parts.get(key);
  if (!group) parts.set(key, (group = make()));
  return group;
}

/** adds one `results[]` entry (a day, or part of one) to the running groups */
function addDay(days: Map<string, DayGroup>, raw: unknown, place: string, request: LitellmRequest): void {
  const result = objectOf(raw, place, 'a result');
  const date = textOf(result, 'date', place);
  const ts = date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (date === null || Number.isNaN(ts)) throw shapeError(place, `date: expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (ts < request.from || ts >= request.to) {
    throw shapeError(place, `day ${date} is outside the asked window ${utcDay(request.from)} to ${utcDay(request.to - dayMs)}`);
  }
  const dayPlace = `${place} (${date})`;
  const day = groupIn(days, date, () => ({ tally: emptyTally, parts: new Map() }));
  day.tally = addTally(day.tally, tallyOf(result, dayPlace));
  const breakdown = fieldOf(result, 'breakdown');
  if (!isResponseObject(breakdown)) return;
  for (const [model, entry] of entriesOf(breakdown, 'models', `${dayPlace}, breakdown`)) {
    const modelPlace = `${dayPlace}, model "${model}"`;
    const modelGroup = groupIn(day.parts, model, () => ({ tally: emptyTally, parts: new Map() }));
    modelGroup.tally = addTally(modelGroup.tally, tallyOf(entry, modelPlace));
    for (const [apiKey, keyEntry] of entriesOf(entry, 'api_key_breakdown', modelPlace)) {
      const keyPlace = `${modelPlace}, key "${apiKey}"`;
      const keyGroup = groupIn(modelGroup.parts, apiKey, () => ({ tally: emptyTally, owner: ownerOf(keyEntry, keyPlace) }));
      keyGroup.tally = addTally(keyGroup.tally, tallyOf(keyEntry, keyPlace));
    }
  }
}

function addsUp(parent: Tally, parts: Iterable<{ tally: Tally }>): boolean {
  let sum = emptyTally, any = false;
  for (const part of parts) {
    sum = addTally(sum, part.tally);
    any = true;
  }
  return any && sameCounts(sum, parent);
}

function events(date: string, model: string | null, apiKey: string | null, owner: KeyOwner | null, tally: Tally): EventRecord[] {
  if (tally.requests === 0 && tally.prompt + tally.completion === 0 && !tally.spend) return [];
  const ts = Date.parse(`${date}T00:00:00Z`);
  const key = `litellm:${date}:${JSON.stringify([model, apiKey])}`;
  const place = `user/daily/activity ${date}${model === null ? '' : `, model "${model}"`}${apiKey === null ? '' : `, key "${apiKey}"`}`;
  const fields: Partial<EventRecord> = {
    model,
    userId: owner?.userId ?? null, userEmail: owner?.userEmail ?? null, orgId: owner?.teamId ?? null,
    agentId: apiKey === null ? null : `litellm-key:${apiKey}`, agentName: owner?.alias ?? null, agentType: apiKey === null ? null : 'api_key',
  };
  const usage: EventRecord = { ...blankEvent(0, key, ts), ...fields, ...figuresOf(tally, place), requests: tally.requests - tally.failed };
  if (tally.failed === 0) return [usage];
  return [usage, { ...blankEvent(0, `${key}:failed`, ts), ...fields, requests: tally.failed, status: 'error', errorType: 'failed_request' }];
}

/**
 * Provisioned-throughput cost: the proxy books it on a model's day through a row of no key, so it never
 * shows in the per-key split; it becomes an event of its own (request count and tokens empty) per model, or per day
 * when the day is not split by model.
 */
function flatCostEvent(date: string, model: string | null, amount: number): EventRecord[] {
  // float dust from summing pages is not a cost
  if (Math.abs(amount) < 1e-9) return [];
  const event = blankEvent(0, `litellm:${date}:${JSON.stringify([model, null])}:flat-cost`, Date.parse(`${date}T00:00:00Z`));
  return [{ ...event, model, requests: null, costReportedUsd: amount }];
}

function eventsOfDay(date: string, day: DayGroup): EventRecord[] {
  if (!addsUp(day.tally, day.parts.values())) return [...events(date, null, null, null, day.tally), ...flatCostEvent(date, null, day.tally.flatCost)];
  let modelsFlatCost = 0;
  const split = [...day.parts].flatMap(([model, group]) => {
    modelsFlatCost += group.tally.flatCost;
    const flat = flatCostEvent(date, model, group.tally.flatCost);
    if (!addsUp(group.tally, group.parts.values())) return [...events(date, model, null, null, group.tally), ...flat];
    return [...[...group.parts].flatMap(([apiKey, keyGroup]) => events(date, model, apiKey, keyGroup.owner, keyGroup.tally)), ...flat];
  });
  return [...split, ...flatCostEvent(date, null, day.tally.flatCost - modelsFlatCost)];
}

export async function fetchDailyActivity(get: JsonGetter, request: LitellmRequest): Promise<EventRecord[]> {
  const days = new Map<string, DayGroup>();
  await fetchAllPages(get, {
    path: '/user/daily/activity',
    // both dates inclusive
    params: [['start_date', utcDay(request.from)], ['end_date', utcDay(request.to - dayMs)]],
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    // the proxy's largest page
    pageSize: request.pageSize ?? 1000,
    readPage: (body, place) => {
      const page = objectOf(body, place, 'the response');
      arrayOf(fieldOf(page, 'results'), place, 'results').forEach((raw, index) => addDay(days, raw, `${place}, result ${index + 1}`, request));
      return { items: [], paging: objectOf(fieldOf(page, 'metadata'), place, 'metadata') };
    },
  }, request.signal);
  return [...days].sort(([a], [b]) => a.localeCompare(b)).flatMap(([date, day]) => eventsOfDay(date, day));
}
