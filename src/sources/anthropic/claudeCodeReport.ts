/**
 * Anthropic's Claude Code usage report → canonical events: one per day × actor × terminal × model of the
 * record's `model_breakdown`. The API answers one UTC day per request (`starting_at=YYYY-MM-DD`), paged.
 *
 * What the model can hold: the user (an email, or an API key's name marked as such), agent `claude-code`,
 * model, uncached input, cache reads, cache writes (no 5m/1h split is given), output, and the cost.
 * The cost is Anthropic's own estimate in cents; it goes to `costReportedUsd` because that column holds
 * what the *source* said (README "Tokens and money") while `cost_estimated_usd` is ours, computed from the
 * price table at import — putting Anthropic's figure there would be overwritten and mislabelled. It is
 * not a bill: the README says so. Sessions, lines, commits, pull requests and tool decisions have no
 * canonical column and are not kept. There is no request count: `requests` is null (unknown) as for the
 * other Anthropic usage report (tokens without runs), never an invented figure.
 */
import { blankEvent } from '../../core/ingest/blankEvent';
import type { EventRecord } from '../../core/ingest/normalise';
import { parseUsd } from '../../core/money';
import { parseCount, parseText, parseTimestamp, ValueError } from '../../core/values';
import { collectPages } from '../http/paginate';
import { FetchError, type JsonGetter } from '../http/types';
import { adminRequest, assertUniqueKeys, dailyWindows, dayMs, isObject, readEnvelope, type AnthropicAdminConfig, type FetchWindow } from './adminReport';

export const claudeCodePath = '/v1/organizations/usage_report/claude_code';
export const claudeCodeKeyPrefix = 'anthropic-claude-code';
/** the documented maximum of records per page */
const pageLimit = 1000;

/** A record's field through a strict parser; a bad value names the day, the record and the field. */
function fieldOf<T>(where: string, record: Record<string, unknown>, name: string, parse: (raw: unknown) => T): T {
  try {
    return parse(record[name]);
  } catch (error) {
    if (error instanceof ValueError) throw new FetchError(`${where}: ${name}: ${error.message}`, null);
    throw error;
  }
}

function objectOf(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) throw new ValueError('expected an object');
  return raw;
}

function requiredText(raw: unknown): string {
  const text = parseText(raw);
  if (text === null) throw new ValueError('required text is empty');
  return text;
}

interface Actor {
  /** stable part of the event key */
  key: string;
  userId: string;
  userEmail: string | null;
  userName: string | null;
}

function actorOf(raw: unknown): Actor {
  const actor = objectOf(raw);
  if (actor.type === 'user_actor') {
    const email = requiredText(actor.email_address);
    return { key: `user:${email.toLowerCase()}`, userId: email.toLowerCase(), userEmail: email, userName: null };
  }
  if (actor.type === 'api_actor') {
    const name = requiredText(actor.api_key_name);
    return { key: `api_key:${name}`, userId: `(API key) ${name}`, userEmail: null, userName: `${name} (API key)` };
  }
  throw new ValueError(`expected type user_actor or api_actor, got ${JSON.stringify(actor.type)}`);
}

function centsUsd(raw: unknown): number | null {
  if (raw === undefined || raw === null) return null;
  const cost = objectOf(raw);
  const currency = parseText(cost.currency);
  if (currency !== null && currency !== 'USD') throw new ValueError(`expected USD, got "${currency}"`);
  return parseUsd(cost.amount, { unit: 'cents' });
}

/** The events of one record: one per entry of its model breakdown. */
export function claudeCodeEvents(record: Record<string, unknown>, where: string): EventRecord[] {
  const date = fieldOf(where, record, 'date', (raw) => {
    const ts = parseTimestamp(raw);
    if (ts === null) throw new ValueError('required date is empty');
    return { ts, text: requiredText(raw).slice(0, 10) };
  });
  const actor = fieldOf(where, record, 'actor', actorOf);
  const terminal = fieldOf(where, record, 'terminal_type', parseText);
  const orgId = fieldOf(where, record, 'organization_id', parseText);
  const breakdown = fieldOf(where, record, 'model_breakdown', (raw) => {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new ValueError('expected a list');
    return raw.map(objectOf);
  });
  return breakdown.map((entry, index) => {
    const at = `${where}, model_breakdown ${index + 1}`;
    const model = fieldOf(at, entry, 'model', requiredText);
    const tokens = fieldOf(at, entry, 'tokens', (raw) => (raw === undefined || raw === null ? {} : objectOf(raw)));
    const count = (name: string) => fieldOf(`${at}, tokens`, tokens, name, parseCount);
    const key = [claudeCodeKeyPrefix, date.text, actor.key, terminal ?? '', model].join(':');
    return {
      ...blankEvent(0, key, date.ts),
      orgId,
      userId: actor.userId,
      userEmail: actor.userEmail,
      userName: actor.userName,
      agentId: 'claude-code',
      agentName: 'Claude Code',
      agentType: 'claude-code',
      model,
      provider: 'anthropic',
      requests: null,
      inputTokens: count('input'),
      outputTokens: count('output'),
      cacheReadTokens: count('cache_read'),
      cacheWriteTokens: count('cache_creation'),
      costReportedUsd: fieldOf(at, entry, 'estimated_cost', centsUsd),
    };
  });
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A key without access to the report (not an admin key, or an organisation without Claude Code analytics) gets a plain answer. */
function explainNoAccess(error: unknown): unknown {
  if (error instanceof FetchError && (error.status === 403 || error.status === 404)) {
    return new FetchError(
      `${error.message} — this key has no access to the Claude Code usage report (HTTP ${error.status}): it needs an organisation admin key (sk-ant-admin…) of an organisation that uses Claude Code with the API`,
      error.status,
    );
  }
  return error;
}

/** Every record of every UTC day of the window, each day followed through its pages. */
export async function fetchClaudeCodeReport(get: JsonGetter, config: AnthropicAdminConfig, window: FetchWindow, signal?: AbortSignal): Promise<EventRecord[]> {
  const events: EventRecord[] = [];
  for (const piece of dailyWindows(window)) {
    for (let day = piece.from; day < piece.to; day += dayMs) {
      const endpoint = `${claudeCodePath} ${isoDay(day)}`;
      try {
        const pages = await collectPages(
          endpoint,
          async (cursor, index) => {
            const { url, headers } = adminRequest(config, claudeCodePath);
            url.searchParams.set('starting_at', isoDay(day));
            url.searchParams.set('limit', String(pageLimit));
            if (cursor !== null) url.searchParams.set('page', cursor);
            const where = `${endpoint} page ${index + 1}`;
            const { data, next } = readEnvelope(await get({ url, headers }, signal), where);
            const items = data.map((record, r) => {
              if (!isObject(record)) throw new FetchError(`${where}, record ${r + 1}: expected an object`, null);
              return claudeCodeEvents(record, `${where}, record ${r + 1}`);
            });
            return { items, next };
          },
          { signal },
        );
        events.push(...pages.flat());
      } catch (error) {
        throw explainNoAccess(error);
      }
    }
  }
  assertUniqueKeys(events.map((event) => event.eventKey), claudeCodePath);
  return events;
}
